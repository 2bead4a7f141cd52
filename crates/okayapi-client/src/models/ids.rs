//! The ids of the process-data table: [`UserId`] (a user's rows) and [`VarDataId`] (one row).
//!
//! The document types each of them as an integer where it is sent (`user_id` of
//! AGetAndyVarDatas and `id` of ASaveAndyVardDtas: "整型") and as a string where it comes back
//! (`datas[].user_id`, the saved row's `data.id`: "字符串"), and ASaveAndyVardDtas' `user_id` as a
//! string too. Each is one type in every operation and model: a `u64`, sent as its decimal text,
//! read from a JSON number or a string holding one (`"10086"`), and written back to JSON in the
//! form it was read in, so decoding and encoding a payload never changes it. Two ids compare by
//! their number (`UserId::from(10086)` equals a `"10086"` read from a response).
//!
//! An integer literal is accepted wherever one is asked for: `VarDatasParams::new(10086)`,
//! `SaveVarDataParams::new().id(128)`; an id read from a response is passed on as it is
//! (`.id(saved.id)`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::num::ParseIntError;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::IntoParam;

/// Declares a `u64` id that remembers whether it was read from a JSON string.
macro_rules! id_newtype {
    ($(#[doc = $doc:literal])* $name:ident) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy)]
        pub struct $name {
            value: u64,
            /// Read from a JSON string (`"10086"`): written back as one.
            text: bool,
        }

        impl $name {
            /// The id `value`.
            pub const fn new(value: u64) -> Self {
                Self { value, text: false }
            }

            /// The number.
            pub const fn get(self) -> u64 {
                self.value
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                Self::new(value)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> u64 {
                id.value
            }
        }

        impl IntoParam<$name> for $name {
            fn into_param(self) -> $name {
                self
            }
        }

        /// An integer literal is a `u64` here, so `new(10086)` needs no suffix.
        impl IntoParam<$name> for u64 {
            fn into_param(self) -> $name {
                $name::new(self)
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl Eq for $name {}

        impl PartialEq<u64> for $name {
            fn eq(&self, other: &u64) -> bool {
                self.value == *other
            }
        }

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.value.hash(state);
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> Ordering {
                self.value.cmp(&other.value)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.value, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;

            /// The decimal text of the id (`"10086"`).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map(Self::new)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if self.text {
                    serializer.collect_str(&self.value)
                } else {
                    serializer.serialize_u64(self.value)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_any(IdVisitor(stringify!($name)))
                    .map(|(value, text)| Self { value, text })
            }
        }
    };
}

id_newtype!(
    /// A user of the process-data table (`user_id`, "用户id"): the rows AGetAndyVarDatas reads
    /// back, and the user an ASaveAndyVardDtas row belongs to.
    UserId
);

id_newtype!(
    /// A row of the process-data table (`id`, "主键Id"): what ASaveAndyVardDtas answers for a
    /// new row, and the row it updates with [`OperateType::Update`](super::OperateType::Update).
    VarDataId
);

/// Reads an id from a JSON number or a string holding one: `(value, read from a string)`.
struct IdVisitor(&'static str);

impl Visitor<'_> for IdVisitor {
    type Value = (u64, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a {} (a non-negative integer, or a string holding one)",
            self.0
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok((v, false))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .map(|v| (v, false))
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Digits only: `+1`, ` 1` or `1.0` would not be written back as read.
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(de::Unexpected::Str(v), &self));
        }
        v.parse()
            .map(|v| (v, true))
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_numbers_and_numeric_text_and_write_back_the_form_read() {
        let text: UserId = serde_json::from_str(r#""10086""#).unwrap();
        let number: UserId = serde_json::from_str("10086").unwrap();
        assert_eq!(text, number);
        assert_eq!(text, 10086);
        assert_eq!(text.get(), 10086);
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""10086""#);
        assert_eq!(serde_json::to_string(&number).unwrap(), "10086");
        assert_eq!(serde_json::to_string(&UserId::from(7)).unwrap(), "7");
        assert_eq!(format!("{text} {text:?}"), "10086 UserId(10086)");
        assert_eq!("128".parse::<VarDataId>().unwrap(), VarDataId::new(128));
        let max: VarDataId = serde_json::from_str(r#""18446744073709551615""#).unwrap();
        assert_eq!(max.get(), u64::MAX);
    }

    #[test]
    fn what_is_not_an_id_is_refused() {
        for bad in [
            r#""""#,
            r#""abc""#,
            r#"" 1""#,
            r#""+1""#,
            r#""-1""#,
            r#""1.0""#,
            r#""18446744073709551616""#,
            "-1",
            "1.5",
            "null",
            "true",
            "[1]",
        ] {
            assert!(serde_json::from_str::<UserId>(bad).is_err(), "{bad}");
        }
    }
}
