//! `cargo xtask bench-compile [--only NAME[,NAME...]] [--size-profile]`: builds the programs in
//! `bench/compile/` with `cargo build --release` from a fresh target directory each, and prints
//! wall time, CPU time (user + sys of cargo and everything it ran), crates compiled and binary
//! size, then the ratios against the targets:
//!
//! - `ours` (mgn-client), `aws-sdk` (aws-sdk-mgn + aws-config) and `floor` (the same HTTP/TLS
//!   stack and serde, SigV4 over ring, no project crate): one StartImport call each;
//!   ours/aws-sdk and ours/floor;
//! - `ours-native-tls`: `ours` with mgn-client's `native-tls` feature (system OpenSSL);
//! - `app`, `app-ours`, `app-aws-sdk`: a typical application (tokio with macros and the
//!   multi-threaded runtime, serde derive, serde_json, tracing) without an SDK and with each:
//!   what each SDK adds to a program that already has those.
//!
//! All use the `[profile.release]` of their manifests, which must be identical (today: cargo's
//! default); `--size-profile` overrides it for all, identically, with [`SIZE_PROFILE`] through
//! `cargo --config`.
//!
//! CPU time comes from GNU time (`/usr/bin/time -v`, Debian/Ubuntu package `time`); without it
//! the CPU column says so and everything else is still measured. Not run in CI.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::codegen_cmd::workspace_root;

/// The program directories under `bench/compile/`, all with the same release profile.
const PROGRAMS: &[&str] = &["ours", "aws-sdk", "floor", "app", "app-ours", "app-aws-sdk"];
const BASELINE: &str = "aws-sdk";
/// The executable every manifest names.
const BINARY: &str = "start-import";
/// Issue 3 item 9: ours at most this share of the aws-sdk program's wall time and binary size.
const TARGET: f64 = 0.20;

/// Where a program's `Cargo.lock` comes from before it is built.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lock {
    /// The workspace's, so the program builds with exactly the versions the client is tested
    /// with (cargo drops the rest).
    Workspace,
    /// The one checked in beside the manifest.
    CheckedIn,
    /// The one checked in for another program (the same SDK versions).
    Of(&'static str),
}

/// One build: a program directory, the features it is built with (non-empty: instead of the
/// default ones), its lock file.
#[derive(Debug)]
struct Build {
    name: &'static str,
    dir: &'static str,
    features: &'static [&'static str],
    lock: Lock,
}

/// Every build, in the order they run (`--only` picks some).
const BUILDS: &[Build] = &[
    Build {
        name: "ours",
        dir: "ours",
        features: &[],
        lock: Lock::Workspace,
    },
    Build {
        name: "floor",
        dir: "floor",
        features: &[],
        lock: Lock::Workspace,
    },
    Build {
        name: "aws-sdk",
        dir: "aws-sdk",
        features: &[],
        lock: Lock::CheckedIn,
    },
    Build {
        name: "ours-native-tls",
        dir: "ours",
        features: &["native-tls"],
        lock: Lock::Workspace,
    },
    Build {
        name: "app",
        dir: "app",
        features: &[],
        lock: Lock::Workspace,
    },
    Build {
        name: "app-ours",
        dir: "app-ours",
        features: &[],
        lock: Lock::Workspace,
    },
    Build {
        name: "app-aws-sdk",
        dir: "app-aws-sdk",
        features: &[],
        lock: Lock::Of("aws-sdk"),
    },
];

/// Issue 10 item 6: `(numerator, denominator, what, limit)`; a limit below 1 is a share, above
/// 1 a factor. `what` is `wall`, `cpu` or `binary`.
const TARGETS: &[(&str, &str, &str, f64)] = &[
    ("ours", "aws-sdk", "wall", 0.15),
    ("ours", "aws-sdk", "cpu", 0.15),
    ("ours", "aws-sdk", "binary", 0.20),
    ("ours", "floor", "wall", 1.15),
    ("ours", "floor", "cpu", 1.15),
    ("ours-native-tls", "aws-sdk", "wall", 0.10),
    ("ours-native-tls", "aws-sdk", "cpu", 0.10),
    ("ours-native-tls", "aws-sdk", "binary", 0.10),
];
const GNU_TIME: &str = "/usr/bin/time";
/// `--size-profile`: size-oriented release settings, passed to both builds alike.
const SIZE_PROFILE: &[&str] = &[
    "profile.release.opt-level=\"s\"",
    "profile.release.lto=true",
    "profile.release.codegen-units=1",
    "profile.release.panic=\"abort\"",
    "profile.release.strip=true",
];

/// What `bench-compile` was asked to do.
#[derive(Debug, Default, PartialEq)]
struct Options {
    only: Option<String>,
    size_profile: bool,
}

/// One program's numbers.
#[derive(Debug, Clone, PartialEq)]
struct Measurement {
    name: String,
    wall_s: f64,
    /// user + sys of the whole build, `None` without GNU time.
    cpu_s: Option<f64>,
    crates: usize,
    binary_bytes: u64,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse_args(args)?;
    let root = workspace_root();
    let builds: Vec<&Build> = match &options.only {
        Some(names) => names
            .split(',')
            .filter_map(|n| BUILDS.iter().find(|b| b.name == n))
            .collect(),
        None => BUILDS.iter().collect(),
    };

    let profile = common_release_profile(&root)?;
    let gnu_time = Path::new(GNU_TIME).is_file() && gnu_time_works();
    println!(
        "bench-compile: `cargo build --release` of bench/compile/<program> from an empty target dir"
    );
    println!(
        "builds: {}",
        builds.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
    );
    if options.size_profile {
        println!(
            "release profile: --size-profile, for all: {} (overriding the manifests': {profile})",
            SIZE_PROFILE.join(", ")
        );
    } else {
        println!("release profile (identical in every manifest): {profile}");
    }
    println!("machine: {} CPUs, {}", cpus(), rustc_version());
    if !gnu_time {
        println!(
            "note: {GNU_TIME} (GNU time) not found: CPU time is not measured \
             (Debian/Ubuntu: apt-get install -y time)"
        );
    }

    let mut results = Vec::new();
    for build in builds {
        results.push(measure(&root, build, gnu_time, options.size_profile)?);
    }

    println!();
    print!("{}", render_table(&results));
    if let (Some(ours), Some(base)) = (
        results.iter().find(|m| m.name == "ours"),
        results.iter().find(|m| m.name == BASELINE),
    ) {
        println!();
        print!("{}", render_ratios(ours, base));
    }
    let targets = render_targets(&results);
    if !targets.is_empty() {
        println!();
        print!("{targets}");
    }
    let increments = render_increments(&results);
    if !increments.is_empty() {
        println!();
        print!("{increments}");
    }
    Ok(())
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--size-profile" => {
                options.size_profile = true;
                continue;
            }
            "--only" => args
                .next()
                .cloned()
                .ok_or("`--only` needs a value: ours or aws-sdk (or another build)")?,
            a if a.starts_with("--only=") => a["--only=".len()..].to_owned(),
            other => return Err(format!("unknown argument `{other}` for bench-compile")),
        };
        if let Some(bad) = value
            .split(',')
            .find(|n| !BUILDS.iter().any(|b| b.name == *n))
        {
            let all: Vec<&str> = BUILDS.iter().map(|b| b.name).collect();
            return Err(format!(
                "`--only {value}`: `{bad}` is not a build; expected ours or aws-sdk, or any of {} \
                 (comma-separated)",
                all.join(", ")
            ));
        }
        options.only = Some(value);
    }
    Ok(options)
}

/// Fetches (so downloads are not timed), then builds from scratch and measures one program.
fn measure(
    root: &Path,
    build: &Build,
    gnu_time: bool,
    size_profile: bool,
) -> Result<Measurement, String> {
    let name = build.name;
    let dir = root.join("bench/compile").join(build.dir);
    let manifest = dir.join("Cargo.toml");
    let bench_dir = root.join("target/bench-compile");
    let target_dir = bench_dir.join(name);
    if target_dir.exists() {
        fs::remove_dir_all(&target_dir)
            .map_err(|e| format!("cannot remove {}: {e}", target_dir.display()))?;
    }
    fs::create_dir_all(&bench_dir)
        .map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;
    let seed = match build.lock {
        Lock::Workspace => Some(root.join("Cargo.lock")),
        Lock::CheckedIn => None,
        Lock::Of(other) => Some(root.join("bench/compile").join(other).join("Cargo.lock")),
    };
    if let Some(seed) = seed {
        fs::copy(&seed, dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot seed {}/Cargo.lock: {e}", dir.display()))?;
    }
    let features = build.features.join(",");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(&cargo)
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo fetch: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo fetch for {} failed ({status})",
            manifest.display()
        ));
    }

    let rusage_file = bench_dir.join(format!("{name}.time-v.txt"));
    let mut command = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-v").arg("-o").arg(&rusage_file).arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    command
        .args(["build", "--release", "--manifest-path"])
        .arg(&manifest);
    if !features.is_empty() {
        command.args(["--no-default-features", "--features", &features]);
    }
    if size_profile {
        for setting in SIZE_PROFILE {
            command.args(["--config", setting]);
        }
    }
    command
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());

    let with = if features.is_empty() {
        String::new()
    } else {
        format!(" --no-default-features --features {features}")
    };
    println!(
        "\n{name}: building bench/compile/{}{with} ({}) ...",
        build.dir,
        load_average()
    );
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut log = Vec::new();
    let mut crates = 0;
    for line in BufReader::new(stderr).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        if is_compiling_line(&line) {
            crates += 1;
        }
        log.push(line);
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo: {e}"))?;
    let wall_s = start.elapsed().as_secs_f64();
    if !status.success() {
        let tail = log[log.len().saturating_sub(40)..].join("\n");
        return Err(format!(
            "cargo build --release for {name} failed ({status}):\n{tail}"
        ));
    }

    let cpu_s = if gnu_time {
        let text = fs::read_to_string(&rusage_file)
            .map_err(|e| format!("cannot read {}: {e}", rusage_file.display()))?;
        Some(cpu_seconds(&text).ok_or_else(|| format!("no user/system time in {text:?}"))?)
    } else {
        None
    };
    let binary = target_dir.join("release").join(BINARY);
    let binary_bytes = fs::metadata(&binary)
        .map_err(|e| format!("cannot stat {}: {e}", binary.display()))?
        .len();
    let m = Measurement {
        name: name.to_owned(),
        wall_s,
        cpu_s,
        crates,
        binary_bytes,
    };
    println!(
        "{name}: done: {:.1} s wall, {} CPU, {crates} crates, {} ({})",
        m.wall_s,
        cpu_s.map_or("n/a".to_owned(), |c| format!("{c:.1} s")),
        megabytes(binary_bytes),
        load_average()
    );
    Ok(m)
}

/// `   Compiling serde v1.0.229`: one per package cargo compiles (build scripts included).
fn is_compiling_line(line: &str) -> bool {
    line.trim_start().starts_with("Compiling ")
}

/// user + sys from `time -v` output.
fn cpu_seconds(text: &str) -> Option<f64> {
    let field = |label: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    Some(field("User time (seconds):")? + field("System time (seconds):")?)
}

/// `-v` is GNU time's; BSD or busybox time would fail on it.
fn gnu_time_works() -> bool {
    Command::new(GNU_TIME)
        .args(["-v", "-o", "/dev/null", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The `[profile.release]` settings, which must be the same in both manifests.
fn common_release_profile(root: &Path) -> Result<String, String> {
    let mut profiles = Vec::new();
    for name in PROGRAMS {
        let path: PathBuf = root.join("bench/compile").join(name).join("Cargo.toml");
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        profiles.push(release_profile(&text));
    }
    if profiles.windows(2).any(|w| w[0] != w[1]) {
        return Err(format!(
            "the programs' [profile.release] differ, the comparison would not be fair: {profiles:?}"
        ));
    }
    let settings = &profiles[0];
    Ok(if settings.is_empty() {
        "cargo's default (opt-level 3, no LTO, 16 codegen units, unwind, debuginfo stripped)"
            .to_owned()
    } else {
        settings.join(", ")
    })
}

/// The non-comment lines of a manifest's `[profile.release]` table.
fn release_profile(manifest: &str) -> Vec<String> {
    let mut inside = false;
    let mut settings = Vec::new();
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            inside = line == "[profile.release]";
        } else if inside && !line.is_empty() {
            settings.push(line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    settings
}

fn render_table(results: &[Measurement]) -> String {
    let mut out = format!(
        "{:<15} {:>9} {:>16} {:>7} {:>10}\n",
        "program", "wall", "CPU (user+sys)", "crates", "binary"
    );
    for m in results {
        out += &format!(
            "{:<15} {:>9} {:>16} {:>7} {:>10}   ({} bytes)\n",
            m.name,
            format!("{:.1} s", m.wall_s),
            m.cpu_s.map_or("n/a".to_owned(), |c| format!("{c:.1} s")),
            m.crates,
            megabytes(m.binary_bytes),
            m.binary_bytes
        );
    }
    out
}

fn render_ratios(ours: &Measurement, base: &Measurement) -> String {
    let target = TARGET * 100.0;
    let line = |what: &str, ratio: Option<f64>, has_target: bool| {
        let Some(r) = ratio else {
            return format!("  {what:<12} n/a\n");
        };
        let verdict = match (has_target, r <= TARGET) {
            (true, true) => format!("within the {target:.0} % target"),
            (true, false) => format!("NOT within the {target:.0} % target"),
            (false, true) => format!("(no target; would be within {target:.0} %)"),
            (false, false) => format!("(no target; above {target:.0} %)"),
        };
        format!("  {what:<12} {:>6.1} %   {verdict}\n", r * 100.0)
    };
    let cpu = ours.cpu_s.zip(base.cpu_s).map(|(o, b)| o / b);
    let mut out = format!("ours / {BASELINE}:\n");
    out += &line("wall time", Some(ours.wall_s / base.wall_s), true);
    out += &line("CPU time", cpu, false);
    out += &line(
        "crates",
        Some(ours.crates as f64 / base.crates as f64),
        false,
    );
    out += &line(
        "binary size",
        Some(ours.binary_bytes as f64 / base.binary_bytes as f64),
        true,
    );
    out
}

/// One figure of a measurement: `wall`, `cpu` or `binary` (bytes).
fn figure(m: &Measurement, what: &str) -> Option<f64> {
    match what {
        "wall" => Some(m.wall_s),
        "cpu" => m.cpu_s,
        _ => Some(m.binary_bytes as f64),
    }
}

/// Issue 10's targets for the builds that were measured.
fn render_targets(results: &[Measurement]) -> String {
    let find = |name: &str| results.iter().find(|m| m.name == name);
    let mut out = String::new();
    for &(num, den, what, limit) in TARGETS {
        let (Some(n), Some(d)) = (find(num), find(den)) else {
            continue;
        };
        let label = format!(
            "{num} / {den}, {}",
            if what == "cpu" { "CPU" } else { what }
        );
        let Some((a, b)) = figure(n, what).zip(figure(d, what)) else {
            out += &format!("  {label:<34} n/a\n");
            continue;
        };
        let r = a / b;
        let met = if r <= limit { "met" } else { "MISSED" };
        out += &if limit < 1.0 {
            format!(
                "  {label:<34} {:>6.1} %   target <= {:.0} %: {met}\n",
                r * 100.0,
                limit * 100.0
            )
        } else {
            format!("  {label:<34} {r:>6.2}x    target <= {limit:.2}x: {met}\n")
        };
    }
    if out.is_empty() {
        out
    } else {
        format!("targets (issue 10):\n{out}")
    }
}

/// What each SDK adds to the typical application (`app`).
fn render_increments(results: &[Measurement]) -> String {
    let Some(app) = results.iter().find(|m| m.name == "app") else {
        return String::new();
    };
    let mut out = String::new();
    for (name, sdk) in [("app-ours", "ours"), ("app-aws-sdk", "aws-sdk")] {
        let Some(m) = results.iter().find(|m| m.name == name) else {
            continue;
        };
        out += &format!(
            "  + {sdk:<8} {:>+9} {:>16} {:>+7} {:>10}\n",
            format!("{:+.1} s", m.wall_s - app.wall_s),
            m.cpu_s
                .zip(app.cpu_s)
                .map_or("n/a".to_owned(), |(a, b)| format!("{:+.1} s", a - b)),
            m.crates as i64 - app.crates as i64,
            format!(
                "{:+.2} MB",
                (m.binary_bytes as f64 - app.binary_bytes as f64) / 1e6
            ),
        );
    }
    if out.is_empty() {
        return out;
    }
    format!(
        "increment over the typical application (app: tokio macros + multi-threaded runtime, \
         serde derive, serde_json, tracing; {:.1} s wall, {} CPU, {} crates, {}):\n{out}",
        app.wall_s,
        app.cpu_s.map_or("n/a".to_owned(), |c| format!("{c:.1} s")),
        app.crates,
        megabytes(app.binary_bytes)
    )
}

/// Decimal megabytes, as the numbers are written.
fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| {
            let parts: Vec<&str> = s.split_whitespace().take(3).collect();
            (parts.len() == 3).then(|| format!("load average {}", parts.join(" ")))
        })
        .unwrap_or_else(|| "load average unknown".to_owned())
}

fn rustc_version() -> String {
    Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc version unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let only = |name: &str| Options {
            only: Some(name.into()),
            size_profile: false,
        };
        assert_eq!(args(&[]), Ok(Options::default()));
        assert_eq!(args(&["--only", "ours"]), Ok(only("ours")));
        assert_eq!(args(&["--only=aws-sdk"]), Ok(only("aws-sdk")));
        let both = args(&["--size-profile", "--only", "ours"]).unwrap();
        assert!(both.size_profile && both.only.as_deref() == Some("ours"));
        assert!(args(&["--only"]).is_err());
        assert!(
            args(&["--only", "both"])
                .unwrap_err()
                .contains("ours or aws-sdk")
        );
        assert!(args(&["--fast"]).unwrap_err().contains("--fast"));
    }

    #[test]
    fn counts_compiling_lines_only() {
        let log = "    Updating crates.io index\n   Compiling libc v0.2.1\n   Compiling \
                   bench-compile-ours v0.0.0 (/x)\n    Finished `release` profile";
        assert_eq!(log.lines().filter(|l| is_compiling_line(l)).count(), 2);
    }

    #[test]
    fn reads_gnu_time_output() {
        let text = "\tCommand being timed: \"cargo build\"\n\tUser time (seconds): 300.25\n\t\
                    System time (seconds): 20.5\n\tPercent of CPU this job got: 160%\n";
        assert_eq!(cpu_seconds(text), Some(320.75));
        assert_eq!(cpu_seconds("Command exited with non-zero status 1"), None);
    }

    #[test]
    fn release_profile_table() {
        let manifest = "[package]\nname = \"x\"\n# c\n[profile.release]\n# only a comment\n\
                        lto =  true # fat\nstrip = true\n\n[workspace]\n";
        assert_eq!(release_profile(manifest), ["lto = true", "strip = true"]);
        assert!(release_profile("[package]\n[profile.release]\n[workspace]\n").is_empty());
    }

    /// The programs are outside the workspace and built with the same profile.
    #[test]
    fn programs_are_standalone_and_alike() {
        let root = workspace_root();
        common_release_profile(&root).unwrap();
        for name in PROGRAMS {
            let manifest =
                fs::read_to_string(root.join("bench/compile").join(name).join("Cargo.toml"));
            let manifest = manifest.unwrap();
            assert!(
                manifest.lines().any(|l| l.trim() == "[workspace]"),
                "{name}"
            );
            assert!(manifest.contains(&format!("name = \"{BINARY}\"")), "{name}");
        }
        let workspace = fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(!workspace.contains("bench/compile"));
    }

    #[test]
    fn ratios_and_verdicts() {
        let m = |name: &str, wall_s, cpu_s, crates, binary_bytes| Measurement {
            name: name.into(),
            wall_s,
            cpu_s,
            crates,
            binary_bytes,
        };
        let text = render_ratios(
            &m("ours", 40.0, Some(60.0), 100, 4_000_000),
            &m("aws-sdk", 200.0, Some(400.0), 170, 20_000_000),
        );
        assert!(
            text.contains("wall time      20.0 %   within the 20 % target"),
            "{text}"
        );
        assert!(
            text.contains("CPU time       15.0 %   (no target"),
            "{text}"
        );
        assert!(text.contains("binary size    20.0 %   within"), "{text}");
        let text = render_ratios(
            &m("ours", 50.0, None, 100, 5_000_000),
            &m("aws-sdk", 200.0, Some(400.0), 170, 20_000_000),
        );
        assert!(
            text.contains("wall time      25.0 %   NOT within"),
            "{text}"
        );
        assert!(text.contains("CPU time     n/a"), "{text}");
        assert!(render_table(&[m("ours", 1.0, None, 3, 1_500_000)]).contains("1.50 MB"));
    }

    #[test]
    fn every_build_has_a_program_and_only_picks_builds() {
        for build in BUILDS {
            assert!(PROGRAMS.contains(&build.dir), "{build:?}");
            if let Lock::Of(other) = build.lock {
                assert!(PROGRAMS.contains(&other), "{build:?}");
            }
        }
        for dir in PROGRAMS {
            assert!(BUILDS.iter().any(|b| b.name == *dir), "{dir}");
        }
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            args(&["--only", "ours,floor"]).unwrap().only.as_deref(),
            Some("ours,floor")
        );
        assert!(
            args(&["--only", "ours,nope"])
                .unwrap_err()
                .contains("`nope`")
        );
    }

    #[test]
    fn targets_and_increments() {
        let m = |name: &str, wall_s, cpu_s, crates, binary_bytes| Measurement {
            name: name.into(),
            wall_s,
            cpu_s,
            crates,
            binary_bytes,
        };
        let results = [
            m("ours", 60.0, Some(100.0), 60, 4_000_000),
            m("floor", 50.0, Some(90.0), 50, 3_500_000),
            m("aws-sdk", 400.0, Some(800.0), 170, 20_000_000),
            m("app", 30.0, Some(50.0), 40, 1_000_000),
            m("app-ours", 70.0, Some(130.0), 80, 4_500_000),
        ];
        let text = render_targets(&results);
        assert!(
            text.contains("ours / aws-sdk, wall") && text.contains("15.0 %   target <= 15 %: met"),
            "{text}"
        );
        assert!(text.contains("12.5 %   target <= 15 %: met"), "{text}");
        assert!(text.contains("1.20x    target <= 1.15x: MISSED"), "{text}");
        assert!(!text.contains("native-tls"), "{text}");
        let text = render_increments(&results);
        let line = text.lines().find(|l| l.contains("+ ours")).unwrap();
        assert_eq!(
            line.split_whitespace().collect::<Vec<_>>(),
            [
                "+", "ours", "+40.0", "s", "+80.0", "s", "+40", "+3.50", "MB"
            ],
            "{text}"
        );
        assert!(!text.contains("aws-sdk  "), "{text}");
        assert!(render_increments(&results[..3]).is_empty());
    }
}
