//! The STS AssumeRole and IAM ListUsers decoders over xmlparser's tokens: a state machine (a
//! stack of where each open element is), with the refusals of smithy-xml-runtime (no DOCTYPE,
//! only the predefined entities and character references, a depth limit) and the checks the
//! tokenizer leaves to its users (end tags match, references resolve).

use std::borrow::Cow;

use xmlparser::{ElementEnd, Token, Tokenizer};

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

/// Resolves the predefined entities and character references of `raw`.
fn unescape(raw: &str) -> Result<Cow<'_, str>, String> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').ok_or("`&` without `;`")?;
        let name = &after[..semi];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let number = name
                    .strip_prefix('#')
                    .ok_or_else(|| format!("unknown entity &{name};"))?;
                let value = match number.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => number.parse(),
                };
                value
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad reference &{name};"))?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn decode(body: &str) -> Result<Found, String> {
    let mut stack: Vec<(&str, At)> = Vec::new();
    let mut text = String::new();
    let mut found = Found::default();
    for token in Tokenizer::from(body) {
        match token.map_err(|e| e.to_string())? {
            Token::ElementStart { local, .. } => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("nested deeper than {MAX_DEPTH}"));
                }
                let at = child(stack.last().map(|(_, at)| *at), local.as_str().as_bytes());
                if at == At::Member {
                    found.list_users.users.push(User::default());
                }
                stack.push((local.as_str(), at));
                text.clear();
            }
            Token::Attribute { value, .. } => {
                unescape(value.as_str())?;
            }
            Token::Text { text: t } => {
                let t = unescape(t.as_str())?;
                if let Some((_, At::Field(_))) = stack.last() {
                    text.push_str(&t);
                }
            }
            Token::Cdata { text: t, .. } => {
                if let Some((_, At::Field(_))) = stack.last() {
                    text.push_str(t.as_str());
                }
            }
            Token::ElementEnd {
                end: ElementEnd::Open,
                ..
            } => {}
            Token::ElementEnd { end, .. } => {
                let (name, at) = stack.pop().ok_or("an end tag without a start")?;
                if let ElementEnd::Close(_, local) = end
                    && local.as_str() != name
                {
                    return Err(format!("</{}> does not close <{name}>", local.as_str()));
                }
                if let At::Field(field) = at {
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
            Token::DtdStart { .. }
            | Token::EmptyDtd { .. }
            | Token::EntityDeclaration { .. }
            | Token::DtdEnd { .. } => {
                return Err("a DOCTYPE is not allowed".to_owned());
            }
            Token::Declaration { .. }
            | Token::ProcessingInstruction { .. }
            | Token::Comment { .. } => {}
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
