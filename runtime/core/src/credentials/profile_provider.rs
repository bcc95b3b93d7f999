//! [`ProfileCredentialsProvider`]: resolves the selected profile into a base source plus a
//! chain of roles to assume (aws-config's algorithm), then runs it.

use super::config::ProviderConfig;
use super::profile::{Profile, ProfileSet};
use super::sso::SsoConfig;
use super::sts::RoleRequest;
use super::{
    ContainerCredentialsProvider, Credentials, CredentialsError, EnvironmentCredentialsProvider,
    ImdsCredentialsProvider, ProvideCredentials, ProvideCredentialsFuture,
    WebIdentityTokenCredentialsProvider,
};

const SOURCE: &str = "profile";

/// Credentials from the shared config and credentials files: static keys,
/// `credential_process`, SSO, web identity, and `role_arn` with `source_profile` or
/// `credential_source`.
#[derive(Debug, Clone)]
pub struct ProfileCredentialsProvider {
    config: ProviderConfig,
}

/// Where the first credentials of a profile chain come from.
#[derive(Debug)]
enum Base {
    Static(Credentials),
    NamedSource {
        source: String,
        profile: String,
    },
    WebIdentity {
        token_file: String,
        role: RoleRequest,
        profile: String,
    },
    Sso(SsoConfig),
    Process {
        command: String,
        profile: String,
    },
}

impl ProfileCredentialsProvider {
    /// A provider reading the profile files that `config` locates.
    pub fn new(config: &ProviderConfig) -> Self {
        ProfileCredentialsProvider {
            config: config.clone(),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let set = self.config.profiles().await.map_err(|e| e.to_detached())?;
        let (base, roles) = resolve(&set)?;
        tracing::debug!(
            source = SOURCE,
            profile = set.selected_name(),
            base = base.kind(),
            roles = roles.len(),
            "resolved the profile chain"
        );
        let mut creds = self.load_base(base).await?;
        for role in roles {
            tracing::debug!(source = SOURCE, role_arn = %role.role_arn, "assuming a role from the profile chain");
            creds = super::sts::assume_role(&self.config, &creds, &role)
                .await
                .map_err(|e| e.within(SOURCE, &format!("assuming {}", role.role_arn)))?;
        }
        Ok(creds)
    }

    async fn load_base(&self, base: Base) -> Result<Credentials, CredentialsError> {
        match base {
            Base::Static(creds) => Ok(creds),
            Base::Process { command, profile } => super::process::run(&command, &profile).await,
            Base::Sso(sso) => sso.load(&self.config).await,
            Base::WebIdentity {
                token_file,
                role,
                profile,
            } => {
                let file = self.config.expand_home(&token_file);
                WebIdentityTokenCredentialsProvider::fixed(&self.config, file, role)
                    .provide_credentials()
                    .await
                    .map_err(|e| e.within(SOURCE, &profile))
            }
            Base::NamedSource { source, profile } => {
                let result = match source.as_str() {
                    "Environment" => {
                        EnvironmentCredentialsProvider::new(&self.config)
                            .provide_credentials()
                            .await
                    }
                    "Ec2InstanceMetadata" => {
                        ImdsCredentialsProvider::new(&self.config)
                            .provide_credentials()
                            .await
                    }
                    "EcsContainer" => {
                        ContainerCredentialsProvider::new(&self.config)
                            .provide_credentials()
                            .await
                    }
                    other => {
                        return Err(CredentialsError::invalid_configuration(
                            SOURCE,
                            format!(
                                "{profile}: unknown credential_source `{other}` (expected Environment, Ec2InstanceMetadata or EcsContainer)"
                            ),
                        ));
                    }
                };
                result.map_err(|e| {
                    e.within(SOURCE, &format!("credential_source {source} of {profile}"))
                })
            }
        }
    }
}

impl ProvideCredentials for ProfileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

impl Base {
    fn kind(&self) -> &'static str {
        match self {
            Base::Static(_) => "static keys",
            Base::NamedSource { .. } => "credential_source",
            Base::WebIdentity { .. } => "web identity",
            Base::Sso(_) => "SSO",
            Base::Process { .. } => "credential_process",
        }
    }
}

/// The base source and the roles to assume from it, in order.
fn resolve(set: &ProfileSet) -> Result<(Base, Vec<RoleRequest>), CredentialsError> {
    let selected = set.selected_name();
    let Some(first) = set.selected() else {
        let m = format!("no profile `{selected}` in {}", set.describe_files());
        return Err(if set.is_explicit() {
            CredentialsError::invalid_configuration(SOURCE, m)
        } else {
            CredentialsError::not_loaded(SOURCE, m)
        });
    };
    let mut profile = first;
    let mut visited: Vec<&str> = Vec::new();
    let mut roles = Vec::new();
    let base = loop {
        let name = profile.name();
        if visited.contains(&name) {
            let mut path = visited.join(" -> ");
            path.push_str(" -> ");
            path.push_str(name);
            return Err(CredentialsError::invalid_configuration(
                SOURCE,
                format!("source_profile loop: {path}"),
            ));
        }
        visited.push(name);
        // After the first profile, static keys end the chain even if a role is also set.
        if visited.len() > 1
            && let Some(creds) = static_credentials(profile)?
        {
            break Base::Static(creds);
        }
        let has_role = profile.get("role_arn").is_some();
        if !has_role || profile.get("web_identity_token_file").is_some() {
            break base_source(set, profile, visited.len() == 1)?;
        }
        roles.push(role_request(profile)?);
        match (
            profile.get("source_profile"),
            profile.get("credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    profile,
                    "has both source_profile and credential_source; use one",
                ));
            }
            (None, None) => {
                return Err(invalid(
                    profile,
                    "has role_arn but neither source_profile nor credential_source",
                ));
            }
            (Some(source), None) if source == name => break base_source(set, profile, false)?,
            (Some(source), None) => {
                profile = set.get(source).ok_or_else(|| {
                    invalid(
                        profile,
                        &format!("names source_profile `{source}`, which does not exist"),
                    )
                })?;
            }
            (None, Some(source)) => {
                break Base::NamedSource {
                    source: source.to_owned(),
                    profile: profile.describe(),
                };
            }
        }
    };
    roles.reverse();
    Ok((base, roles))
}

fn invalid(profile: &Profile, what: &str) -> CredentialsError {
    CredentialsError::invalid_configuration(SOURCE, format!("{} {what}", profile.describe()))
}

/// A profile that is not a role link: web identity, SSO, process or static keys.
fn base_source(set: &ProfileSet, profile: &Profile, first: bool) -> Result<Base, CredentialsError> {
    if let Some(source) = profile.get("credential_source") {
        return Ok(Base::NamedSource {
            source: source.to_owned(),
            profile: profile.describe(),
        });
    }
    match (
        profile.get("web_identity_token_file"),
        profile.get("role_arn"),
    ) {
        (Some(file), Some(_)) => {
            return Ok(Base::WebIdentity {
                token_file: file.to_owned(),
                role: role_request(profile)?,
                profile: profile.describe(),
            });
        }
        (Some(_), None) => {
            return Err(invalid(
                profile,
                "has web_identity_token_file but no role_arn",
            ));
        }
        _ => {}
    }
    if let Some(sso) = super::sso::from_profile(set, profile) {
        return Ok(Base::Sso(sso?));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(Base::Process {
            command: command.to_owned(),
            profile: profile.describe(),
        });
    }
    match static_credentials(profile)? {
        Some(creds) => Ok(Base::Static(creds)),
        None if first => Err(CredentialsError::not_loaded(
            SOURCE,
            format!("{} has no credentials", profile.describe()),
        )),
        None => Err(invalid(
            profile,
            "is used as a source_profile but has no credentials",
        )),
    }
}

fn static_credentials(profile: &Profile) -> Result<Option<Credentials>, CredentialsError> {
    let akid = profile.get("aws_access_key_id");
    let secret = profile.get("aws_secret_access_key");
    match (akid, secret) {
        (None, None) => Ok(None),
        (Some(a), Some(s)) => {
            let creds = Credentials::new(
                a,
                s,
                profile.get("aws_session_token").map(str::to_owned),
                None,
                "ProfileFile",
            );
            Ok(Some(match profile.get("aws_account_id") {
                Some(id) => creds.with_account_id(id),
                None => creds,
            }))
        }
        (Some(_), None) => Err(invalid(
            profile,
            "has aws_access_key_id but no aws_secret_access_key",
        )),
        (None, Some(_)) => Err(invalid(
            profile,
            "has aws_secret_access_key but no aws_access_key_id",
        )),
    }
}

fn role_request(profile: &Profile) -> Result<RoleRequest, CredentialsError> {
    let duration_seconds = match profile.get("duration_seconds") {
        None => None,
        Some(v) => Some(v.parse::<u32>().map_err(|_| {
            invalid(
                profile,
                &format!("has duration_seconds {v:?}, which is not a number of seconds"),
            )
        })?),
    };
    Ok(RoleRequest {
        role_arn: profile.get("role_arn").unwrap_or_default().to_owned(),
        session_name: profile.get("role_session_name").map(str::to_owned),
        external_id: profile.get("external_id").map(str::to_owned),
        duration_seconds,
    })
}
