//! [`FieldValue`]: a field value decoded by its type.

use std::fmt;

use chrono::NaiveDate;
use client_core::time::VendorTime;
use rust_decimal::Decimal;

use super::ItemId;

/// A field value decoded by its type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FieldValue {
    /// 1 单行文本 and 5 多行文本: the text as sent.
    Text(String),
    /// 2 单选: the chosen item's id (resolve its label with
    /// [`FieldCatalog`](super::FieldCatalog)).
    SingleSelect(ItemId),
    /// 6 多选: the chosen items' ids, in the order sent.
    MultiSelect(Vec<ItemId>),
    /// 3 日期: a calendar day in China (UTC+8).
    Date(NaiveDate),
    /// 7 日期时间: an instant in UTC+8.
    DateTime(VendorTime),
    /// 4 数字: an exact decimal.
    Number(Decimal),
    /// 8 电话: the phone numbers of the JSON array inside the string.
    Phone(Vec<String>),
    /// A type code this client does not know: the text as sent.
    Unknown(String),
    /// The text does not parse as its type: the text as sent, and why.
    Invalid {
        /// The text as sent.
        text: String,
        /// Why it did not parse.
        reason: String,
    },
}

impl FieldValue {
    /// Whether the text did not parse as its type.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid { .. })
    }

    /// The item ids of a select value (empty for other values).
    pub fn item_ids(&self) -> &[ItemId] {
        match self {
            Self::SingleSelect(id) => std::slice::from_ref(id),
            Self::MultiSelect(ids) => ids,
            _ => &[],
        }
    }
}

impl fmt::Display for FieldValue {
    /// A readable rendering (item ids for selects; use
    /// [`ResolvedField::display_value`](super::ResolvedField::display_value) for labels).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) | Self::Unknown(t) => f.write_str(t),
            Self::Invalid { text, .. } => f.write_str(text),
            Self::SingleSelect(id) => f.write_str(id.as_str()),
            Self::MultiSelect(ids) => {
                let ids: Vec<&str> = ids.iter().map(ItemId::as_str).collect();
                f.write_str(&ids.join(", "))
            }
            Self::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::DateTime(t) => write!(f, "{}", t.instant().format("%Y-%m-%d %H:%M:%S")),
            Self::Number(n) => write!(f, "{n}"),
            Self::Phone(p) => f.write_str(&p.join(", ")),
        }
    }
}
