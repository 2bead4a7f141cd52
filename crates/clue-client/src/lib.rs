//! Typed client for the 探马 Tanma SCRM clue (线索&待分配) API with signed requests.
pub mod models;
