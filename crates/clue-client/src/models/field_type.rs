//! [`FieldType`]: a field's type code (1 单行文本 … 8 电话), unknown codes kept.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field's type code (`fields[].type` in `clue/get`, `type` in `list-fields`): 1 单行文本,
/// 2 单选, 3 日期, 4 数字/数值, 5 多行文本, 6 多选, 7 日期时间, 8 电话. Unknown codes are kept as
/// [`FieldType::Other`], never rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// 1 单行文本: single-line text.
    SingleLineText,
    /// 2 单选: single select; the value is an item id.
    SingleSelect,
    /// 3 日期: a date.
    Date,
    /// 4 数字: a number.
    Number,
    /// 5 多行文本: multi-line text.
    MultiLineText,
    /// 6 多选: multi select; the value is a list of item ids.
    MultiSelect,
    /// 7 日期时间: a date and time (UTC+8).
    DateTime,
    /// 8 电话: phone numbers; the value is a JSON array inside the string.
    Phone,
    /// A code this client does not know.
    Other(i64),
}

impl FieldType {
    /// The type for a code.
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => Self::SingleLineText,
            2 => Self::SingleSelect,
            3 => Self::Date,
            4 => Self::Number,
            5 => Self::MultiLineText,
            6 => Self::MultiSelect,
            7 => Self::DateTime,
            8 => Self::Phone,
            other => Self::Other(other),
        }
    }

    /// The vendor's code.
    pub fn code(self) -> i64 {
        match self {
            Self::SingleLineText => 1,
            Self::SingleSelect => 2,
            Self::Date => 3,
            Self::Number => 4,
            Self::MultiLineText => 5,
            Self::MultiSelect => 6,
            Self::DateTime => 7,
            Self::Phone => 8,
            Self::Other(code) => code,
        }
    }

    /// Whether the value is an item id or ids (2, 6).
    pub fn is_select(self) -> bool {
        matches!(self, Self::SingleSelect | Self::MultiSelect)
    }
}

impl From<i64> for FieldType {
    fn from(value: i64) -> Self {
        Self::from_code(value)
    }
}

impl Serialize for FieldType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Self::from_code)
    }
}

impl FromStr for FieldType {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse::<i64>().map(Self::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_round_trip() {
        for code in 0..12 {
            assert_eq!(FieldType::from_code(code).code(), code);
        }
        assert_eq!(FieldType::from_code(42), FieldType::Other(42));
    }
}
