//! Data types of the Tanma clue API.
//!
//! * [`generated`] is produced by `cargo xtask codegen` from `fixtures/clue/`: the clue
//!   ([`Clue`], [`ClueField`]), its pages ([`CluePage`]) and the follow-up records
//!   ([`FollowUp`], [`FollowUpPage`], [`Operator`]) are used as generated.
//! * The field definitions of `list-fields` ([`CustomerField`], [`FieldItem`],
//!   [`CustomerFieldList`]) are hand-written here: the vendor's public example sends their ids as
//!   numbers (`"id": 429`) while the generated ones expect strings, so these accept both.
//! * [`FieldType`], [`FieldValue`] and [`DecodedField`] turn a clue's `fields[]` entries
//!   (`type` + `valueAsText`) into typed values; [`FieldCatalog`] resolves field names and select
//!   item labels through `list-fields`.

mod fields;
pub mod generated;
mod values;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use fields::{
    CustomerField, CustomerFieldList, FieldCatalog, FieldId, FieldItem, JoinKey, ResolvedField,
};
pub use generated::{Clue, ClueField, CluePage, FollowUp, FollowUpPage, Operator};
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
