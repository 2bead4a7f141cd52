#![no_main]
//! cargo-fuzz binary of the `linkflow_envelope` target; the target and its invariants live in
//! `fuzz/targets/src/targets/linkflow_envelope.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::linkflow_envelope::run(data));
