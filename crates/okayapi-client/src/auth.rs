//! How OkayAPI authenticates: the request signature ("客户端接入指南(如何生成签名)"), the
//! response envelope `{ret, data, msg, _t, _auth}` and the reverse signature `_auth`.
//!
//! # Request signature (the "公共参数" `sign`)
//!
//! As every official YesApi SDK and the PhalApi documentation do it:
//!
//! 1. take every parameter that is sent — the method's own, `app_key`, `uuid`/`token` of a member
//!    session, and `s` when the old path style carries it — except `sign`;
//! 2. sort them by name in byte order (`B` before `a`);
//! 3. concatenate the **raw** values (not URL-encoded), no names, no separators;
//! 4. append the app secret;
//! 5. `sign = UPPER(hex(md5(…)))`.
//!
//! The signature is computed in [`Vendor::authorize`], right before each attempt is sent, over
//! exactly the fields that attempt carries. See [`request_signature`].
//!
//! # Response envelope and `_auth`
//!
//! `ret == 200` means success and `data` is decoded — straight from the response bytes, without a
//! copy. Any other `ret` (OkayAPI sends them under HTTP 200) becomes an error carrying `ret` as the
//! vendor code, its catalogue entry (`client_core::catalogue::OKAYAPI`: 400, 404 no such service,
//! 406 wrong signature, 5xx server error), `msg` and the raw body.
//!
//! `_auth = md5(<data JSON text> + <_t> + <app secret>)` is verified over the exact bytes of the
//! `data` member as received (never a re-serialisation), in constant time. See
//! [`response_signature`] and [`Verification`].

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use client_core::catalogue::{OKAYAPI, okayapi_lookup_key};
use client_core::clock::Clock;
use client_core::code::VendorCode;
use client_core::signing::{md5_parts, signatures_match, sorted_values_md5};
use client_core::transport::{Body, OutgoingRequest, Payload, RawResponse, Vendor};
use client_core::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The parameter that carries the request signature ("公共参数 sign").
pub const SIGN: &str = "sign";
/// The parameter that carries the app key ("公共参数 app_key").
pub const APP_KEY: &str = "app_key";
/// The member session id ("公共参数 uuid"), always sent with [`TOKEN`].
pub const UUID: &str = "uuid";
/// The member session token ("公共参数 token"), always sent with [`UUID`].
pub const TOKEN: &str = "token";
/// The service parameter of the old path style (`/?s=SVIP.<app>.<Method>`).
pub const SERVICE: &str = "s";

/// The app's credentials ("查看我的接口域名、app_key和app_secrect").
///
/// The document asks for an `app_key` of at least 32 characters; the client does not enforce it
/// (the public test vector uses a 22-character key, and the server is the judge).
#[derive(Clone)]
pub struct Credentials {
    pub(crate) app_key: String,
    pub(crate) app_secret: SecretString,
}

impl Credentials {
    /// The app key and app secret.
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<SecretString>) -> Self {
        Self {
            app_key: app_key.into(),
            app_secret: app_secret.into(),
        }
    }

    /// The app key (not secret: it is sent with every request).
    pub fn app_key(&self) -> &str {
        &self.app_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[REDACTED]")
            .finish()
    }
}

/// A logged-in app member ("公共参数 uuid" + "token"): the two are always sent together.
#[derive(Clone)]
pub struct MemberSession {
    pub(crate) uuid: String,
    pub(crate) token: SecretString,
}

impl MemberSession {
    /// The member's `uuid` and session `token` (from the member login API).
    pub fn new(uuid: impl Into<String>, token: impl Into<SecretString>) -> Self {
        Self {
            uuid: uuid.into(),
            token: token.into(),
        }
    }

    /// The member's `uuid`.
    pub fn uuid(&self) -> &str {
        &self.uuid
    }
}

impl fmt::Debug for MemberSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberSession")
            .field("uuid", &self.uuid)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

/// How requests are signed ("开启/关闭签名").
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum SigningMode {
    /// The dynamic MD5 signature over the sorted values plus the app secret (the default).
    #[default]
    Dynamic,
    /// No `sign` parameter, for APIs whose signing is switched off in the console.
    Unsigned,
    /// A fixed `sign` value configured in the console ("静态签名").
    Static(SecretString),
}

impl fmt::Debug for SigningMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningMode::Dynamic => f.write_str("Dynamic"),
            SigningMode::Unsigned => f.write_str("Unsigned"),
            SigningMode::Static(_) => f.write_str("Static([REDACTED])"),
        }
    }
}

/// Which of the document's two paths ("接口路径(新)" / "接口路径(旧)") requests use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathStyle {
    /// `POST /api/SVIP/<app>/<Method>` (the default).
    #[default]
    New,
    /// `POST /?s=SVIP.<app>.<Method>`; `s` is signed like every other parameter.
    Old,
}

/// With the [new path style](PathStyle::New): whether `s=SVIP.<app>.<Method>` takes part in the
/// request signature. Public sources do not say which the server expects (the SDKs all use the
/// old style), so this is configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NewStyleService {
    /// Neither sent nor signed: the signature covers exactly the fields sent (the default).
    #[default]
    Omit,
    /// Sent as a form field **and** signed, so the signature still covers exactly what is sent
    /// (right whether the server signs what it receives or adds `s` from the path).
    SendAndSign,
    /// Signed but not sent (for a server that adds `s` from the path before checking).
    SignOnly,
}

/// Whether the response signature `_auth` is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verification {
    /// Never checked.
    Off,
    /// Checked when the response carries `_auth` (the default: it can be switched off per app
    /// by a support ticket, "若需要关闭或开启请提交工单").
    #[default]
    IfPresent,
    /// Required: a successful response without `_auth` and `_t` is an error.
    Required,
}

/// The request signature over `params` (name, raw value), `sign` excluded:
/// `UPPER(hex(md5(values sorted by name + app_secret)))`.
///
/// ```
/// use okayapi_client::auth::request_signature;
/// use secrecy::SecretString;
/// // The vector of the OkayAPI part of the vendor README.
/// let secret = SecretString::from("Eb8LgJGSA2juKjmND6R3XuHdqe3n5xEEjPx");
/// let params = [
///     ("service", "App.HelloWorld.HiApp"),
///     ("app_key", "dMYpWZkvC6U40FbnIM6eGr"),
///     ("uid", "1"),
/// ];
/// assert_eq!(request_signature(params, &secret), "BBAEFD9CF8532BECF45F74A1E79C695A");
/// ```
pub fn request_signature<'a, I>(params: I, app_secret: &SecretString) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    sorted_values_md5(params, &[SIGN], app_secret)
}

/// The response signature `_auth = lower(hex(md5(data + _t + app_secret)))`, where `data` is the
/// exact JSON text of the `data` member and `t` the text of `_t`.
pub fn response_signature(data: &str, t: &str, app_secret: &SecretString) -> String {
    let mut out = [0u8; 32];
    hex_lower(
        &md5_parts(&[
            data.as_bytes(),
            t.as_bytes(),
            app_secret.expose_secret().as_bytes(),
        ]),
        &mut out,
    )
    .to_owned()
}

/// Lower-case hex of a digest into `out`, without allocating.
fn hex_lower<'o>(digest: &[u8; 16], out: &'o mut [u8; 32]) -> &'o str {
    // Writing 16 bytes into 32 always fits, and hex digits are ASCII.
    if hex::encode_to_slice(digest, out).is_err() {
        return "";
    }
    std::str::from_utf8(out).unwrap_or("")
}

/// The [`Vendor`] hooks of OkayAPI: signs each attempt and interprets the envelope.
pub struct OkayApiVendor {
    pub(crate) app_key: String,
    pub(crate) app_secret: SecretString,
    pub(crate) member: Option<MemberSession>,
    pub(crate) signing: SigningMode,
    pub(crate) new_style_service: NewStyleService,
    pub(crate) verification: Verification,
    pub(crate) max_clock_skew: Option<Duration>,
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for OkayApiVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OkayApiVendor")
            .field("app_key", &self.app_key)
            .field("member", &self.member)
            .field("signing", &self.signing)
            .field("new_style_service", &self.new_style_service)
            .field("verification", &self.verification)
            .field("max_clock_skew", &self.max_clock_skew)
            .finish_non_exhaustive()
    }
}

/// `SVIP.<app>.<Method>` from a new-style path `/api/SVIP/<app>/<Method>`.
fn service_from_path(path: &str) -> Option<String> {
    path.strip_prefix("/api/")
        .map(|rest| rest.replace('/', "."))
}

#[async_trait]
impl Vendor for OkayApiVendor {
    fn name(&self) -> &'static str {
        "okayapi"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        let sign = match &self.signing {
            SigningMode::Dynamic => {
                let form: &[(String, String)] = match request.body() {
                    Body::Form(pairs) => pairs,
                    _ => &[],
                };
                let signed_only = match self.new_style_service {
                    NewStyleService::SignOnly => service_from_path(request.path()),
                    _ => None,
                };
                let member = self
                    .member
                    .as_ref()
                    .map(|m| [(UUID, m.uuid.as_str()), (TOKEN, m.token.expose_secret())]);
                let params = form
                    .iter()
                    .chain(request.query())
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .chain(std::iter::once((APP_KEY, self.app_key.as_str())))
                    .chain(member.into_iter().flatten())
                    .chain(signed_only.as_deref().map(|s| (SERVICE, s)));
                Some(request_signature(params, &self.app_secret))
            }
            SigningMode::Static(sign) => Some(sign.expose_secret().to_owned()),
            SigningMode::Unsigned => None,
        };
        let form = request
            .form_mut()
            .ok_or_else(|| Error::config("OkayAPI requests must carry a form body"))?;
        form.push((APP_KEY.to_owned(), self.app_key.clone()));
        if let Some(member) = &self.member {
            form.push((UUID.to_owned(), member.uuid.clone()));
            form.push((TOKEN.to_owned(), member.token.expose_secret().to_owned()));
        }
        if let Some(sign) = sign {
            form.push((SIGN.to_owned(), sign));
        }
        Ok(())
    }

    fn interpret(&self, operation: &'static str, response: RawResponse) -> Result<Payload> {
        let RawResponse { status, body, .. } = response;
        let envelope = match Envelope::split(&body) {
            Ok(envelope) => envelope,
            Err(e) if status.is_success() => {
                return Err(Error::decode("", e, &body).with_status(status));
            }
            Err(_) => {
                return Err(Error::api(
                    Some(status),
                    format!("the server answered HTTP {}", status.as_u16()),
                )
                .with_body(body));
            }
        };
        let ret = match envelope.ret() {
            Ok(Some(ret)) => ret,
            Ok(None) => {
                return Err(Error::decode(
                    "ret",
                    "the response is not an OkayAPI envelope (no `ret`)",
                    &body,
                )
                .with_status(status));
            }
            Err(e) => return Err(Error::decode("ret", e, &body).with_status(status)),
        };
        if ret != 200 {
            return Err(ret_error(ret, envelope.msg(), operation, status, &body));
        }
        let data = envelope.data.clone();
        self.verify(
            data.as_ref()
                .map_or(b"null".as_slice(), |r| &body[r.clone()]),
            envelope.t(),
            envelope.auth(),
            &body,
        )?;
        Ok(match data {
            Some(range) => Payload::new(body.slice(range)),
            None => Payload::new(Bytes::from_static(b"null")),
        })
    }
}

impl OkayApiVendor {
    /// Checks `_auth` (and `_t` against the clock-skew window) as configured.
    fn verify(
        &self,
        data: &[u8],
        t: Option<&str>,
        auth: Option<Cow<'_, str>>,
        body: &Bytes,
    ) -> Result<()> {
        let auth = match (self.verification, auth) {
            (Verification::Off, _) => return Ok(()),
            (_, Some(auth)) if !auth.is_empty() => auth,
            (Verification::IfPresent, _) => return Ok(()),
            (Verification::Required, _) => {
                return Err(Error::signature(
                    "the response carries no `_auth` signature, and verification is required",
                )
                .with_body(body.clone()));
            }
        };
        let Some(t) = t else {
            return Err(Error::signature(
                "the response carries `_auth` but no `_t` timestamp to verify it with",
            )
            .with_body(body.clone()));
        };
        let digest = md5_parts(&[
            data,
            t.as_bytes(),
            self.app_secret.expose_secret().as_bytes(),
        ]);
        let mut hex = [0u8; 32];
        if !signatures_match(hex_lower(&digest, &mut hex), &auth) {
            return Err(Error::signature(
                "the response's `_auth` does not match md5(data + _t + app secret): \
                 the data was altered, or the app secret is wrong",
            )
            .with_body(body.clone()));
        }
        if let Some(window) = self.max_clock_skew {
            let Ok(seconds) = t.parse::<i64>() else {
                return Err(
                    Error::signature("the response's `_t` is not a Unix timestamp")
                        .with_body(body.clone()),
                );
            };
            let now = self.clock.now().timestamp();
            let skew = now.saturating_sub(seconds).unsigned_abs();
            if skew > window.as_secs() {
                return Err(Error::signature(format!(
                    "the response's `_t` is {skew} s away from the local clock, more than the \
                     allowed {} s (a replayed response, or a wrong clock)",
                    window.as_secs()
                ))
                .with_body(body.clone()));
            }
        }
        Ok(())
    }
}

/// The error for a `ret` other than 200.
fn ret_error(
    ret: i64,
    msg: Option<Cow<'_, str>>,
    operation: &'static str,
    status: http::StatusCode,
    body: &Bytes,
) -> Error {
    let entry = OKAYAPI.lookup(&okayapi_lookup_key(ret), Some(operation));
    let text = match entry {
        Some(entry) => format!("OkayAPI answered ret {ret} ({})", entry.meaning_en),
        None => format!("OkayAPI answered ret {ret}"),
    };
    let error = if ret == 406 {
        // The server rejected our signature: say what to check.
        Error::signature(
            "OkayAPI refused the request's signature (ret 406): check the app key and secret, \
             and that nothing rewrites the parameters after signing",
        )
        .with_status(status)
    } else {
        Error::api(Some(status), text)
    };
    let mut error = error
        .with_code(VendorCode::from_number(ret), entry)
        .with_body(body.clone());
    if let Some(msg) = msg.filter(|m| !m.is_empty()) {
        error = error.with_vendor_message(msg);
    }
    error
}

/// The members of the envelope as byte ranges of the body.
///
/// The envelope is split without decoding `data`: its extent is found by serde_json skipping it
/// (which checks it is JSON but, unlike a borrowed `RawValue`, does not re-check its UTF-8), so
/// the only UTF-8 pass over `data` is the one that decodes it. `_auth` is checked over these exact
/// bytes.
struct Envelope<'a> {
    body: &'a [u8],
    ret: Option<Range<usize>>,
    data: Option<Range<usize>>,
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
    fn split(body: &'a [u8]) -> std::result::Result<Self, serde_json::Error> {
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
    fn ret(&self) -> std::result::Result<Option<i64>, serde_json::Error> {
        #[derive(Deserialize)]
        #[serde(transparent)]
        struct Ret(#[serde(deserialize_with = "lenient_ret")] Option<i64>);
        match self.member(&self.ret) {
            Some(raw) => serde_json::from_slice::<Ret>(raw).map(|r| r.0),
            None => Ok(None),
        }
    }

    /// `msg`, when it is a string.
    fn msg(&self) -> Option<Cow<'a, str>> {
        self.member(&self.msg)
            .and_then(|raw| serde_json::from_slice::<Cow<'a, str>>(raw).ok())
    }

    /// The text of `_t` (a number, or a string holding one).
    fn t(&self) -> Option<&'a str> {
        let raw = self.member(&self.t)?;
        let raw = raw
            .strip_prefix(b"\"")
            .and_then(|r| r.strip_suffix(b"\""))
            .unwrap_or(raw);
        std::str::from_utf8(raw).ok()
    }

    /// `_auth`, when it is a string.
    fn auth(&self) -> Option<Cow<'a, str>> {
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
    fn response_signature_matches_a_hand_computed_md5() {
        // md5("{\"a\":1}" + "1657513450" + "secret")
        let secret = SecretString::from("secret");
        let expected = client_core::signing::md5_lower_hex(b"{\"a\":1}1657513450secret");
        assert_eq!(
            response_signature("{\"a\":1}", "1657513450", &secret),
            expected
        );
    }

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

    #[test]
    fn service_from_new_style_path() {
        assert_eq!(
            service_from_path("/api/SVIP/My_App/AGet").as_deref(),
            Some("SVIP.My_App.AGet")
        );
        assert_eq!(service_from_path("/"), None);
    }

    #[test]
    fn debug_redacts() {
        let text = format!(
            "{:?} {:?} {:?}",
            Credentials::new("key", SecretString::from("top-secret")),
            MemberSession::new("u1", SecretString::from("tok-secret")),
            SigningMode::Static(SecretString::from("static-secret"))
        );
        assert!(
            !text.contains("top-secret")
                && !text.contains("tok-secret")
                && !text.contains("static-secret")
        );
    }
}
