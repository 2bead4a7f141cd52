//! The response envelope `{ret, data, msg, _t, _auth}`, split into the byte ranges of its members
//! without decoding `data`.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::IgnoredAny;

/// The members of the envelope as byte ranges of the body.
///
/// The envelope is split without decoding `data`: its extent is found by serde_json skipping it
/// (which checks it is JSON but, unlike a borrowed `RawValue`, does not re-check its UTF-8), so
/// the only UTF-8 pass over `data` is the one that decodes it. `_auth` is checked over these exact
/// bytes.
pub(super) struct Envelope<'a> {
    body: &'a [u8],
    ret: Option<Range<usize>>,
    pub(super) data: Option<Range<usize>>,
    msg: Option<Range<usize>>,
    t: Option<Range<usize>>,
    auth: Option<Range<usize>>,
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(i) {
        i += 1;
    }
    i
}

fn syntax(what: &str) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom(format!(
        "the envelope is not a JSON object: {what}"
    ))
}

/// The end of the JSON value starting at `start`.
fn value_end(bytes: &[u8], start: usize) -> std::result::Result<usize, serde_json::Error> {
    let rest = bytes.get(start..).ok_or_else(|| syntax("truncated"))?;
    let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Ok(start + values.byte_offset()),
        Some(Err(e)) => Err(e),
        None => Err(syntax("a value is missing")),
    }
}

impl<'a> Envelope<'a> {
    /// Splits a top-level JSON object into the members the client reads.
    pub(super) fn split(body: &'a [u8]) -> std::result::Result<Self, serde_json::Error> {
        let mut envelope = Envelope {
            body,
            ret: None,
            data: None,
            msg: None,
            t: None,
            auth: None,
        };
        let mut i = skip_ws(body, 0);
        if body.get(i) != Some(&b'{') {
            return Err(syntax("it does not start with `{`"));
        }
        i = skip_ws(body, i + 1);
        if body.get(i) == Some(&b'}') {
            return envelope.end(i + 1);
        }
        loop {
            if body.get(i) != Some(&b'"') {
                return Err(syntax("a member name is missing"));
            }
            let key_end = value_end(body, i)?;
            let key = &body[i..key_end];
            i = skip_ws(body, key_end);
            if body.get(i) != Some(&b':') {
                return Err(syntax("`:` is missing"));
            }
            i = skip_ws(body, i + 1);
            let end = value_end(body, i)?;
            let slot = match key {
                b"\"ret\"" => Some(&mut envelope.ret),
                b"\"data\"" => Some(&mut envelope.data),
                b"\"msg\"" => Some(&mut envelope.msg),
                b"\"_t\"" => Some(&mut envelope.t),
                b"\"_auth\"" => Some(&mut envelope.auth),
                _ => None,
            };
            if let Some(slot) = slot {
                if slot.is_some() {
                    return Err(syntax("a member appears twice"));
                }
                *slot = Some(i..end);
            }
            i = skip_ws(body, end);
            match body.get(i) {
                Some(b',') => i = skip_ws(body, i + 1),
                Some(b'}') => return envelope.end(i + 1),
                _ => return Err(syntax("`,` or `}` is missing")),
            }
        }
    }

    /// Only whitespace may follow the object.
    fn end(self, i: usize) -> std::result::Result<Self, serde_json::Error> {
        if skip_ws(self.body, i) == self.body.len() {
            Ok(self)
        } else {
            Err(syntax("text follows the object"))
        }
    }

    fn member(&self, range: &Option<Range<usize>>) -> Option<&'a [u8]> {
        range.clone().map(|r| &self.body[r])
    }

    /// `ret`, as a number or a numeric string.
    pub(super) fn ret(&self) -> std::result::Result<Option<i64>, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(transparent)]
        struct Ret(#[serde(deserialize_with = "lenient_ret")] Option<i64>);
        match self.member(&self.ret) {
            Some(raw) => serde_json::from_slice::<Ret>(raw).map(|r| r.0),
            None => Ok(None),
        }
    }

    /// `msg`, when it is a string.
    pub(super) fn msg(&self) -> Option<Cow<'a, str>> {
        self.member(&self.msg)
            .and_then(|raw| serde_json::from_slice::<Cow<'a, str>>(raw).ok())
    }

    /// The text of `_t` (a number, or a string holding one).
    pub(super) fn t(&self) -> Option<&'a str> {
        let raw = self.member(&self.t)?;
        let raw = raw
            .strip_prefix(b"\"")
            .and_then(|r| r.strip_suffix(b"\""))
            .unwrap_or(raw);
        std::str::from_utf8(raw).ok()
    }

    /// `_auth`, when it is a string.
    pub(super) fn auth(&self) -> Option<Cow<'a, str>> {
        self.member(&self.auth)
            .and_then(|raw| serde_json::from_slice::<Cow<'a, str>>(raw).ok())
    }
}

/// `ret` as a number, or a numeric string.
fn lenient_ret<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<i64>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer `ret`")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            i64::try_from(v).map(Some).map_err(E::custom)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            v.trim().parse().map(Some).map_err(E::custom)
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_split_finds_exact_member_bytes() {
        let body = br#" { "msg" : "a \" } { ]" , "_t":"1657513450",
            "data" : { "s": "}\"{[", "n": [1, {"x": null}], "u": "\u4e2d" } ,"ret":200,
            "_auth":"abc", "extra": [{"data": 1}] } "#;
        let e = Envelope::split(body).unwrap();
        assert_eq!(
            e.member(&e.data).unwrap(),
            br#"{ "s": "}\"{[", "n": [1, {"x": null}], "u": "\u4e2d" }"#
        );
        assert_eq!(e.ret().unwrap(), Some(200));
        assert_eq!(e.msg().as_deref(), Some("a \" } { ]"));
        assert_eq!(e.t(), Some("1657513450"));
        assert_eq!(e.auth().as_deref(), Some("abc"));
    }

    #[test]
    fn envelope_split_rejects_what_is_not_one_object() {
        for bad in [
            &b"[1]"[..],
            b"{\"ret\":200",
            b"{\"ret\":200}x",
            b"{\"ret\":200,\"ret\":406}",
            b"{\"ret\" 200}",
            b"{ret:200}",
            b"{\"data\":{\"a\":}}",
            b"",
        ] {
            assert!(
                Envelope::split(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let empty = Envelope::split(b" {} ").unwrap();
        assert_eq!(empty.ret().unwrap(), None);
        let text_ret = Envelope::split(br#"{"ret":"406","msg":7}"#).unwrap();
        assert_eq!(text_ret.ret().unwrap(), Some(406));
        assert_eq!(text_ret.msg(), None);
    }
}
