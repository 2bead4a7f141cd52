//! [`ItemId`]: the id of a select field's item, and the reader of ids sent as numbers or text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of a select field's item (`items[].id` in `list-fields`; the value of a select field
/// in a clue). Kept as text: the vendor sends it as a number in `list-fields` and as a string in
/// `valueAsText`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ItemId {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for ItemId {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<i64> for ItemId {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        id_text(deserializer).map(Self)
    }
}

/// Reads an id sent as a number or a string, as text.
pub(crate) fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Uint(u64),
        Text(String),
    }
    Ok(match Raw::deserialize(deserializer)? {
        Raw::Int(n) => n.to_string(),
        Raw::Uint(n) => n.to_string(),
        Raw::Text(t) => t,
    })
}
