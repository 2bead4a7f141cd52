//! [`ResolvedField`]: a clue's field entry with its definition.

use super::{CustomerField, DecodedField, FieldValue, ItemId};

/// A clue's field entry with its definition (when the catalog has one).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedField<'a> {
    /// The definition, when the catalog has one for this key.
    pub definition: Option<&'a CustomerField>,
    /// The decoded entry.
    pub decoded: DecodedField,
}

impl<'a> ResolvedField<'a> {
    /// The clue's field key (`field`).
    pub fn key(&self) -> &str {
        &self.decoded.field
    }

    /// The field's display name (字段名称), when known.
    pub fn name(&self) -> Option<&'a str> {
        self.definition.map(|d| d.name.as_str())
    }

    /// The display name, or the key when the catalog does not know the field.
    pub fn display_name(&self) -> &str {
        match self.definition {
            Some(d) => &d.name,
            None => &self.decoded.field,
        }
    }

    /// The typed value (`None` when absent).
    pub fn value(&self) -> Option<&FieldValue> {
        self.decoded.value.as_ref()
    }

    /// For a select value: each item id with its label (`None` when the definition lacks it).
    pub fn item_labels(&self) -> Vec<(&ItemId, Option<&'a str>)> {
        let Some(value) = &self.decoded.value else {
            return Vec::new();
        };
        value
            .item_ids()
            .iter()
            .map(|id| (id, self.definition.and_then(|d| d.item_label(id))))
            .collect()
    }

    /// A readable rendering of the value: select labels (or the id when no label is known),
    /// phones joined with `, `, dates as `yyyy-MM-dd`, the raw text of an invalid value.
    pub fn display_value(&self) -> Option<String> {
        let value = self.decoded.value.as_ref()?;
        if value.item_ids().is_empty() {
            return Some(value.to_string());
        }
        let labels: Vec<&str> = self
            .item_labels()
            .into_iter()
            .map(|(id, label)| label.unwrap_or(id.as_str()))
            .collect();
        Some(labels.join(", "))
    }
}
