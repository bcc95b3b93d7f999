//! The responses the XML decoders are measured and compared on.

/// An STS `AssumeRole` response (runtime/xml/tests/fixtures).
pub const STS_ASSUME_ROLE: &str =
    include_str!("../../../runtime/xml/tests/fixtures/sts-assume-role.xml");

/// An IAM `ListUsers` response with `users` users (six elements each, a few escaped
/// characters), pretty-printed as AWS sends it.
pub fn list_users(users: usize) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\n  \
         <ListUsersResult>\n    <IsTruncated>true</IsTruncated>\n    \
         <Marker>AAEAAQ&amp;page=2</Marker>\n    <Users>\n",
    );
    for i in 0..users {
        body.push_str(&format!(
            "      <member>\n        <Path>/team-{team}/</Path>\n        \
             <UserName>user-{i} &lt;ops&gt;</UserName>\n        \
             <UserId>AIDAEXAMPLE{i:09}</UserId>\n        \
             <Arn>arn:aws:iam::111122223333:user/team-{team}/user-{i}</Arn>\n        \
             <CreateDate>2026-01-{day:02}T10:11:12Z</CreateDate>\n      </member>\n",
            team = i % 7,
            day = i % 28 + 1,
        ));
    }
    body.push_str(
        "    </Users>\n  </ListUsersResult>\n  <ResponseMetadata>\n    \
         <RequestId>5b4a3c2d-7777-4888-9999-aaaabbbbcccc</RequestId>\n  \
         </ResponseMetadata>\n</ListUsersResponse>\n",
    );
    body
}
