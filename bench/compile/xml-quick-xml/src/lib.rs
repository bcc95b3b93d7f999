//! The STS AssumeRole and IAM ListUsers decoders over quick-xml: a state machine over its
//! events (a stack of where each open element is), with the refusals of smithy-xml-runtime:
//! no DOCTYPE, only the predefined entities and character references, a depth limit.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

include!("../../xml-common/shapes.rs");

const MAX_DEPTH: usize = 128;

/// Where an open element is: a structure the decoder knows, a field it reads, or other.
#[derive(Debug, Clone, Copy, PartialEq)]
enum At {
    Root,
    Result,
    Credentials,
    AssumedRoleUser,
    Metadata,
    Users,
    Member,
    Field(Field),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    AccessKeyId,
    SecretAccessKey,
    SessionToken,
    Expiration,
    AssumedRoleArn,
    RequestId,
    IsTruncated,
    Marker,
    Path,
    UserName,
    UserId,
    Arn,
    CreateDate,
}

/// Where a child named `name` of an element at `parent` is.
fn child(parent: Option<At>, name: &[u8]) -> At {
    match (parent, name) {
        (None, _) => At::Root,
        (Some(At::Root), b"AssumeRoleResult" | b"ListUsersResult") => At::Result,
        (Some(At::Root), b"ResponseMetadata") => At::Metadata,
        (Some(At::Metadata), b"RequestId") => At::Field(Field::RequestId),
        (Some(At::Result), b"Credentials") => At::Credentials,
        (Some(At::Result), b"AssumedRoleUser") => At::AssumedRoleUser,
        (Some(At::Result), b"Users") => At::Users,
        (Some(At::Result), b"IsTruncated") => At::Field(Field::IsTruncated),
        (Some(At::Result), b"Marker") => At::Field(Field::Marker),
        (Some(At::Credentials), b"AccessKeyId") => At::Field(Field::AccessKeyId),
        (Some(At::Credentials), b"SecretAccessKey") => At::Field(Field::SecretAccessKey),
        (Some(At::Credentials), b"SessionToken") => At::Field(Field::SessionToken),
        (Some(At::Credentials), b"Expiration") => At::Field(Field::Expiration),
        (Some(At::AssumedRoleUser), b"Arn") => At::Field(Field::AssumedRoleArn),
        (Some(At::Users), b"member") => At::Member,
        (Some(At::Member), b"Path") => At::Field(Field::Path),
        (Some(At::Member), b"UserName") => At::Field(Field::UserName),
        (Some(At::Member), b"UserId") => At::Field(Field::UserId),
        (Some(At::Member), b"Arn") => At::Field(Field::Arn),
        (Some(At::Member), b"CreateDate") => At::Field(Field::CreateDate),
        _ => At::Other,
    }
}

/// Every field of both responses, filled by one pass over the events.
#[derive(Default)]
struct Found {
    assume_role: AssumeRole,
    list_users: ListUsers,
}

fn decode(body: &str) -> Result<Found, String> {
    let mut reader = Reader::from_str(body);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    let mut stack: Vec<At> = Vec::new();
    let mut text = String::new();
    let mut found = Found::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(el) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("nested deeper than {MAX_DEPTH}"));
                }
                let at = child(stack.last().copied(), el.local_name().as_ref().as_bytes());
                if at == At::Member {
                    found.list_users.users.push(User::default());
                }
                stack.push(at);
                text.clear();
            }
            Event::Text(t) => {
                if let Some(At::Field(_)) = stack.last() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(At::Field(_)) = stack.last() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(s) => s.to_owned(),
                        None => return Err(format!("unknown entity &{};", &*r)),
                    },
                    Err(e) => return Err(e.to_string()),
                };
                if let Some(At::Field(_)) = stack.last() {
                    text.push_str(&c);
                }
            }
            Event::End(_) => {
                if let Some(At::Field(field)) = stack.pop() {
                    let value = std::mem::take(&mut text);
                    let user = found.list_users.users.last_mut();
                    match (field, user) {
                        (Field::AccessKeyId, _) => found.assume_role.access_key_id = value,
                        (Field::SecretAccessKey, _) => found.assume_role.secret_access_key = value,
                        (Field::SessionToken, _) => found.assume_role.session_token = value,
                        (Field::Expiration, _) => found.assume_role.expiration = value,
                        (Field::AssumedRoleArn, _) => found.assume_role.assumed_role_arn = value,
                        (Field::RequestId, _) => {
                            found.assume_role.request_id = value.clone();
                            found.list_users.request_id = value;
                        }
                        (Field::IsTruncated, _) => found.list_users.is_truncated = value == "true",
                        (Field::Marker, _) => found.list_users.marker = Some(value),
                        (Field::Path, Some(u)) => u.path = value,
                        (Field::UserName, Some(u)) => u.user_name = value,
                        (Field::UserId, Some(u)) => u.user_id = value,
                        (Field::Arn, Some(u)) => u.arn = value,
                        (Field::CreateDate, Some(u)) => u.create_date = value,
                        (_, None) => {}
                    }
                }
            }
            Event::DocType(_) => return Err("a DOCTYPE is not allowed".to_owned()),
            Event::Eof => break,
            Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("the input ends inside an element".to_owned());
    }
    Ok(found)
}

/// Decodes an STS `AssumeRole` response.
pub fn decode_assume_role(body: &str) -> Result<AssumeRole, String> {
    decode(body).map(|found| found.assume_role)
}

/// Decodes an IAM `ListUsers` response.
pub fn decode_list_users(body: &str) -> Result<ListUsers, String> {
    decode(body).map(|found| found.list_users)
}
