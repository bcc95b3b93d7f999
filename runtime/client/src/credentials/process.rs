//! `credential_process`: runs the profile's command and reads its JSON
//! (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`?, `Expiration`?,
//! `AccountId`?). Only the program name appears in logs and errors: the arguments may
//! carry secrets (aws-config redacts them likewise).

use super::{Credentials, CredentialsError};

const SOURCE: &str = "credential_process";
/// How much of the command's stderr an error shows (stdout, which holds the secret, never).
const STDERR_EXCERPT: usize = 300;

/// Runs `command` through the shell and parses its output. `profile` describes the
/// profile for messages.
pub(crate) async fn run(command: &str, profile: &str) -> Result<Credentials, CredentialsError> {
    let program = command.split_whitespace().next().unwrap_or("").to_owned();
    tracing::debug!(source = SOURCE, program = %program, "running credential_process");
    #[cfg(windows)]
    let mut cmd = {
        let mut c = tokio::process::Command::new("cmd.exe");
        c.arg("/C").arg(command);
        c
    };
    #[cfg(not(windows))]
    let mut cmd = {
        let mut c = tokio::process::Command::new("sh");
        c.arg("-c").arg(command);
        c
    };
    cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
    let what = format!("credential_process `{program}` of {profile}");
    let output = cmd.output().await.map_err(|e| {
        CredentialsError::provider_error(SOURCE, format!("could not run {what}")).with_cause(e)
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr: String = stderr.trim().chars().take(STDERR_EXCERPT).collect();
        let status = match output.status.code() {
            Some(code) => format!("exit status {code}"),
            None => "a signal".to_owned(),
        };
        let detail = if stderr.is_empty() {
            String::new()
        } else {
            format!("; stderr: {stderr}")
        };
        return Err(CredentialsError::provider_error(
            SOURCE,
            format!("{what} failed with {status}{detail}"),
        ));
    }
    parse(&output.stdout).map_err(|m| {
        CredentialsError::provider_error(SOURCE, format!("{what} printed unusable output: {m}"))
    })
}

fn parse(stdout: &[u8]) -> Result<Credentials, String> {
    use super::json::{optional, optional_time, parse_object, required};
    let map = parse_object(stdout)?;
    match map.get("Version").and_then(serde_json::Value::as_i64) {
        Some(1) => {}
        Some(_) => return Err("unsupported `Version` (only 1 is known)".into()),
        None => return Err("missing numeric `Version` (expected 1)".into()),
    }
    let creds = Credentials::new(
        required(&map, "AccessKeyId")?,
        required(&map, "SecretAccessKey")?,
        optional(&map, "SessionToken")?.map(str::to_owned),
        optional_time(&map, "Expiration")?,
        "CredentialProcess",
    );
    Ok(match optional(&map, "AccountId")? {
        Some(a) => creds.with_account_id(a),
        None => creds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_version_one() {
        let c = parse(br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("A", Some("T")));
        assert!(c.expiry().is_some());
        assert!(parse(br#"{"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"}"#).is_err());
        assert!(parse(br#"{"AccessKeyId":"A","SecretAccessKey":"S"}"#).is_err());
        assert!(
            parse(br#"{"Version":1,"AccessKeyId":"A"}"#)
                .unwrap_err()
                .contains("SecretAccessKey")
        );
    }
}
