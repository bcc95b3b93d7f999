//! The ECS / EKS container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
//! (against `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with an
//! optional `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read
//! on every load, as EKS rotates it) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use super::config::ProviderConfig;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use std::net::IpAddr;
use std::time::Duration;

const SOURCE: &str = "container";
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_ATTEMPTS: u32 = 3;
/// The ECS (IPv4) and EKS Pod Identity (IPv4, IPv6) link-local hosts allowed over plain HTTP.
const ALLOWED_LINK_LOCAL: [&str; 3] = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];

/// Credentials from the container credentials endpoint.
#[derive(Debug, Clone)]
pub struct ContainerCredentialsProvider {
    config: ProviderConfig,
}

impl ContainerCredentialsProvider {
    /// A provider reading the container variables through `config`.
    pub fn new(config: &ProviderConfig) -> Self {
        ContainerCredentialsProvider {
            config: config.clone(),
        }
    }

    async fn url(&self) -> Result<String, CredentialsError> {
        if let Some(relative) = self.config.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let relative = relative.trim();
            let sep = if relative.starts_with('/') { "" } else { "/" };
            let base = self.config.container_endpoint().trim_end_matches('/');
            return Ok(format!("{base}{sep}{relative}"));
        }
        let Some(full) = self.config.env("AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            return Err(CredentialsError::not_loaded(
                SOURCE,
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
            ));
        };
        let full = full.trim().to_owned();
        check_full_uri(&full).await?;
        Ok(full)
    }

    async fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let token = if let Some(file) = self.config.env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            let path = self.config.expand_home(file.trim());
            let text = super::files::read_to_string(&path).await.map_err(|e| {
                CredentialsError::invalid_configuration(
                    SOURCE,
                    format!(
                        "could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}",
                        path.display()
                    ),
                )
                .with_cause(e)
            })?;
            Some((
                text.trim().to_owned(),
                format!("the token in {}", path.display()),
            ))
        } else {
            self.config
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(|t| {
                    (
                        t.trim().to_owned(),
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN".to_owned(),
                    )
                })
        };
        match token {
            Some((token, origin)) if token.contains(['\r', '\n']) || token.is_empty() => {
                Err(CredentialsError::invalid_configuration(
                    SOURCE,
                    format!("{origin} is empty or contains a line break"),
                ))
            }
            Some((token, _)) => Ok(Some(token)),
            None => Ok(None),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let url = self.url().await?;
        let auth = self.authorization().await?;
        tracing::debug!(source = SOURCE, url = %url, authorization = auth.is_some(), "loading container credentials");
        let headers: Vec<(&str, &str)> = match &auth {
            Some(token) => vec![("authorization", token.as_str())],
            None => Vec::new(),
        };
        let mut attempt = 1;
        let response = loop {
            let result = self
                .config
                .http
                .send(
                    http::Method::GET,
                    &url,
                    &headers,
                    Vec::new(),
                    ATTEMPT_TIMEOUT,
                )
                .await;
            let retry = match &result {
                Ok(r) => r.status >= 500,
                Err(e) if e.is_permanent() => false,
                Err(_) => true,
            };
            if !retry || attempt >= MAX_ATTEMPTS {
                break result;
            }
            tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
            attempt += 1;
        }
        .map_err(|e| {
            let err = format!("GET {url} failed");
            if e.is_timeout() {
                CredentialsError::timed_out(SOURCE, err).with_cause(e)
            } else {
                CredentialsError::provider_error(SOURCE, err).with_cause(e)
            }
        })?;
        if !response.is_success() {
            // The error document's code and message are the endpoint's words, not secrets.
            let detail = super::json::parse_object(&response.body)
                .ok()
                .map(|m| {
                    let s = |k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
                    format!(" {} {}", s("Code"), s("Message"))
                })
                .unwrap_or_default();
            return Err(CredentialsError::provider_error(
                SOURCE,
                format!(
                    "GET {url} returned HTTP {}{}",
                    response.status,
                    detail.trim_end()
                ),
            ));
        }
        super::json::metadata_credentials(&response.body, "EcsContainer")
            .map_err(|m| CredentialsError::provider_error(SOURCE, format!("{url}: {m}")))
    }
}

/// HTTPS anywhere; plain HTTP only to loopback or the ECS/EKS link-local hosts. A host name
/// over HTTP is resolved and every address must be loopback (aws-config's rule).
async fn check_full_uri(full: &str) -> Result<(), CredentialsError> {
    let invalid = |why: &str| {
        CredentialsError::invalid_configuration(
            SOURCE,
            format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {full:?} {why}"),
        )
    };
    let uri: http::Uri = full.parse().map_err(|_| invalid("is not a URL"))?;
    let host = uri.host().ok_or_else(|| invalid("has no host"))?;
    match uri.scheme_str() {
        Some("https") => return Ok(()),
        Some("http") => {}
        _ => return Err(invalid("must use http or https")),
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        let allowed = ip.is_loopback()
            || ALLOWED_LINK_LOCAL
                .iter()
                .any(|a| a.parse::<IpAddr>().ok() == Some(ip));
        return if allowed {
            Ok(())
        } else {
            Err(invalid(
                "uses plain HTTP to a host that is neither loopback nor 169.254.170.2, 169.254.170.23 or fd00:ec2::23",
            ))
        };
    }
    let port = uri.port_u16().unwrap_or(80);
    let addrs: Vec<_> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|_| invalid("names a host that does not resolve"))?
        .collect();
    if !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()) {
        Ok(())
    } else {
        Err(invalid(
            "uses plain HTTP to a host that does not resolve only to loopback addresses",
        ))
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
