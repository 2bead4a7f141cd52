//! Writes the seed inputs of every target (or the named ones) under a directory, one
//! sub-directory per target: `fuzz-seeds OUT_DIR [TARGET…]`. `cargo xtask fuzz` passes them to
//! libFuzzer next to the committed corpus.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fuzz-seeds OUT_DIR [TARGET…]");
        return ExitCode::from(2);
    };
    let names: Vec<String> = args.collect();
    for target in fuzz_targets::TARGETS {
        if !names.is_empty() && !names.iter().any(|n| n == target.name) {
            continue;
        }
        let dir = out.join(target.name);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        let seeds = (target.seeds)();
        for (i, seed) in seeds.iter().enumerate() {
            let path = dir.join(format!("seed-{i:05}"));
            if let Err(e) = std::fs::write(&path, seed) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        println!("{}: {} seeds", target.name, seeds.len());
    }
    ExitCode::SUCCESS
}
