#![no_main]
//! cargo-fuzz binary of the `vendor_time` target; the target and its invariants live in
//! `fuzz/targets/src/targets/vendor_time.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::vendor_time::run(data));
