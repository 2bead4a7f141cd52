//! Loopback benchmark of the vendor clients against hand-written reqwest code.
//!
//! Run it with `cargo xtask bench` (which builds this package in release mode, measures the
//! footprint scenario, and passes its rows in with `--footprint`). One process starts the
//! loopback server on its own thread, runs the scenarios, prints one table with the target of
//! each figure, and writes the same as JSON and Markdown under `target/bench/`.
//!
//! ```text
//! bench [--quick] [--only 1,3,5] [--out DIR] [--footprint FILE] [--strict]
//! bench stream-child <base_url> <total>     (used by scenario 3; one streaming run)
//! bench redis-child <base_url> <redis_url|memory> <calls>   (used by scenario 7)
//! bench profile <side> <calls>              (sequential calls of one side, for callgrind)
//! ```
//!
//! See `docs/performance.md` for the scenarios, the targets and the latest figures.

mod raw;
mod report;
mod scenarios;
mod server;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use report::Report;

/// Errors of the harness (a failing scenario, a bad argument).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Command-line options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Fewer rounds and calls: a smoke run, not figures to publish.
    pub quick: bool,
    /// Scenarios to run (1–5, 7); empty means all.
    pub only: Vec<u32>,
    /// Where to write `results.json` and `results.md`.
    pub out: PathBuf,
    /// Rows of the footprint scenario (6), measured by `cargo xtask bench`.
    pub footprint: Option<PathBuf>,
    /// Exit with status 1 when a target is missed.
    pub strict: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, BoxError> {
        let mut options = Options {
            quick: false,
            only: Vec::new(),
            out: PathBuf::from("target/bench"),
            footprint: None,
            strict: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("`{name}` needs a value"))
            };
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--strict" => options.strict = true,
                "--only" => {
                    options.only = value("--only")?
                        .split(',')
                        .map(|s| s.trim().parse::<u32>())
                        .collect::<Result<_, _>>()
                        .map_err(|e| format!("`--only` takes numbers 1-5 and 7: {e}"))?;
                }
                "--out" => options.out = PathBuf::from(value("--out")?),
                "--footprint" => options.footprint = Some(PathBuf::from(value("--footprint")?)),
                "-h" | "--help" => {
                    print_usage();
                    std::process::exit(0);
                }
                other => return Err(format!("unknown argument `{other}`").into()),
            }
        }
        Ok(options)
    }

    /// Whether scenario `n` is to run.
    pub fn runs(&self, n: u32) -> bool {
        self.only.is_empty() || self.only.contains(&n)
    }
}

fn print_usage() {
    eprintln!("usage: bench [--quick] [--only 1,3,5] [--out DIR] [--footprint FILE] [--strict]");
    eprintln!("       bench stream-child <base_url> <total>");
    eprintln!(
        "       bench profile linkflow-raw|linkflow-client|okayapi-raw|okayapi-client <calls>"
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("stream-child") {
        return match scenarios::streaming::child(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("stream-child: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("redis-child") {
        return match scenarios::redis_store::child(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("redis-child: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("profile") {
        return match scenarios::overhead::profile(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("profile: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let options = match Options::parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            print_usage();
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(report) => {
            let missed = report.missed();
            if missed > 0 {
                eprintln!("{missed} target(s) missed");
                if options.strict {
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<Report, BoxError> {
    let started = Instant::now();
    let mut report = Report::new(stats::machine(), options.quick);
    let server = server::start()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    eprintln!(
        "bench: server at {}, {} client worker threads{}",
        server.base_url,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if options.quick { ", quick run" } else { "" }
    );
    if options.runs(1) {
        runtime.block_on(scenarios::overhead::run(&server, options, &mut report))?;
    }
    if options.runs(2) {
        runtime.block_on(scenarios::single_flight::run(&server, options, &mut report))?;
    }
    if options.runs(3) {
        scenarios::streaming::run(&server, options, &mut report)?;
    }
    if options.runs(4) {
        runtime.block_on(scenarios::bulk::run(&server, options, &mut report))?;
    }
    if options.runs(5) {
        scenarios::decoding::run(options, &mut report)?;
    }
    if options.runs(7) {
        scenarios::redis_store::run(&server, options, &mut report)?;
    }
    if let Some(path) = &options.footprint {
        report.append_file(path)?;
    }
    report.elapsed_secs = started.elapsed().as_secs_f64();
    let markdown = report.markdown();
    println!("{markdown}");
    std::fs::create_dir_all(&options.out)?;
    let json = options.out.join("results.json");
    std::fs::write(&json, serde_json::to_string_pretty(&report)?)?;
    std::fs::write(options.out.join("results.md"), &markdown)?;
    eprintln!(
        "bench: scenarios took {:.1} s; wrote {}",
        report.elapsed_secs,
        json.display()
    );
    Ok(report)
}
