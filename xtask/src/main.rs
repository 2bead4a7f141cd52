//! Maintainers' tasks, run as `cargo xtask <command>`.
//!
//! - `codegen [--check]`: turn `fixtures/<vendor>/` into each crate's generated models
//!   (see `docs/codegen.md`).
//! - `bench`: the loopback benchmark (see `docs/performance.md`).
//! - `demo`: run every vendor's quickstart against its sandbox and print a report.
//! - `test [ARGS...]`: install what the tests need (`redis-server`), then run every test.
//! - `fuzz [TARGET...] [--time SECS]`: run the cargo-fuzz targets (see `docs/reliability.md`).

use std::process::ExitCode;

mod bench;
mod codegen;
mod demo;
mod footprint;
mod fuzz;
mod target_dir;
mod test;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "bench" => bench::run(rest),
        "codegen" => codegen::run(rest),
        "demo" => demo::run(rest),
        "test" => test::run(rest),
        "fuzz" => fuzz::run(rest),
        "help" | "--help" | "-h" => {
            print_usage();
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown command `{other}`");
            print_usage();
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_usage() {
    eprintln!("usage: cargo xtask <command>");
    eprintln!();
    eprintln!("commands:");
    eprintln!("  bench [--skip-build-times]     the loopback benchmark (target/bench/)");
    eprintln!("  codegen [--check] [VENDOR...]  generate models from fixtures/ (or check them)");
    eprintln!("  demo                           run each vendor's quickstart against its sandbox");
    eprintln!("  test [ARGS...]                 install redis-server if missing, then every test");
    eprintln!("  fuzz [TARGET...] [--time SECS] run the cargo-fuzz targets (nightly), then cmin");
}
