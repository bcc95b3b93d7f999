// The shapes the XML decoder programs (xml-ours, xml-quick-xml, xml-xmlparser) fill, and the
// response they decode in `main`: one file included by each, so all three do the same work.

/// What a client needs from an STS `AssumeRole` response.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct AssumeRole {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: String,
    pub assumed_role_arn: String,
    pub request_id: String,
}

/// One user of an IAM `ListUsers` response.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct User {
    pub path: String,
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub create_date: String,
}

/// An IAM `ListUsers` response.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ListUsers {
    pub users: Vec<User>,
    pub is_truncated: bool,
    pub marker: Option<String>,
    pub request_id: String,
}

/// The response `main` decodes.
pub const STS_ASSUME_ROLE: &str =
    include_str!("../../../runtime/xml/tests/fixtures/sts-assume-role.xml");
