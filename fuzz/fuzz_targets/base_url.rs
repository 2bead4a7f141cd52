#![no_main]
//! cargo-fuzz binary of the `base_url` target; the target and its invariants live in
//! `fuzz/targets/src/targets/base_url.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::base_url::run(data));
