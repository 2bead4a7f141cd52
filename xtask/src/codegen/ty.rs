//! The field types a model can have, and the small type language of the manifests.
//!
//! In a manifest, a type is one of `string`, `bool`, `i64`, `u64`, `f64`, `decimal` (money),
//! `time` (vendor timestamp text), `epoch_millis`, `number_or_string` (an id sent either way),
//! `map` (a free-form object), the name of a generated type (`Contact`) or of an `[external]`
//! hand-written type (`ContactId`), or an array of any of these (`[Contact]`, `[i64]`).

use std::fmt;

use anyhow::{Result, bail};

use super::json::Json;
use super::manifest::External;

/// The JSON kinds an external type may declare that it reads.
const JSON_KINDS: &[&str] = &["integer", "number", "string", "bool", "object", "array"];

/// A hand-written type named in the manifest's `[external]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalTy {
    /// The name the manifest uses.
    pub name: String,
    /// The Rust path (`crate::models::ContactId`).
    pub path: String,
    /// The JSON kinds it reads.
    pub json: Vec<String>,
    /// Whether it is `Copy`.
    pub copy: bool,
    /// Whether it implements `Default`.
    pub default: bool,
    /// Whether it implements `Eq` and `Hash`.
    pub eq_hash: bool,
}

impl ExternalTy {
    /// Checks a manifest declaration.
    pub fn new(name: &str, external: &External) -> Result<Self> {
        if external.json.is_empty() {
            bail!("[external.{name}]: `json` must list the JSON kinds it reads");
        }
        for kind in &external.json {
            if !JSON_KINDS.contains(&kind.as_str()) {
                bail!(
                    "[external.{name}]: unknown JSON kind `{kind}` (expected one of {JSON_KINDS:?})"
                );
            }
        }
        let path = external
            .path
            .clone()
            .unwrap_or_else(|| format!("crate::models::{name}"));
        Ok(Self {
            name: name.to_owned(),
            path,
            json: external.json.clone(),
            copy: external.copy,
            default: external.default,
            eq_hash: external.eq_hash,
        })
    }

    /// Whether a sample has one of the declared kinds.
    fn accepts(&self, value: &Json) -> bool {
        let kind = |k: &str| self.json.iter().any(|j| j == k);
        match value {
            Json::Int(_) | Json::BigInt(_) => kind("integer") || kind("number"),
            Json::Float(_) => kind("number"),
            Json::Str(_) => kind("string"),
            Json::Bool(_) => kind("bool"),
            Json::Object(_) => kind("object"),
            Json::Array(_) => kind("array"),
            Json::Null => false,
        }
    }
}

/// A field or root type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `String`.
    Str,
    /// `bool`.
    Bool,
    /// `i64`.
    I64,
    /// `u64`, for integers above `i64::MAX`.
    U64,
    /// `f64`, for numbers that are not money.
    F64,
    /// `rust_decimal::Decimal`, read from the exact number text.
    Decimal,
    /// `client_core::time::VendorTime`.
    Time,
    /// `chrono::DateTime<chrono::Utc>` from epoch milliseconds.
    EpochMillis,
    /// `client_core::number_or_string::NumberOrString`: an id sent as a number or a string.
    NumberOrString,
    /// A hand-written type from the manifest's `[external]` table.
    External(Box<ExternalTy>),
    /// A free-form object: `serde_json::Map<String, serde_json::Value>`.
    Map,
    /// A generated type.
    Named(String),
    /// An array.
    Vec(Box<Ty>),
    /// `serde_json::Value`: a fallback when nothing else could be inferred.
    Value,
}

impl Ty {
    /// Parses a manifest type expression.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return Ok(Ty::Vec(Box::new(Ty::parse(inner)?)));
        }
        Ok(match text {
            "string" => Ty::Str,
            "bool" => Ty::Bool,
            "i64" => Ty::I64,
            "u64" => Ty::U64,
            "f64" => Ty::F64,
            "decimal" => Ty::Decimal,
            "time" => Ty::Time,
            "epoch_millis" => Ty::EpochMillis,
            "number_or_string" => Ty::NumberOrString,
            "map" => Ty::Map,
            name if is_type_name(name) => Ty::Named(name.to_owned()),
            other => bail!(
                "`{other}` is not a type: use string, bool, i64, u64, f64, decimal, time, \
                 epoch_millis, number_or_string, map, a type name in UpperCamelCase, or [T]"
            ),
        })
    }

    /// The Rust spelling inside the generated module (which imports what it uses).
    pub fn rust(&self) -> String {
        match self {
            Ty::Str => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::I64 => "i64".into(),
            Ty::U64 => "u64".into(),
            Ty::F64 => "f64".into(),
            Ty::Decimal => "Decimal".into(),
            Ty::Time => "VendorTime".into(),
            Ty::EpochMillis => "DateTime<Utc>".into(),
            Ty::NumberOrString => "NumberOrString".into(),
            Ty::External(external) => external.path.clone(),
            Ty::Map => "Map<String, Value>".into(),
            Ty::Named(name) => name.clone(),
            Ty::Vec(inner) => format!("Vec<{}>", inner.rust()),
            Ty::Value => "Value".into(),
        }
    }

    /// The Rust spelling outside the generated module, with `module` as the path to it and
    /// `krate` as the crate's name (for `crate::` paths of external types).
    pub fn rust_qualified(&self, module: &str, krate: &str) -> String {
        match self {
            Ty::NumberOrString => "client_core::number_or_string::NumberOrString".into(),
            Ty::External(external) => match external.path.strip_prefix("crate::") {
                Some(rest) => format!("{krate}::{rest}"),
                None => external.path.clone(),
            },
            Ty::Decimal => "rust_decimal::Decimal".into(),
            Ty::Time => "client_core::time::VendorTime".into(),
            Ty::EpochMillis => "chrono::DateTime<chrono::Utc>".into(),
            Ty::Map => "serde_json::Map<String, serde_json::Value>".into(),
            Ty::Value => "serde_json::Value".into(),
            Ty::Named(name) => format!("{module}::{name}"),
            Ty::Vec(inner) => format!("Vec<{}>", inner.rust_qualified(module, krate)),
            other => other.rust(),
        }
    }

    /// The generated types this type refers to.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            Ty::Vec(inner) => inner.named(),
            _ => None,
        }
    }

    /// Whether the Rust type is `Copy`.
    pub fn is_copy(&self) -> bool {
        match self {
            Ty::External(external) => external.copy,
            other => matches!(
                other,
                Ty::Bool | Ty::I64 | Ty::U64 | Ty::F64 | Ty::Decimal | Ty::EpochMillis
            ),
        }
    }

    /// Whether the Rust type implements `Eq` and `Hash` (`None`: a generated type, which does
    /// when its manifest rule derives them).
    pub fn eq_hash(&self) -> Option<bool> {
        match self {
            Ty::Str
            | Ty::Bool
            | Ty::I64
            | Ty::U64
            | Ty::Decimal
            | Ty::Time
            | Ty::EpochMillis
            | Ty::NumberOrString => Some(true),
            Ty::F64 | Ty::Map | Ty::Value => Some(false),
            Ty::External(external) => Some(external.eq_hash),
            Ty::Vec(inner) => inner.eq_hash(),
            Ty::Named(_) => None,
        }
    }

    /// Whether the type is a collection that decodes as empty when absent (array or map).
    pub fn is_collection(&self) -> bool {
        matches!(self, Ty::Vec(_) | Ty::Map)
    }

    /// Whether a sample value fits this (non-generated) type. Generated types and arrays are
    /// checked by the walker, which descends into them.
    pub fn accepts_scalar(&self, value: &Json) -> bool {
        match (self, value) {
            (Ty::Str, Json::Str(_)) | (Ty::Bool, Json::Bool(_)) | (Ty::I64, Json::Int(_)) => true,
            (Ty::U64, Json::Int(v)) => *v >= 0,
            (Ty::U64, Json::BigInt(_)) => true,
            (Ty::F64, Json::Int(_) | Json::BigInt(_) | Json::Float(_)) => true,
            (Ty::Decimal, Json::Int(_) | Json::BigInt(_) | Json::Float(_)) => true,
            (Ty::Decimal, Json::Str(text)) => is_decimal_text(text),
            (Ty::Time, Json::Str(text)) => is_time_text(text),
            (Ty::EpochMillis, Json::Int(_)) => true,
            (Ty::NumberOrString, Json::Int(_) | Json::BigInt(_) | Json::Str(_)) => true,
            (Ty::External(external), value) => external.accepts(value),
            (Ty::Map, Json::Object(_)) => true,
            (Ty::Value, _) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Str => f.write_str("string"),
            Ty::Bool => f.write_str("bool"),
            Ty::I64 => f.write_str("i64"),
            Ty::U64 => f.write_str("u64"),
            Ty::F64 => f.write_str("f64"),
            Ty::Decimal => f.write_str("decimal"),
            Ty::Time => f.write_str("time"),
            Ty::EpochMillis => f.write_str("epoch_millis"),
            Ty::NumberOrString => f.write_str("number_or_string"),
            Ty::External(external) => f.write_str(&external.name),
            Ty::Map => f.write_str("map"),
            Ty::Named(name) => f.write_str(name),
            Ty::Vec(inner) => write!(f, "[{inner}]"),
            Ty::Value => f.write_str("any"),
        }
    }
}

fn is_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_decimal_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd`, or an RFC 3339 timestamp (checked by its layout).
fn is_time_text(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !date {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let time = b.len() >= 19
        && (b[10] == b' ' || b[10] == b'T')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    // The vendors' local layout ends at the seconds; RFC 3339 goes on with a fraction and offset.
    time && (b[10] == b'T' || b.len() == 19)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expressions() -> Result<()> {
        assert_eq!(
            Ty::parse("[Contact]")?,
            Ty::Vec(Box::new(Ty::Named("Contact".into())))
        );
        assert_eq!(Ty::parse("[[string]]")?.rust(), "Vec<Vec<String>>");
        assert_eq!(Ty::parse("map")?.rust(), "Map<String, Value>");
        assert!(Ty::parse("contact").is_err());
        assert!(Ty::parse("Vec<i64>").is_err());
        Ok(())
    }

    #[test]
    fn checks_scalar_samples() {
        assert!(Ty::Decimal.accepts_scalar(&Json::Float(100.24)));
        assert!(Ty::Decimal.accepts_scalar(&Json::Str("0.000".into())));
        assert!(!Ty::Decimal.accepts_scalar(&Json::Str("1e".into())));
        assert!(Ty::Time.accepts_scalar(&Json::Str("2022-10-28 10:33:45".into())));
        assert!(Ty::Time.accepts_scalar(&Json::Str("2024-05-20".into())));
        assert!(Ty::Time.accepts_scalar(&Json::Str("2022-09-15T03:20:13.000Z".into())));
        assert!(!Ty::Time.accepts_scalar(&Json::Str("2017-1-1".into())));
        assert!(!Ty::Time.accepts_scalar(&Json::Str("2022-10-28 10:33".into())));
        assert!(Ty::U64.accepts_scalar(&Json::BigInt(u64::MAX)));
        assert!(!Ty::I64.accepts_scalar(&Json::BigInt(u64::MAX)));
    }
}
