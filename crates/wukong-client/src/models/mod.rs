//! Data types of the vendor API. [`generated`] is produced by `cargo xtask codegen` from `fixtures/wukong/`.
pub mod generated;
