//! The operations, one module per area of the Tanma document.
//!
//! * [`clues`] — 线索&待分配: `clue/get`, `clue/list-by-create-time-asc`, `clue/list-follow-up`.
//! * [`customer_fields`] — 客户设置: `customer/list-fields`.

pub mod clues;
pub mod customer_fields;
