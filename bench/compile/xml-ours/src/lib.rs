//! The STS AssumeRole and IAM ListUsers decoders over smithy-xml-runtime's helpers, written as
//! generated decoders will be: a loop over each element's children, matching local names,
//! unknown children skipped.

use smithy_xml_runtime::{StartEl, XmlError, XmlReader};

include!("../../xml-common/shapes.rs");

/// Decodes an STS `AssumeRole` response.
pub fn decode_assume_role(body: &str) -> Result<AssumeRole, XmlError> {
    let mut r = XmlReader::from_text(body);
    let root = r.root()?;
    let mut out = AssumeRole::default();
    while let Some(el) = r.next_child(&root)? {
        match el.local_name() {
            "AssumeRoleResult" => {
                while let Some(result) = r.next_child(&el)? {
                    match result.local_name() {
                        "Credentials" => {
                            while let Some(field) = r.next_child(&result)? {
                                let slot = match field.local_name() {
                                    "AccessKeyId" => &mut out.access_key_id,
                                    "SecretAccessKey" => &mut out.secret_access_key,
                                    "SessionToken" => &mut out.session_token,
                                    "Expiration" => &mut out.expiration,
                                    _ => continue,
                                };
                                *slot = r.read_text(&field)?.into_owned();
                            }
                        }
                        "AssumedRoleUser" => {
                            while let Some(field) = r.next_child(&result)? {
                                if field.local_name() == "Arn" {
                                    out.assumed_role_arn = r.read_text(&field)?.into_owned();
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "ResponseMetadata" => out.request_id = request_id(&mut r, &el)?,
            _ => {}
        }
    }
    r.finish()?;
    Ok(out)
}

fn request_id<'a>(r: &mut XmlReader<'a>, metadata: &StartEl<'a>) -> Result<String, XmlError> {
    let mut id = String::new();
    while let Some(field) = r.next_child(metadata)? {
        if field.local_name() == "RequestId" {
            id = r.read_text(&field)?.into_owned();
        }
    }
    Ok(id)
}

fn user<'a>(r: &mut XmlReader<'a>, member: &StartEl<'a>) -> Result<User, XmlError> {
    let mut user = User::default();
    while let Some(field) = r.next_child(member)? {
        let slot = match field.local_name() {
            "Path" => &mut user.path,
            "UserName" => &mut user.user_name,
            "UserId" => &mut user.user_id,
            "Arn" => &mut user.arn,
            "CreateDate" => &mut user.create_date,
            _ => continue,
        };
        *slot = r.read_text(&field)?.into_owned();
    }
    Ok(user)
}

/// Decodes an IAM `ListUsers` response.
pub fn decode_list_users(body: &str) -> Result<ListUsers, XmlError> {
    let mut r = XmlReader::from_text(body);
    let root = r.root()?;
    let mut out = ListUsers::default();
    while let Some(el) = r.next_child(&root)? {
        match el.local_name() {
            "ListUsersResult" => {
                while let Some(field) = r.next_child(&el)? {
                    match field.local_name() {
                        "Users" => {
                            while let Some(member) = r.next_child(&field)? {
                                if member.local_name() == "member" {
                                    out.users.push(user(&mut r, &member)?);
                                }
                            }
                        }
                        "IsTruncated" => out.is_truncated = r.read_text(&field)? == "true",
                        "Marker" => out.marker = Some(r.read_text(&field)?.into_owned()),
                        _ => {}
                    }
                }
            }
            "ResponseMetadata" => out.request_id = request_id(&mut r, &el)?,
            _ => {}
        }
    }
    r.finish()?;
    Ok(out)
}
