//! `cargo xtask bench-compile [--only ours|aws-sdk] [--size-profile]`: builds the two twin programs in
//! `bench/compile/` (one StartImport call, against mgn-client and against aws-sdk-mgn +
//! aws-config) with `cargo build --release` from a fresh target directory each, and prints wall
//! time, CPU time (user + sys of cargo and everything it ran), crates compiled and binary size,
//! then the ratios ours/aws-sdk against the 20 % target. Both use the `[profile.release]` of
//! their manifests, which must be identical (today: cargo's default); `--size-profile` overrides
//! it for both, identically, with [`SIZE_PROFILE`] through `cargo --config`.
//!
//! CPU time comes from GNU time (`/usr/bin/time -v`, Debian/Ubuntu package `time`); without it
//! the CPU column says so and everything else is still measured. Not run in CI.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::codegen_cmd::workspace_root;

/// The programs, in the order they are built, and the one they are compared against.
const PROGRAMS: &[&str] = &["ours", "aws-sdk"];
const BASELINE: &str = "aws-sdk";
/// The executable both manifests name.
const BINARY: &str = "start-import";
/// Issue 3 item 9: ours at most this share of the aws-sdk program's wall time and binary size.
const TARGET: f64 = 0.20;
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
    let programs: Vec<&str> = match &options.only {
        Some(name) => vec![name.as_str()],
        None => PROGRAMS.to_vec(),
    };

    let profile = common_release_profile(&root)?;
    let gnu_time = Path::new(GNU_TIME).is_file() && gnu_time_works();
    println!(
        "bench-compile: `cargo build --release` of bench/compile/<program> from an empty target dir"
    );
    if options.size_profile {
        println!(
            "release profile: --size-profile, for both: {} (overriding the manifests': {profile})",
            SIZE_PROFILE.join(", ")
        );
    } else {
        println!("release profile (identical in both manifests): {profile}");
    }
    println!("machine: {} CPUs, {}", cpus(), rustc_version());
    if !gnu_time {
        println!(
            "note: {GNU_TIME} (GNU time) not found: CPU time is not measured \
             (Debian/Ubuntu: apt-get install -y time)"
        );
    }

    let mut results = Vec::new();
    for name in programs {
        results.push(measure(&root, name, gnu_time, options.size_profile)?);
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
                .ok_or("`--only` needs a value: ours or aws-sdk")?,
            a if a.starts_with("--only=") => a["--only=".len()..].to_owned(),
            other => return Err(format!("unknown argument `{other}` for bench-compile")),
        };
        if !PROGRAMS.contains(&value.as_str()) {
            return Err(format!("`--only {value}`: expected ours or aws-sdk"));
        }
        options.only = Some(value);
    }
    Ok(options)
}

/// Fetches (so downloads are not timed), then builds from scratch and measures one program.
fn measure(
    root: &Path,
    name: &str,
    gnu_time: bool,
    size_profile: bool,
) -> Result<Measurement, String> {
    let dir = root.join("bench/compile").join(name);
    let manifest = dir.join("Cargo.toml");
    let bench_dir = root.join("target/bench-compile");
    let target_dir = bench_dir.join(name);
    if target_dir.exists() {
        fs::remove_dir_all(&target_dir)
            .map_err(|e| format!("cannot remove {}: {e}", target_dir.display()))?;
    }
    fs::create_dir_all(&bench_dir)
        .map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;
    if name == "ours" {
        // Our program builds with exactly the workspace's locked versions; cargo drops the rest.
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot seed {}/Cargo.lock: {e}", dir.display()))?;
    }

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

    println!("\n{name}: building ({}) ...", load_average());
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
        "{:<9} {:>9} {:>16} {:>7} {:>10}\n",
        "program", "wall", "CPU (user+sys)", "crates", "binary"
    );
    for m in results {
        out += &format!(
            "{:<9} {:>9} {:>16} {:>7} {:>10}   ({} bytes)\n",
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

    /// The two programs are outside the workspace and built with the same profile.
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
}
