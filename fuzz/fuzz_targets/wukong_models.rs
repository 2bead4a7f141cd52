#![no_main]
//! cargo-fuzz binary of the `wukong_models` target; the target and its invariants live in
//! `fuzz/targets/src/targets/wukong_models.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::wukong_models::run(data));
