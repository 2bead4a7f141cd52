//! Why a payload did not decode, told without quoting the payload.
//!
//! `serde_json` messages quote what they found (`invalid type: string "Mi03…", expected u32`),
//! and a response whose format changed can put a fresh token in that place. [`sanitize`] turns a
//! `serde_json::Error` into a [`DecodeCause`] that keeps the category, the position, what was
//! expected and the *kind* of value found (`a string`), and drops the value itself. Messages a
//! deserializer wrote by hand (`de::Error::custom`) may quote anything, so they are withheld.

use std::fmt;

use super::BoxError;

/// The kinds of value serde's `Unexpected` names, longest first (so `unit variant` wins over
/// `unit`).
const VALUE_KINDS: &[&str] = &[
    "newtype variant",
    "newtype struct",
    "struct variant",
    "tuple variant",
    "floating point",
    "Option value",
    "unit variant",
    "unit value",
    "byte array",
    "character",
    "sequence",
    "boolean",
    "integer",
    "string",
    "other",
    "enum",
    "map",
];

/// What kind of decode failure it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Category {
    /// The bytes are not valid JSON.
    Syntax,
    /// Valid JSON that does not fit the expected type.
    Data,
    /// The input ended before the JSON did: the body was cut short.
    Eof,
    /// Reading the input failed.
    Io,
}

/// A decode failure without the value that caused it.
#[derive(Debug, Clone)]
pub struct DecodeCause {
    category: Category,
    description: String,
    line: usize,
    column: usize,
}

impl DecodeCause {
    /// The failure's category.
    pub fn category(&self) -> Category {
        self.category
    }

    /// Whether the JSON ended early (a truncated body).
    pub fn is_eof(&self) -> bool {
        self.category == Category::Eof
    }

    /// The description, with no value from the input in it.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The line (from 1) where it failed, 0 when unknown.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1) where it failed, 0 when unknown.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for DecodeCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)?;
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeCause {}

/// Replaces a `serde_json::Error` (also one boxed inside another error's source) by its
/// [`DecodeCause`]; any other error is returned as it is.
pub fn sanitize(source: BoxError) -> BoxError {
    match source.downcast::<serde_json::Error>() {
        Ok(json) => Box::new(from_json(&json)),
        Err(other) => other,
    }
}

/// The [`DecodeCause`] of a `serde_json` error.
pub fn from_json(error: &serde_json::Error) -> DecodeCause {
    let category = match error.classify() {
        serde_json::error::Category::Io => Category::Io,
        serde_json::error::Category::Syntax => Category::Syntax,
        serde_json::error::Category::Data => Category::Data,
        serde_json::error::Category::Eof => Category::Eof,
    };
    let text = error.to_string();
    // serde_json appends " at line L column C" when it knows the position.
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let description = match category {
        // serde_json's own syntax and end-of-input messages are fixed texts.
        Category::Syntax | Category::Eof => message.to_owned(),
        Category::Io => "the input could not be read".to_owned(),
        Category::Data => describe_data(message),
    };
    DecodeCause {
        category,
        description,
        line: error.line(),
        column: error.column(),
    }
}

/// serde's data messages, with the found value dropped.
fn describe_data(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let kind = VALUE_KINDS
                .iter()
                .find(|k| rest.starts_with(**k))
                .copied()
                .unwrap_or("a value");
            return match expected_part(rest) {
                Some(expected) => format!("{prefix}{kind}, expected {expected}"),
                None => format!("{prefix}{kind}"),
            };
        }
    }
    // `invalid length N, expected …`: a count, no content.
    if message.starts_with("invalid length ") {
        return message.to_owned();
    }
    for (prefix, what) in [
        ("unknown variant ", "unknown variant"),
        ("unknown field ", "unknown field"),
    ] {
        if message.starts_with(prefix) {
            return match expected_part(message) {
                Some(expected) => format!("{what}, expected {expected}"),
                None => what.to_owned(),
            };
        }
    }
    // `missing field `x`` and `duplicate field `x``: the name comes from the type.
    if message.starts_with("missing field ") || message.starts_with("duplicate field ") {
        return message.to_owned();
    }
    "the value is not valid here (the deserializer's message is withheld: it may quote the response)"
        .to_owned()
}

/// The text after the last `, expected ` (what the type wanted, from the type's definition).
fn expected_part(text: &str) -> Option<&str> {
    const MARK: &str = ", expected ";
    let at = text.rfind(MARK)?;
    text.get(at + MARK.len()..)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause<T: serde::de::DeserializeOwned + fmt::Debug>(json: &str) -> DecodeCause {
        from_json(&serde_json::from_str::<T>(json).expect_err("must fail"))
    }

    #[test]
    fn values_found_are_never_quoted() {
        let c = cause::<u32>(r#""Mi03-secret-token""#);
        assert_eq!(c.description(), "invalid type: string, expected u32");
        assert!(!c.to_string().contains("Mi03"));
        let c = cause::<Vec<bool>>(r#"[true, 12345678]"#);
        assert_eq!(c.description(), "invalid type: integer, expected a boolean");
        assert!(!c.to_string().contains("12345678"));
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Kind {
            A,
            B,
        }
        let c = cause::<Kind>(r#""secret-variant""#);
        assert_eq!(c.description(), "unknown variant, expected `A` or `B`");
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            a: u8,
        }
        let c = cause::<S>(r#"{"secret-field":1}"#);
        assert_eq!(c.description(), "unknown field, expected `a`");
        let c = cause::<S>(r#"{}"#);
        assert_eq!(c.description(), "missing field `a`");
        let c = cause::<u8>("300");
        assert_eq!(c.description(), "invalid value: integer, expected u8");
    }

    #[test]
    fn custom_messages_are_withheld() {
        #[derive(Debug)]
        struct Picky;
        impl<'de> serde::Deserialize<'de> for Picky {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Err(serde::de::Error::custom(format!("`{s}` is not allowed")))
            }
        }
        let c = cause::<Picky>(r#""hunter2""#);
        assert!(!c.to_string().contains("hunter2"), "{c}");
        assert_eq!(c.category(), Category::Data);
    }

    #[test]
    fn truncation_is_eof_and_syntax_is_kept() {
        let c = cause::<serde_json::Value>(r#"{"token":"abc"#);
        assert!(c.is_eof());
        assert!(!c.to_string().contains("abc"));
        let c = cause::<serde_json::Value>("<html>secret</html>");
        assert_eq!(c.category(), Category::Syntax);
        assert_eq!(c.to_string(), "expected value at line 1 column 1");
    }

    #[test]
    fn other_errors_pass_through() {
        let e = sanitize("the body is not JSON".into());
        assert_eq!(e.to_string(), "the body is not JSON");
        let e = sanitize(Box::new(
            serde_json::from_str::<u8>(r#""x-secret""#).expect_err("fails"),
        ));
        assert!(e.downcast_ref::<DecodeCause>().is_some());
        assert!(!e.to_string().contains("x-secret"));
    }
}
