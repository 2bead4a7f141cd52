#![no_main]
//! cargo-fuzz binary of the `decimal` target; the target and its invariants live in
//! `fuzz/targets/src/targets/decimal.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::decimal::run(data));
