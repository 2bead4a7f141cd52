//! Helpers on the generated [`Clue`] and [`ClueField`]: the id, and the field values decoded.

use super::{Clue, ClueField, CustomerId, DecodedField};

impl Clue {
    /// The clue's id as a [`CustomerId`].
    pub fn id(&self) -> CustomerId {
        CustomerId(self.customer_id)
    }

    /// Every entry of `fields[]`, decoded by its `type` (see [`DecodedField`]). Never fails: a
    /// value that does not parse is kept as [`FieldValue::Invalid`](super::FieldValue::Invalid) with its raw text.
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
