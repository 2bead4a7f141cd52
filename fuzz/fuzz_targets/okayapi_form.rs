#![no_main]
//! cargo-fuzz binary of the `okayapi_form` target; the target and its invariants live in
//! `fuzz/targets/src/targets/okayapi_form.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::okayapi_form::run(data));
