//! The open findings: every input under `fuzz/findings/<target>/` must still fail its target
//! with the checks of open findings on. Ignored by default (they fail until fixed); run with
//! `cargo test -p fuzz-targets --test findings -- --ignored`. When one passes, its defect is
//! fixed: move the input to `fuzz/corpus/<target>/` (the replay) and drop its `strict()` guard.

use std::path::PathBuf;

#[test]
#[ignore = "open findings fail until their defects are fixed"]
fn open_findings_still_fail() {
    fuzz_targets::support::set_strict();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../findings");
    let Ok(targets) = std::fs::read_dir(&root) else {
        return;
    };
    let mut fixed = Vec::new();
    for dir in targets.flatten().filter(|d| d.path().is_dir()) {
        let name = dir.file_name().to_string_lossy().into_owned();
        let Some(target) = fuzz_targets::target(&name) else {
            panic!("findings for unknown target `{name}`");
        };
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(input) = std::fs::read(file.path()) else {
                continue;
            };
            if std::panic::catch_unwind(|| (target.run)(&input)).is_ok() {
                fixed.push(file.path().display().to_string());
            }
        }
    }
    assert!(
        fixed.is_empty(),
        "fixed (move them to the corpus): {fixed:?}"
    );
}
