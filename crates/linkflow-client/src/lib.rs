//! Typed client for the Linkflow CDP open API (contacts, events, groups, tags, orders, reports).
pub mod models;
