//! Loading the shared config and credentials files into a [`ProfileSet`]: file locations,
//! section naming (`[default]`, `[profile x]`, `[sso-session x]`), and the merge in which
//! credentials-file keys override config-file keys, as aws-config does.

use super::config::ProviderConfig;
use super::{CredentialsError, ini};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const SOURCE: &str = "profile";

/// One profile or `sso-session` section, merged across files.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    name: String,
    properties: HashMap<String, String>,
    files: Vec<PathBuf>,
}

impl Profile {
    /// A property; empty values count as unset.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
    /// "profile `dev` (/home/me/.aws/config)" for error messages.
    pub(crate) fn describe(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
        format!("profile `{}` ({})", self.name, files.join(", "))
    }

    fn merge(&mut self, properties: &[(String, String)], file: &Path) {
        for (k, v) in properties {
            self.properties.insert(k.clone(), v.clone());
        }
        if !self.files.iter().any(|f| f == file) {
            self.files.push(file.to_owned());
        }
    }
}

/// Every profile and SSO session from both files, and which profile is selected.
#[derive(Debug, Default)]
pub(crate) struct ProfileSet {
    profiles: HashMap<String, Profile>,
    sso_sessions: HashMap<String, Profile>,
    selected: String,
    explicit: bool,
    /// The files looked at, for "nothing found" messages.
    pub(crate) files: Vec<(PathBuf, bool)>,
}

enum FileKind {
    Config,
    Credentials,
}

impl ProfileSet {
    /// Reads and parses both files. A missing file is not an error; an unreadable or
    /// malformed one is, naming the file and line.
    pub(crate) async fn load(config: &ProviderConfig) -> Result<ProfileSet, CredentialsError> {
        let (selected, explicit) = config.selected_profile();
        let mut set = ProfileSet {
            selected,
            explicit,
            ..ProfileSet::default()
        };
        let home_file = |name: &str| config.home_dir().map(|h| h.join(".aws").join(name));
        let config_path = match config.env("AWS_CONFIG_FILE") {
            Some(p) => Some(config.expand_home(p.trim())),
            None => home_file("config"),
        };
        let credentials_path = match config.env("AWS_SHARED_CREDENTIALS_FILE") {
            Some(p) => Some(config.expand_home(p.trim())),
            None => home_file("credentials"),
        };
        for (path, kind) in [
            (config_path, FileKind::Config),
            (credentials_path, FileKind::Credentials),
        ] {
            let Some(path) = path else { continue };
            let text = match super::files::read_to_string(&path).await {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    tracing::debug!(file = %path.display(), "profile file not found");
                    set.files.push((path, false));
                    continue;
                }
                Err(e) => {
                    return Err(CredentialsError::invalid_configuration(
                        SOURCE,
                        format!("could not read {}", path.display()),
                    )
                    .with_cause(e));
                }
            };
            let sections = ini::parse(&text).map_err(|e| {
                CredentialsError::invalid_configuration(
                    SOURCE,
                    format!("{} line {}: {}", path.display(), e.line, e.message),
                )
            })?;
            set.add(&sections, &path, kind);
            set.files.push((path, true));
        }
        Ok(set)
    }

    fn add(&mut self, sections: &[ini::Section], path: &Path, kind: FileKind) {
        // `[profile default]` wins over `[default]` in the config file.
        let has_profile_default = matches!(kind, FileKind::Config)
            && sections
                .iter()
                .any(|s| split_prefix(&s.header, "profile") == Some("default"));
        for section in sections {
            let header = section.header.as_str();
            let target = match kind {
                FileKind::Credentials => Some((false, header)),
                FileKind::Config => {
                    if header == "default" {
                        (!has_profile_default).then_some((false, "default"))
                    } else if let Some(name) = split_prefix(header, "profile") {
                        Some((false, name))
                    } else {
                        split_prefix(header, "sso-session").map(|name| (true, name))
                    }
                }
            };
            let Some((is_session, name)) = target.filter(|(_, n)| valid_name(n)) else {
                tracing::debug!(
                    file = %path.display(),
                    line = section.line,
                    "ignoring a section that is not a profile or sso-session"
                );
                continue;
            };
            let map = if is_session {
                &mut self.sso_sessions
            } else {
                &mut self.profiles
            };
            map.entry(name.to_owned())
                .or_insert_with(|| Profile {
                    name: name.to_owned(),
                    ..Profile::default()
                })
                .merge(&section.properties, path);
        }
    }

    /// The selected profile's name.
    pub(crate) fn selected_name(&self) -> &str {
        &self.selected
    }
    /// Whether the profile was named by the user (`AWS_PROFILE` or an override).
    pub(crate) fn is_explicit(&self) -> bool {
        self.explicit
    }
    /// The selected profile, if present.
    pub(crate) fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }
    /// A profile by name.
    pub(crate) fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }
    /// An `[sso-session name]` section.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }
    /// "/home/me/.aws/config, /home/me/.aws/credentials (not found)" for messages.
    pub(crate) fn describe_files(&self) -> String {
        if self.files.is_empty() {
            return "no home directory and no AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE".into();
        }
        let parts: Vec<String> = self
            .files
            .iter()
            .map(|(p, found)| {
                if *found {
                    p.display().to_string()
                } else {
                    format!("{} (not found)", p.display())
                }
            })
            .collect();
        parts.join(", ")
    }
}

/// `profile  dev` -> `dev` (whitespace required after the prefix).
fn split_prefix<'a>(header: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = header.strip_prefix(prefix)?;
    rest.starts_with([' ', '\t']).then(|| rest.trim())
}

/// The characters the SDKs allow in profile names.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        let mut s = ProfileSet::default();
        s.add(
            &ini::parse(config).unwrap(),
            Path::new("config"),
            FileKind::Config,
        );
        s.add(
            &ini::parse(credentials).unwrap(),
            Path::new("credentials"),
            FileKind::Credentials,
        );
        s
    }

    #[test]
    fn naming_and_merge() {
        let s = set(
            "[default]\nregion=a\n[profile dev]\nregion=b\naws_access_key_id=CFG\n[dev2]\nx=1\n[sso-session s]\nsso_region=r\n[profile bad name]\n",
            "[dev]\naws_access_key_id=CRED\n[profile other]\nx=1\n",
        );
        assert_eq!(s.get("default").unwrap().get("region"), Some("a"));
        let dev = s.get("dev").unwrap();
        assert_eq!(dev.get("region"), Some("b"));
        assert_eq!(dev.get("aws_access_key_id"), Some("CRED"));
        assert_eq!(dev.describe(), "profile `dev` (config, credentials)");
        assert!(s.get("dev2").is_none());
        assert!(s.get("bad name").is_none() && s.get("profile other").is_none());
        assert_eq!(s.sso_session("s").unwrap().get("sso_region"), Some("r"));
    }

    #[test]
    fn profile_default_wins_over_bare_default() {
        let s = set(
            "[default]\nregion=a\nx=1\n[profile default]\nregion=b\n",
            "",
        );
        let d = s.get("default").unwrap();
        assert_eq!(d.get("region"), Some("b"));
        assert_eq!(d.get("x"), None);
    }
}
