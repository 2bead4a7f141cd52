#![no_main]
//! cargo-fuzz binary of the `tanma_push` target; the target and its invariants live in
//! `fuzz/targets/src/targets/tanma_push.rs`.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_targets::targets::tanma_push::run(data));
