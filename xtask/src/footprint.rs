//! The build-cost half of scenario 6 of `cargo xtask bench`: what a service pays to compile when
//! it adds one vendor crate, against the bare stack every HTTP client needs.
//!
//! For each subject — `baseline` (reqwest with the workspace's features and rustls/ring, tokio,
//! serde, serde_json) and each vendor crate with its default features — a two-line binary
//! project is written under `<target>/bench/footprint/<subject>/`, with the workspace's
//! `Cargo.lock` so every subject compiles the same versions. Each is built, one after the
//! other, into an empty target directory, in debug and in release, with `cargo build
//! --timings`. Measured per build:
//!
//! - CPU time: user + system time of cargo and every process it waited for (rustc, build
//!   scripts, the linker), read from `/proc/self/stat` (`cutime`, `cstime`) before and after.
//!   This is the figure compared: it is far less disturbed by a busy machine than wall time.
//! - wall time;
//! - the units compiled and the distinct packages among them;
//! - the ten slowest units, from the `UNIT_DATA` table of cargo's timing report.
//!
//! The ratio of each vendor's CPU time to the baseline's is checked against the targets
//! ([`DEBUG_TARGET`], [`RELEASE_TARGET`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};

/// Highest debug-build CPU ratio of a vendor crate to the baseline.
pub const DEBUG_TARGET: f64 = 1.15;
/// Highest release-build CPU ratio of a vendor crate to the baseline.
pub const RELEASE_TARGET: f64 = 1.20;

/// A build profile measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `cargo build`.
    Debug,
    /// `cargo build --release`.
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }

    fn target(self) -> f64 {
        match self {
            Profile::Debug => DEBUG_TARGET,
            Profile::Release => RELEASE_TARGET,
        }
    }
}

/// One clean build's figures.
#[derive(Debug, Clone)]
struct Build {
    subject: String,
    profile: Profile,
    cpu_secs: f64,
    wall_secs: f64,
    units: usize,
    packages: usize,
    slowest: Vec<(String, f64)>,
}

/// Which builds to run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The profiles, in order.
    pub profiles: Vec<Profile>,
    /// The vendor crates (the baseline is always built first).
    pub vendors: Vec<String>,
}

/// Runs the plan; returns the bench rows and writes `footprint.md` (the slowest units) to `out`.
pub fn measure(root: &Path, out: &Path, plan: &Plan) -> Result<Vec<Value>> {
    let projects = out.join("footprint");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut subjects = vec![("baseline".to_owned(), baseline_manifest())];
    for vendor in &plan.vendors {
        subjects.push((vendor.clone(), vendor_manifest(root, vendor)));
    }
    for (name, (manifest, main)) in &subjects {
        let dir = projects.join(name);
        std::fs::create_dir_all(dir.join("src"))
            .with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        std::fs::write(dir.join("src/main.rs"), main)?;
        std::fs::write(dir.join("Cargo.lock"), &lock)?;
    }

    let mut builds = Vec::new();
    for &profile in &plan.profiles {
        for (name, _) in &subjects {
            let build = clean_build(&projects.join(name), name, profile)?;
            eprintln!(
                "  {name} ({}): {:.1} CPU-s, {:.1} s wall, {} units, {} packages",
                profile.name(),
                build.cpu_secs,
                build.wall_secs,
                build.units,
                build.packages
            );
            builds.push(build);
        }
    }
    let report = slowest_units_markdown(&builds);
    std::fs::write(out.join("footprint.md"), &report)?;
    eprintln!("{report}");
    Ok(rows(&builds))
}

/// The bench rows: per build CPU, wall, packages; per vendor build the ratio to the baseline.
fn rows(builds: &[Build]) -> Vec<Value> {
    let mut rows = Vec::new();
    for build in builds {
        let label = format!("{} ({})", build.subject, build.profile.name());
        rows.push(row(
            &format!("{label}: clean build, CPU time (user + system, cargo and children)"),
            build.cpu_secs,
            "CPU-s",
            "",
            None,
        ));
        rows.push(row(
            &format!("{label}: clean build, wall time"),
            build.wall_secs,
            "s",
            "",
            None,
        ));
        rows.push(row(
            &format!("{label}: packages compiled ({} units)", build.units),
            build.packages as f64,
            "packages",
            "",
            None,
        ));
        if build.subject == "baseline" {
            continue;
        }
        let Some(base) = builds
            .iter()
            .find(|b| b.subject == "baseline" && b.profile == build.profile)
        else {
            continue;
        };
        if base.cpu_secs <= 0.0 {
            continue;
        }
        let ratio = build.cpu_secs / base.cpu_secs;
        let target = build.profile.target();
        rows.push(row(
            &format!("{label}: CPU time / baseline's"),
            ratio,
            "x",
            &format!("<= {target:.2}"),
            Some(ratio <= target),
        ));
    }
    rows
}

/// A row of the bench table (the bench binary's `report::Row`).
fn row(metric: &str, value: f64, unit: &str, target: &str, pass: Option<bool>) -> Value {
    json!({
        "scenario": "6 footprint",
        "metric": metric,
        "value": value,
        "unit": unit,
        "target": target,
        "pass": pass,
    })
}

fn slowest_units_markdown(builds: &[Build]) -> String {
    let mut text = String::from("## Footprint: the ten slowest units of each clean build\n");
    for build in builds {
        let _ = write!(
            text,
            "\n### {} ({}): {:.1} CPU-s, {:.1} s wall\n\n| unit | s |\n|---|---:|\n",
            build.subject,
            build.profile.name(),
            build.cpu_secs,
            build.wall_secs
        );
        for (unit, secs) in &build.slowest {
            let _ = writeln!(text, "| {unit} | {secs:.1} |");
        }
    }
    text
}

/// The dependencies every HTTP client of this kind needs, with the workspace's features.
const BARE_STACK: &str = r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "http2", "json", "form", "query", "multipart", "stream"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"] }
tokio = { version = "1", features = ["rt", "macros", "time", "sync"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

fn manifest(name: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"footprint-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n# Its own workspace: not a member of the project's.\n[workspace]\n\n\
         [dependencies]\n{dependencies}"
    )
}

fn baseline_manifest() -> (String, String) {
    let main = "#[derive(serde::Serialize)]\nstruct Ping { ok: bool }\n\n\
                fn main() {\n    let rt = tokio::runtime::Builder::new_current_thread().build();\n    \
                let _ = rustls::crypto::ring::default_provider().install_default();\n    \
                let body = serde_json::to_string(&Ping { ok: rt.is_ok() }).unwrap_or_default();\n    \
                let _ = reqwest::Client::builder().build().map(|c| c.post(\"http://127.0.0.1/\").body(body));\n}\n";
    (manifest("baseline", BARE_STACK), main.to_owned())
}

fn vendor_manifest(root: &Path, vendor: &str) -> (String, String) {
    let path = root.join("crates").join(vendor);
    let deps = format!("{vendor} = {{ path = {:?} }}\n", path.display().to_string());
    let ident = vendor.replace('-', "_");
    let main = format!("fn main() {{\n    let _ = {ident}::Client::builder();\n}}\n");
    (manifest(vendor, &deps), main)
}

/// Builds the project at `dir` into an empty target directory.
fn clean_build(dir: &Path, subject: &str, profile: Profile) -> Result<Build> {
    let target: PathBuf = dir.join("target");
    if target.exists() {
        std::fs::remove_dir_all(&target)
            .with_context(|| format!("removing {}", target.display()))?;
    }
    eprintln!("  building {subject} ({}) from scratch", profile.name());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .args(["build", "--quiet", "--timings"])
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::null());
    if profile == Profile::Release {
        command.arg("--release");
    }
    let cpu_before = children_cpu_secs();
    let started = Instant::now();
    let status = command.status().context("running cargo build")?;
    let wall_secs = started.elapsed().as_secs_f64();
    let cpu_after = children_cpu_secs();
    if !status.success() {
        bail!("the clean {} build of {subject} failed", profile.name());
    }
    let cpu_secs = match (cpu_before, cpu_after) {
        (Some(before), Some(after)) => after - before,
        _ => bail!("cannot read CPU time: /proc/self/stat is needed (Linux)"),
    };
    let timing = std::fs::read_to_string(target.join("cargo-timings/cargo-timing.html"))
        .context("reading cargo's timing report")?;
    let units = unit_data(&timing)?;
    let mut packages: Vec<String> = units
        .iter()
        .filter_map(|u| {
            Some(format!(
                "{} {}",
                u.get("name")?.as_str()?,
                u.get("version")?.as_str()?
            ))
        })
        .collect();
    packages.sort();
    packages.dedup();
    let mut slowest: Vec<(String, f64)> = units
        .iter()
        .filter_map(|u| {
            let name = u.get("name")?.as_str()?;
            let version = u.get("version")?.as_str()?;
            let target = u.get("target")?.as_str().unwrap_or("").trim();
            let secs = u.get("duration")?.as_f64()?;
            let unit = if target.is_empty() {
                format!("{name} v{version}")
            } else {
                format!("{name} v{version} ({target})")
            };
            Some((unit, secs))
        })
        .collect();
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(10);
    let _ = std::fs::remove_dir_all(&target);
    Ok(Build {
        subject: subject.to_owned(),
        profile,
        cpu_secs,
        wall_secs,
        units: units.len(),
        packages: packages.len(),
        slowest,
    })
}

/// The `UNIT_DATA` array of cargo's HTML timing report.
fn unit_data(html: &str) -> Result<Vec<Value>> {
    const MARK: &str = "const UNIT_DATA = ";
    let start = html
        .find(MARK)
        .context("cargo's timing report has no UNIT_DATA")?
        + MARK.len();
    let rest = html.get(start..).unwrap_or_default();
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Vec<Value>>();
    match stream.next() {
        Some(Ok(units)) => Ok(units),
        _ => bail!("cargo's timing report: UNIT_DATA is not a JSON array"),
    }
}

/// User + system CPU seconds of the children this process has waited for.
fn children_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last `)`.
    let after = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After `)`: state is field 3 of the full line; cutime is field 16, cstime 17.
    let cutime: f64 = fields.get(16 - 3)?.parse().ok()?;
    let cstime: f64 = fields.get(17 - 3)?.parse().ok()?;
    Some((cutime + cstime) / clock_ticks_per_second())
}

/// `sysconf(_SC_CLK_TCK)`: 100 on every Linux this runs on (`getconf CLK_TCK` confirms).
fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_data_is_read_from_the_timing_report() {
        let html = "<script>\nconst UNIT_DATA = [{\"i\":0,\"name\":\"syn\",\"version\":\"2.0.1\",\
                    \"mode\":\"todo\",\"target\":\"\",\"start\":0.1,\"duration\":3.5}];\n\
                    const CONCURRENCY_DATA = [];\n</script>";
        let units = unit_data(html).expect("units");
        assert_eq!(units.len(), 1);
        assert_eq!(units[0]["name"], "syn");
        assert!(unit_data("<html></html>").is_err());
    }

    #[test]
    fn children_cpu_time_is_readable_and_grows() {
        let before = children_cpu_secs().expect("/proc/self/stat");
        // A child that burns a little CPU.
        let _ = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
            .status();
        let after = children_cpu_secs().expect("/proc/self/stat");
        assert!(after > before, "{before} -> {after}");
    }
}
