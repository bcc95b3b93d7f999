//! `credential_process`: runs the profile's command and reads its JSON
//! (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`?, `Expiration`?,
//! `AccountId`?). Only the program name appears in logs and errors: the arguments may
//! carry secrets (aws-config redacts them likewise).

use super::{Credentials, CredentialsError};
use std::io::Read;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
        let mut c = std::process::Command::new("cmd.exe");
        c.arg("/C").arg(command);
        c
    };
    #[cfg(not(windows))]
    let mut cmd = {
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(command);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let what = format!("credential_process `{program}` of {profile}");
    let could_not_run = |e: std::io::Error| {
        CredentialsError::provider_error(SOURCE, format!("could not run {what}")).with_cause(e)
    };
    let child = Arc::new(Mutex::new(cmd.spawn().map_err(could_not_run)?));
    // A caller that gives up (the credentials cache's load timeout) kills the command.
    let _kill = KillOnDrop(child.clone());
    let output = tokio::task::spawn_blocking(move || wait_with_output(&child))
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
        .map_err(could_not_run)?;
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

/// What the command printed, and how it ended.
struct Output {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Reads both pipes to their end (stderr on a thread of its own, so that neither pipe can fill
/// up and stall the command), then reaps the command. Runs on the blocking pool: tokio's
/// `process` feature would do the same with more code compiled into every program. The lock
/// is held only for moments, so that [`KillOnDrop`] can always reach the child.
fn wait_with_output(child: &Mutex<Child>) -> std::io::Result<Output> {
    let lock = || {
        child
            .lock()
            .map_err(|_| std::io::Error::other("poisoned child lock"))
    };
    let (stdout, stderr) = {
        let mut child = lock()?;
        (child.stdout.take(), child.stderr.take())
    };
    let stderr_reader = std::thread::spawn(move || read_all(stderr));
    let stdout = read_all(stdout)?;
    let stderr = stderr_reader
        .join()
        .map_err(|_| std::io::Error::other("stderr reader failed"))??;
    // The pipes are closed: the command has exited, or soon will (or was killed).
    let status = loop {
        if let Some(status) = lock()?.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}

fn read_all(pipe: Option<impl Read>) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    if let Some(mut pipe) = pipe {
        pipe.read_to_end(&mut out)?;
    }
    Ok(out)
}

/// Kills the command when dropped (a no-op once it has been reaped), as tokio's
/// `kill_on_drop` did.
struct KillOnDrop(Arc<Mutex<Child>>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(mut child) = self.0.lock() {
            let _ = child.kill();
        }
    }
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

    /// Output larger than a pipe's buffer on both streams does not stall the command.
    #[cfg(unix)]
    #[tokio::test]
    async fn reads_large_output_on_both_pipes() {
        let command = r#"head -c 300000 /dev/zero | tr '\0' x >&2; printf '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S"}'; head -c 300000 /dev/zero | tr '\0' y"#;
        let err = run(command, "profile p").await.unwrap_err().to_string();
        // The trailing garbage makes the JSON unusable, which proves stdout was read whole.
        assert!(err.contains("unusable output"), "{err}");
    }

    /// A caller that gives up kills the command, as `kill_on_drop` did.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn dropping_the_call_kills_the_command() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let command = format!("echo $$ > {}; exec sleep 30", pid_file.display());
        let call = run(&command, "profile p");
        assert!(
            tokio::time::timeout(Duration::from_millis(500), call)
                .await
                .is_err()
        );
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let proc_dir = std::path::PathBuf::from(format!("/proc/{}", pid.trim()));
        for _ in 0..200 {
            if !proc_dir.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the command (pid {}) still runs", pid.trim());
    }
}
