//! The command line of the `start_import` example (also compiled into
//! `tests/start_import_cli_units.rs`).

use std::time::Duration;

pub const USAGE: &str = "usage: start_import --bucket B (--key K.csv | --file PATH [--key K.csv]) \
[--owner ACCOUNT] [--client-token T] [--tag KEY=VALUE]... [--wait [--max-wait 30m]] [--region R] \
[--endpoint-url URL]";

/// `--max-wait` when `--wait` is given without it.
pub const DEFAULT_MAX_WAIT: &str = "30m";

#[derive(Debug, Default)]
pub struct Args {
    pub bucket: Option<String>,
    pub key: Option<String>,
    /// `--file PATH`: upload this CSV to `--bucket` at `--key` (default: its file name) first.
    pub file: Option<String>,
    pub owner: Option<String>,
    pub client_token: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// `--tag KEY=VALUE`, repeatable, in the order given; empty when none was given (no
    /// `tags` member sent).
    pub tags: Vec<(String, String)>,
    /// `--wait`: follow the import to its end.
    pub wait: bool,
    /// `--max-wait`, as given and parsed.
    pub max_wait: Option<(String, Duration)>,
}

impl Args {
    /// `--max-wait`, or the default.
    pub fn max_wait(&self) -> (String, Duration) {
        self.max_wait.clone().unwrap_or_else(|| {
            let d = parse_duration(DEFAULT_MAX_WAIT).expect("the default parses");
            (DEFAULT_MAX_WAIT.to_owned(), d)
        })
    }
}

/// Parses `--name value` and `--name=value`; `Ok(None)` means `--help`.
pub fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args::default();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if name == "--wait" {
            if inline.is_some() {
                return Err("--wait takes no value".into());
            }
            parsed.wait = true;
            continue;
        }
        let mut value = || match inline.clone() {
            Some(v) => Ok(v),
            None => args.next().ok_or_else(|| format!("{name} needs a value")),
        };
        let slot = match name.as_str() {
            "--bucket" => &mut parsed.bucket,
            "--key" => &mut parsed.key,
            "--file" => &mut parsed.file,
            "--owner" => &mut parsed.owner,
            "--client-token" => &mut parsed.client_token,
            "--region" => &mut parsed.region,
            "--endpoint-url" => &mut parsed.endpoint_url,
            "--tag" => {
                let (key, tag_value) = parse_tag(&value()?)?;
                if parsed.tags.iter().any(|(k, _)| *k == key) {
                    return Err(format!("--tag {key}=... given twice"));
                }
                parsed.tags.push((key, tag_value));
                continue;
            }
            "--max-wait" => {
                let text = value()?;
                let duration = parse_duration(&text).map_err(|e| format!("--max-wait: {e}"))?;
                if parsed.max_wait.replace((text, duration)).is_some() {
                    return Err("--max-wait given twice".into());
                }
                continue;
            }
            _ => return Err(format!("unknown argument {arg:?}")),
        };
        if slot.replace(value()?).is_some() {
            return Err(format!("{name} given twice"));
        }
    }
    if parsed.bucket.is_none() {
        return Err("--bucket is required".into());
    }
    if parsed.key.is_none() {
        // The uploaded file's name is the key unless --key says otherwise.
        let file_name = parsed
            .file
            .as_deref()
            .map(std::path::Path::new)
            .and_then(|p| p.file_name());
        match file_name {
            Some(name) => parsed.key = Some(name.to_string_lossy().into_owned()),
            None if parsed.file.is_some() => {
                return Err("--file names no file: give --key".into());
            }
            None => return Err("--key is required (or --file)".into()),
        }
    }
    if parsed.max_wait.is_some() && !parsed.wait {
        return Err("--max-wait needs --wait".into());
    }
    Ok(Some(parsed))
}

/// `KEY=VALUE`, split at the first `=`; the key must not be empty, the value may be.
pub fn parse_tag(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("--tag wants KEY=VALUE, got {text:?}")),
    }
}

/// A positive duration written as numbers with units, e.g. `30m`, `90s`, `1h`, `1h30m`,
/// `500ms`. A bare number is refused: its unit would be a guess.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration such as 30m, 90s, 1h or 500ms");
    let mut total = Duration::ZERO;
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(|| {
            format!(
                "{text:?} needs a unit (ms, s, m or h), e.g. {}s",
                text.trim()
            )
        })?;
        if digits == 0 {
            return Err(bad());
        }
        let number: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let part = match &rest[..unit_len] {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number.checked_mul(60).ok_or_else(bad)?),
            "h" => Duration::from_secs(number.checked_mul(3600).ok_or_else(bad)?),
            _ => return Err(bad()),
        };
        total = total.checked_add(part).ok_or_else(bad)?;
        rest = &rest[unit_len..];
    }
    if total.is_zero() {
        return Err(format!("{text:?} is zero: nothing could be waited for"));
    }
    Ok(total)
}

/// The waiter's delays from the hidden `START_IMPORT_POLL_DELAYS=MIN,MAX` (e.g. `20ms,50ms`),
/// for tests that cannot wait the model's 5 s between polls; `None` when unset.
pub fn poll_delays(value: Option<String>) -> Result<Option<(Duration, Duration)>, String> {
    let Some(value) = value else {
        return Ok(None);
    };
    let (min, max) = value
        .split_once(',')
        .ok_or_else(|| format!("START_IMPORT_POLL_DELAYS wants MIN,MAX, got {value:?}"))?;
    let min = parse_duration(min).map_err(|e| format!("START_IMPORT_POLL_DELAYS: {e}"))?;
    let max = parse_duration(max).map_err(|e| format!("START_IMPORT_POLL_DELAYS: {e}"))?;
    Ok(Some((min, max)))
}
