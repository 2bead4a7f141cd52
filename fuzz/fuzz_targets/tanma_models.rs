#![no_main]
//! cargo-fuzz binary of the `tanma_models` target; the target and its invariants live in
//! `fuzz/targets/src/targets/tanma_models.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::tanma_models::run(data));
