//! One attempt of a request, as the vendor's `authorize` hook sees and completes it.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};

use super::request::{Body, Request};
use crate::error::{Error, Result};
use crate::redact;

/// One attempt of a request, before it is sent. The vendor hook adds credentials here: a token
/// header, a token parameter, or a signature over the final parameters or body bytes.
///
/// Built afresh for every attempt, so a signature or a replaced token is never stale.
///
/// Its `Debug` output redacts secret query values and sensitive headers, and shows only the
/// shape of the body.
pub struct OutgoingRequest {
    pub(crate) method: Method,
    pub(crate) operation: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) attempt: u32,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) credential_generation: Option<u64>,
}

impl std::fmt::Debug for OutgoingRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("method", &self.method)
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field(
                "query",
                &redact::query_for_log(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            )
            .field("headers", &redact::headers_for_debug(&self.headers))
            .field("body", &self.body)
            .field("attempt", &self.attempt)
            .field("idempotency_key", &self.idempotency_key)
            .field("credential_generation", &self.credential_generation)
            .finish()
    }
}

impl OutgoingRequest {
    /// A fresh copy of `request` for attempt number `attempt`.
    pub(crate) fn for_attempt(request: &Request, attempt: u32) -> Self {
        Self {
            method: request.method.clone(),
            operation: request.operation,
            path: request.path.clone(),
            query: request
                .query
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            headers: request.headers.clone(),
            body: request.body.clone(),
            attempt,
            idempotency_key: request.idempotency_key.clone(),
            credential_generation: None,
        }
    }

    /// Records which generation of cached credentials this attempt used (see
    /// [`Vendor::invalidate_credentials`](super::Vendor::invalidate_credentials)).
    pub fn set_credential_generation(&mut self, generation: u64) {
        self.credential_generation = Some(generation);
    }

    /// The credential generation recorded by `authorize`.
    pub fn credential_generation(&self) -> Option<u64> {
        self.credential_generation
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation (`"METHOD /path/{template}"`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The concrete path (relative to the base URL).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Replaces the path (e.g. a vendor that routes by query string instead).
    pub fn set_path(&mut self, path: impl Into<String>) {
        self.path = path.into();
    }

    /// This attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The idempotency key the request carries, if any.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// The query parameters, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The query parameters, to add or replace one.
    pub fn query_mut(&mut self) -> &mut Vec<(String, String)> {
        &mut self.query
    }

    /// Sets a query parameter, replacing any of the same name.
    pub fn set_query(&mut self, name: &str, value: impl Into<String>) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value.into()));
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Sets a header, replacing any of the same name.
    pub fn set_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.insert(name, value);
    }

    /// Sets a header that carries a secret: marked sensitive so it is never logged.
    pub fn set_secret_header(&mut self, name: HeaderName, value: &str) -> Result<()> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::config(format!(
                "the value for header `{name}` is not valid header text"
            ))
        })?;
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(())
    }

    /// The body.
    pub fn body(&self) -> &Body {
        &self.body
    }

    /// The form parameters, when the body is a form.
    pub fn form_mut(&mut self) -> Option<&mut Vec<(String, String)>> {
        match &mut self.body {
            Body::Form(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// Sets a form parameter, replacing any of the same name. Errors if the body is not a form.
    pub fn set_form_field(&mut self, name: &str, value: impl Into<String>) -> Result<()> {
        let pairs = self.form_mut().ok_or_else(|| {
            Error::config(format!(
                "cannot set form field `{name}`: the body is not a form"
            ))
        })?;
        pairs.retain(|(k, _)| k != name);
        pairs.push((name.to_owned(), value.into()));
        Ok(())
    }

    /// The exact JSON bytes that will be sent, when the body is JSON (sign these).
    pub fn json_bytes(&self) -> Option<&Bytes> {
        match &self.body {
            Body::Json(b) => Some(b),
            _ => None,
        }
    }

    /// Sets a top-level member of a JSON object body (e.g. an access token carried in the body).
    /// The body is re-serialised; numbers keep their exact text.
    pub fn set_json_field(&mut self, name: &str, value: serde_json::Value) -> Result<()> {
        let Body::Json(bytes) = &self.body else {
            return Err(Error::config(format!(
                "cannot set JSON field `{name}`: the body is not JSON"
            )));
        };
        let mut object: Vec<(String, Box<serde_json::value::RawValue>)> = parse_object(bytes)
            .map_err(|e| Error::config(format!("the JSON body is not an object: {e}")))?;
        let raw = serde_json::value::to_raw_value(&value)
            .map_err(|e| Error::invalid_input(name, format!("cannot be serialised: {e}")))?;
        match object.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = raw,
            None => object.push((name.to_owned(), raw)),
        }
        let mut out = Vec::with_capacity(bytes.len() + 64);
        out.push(b'{');
        for (i, (k, v)) in object.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // A string key always serialises.
            out.extend_from_slice(serde_json::to_string(k).unwrap_or_default().as_bytes());
            out.push(b':');
            out.extend_from_slice(v.get().as_bytes());
        }
        out.push(b'}');
        self.body = Body::Json(Bytes::from(out));
        Ok(())
    }
}

/// Parses a JSON object keeping member order and each value's exact text.
fn parse_object(
    bytes: &[u8],
) -> std::result::Result<Vec<(String, Box<serde_json::value::RawValue>)>, serde_json::Error> {
    struct Members(Vec<(String, Box<serde_json::value::RawValue>)>);
    impl<'de> serde::Deserialize<'de> for Members {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Members;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> std::result::Result<Members, A::Error> {
                    let mut out = Vec::new();
                    while let Some(entry) = map.next_entry()? {
                        out.push(entry);
                    }
                    Ok(Members(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_slice::<Members>(bytes).map(|m| m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(body: Body) -> OutgoingRequest {
        OutgoingRequest {
            method: Method::POST,
            operation: "POST /x",
            path: "/x".into(),
            query: vec![],
            headers: HeaderMap::new(),
            body,
            attempt: 1,
            idempotency_key: None,
            credential_generation: None,
        }
    }

    #[test]
    fn set_json_field_replaces_in_place_and_keeps_numbers() {
        let mut o = outgoing(Body::Json(Bytes::from_static(
            br#"{"access_token":"old","data":[{"price":100.240}],"n":11111111111111112001}"#,
        )));
        o.set_json_field("access_token", serde_json::json!("new"))
            .unwrap();
        assert_eq!(
            o.json_bytes().unwrap().as_ref(),
            br#"{"access_token":"new","data":[{"price":100.240}],"n":11111111111111112001}"#
        );
        o.set_json_field("extra", serde_json::json!(1)).unwrap();
        assert!(o.json_bytes().unwrap().ends_with(br#","extra":1}"#));
    }

    #[test]
    fn debug_redacts_secret_queries_and_headers() {
        let mut o = outgoing(Body::Form(vec![("access_token".into(), "canary-1".into())]));
        o.set_query("sign", "canary-2");
        o.set_query("page", "7");
        o.set_secret_header(HeaderName::from_static("x-custom"), "canary-3")
            .unwrap();
        o.set_header(
            HeaderName::from_static("x-openapi-secret"),
            HeaderValue::from_static("canary-4"),
        );
        let shown = format!("{o:?}");
        assert!(!shown.contains("canary"), "{shown}");
        assert!(shown.contains("page=7"), "{shown}");
    }

    #[test]
    fn form_fields_replace() {
        let mut o = outgoing(Body::Form(vec![("access_token".into(), "old".into())]));
        o.set_form_field("access_token", "new").unwrap();
        assert_eq!(
            o.form_mut().unwrap(),
            &vec![("access_token".to_string(), "new".to_string())]
        );
        let mut j = outgoing(Body::Empty);
        assert!(j.set_form_field("a", "b").is_err());
    }
}
