//! Ids of the data APIs (数据API §2.1–2.3): [`WkUid`] and [`CompanyId`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient::TextOrNumber;

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                Self(value.to_string())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(TextOrNumber).map(Self)
            }
        }
    };
}

id_newtype!(
    /// A Wukong user id (`wk_uid`, 数据API §2.1–2.3): the Wukong user the data belongs to.
    /// Accepted from JSON as a string or a number.
    WkUid
);
id_newtype!(
    /// A bound Wukong company account (`company_id`, 数据API §2.1–2.3, the older parameter).
    /// Accepted from JSON as a string or a number.
    CompanyId
);
