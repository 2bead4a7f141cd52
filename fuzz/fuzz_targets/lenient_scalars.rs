#![no_main]
//! cargo-fuzz binary of the `lenient_scalars` target; the target and its invariants live in
//! `fuzz/targets/src/targets/lenient_scalars.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::lenient_scalars::run(data));
