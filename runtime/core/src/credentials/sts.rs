//! The two STS calls the chain needs, over the awsQuery protocol: `AssumeRole` (SigV4-signed
//! with the source credentials) and `AssumeRoleWithWebIdentity` (unsigned), with a tiny
//! extractor for the XML answer.

use super::config::{ProviderConfig, dns_suffix};
use super::http::encode;
use super::{Credentials, CredentialsError};
use bytes::Bytes;
use std::time::{Duration, SystemTime};

const SOURCE: &str = "STS";
const TIMEOUT: Duration = Duration::from_secs(10);
/// STS signs and answers in a region; the global default when none is configured.
const DEFAULT_REGION: &str = "us-east-1";

/// What to ask STS for.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleRequest {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

/// The STS region: the config's override, `AWS_REGION`/`AWS_DEFAULT_REGION`, the
/// profile's `region`, else `us-east-1`. (IMDS is not asked: loading credentials for a
/// profile should not wait on the metadata service.)
async fn region(config: &ProviderConfig) -> String {
    if let Some(r) = config.region_override() {
        return r.to_owned();
    }
    config
        .env_or_profile_region()
        .await
        .unwrap_or_else(|| DEFAULT_REGION.to_owned())
}

fn endpoint(config: &ProviderConfig, region: &str) -> String {
    config
        .endpoint_override("STS")
        .unwrap_or_else(|| format!("https://sts.{region}.{}", dns_suffix(region)))
}

/// A session name when the profile or environment gave none: like aws-config's
/// `aws-sdk-rust-<millis>`.
fn default_session_name(config: &ProviderConfig, prefix: &str) -> String {
    let millis = config
        .now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{prefix}-{millis}")
}

fn form(action: &str, role: &RoleRequest, session_name: &str) -> String {
    let mut body = format!(
        "Action={action}&Version=2011-06-15&RoleArn={}&RoleSessionName={}",
        encode(&role.role_arn),
        encode(session_name)
    );
    if let Some(id) = &role.external_id {
        body.push_str("&ExternalId=");
        body.push_str(&encode(id));
    }
    if let Some(d) = role.duration_seconds {
        body.push_str(&format!("&DurationSeconds={d}"));
    }
    body
}

/// `AssumeRole`, signed with `source`.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    source: &Credentials,
    role: &RoleRequest,
) -> Result<Credentials, CredentialsError> {
    let region = region(config).await;
    let url = format!("{}/", endpoint(config, &region));
    let session_name = role
        .session_name
        .clone()
        .unwrap_or_else(|| default_session_name(config, "aws-sdk-rust"));
    let body = form("AssumeRole", role, &session_name);
    tracing::debug!(source = SOURCE, url = %url, role_arn = %role.role_arn, "calling AssumeRole");
    let mut request = http::Request::builder()
        .method(http::Method::POST)
        .uri(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(body))
        .map_err(|e| {
            CredentialsError::invalid_configuration(SOURCE, format!("bad STS endpoint {url}"))
                .with_cause(e)
        })?;
    sign(&mut request, source, &region, config.now())?;
    let response = config
        .http
        .send_request(request.map(smithy_types_runtime::ByteStream::new), TIMEOUT)
        .await;
    answer("AssumeRole", &url, &role.role_arn, response)
}

/// `AssumeRoleWithWebIdentity` (unsigned: the token is the proof).
pub(crate) async fn assume_role_with_web_identity(
    config: &ProviderConfig,
    role: &RoleRequest,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let region = region(config).await;
    let url = format!("{}/", endpoint(config, &region));
    let session_name = role
        .session_name
        .clone()
        .unwrap_or_else(|| default_session_name(config, "web-identity-token"));
    let mut body = form("AssumeRoleWithWebIdentity", role, &session_name);
    body.push_str("&WebIdentityToken=");
    body.push_str(&encode(token));
    tracing::debug!(source = SOURCE, url = %url, role_arn = %role.role_arn, "calling AssumeRoleWithWebIdentity");
    let response = config
        .http
        .send(
            http::Method::POST,
            &url,
            &[("content-type", "application/x-www-form-urlencoded")],
            body.into_bytes(),
            TIMEOUT,
        )
        .await;
    answer("AssumeRoleWithWebIdentity", &url, &role.role_arn, response)
}

/// Signs the request with SigV4 for service `sts`, including the source session token.
fn sign(
    request: &mut http::Request<Bytes>,
    source: &Credentials,
    region: &str,
    time: SystemTime,
) -> Result<(), CredentialsError> {
    use crate::sigv4::{Payload, SigningKeyCache, SigningParams, SigningSettings, sign_request};
    let params = SigningParams {
        access_key_id: source.access_key_id(),
        secret_access_key: source.secret_access_key(),
        session_token: source.session_token(),
        region,
        service: "sts",
        time,
        settings: SigningSettings::default(),
    };
    let body = request.body().clone();
    // One AssumeRole per credentials lifetime: a key cache would never be hit.
    sign_request(
        request,
        Payload::Bytes(&body),
        &params,
        &SigningKeyCache::default(),
    )
    .map_err(|e| {
        CredentialsError::provider_error(SOURCE, "could not sign the AssumeRole request")
            .with_cause(e)
    })
}

fn answer(
    action: &str,
    url: &str,
    role_arn: &str,
    response: Result<super::http::Response, super::http::HttpError>,
) -> Result<Credentials, CredentialsError> {
    let response = response.map_err(|e| {
        let msg = format!("{action} for {role_arn} at {url} failed");
        if e.is_timeout() {
            CredentialsError::timed_out(SOURCE, msg).with_cause(e)
        } else {
            CredentialsError::provider_error(SOURCE, msg).with_cause(e)
        }
    })?;
    let text = String::from_utf8_lossy(&response.body);
    if !response.is_success() {
        let code = tag(&text, "Code").unwrap_or_default();
        let message = tag(&text, "Message").unwrap_or_default();
        return Err(CredentialsError::provider_error(
            SOURCE,
            format!(
                "{action} for {role_arn} at {url} returned HTTP {}: {code}: {message}",
                response.status
            ),
        ));
    }
    let creds = tag(&text, "Credentials").ok_or_else(|| {
        CredentialsError::provider_error(
            SOURCE,
            format!("{action} at {url}: the answer has no <Credentials> element"),
        )
    })?;
    let field = |name: &str| {
        tag(&creds, name).filter(|v| !v.is_empty()).ok_or_else(|| {
            CredentialsError::provider_error(
                SOURCE,
                format!("{action} at {url}: <Credentials> has no <{name}>"),
            )
        })
    };
    let expiration = field("Expiration")?;
    let expiry = super::time::parse_rfc3339(&expiration).ok_or_else(|| {
        CredentialsError::provider_error(
            SOURCE,
            format!("{action} at {url}: <Expiration> is not an RFC 3339 time: {expiration:?}"),
        )
    })?;
    let creds = Credentials::new(
        field("AccessKeyId")?,
        field("SecretAccessKey")?,
        Some(field("SessionToken")?),
        Some(expiry),
        "Sts",
    );
    // The account of the assumed role travels with the credentials, as in aws-config (the
    // `AWS::Auth::AccountId` endpoint built-in reads it).
    Ok(
        match tag(&text, "AssumedRoleUser")
            .and_then(|user| tag(&user, "Arn"))
            .as_deref()
            .and_then(arn_account)
        {
            Some(account) => creds.with_account_id(account),
            None => creds,
        },
    )
}

/// The account of an ARN (`arn:aws:sts::123456789012:assumed-role/R/s`), if it has one.
fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(_service), Some(_region), Some(account)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// The unescaped text of the first `<name>...</name>` element (attributes allowed).
/// Enough for STS's fixed, namespace-free answers; not a general XML parser.
pub(crate) fn tag(xml: &str, name: &str) -> Option<String> {
    let mut from = 0;
    let start = loop {
        let at = from + xml[from..].find('<')?;
        let rest = &xml[at + 1..];
        if let Some(after) = rest.strip_prefix(name)
            && after.starts_with(['>', ' ', '\t', '\r', '\n'])
        {
            let close = after.find('>')?;
            break at + 1 + name.len() + close + 1;
        }
        from = at + 1;
    };
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(unescape(xml[start..end].trim()))
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assumed_role_arn_names_the_account() {
        assert_eq!(
            arn_account("arn:aws:sts::123456789012:assumed-role/R/session"),
            Some("123456789012")
        );
        assert_eq!(
            arn_account("arn:aws-cn:sts::210987654321:assumed-role/R/s"),
            Some("210987654321")
        );
        for no_account in [
            "x",
            "arn:aws:s3:::bucket",
            "arn:aws:sts::12345:assumed-role/R",
            "",
        ] {
            assert_eq!(arn_account(no_account), None, "{no_account}");
        }
    }

    #[test]
    fn extracts_tags() {
        let xml = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult><Credentials>
    <AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s&amp;k&#x41;&#66;</SecretAccessKey>
  </Credentials><AssumedRoleUser><Arn>x</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>"#;
        let creds = tag(xml, "Credentials").unwrap();
        assert_eq!(tag(&creds, "AccessKeyId").as_deref(), Some("ASIA"));
        assert_eq!(tag(&creds, "SecretAccessKey").as_deref(), Some("s&kAB"));
        assert_eq!(tag(xml, "Missing"), None);
        assert_eq!(
            tag("<Codex>a</Codex><Code>b</Code>", "Code").as_deref(),
            Some("b")
        );
        assert_eq!(unescape("a &bogus; & b"), "a &bogus; & b");
    }

    #[test]
    fn form_encoding() {
        let role = RoleRequest {
            role_arn: "arn:aws:iam::123456789012:role/R".into(),
            external_id: Some("x y".into()),
            duration_seconds: Some(900),
            ..Default::default()
        };
        assert_eq!(
            form("AssumeRole", &role, "s"),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR&RoleSessionName=s&ExternalId=x%20y&DurationSeconds=900"
        );
    }
}
