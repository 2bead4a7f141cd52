//! Typed client for the 悟空数据 Wukong Data open API (OAuth code flow, lead lists and imports).
pub mod models;
