//! Data types of the Tanma clue API.
//!
//! * The wire shapes are produced by `cargo xtask codegen` from `fixtures/clue/` and re-exported
//!   here by name: the clue ([`Clue`], [`ClueField`]), its pages ([`CluePage`]), the follow-up
//!   records ([`FollowUp`], [`FollowUpPage`], [`Operator`]), the field definitions of
//!   `list-fields` ([`CustomerField`], [`FieldItem`], [`CustomerFieldList`]). Only the ids are
//!   required; a list the server leaves out (or sends as `null`) decodes as empty. The generated
//!   module itself is private, and the request bodies it also holds (`ClueGetRequest`,
//!   `CluePageRequest`, `FollowUpPageRequest`, `ListFieldsRequest`) are not part of the API: the
//!   operations' builders write them. Field and item ids are [`FieldId`] (a number or a string: the
//!   vendor's own example sends `"id": 429` and items `0`, `1`, `2`), and a definition's `type`
//!   is [`FieldType`].
//! * [`FieldType`], [`FieldValue`] and [`DecodedField`] turn a clue's `fields[]` entries
//!   (`type` + `valueAsText`) into typed values; [`FieldCatalog`] resolves field names and select
//!   item labels through `list-fields`.
//!
//! | file | types |
//! |---|---|
//! | `customer_id.rs` | [`CustomerId`] |
//! | `clue.rs` | helpers on [`Clue`] and [`ClueField`] |
//! | `field_type.rs`, `field_value.rs`, `item_id.rs` | [`FieldType`], [`FieldValue`], [`ItemId`] |
//! | `decoded_field.rs`, `value_text.rs` | [`DecodedField`] and the reading of `valueAsText` |
//! | `customer_field.rs` | [`FieldId`], helpers on [`CustomerField`] |
//! | `field_catalog.rs`, `resolved_field.rs` | [`FieldCatalog`], [`JoinKey`], [`ResolvedField`] |
//! | `generated.rs` (private) | the wire shapes of `fixtures/clue/`, re-exported here by name |
//!
//! Every model has one name: no generated type shares a name with a hand-written one, and the
//! generated module is not public, so a path such as `models::generated::Clue` does not exist:
//!
//! ```compile_fail,E0603
//! use clue_client::models::generated;
//! ```
//!
//! ```
//! // `Clue` is the generated wire model with the hand-written helpers of `clue.rs`.
//! use clue_client::models::{Clue, CustomerId};
//! let clue: Clue = serde_json::from_str(r#"{"customerId": 42, "fields": []}"#).unwrap();
//! assert_eq!(clue.id(), CustomerId(42));
//! ```

mod clue;
mod customer_field;
mod customer_id;
mod decoded_field;
mod field_catalog;
mod field_type;
mod field_value;
/// Serde models generated from the fixtures by `cargo xtask codegen` (do not edit).
mod generated;
mod item_id;
mod resolved_field;
mod value_text;

pub use customer_field::FieldId;
pub use customer_id::CustomerId;
pub use decoded_field::DecodedField;
pub use field_catalog::{FieldCatalog, JoinKey};
pub use field_type::FieldType;
pub use field_value::FieldValue;
/// The generated wire models that are part of the API, by name.
pub use generated::{
    Clue, ClueField, CluePage, CustomerField, CustomerFieldList, FieldItem, FollowUp, FollowUpPage,
    Operator,
};
/// The generated request bodies. Public only because the generated fixture tests
/// (`tests/it/models.rs`, an integration test) and the fuzz targets decode into them; not part of
/// the API (the operations' builders write the bodies).
#[doc(hidden)]
pub use generated::{ClueGetRequest, CluePageRequest, FollowUpPageRequest, ListFieldsRequest};
pub use item_id::ItemId;
pub use resolved_field::ResolvedField;
