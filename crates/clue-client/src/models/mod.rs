//! Data types of the Tanma clue API.
//!
//! * [`generated`] is produced by `cargo xtask codegen` from `fixtures/clue/`: the clue
//!   ([`Clue`], [`ClueField`]), its pages ([`CluePage`]), the follow-up records
//!   ([`FollowUp`], [`FollowUpPage`], [`Operator`]) and the field definitions of `list-fields`
//!   ([`CustomerField`], [`FieldItem`], [`CustomerFieldList`]) are used as generated. Only the
//!   ids are required; a list the server leaves out (or sends as `null`) decodes as empty. Field
//!   and item ids are [`FieldId`] (a number or a string: the vendor's own example sends
//!   `"id": 429` and items `0`, `1`, `2`), and a definition's `type` is [`FieldType`].
//! * [`FieldType`], [`FieldValue`] and [`DecodedField`] turn a clue's `fields[]` entries
//!   (`type` + `valueAsText`) into typed values; [`FieldCatalog`] resolves field names and select
//!   item labels through `list-fields`.

mod fields;
pub mod generated;
mod values;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use fields::{FieldCatalog, FieldId, JoinKey, ResolvedField};
pub use generated::{
    Clue, ClueField, CluePage, CustomerField, CustomerFieldList, FieldItem, FollowUp, FollowUpPage,
    Operator,
};
pub use values::{DecodedField, FieldType, FieldValue, ItemId};

/// The id of a clue / 待分配客户 (`customerId`, 线索&待分配客户id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerId(pub i64);

impl CustomerId {
    /// The numeric id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for CustomerId {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl From<&Clue> for CustomerId {
    fn from(value: &Clue) -> Self {
        Self(value.customer_id)
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Clue {
    /// The clue's id as a [`CustomerId`].
    pub fn id(&self) -> CustomerId {
        CustomerId(self.customer_id)
    }

    /// Every entry of `fields[]`, decoded by its `type` (see [`DecodedField`]). Never fails: a
    /// value that does not parse is kept as [`FieldValue::Invalid`] with its raw text.
    pub fn decoded_fields(&self) -> Vec<DecodedField> {
        self.fields.iter().map(ClueField::decode).collect()
    }

    /// The entry of `fields[]` whose `field` is `key` (e.g. `"mobile"`), decoded.
    pub fn field(&self, key: &str) -> Option<DecodedField> {
        self.fields
            .iter()
            .find(|f| f.field == key)
            .map(ClueField::decode)
    }
}

impl ClueField {
    /// This entry decoded by its `type` (see [`DecodedField`]).
    pub fn decode(&self) -> DecodedField {
        DecodedField::decode(&self.field, self.kind, self.value_as_text.as_deref())
    }
}
