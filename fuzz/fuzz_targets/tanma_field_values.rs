#![no_main]
//! cargo-fuzz binary of the `tanma_field_values` target; the target and its invariants live in
//! `fuzz/targets/src/targets/tanma_field_values.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::tanma_field_values::run(data));
