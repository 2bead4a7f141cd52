//! Request parameters → OkayAPI form fields ("公共参数" + each method's "参数").
//!
//! OkayAPI methods take flat `application/x-www-form-urlencoded` parameters. Any `Serialize` struct
//! or map becomes a list of `(name, value)` pairs here, without an intermediate JSON tree:
//!
//! * strings are sent as they are; integers and floats as their decimal text; `bool` as
//!   `true`/`false` (the document's `isAdmin` values); unit enum variants as their (renamed) name;
//! * `None` and `()` fields are left out;
//! * a nested value (a struct, map, sequence or tuple) is sent as its **JSON text** — what the
//!   document calls "字符串JSON格式" (`atUsers`, `text`, `content`).
//!
//! The values collected here are the raw values the request signature is computed over; the
//! transport encodes them only when the request is sent.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct};

/// One form field: name and raw value.
pub(crate) type Pair = (String, String);

/// Why parameters could not be turned into form fields.
#[derive(Debug)]
pub(crate) enum FormError {
    /// Internal signal: the value is nested and is sent as JSON text instead.
    Nested,
    /// The parameters are not a struct or a map, or a value cannot be written.
    Custom(String),
}

impl Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::Nested => f.write_str("a nested value"),
            FormError::Custom(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: Display>(msg: T) -> Self {
        FormError::Custom(msg.to_string())
    }
}

/// Appends the fields of `params` (a struct, a map, a newtype around one, `()` or `None`) to `out`.
pub(crate) fn write_params<T: Serialize + ?Sized>(
    params: &T,
    out: &mut Vec<Pair>,
) -> Result<(), FormError> {
    params.serialize(TopLevel { out })
}

/// Serde helper: writes an `Option<T: Display>` field (a `Decimal`, say) as its text.
pub(crate) fn display_opt<T: Display, S: ser::Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.collect_str(v),
        None => serializer.serialize_none(),
    }
}

/// Serde helper: writes an `Option<DateTime<Utc>>` as epoch milliseconds text (the DingTalk
/// callback's `createAt` and `sessionWebhookExpiredTime`).
pub(crate) fn millis_opt<S: ser::Serializer>(
    value: &Option<chrono::DateTime<chrono::Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.collect_str(&v.timestamp_millis()),
        None => serializer.serialize_none(),
    }
}

fn push_field<T: Serialize + ?Sized>(
    out: &mut Vec<Pair>,
    name: String,
    value: &T,
) -> Result<(), FormError> {
    match value.serialize(ValueText) {
        Ok(Some(text)) => out.push((name, text)),
        Ok(None) => {}
        Err(FormError::Nested) => {
            let json = serde_json::to_string(value).map_err(|e| {
                FormError::Custom(format!("`{name}` cannot be written as JSON text: {e}"))
            })?;
            out.push((name, json));
        }
        Err(e) => return Err(e),
    }
    Ok(())
}

fn not_params(what: &str) -> FormError {
    FormError::Custom(format!(
        "parameters must be a struct or a map of names to values, not {what}"
    ))
}

/// The top level: a struct or a map.
struct TopLevel<'a> {
    out: &'a mut Vec<Pair>,
}

macro_rules! reject {
    ($($method:ident($($ty:ty),*) => $what:literal;)*) => {
        $(
            fn $method(self, $(_: $ty),*) -> Result<(), FormError> {
                Err(not_params($what))
            }
        )*
    };
}

impl<'a> ser::Serializer for TopLevel<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Impossible<(), FormError>;
    type SerializeTuple = Impossible<(), FormError>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    reject! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a character";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) => "an enum variant";
    }

    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FormError> {
        Err(not_params("an enum variant"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(not_params("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(not_params("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(not_params("a tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(not_params("an enum variant"))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        self.out.reserve(len.unwrap_or(0));
        Ok(Fields {
            out: self.out,
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        // `len` counts skipped fields too; an upper bound is fine for a reservation.
        self.out.reserve(len);
        Ok(Fields {
            out: self.out,
            key: None,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(not_params("an enum variant"))
    }
}

/// The fields of the top-level struct or map.
struct Fields<'a> {
    out: &'a mut Vec<Pair>,
    key: Option<String>,
}

impl SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        push_field(self.out, key.to_owned(), value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        match key.serialize(ValueText) {
            Ok(Some(name)) => {
                self.key = Some(name);
                Ok(())
            }
            _ => Err(FormError::Custom(
                "parameter names must be strings or numbers".to_owned(),
            )),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let name = self
            .key
            .take()
            .ok_or_else(|| FormError::Custom("a map value came without its key".to_owned()))?;
        push_field(self.out, name, value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// One value as form text: `Some(text)`, `None` (leave the field out), or [`FormError::Nested`].
struct ValueText;

impl ser::Serializer for ValueText {
    type Ok = Option<String>;
    type Error = FormError;
    type SerializeSeq = Impossible<Option<String>, FormError>;
    type SerializeTuple = Impossible<Option<String>, FormError>;
    type SerializeTupleStruct = Impossible<Option<String>, FormError>;
    type SerializeTupleVariant = Impossible<Option<String>, FormError>;
    type SerializeMap = Impossible<Option<String>, FormError>;
    type SerializeStruct = Impossible<Option<String>, FormError>;
    type SerializeStructVariant = Impossible<Option<String>, FormError>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, FormError> {
        Ok(Some(if v { "true" } else { "false" }.to_owned()))
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, FormError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, FormError> {
        if v.is_finite() {
            Ok(Some(v.to_string()))
        } else {
            Err(FormError::Custom(format!(
                "{v} is not a number OkayAPI accepts"
            )))
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, FormError> {
        Ok(Some(v.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_none(self) -> Result<Self::Ok, FormError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, FormError> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, FormError> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, FormError> {
        Ok(Some(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(FormError::Nested)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError::Nested)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    struct Inner {
        content: &'static str,
    }

    #[derive(Serialize)]
    struct Params {
        page: u32,
        name: Option<&'static str>,
        missing: Option<u32>,
        #[serde(rename = "isAdmin")]
        is_admin: bool,
        text: Inner,
        #[serde(rename = "atUsers")]
        at_users: Vec<BTreeMap<&'static str, &'static str>>,
        ratio: f64,
    }

    #[test]
    fn flat_values_as_text_nested_as_json() {
        let mut out = Vec::new();
        let mut user = BTreeMap::new();
        user.insert("dingtalkId", "id=1&x");
        write_params(
            &Params {
                page: 2,
                name: Some("中文 &=/+"),
                missing: None,
                is_admin: false,
                text: Inner {
                    content: "你好 \"quoted\"",
                },
                at_users: vec![user],
                ratio: 0.5,
            },
            &mut out,
        )
        .unwrap();
        let expected: Vec<(String, String)> = [
            ("page", "2"),
            ("name", "中文 &=/+"),
            ("isAdmin", "false"),
            ("text", r#"{"content":"你好 \"quoted\""}"#),
            ("atUsers", r#"[{"dingtalkId":"id=1&x"}]"#),
            ("ratio", "0.5"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn maps_unit_and_json_objects() {
        let mut out = Vec::new();
        write_params(&(), &mut out).unwrap();
        write_params(&None::<Params>, &mut out).unwrap();
        assert!(out.is_empty());
        write_params(
            &serde_json::json!({"b": 1, "a": null, "c": {"k": [1]}}),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            out,
            vec![
                ("b".to_owned(), "1".to_owned()),
                ("c".to_owned(), r#"{"k":[1]}"#.to_owned())
            ]
        );
    }

    #[test]
    fn rejects_non_objects() {
        let mut out = Vec::new();
        assert!(write_params(&[1, 2], &mut out).is_err());
        assert!(write_params("text", &mut out).is_err());
        assert!(write_params(&f64::NAN, &mut out).is_err());
    }
}
