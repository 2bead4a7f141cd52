#![no_main]
//! cargo-fuzz binary of the `number_or_string` target; the target and its invariants live in
//! `fuzz/targets/src/targets/number_or_string.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::number_or_string::run(data));
