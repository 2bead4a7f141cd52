//! Vendor error codes: parsing and normalising the codes vendors put in error bodies.

use std::fmt;

use crate::catalogue::Catalogue;

/// A vendor's error code, normalised: trimmed, upper-cased, and with a `_` between a letter
/// prefix and the digits removed (the Linkflow document writes `B_01162` once for `B01162`).
///
/// Unknown codes are kept as they are; nothing is rejected.
///
/// ```
/// use client_core::code::VendorCode;
/// assert_eq!(VendorCode::new("B_01162").as_str(), "B01162");
/// assert_eq!(VendorCode::new(" b00008 ").as_str(), "B00008");
/// assert_eq!(VendorCode::new("406").as_str(), "406");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VendorCode(Box<str>);

impl VendorCode {
    /// Parses and normalises a code.
    pub fn new(raw: &str) -> Self {
        let trimmed = raw.trim();
        let mut out = String::with_capacity(trimmed.len());
        let mut chars = trimmed.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '_'
                && out.chars().last().is_some_and(|p| p.is_ascii_alphabetic())
                && chars.peek().is_some_and(char::is_ascii_digit)
            {
                continue;
            }
            out.push(c.to_ascii_uppercase());
        }
        Self(out.into_boxed_str())
    }

    /// A numeric code (OkayAPI's `ret`, Tanma's `code`).
    pub fn from_number(code: i64) -> Self {
        Self(code.to_string().into_boxed_str())
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as a number, when it is one.
    pub fn as_number(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// Whether `catalogue` documents this code.
    pub fn is_documented_in(&self, catalogue: &Catalogue) -> bool {
        catalogue.lookup(self, None).is_some()
    }
}

impl fmt::Debug for VendorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VendorCode({})", self.0)
    }
}

impl fmt::Display for VendorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for VendorCode {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl PartialEq<str> for VendorCode {
    fn eq(&self, other: &str) -> bool {
        *self == VendorCode::new(other)
    }
}

impl PartialEq<&str> for VendorCode {
    fn eq(&self, other: &&str) -> bool {
        *self == VendorCode::new(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(VendorCode::new("B_01162"), VendorCode::new("B01162"));
        assert_eq!(VendorCode::new("b01162").as_str(), "B01162");
        assert_eq!(VendorCode::new("SOME_THING").as_str(), "SOME_THING");
        assert_eq!(VendorCode::new("406").as_number(), Some(406));
        assert_eq!(VendorCode::from_number(-1).as_str(), "-1");
        assert!(VendorCode::new("B00008") == "b_00008");
    }
}
