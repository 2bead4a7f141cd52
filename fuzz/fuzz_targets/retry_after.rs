#![no_main]
//! cargo-fuzz binary of the `retry_after` target; the target and its invariants live in
//! `fuzz/targets/src/targets/retry_after.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::retry_after::run(data));
