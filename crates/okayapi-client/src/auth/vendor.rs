//! [`OkayApiVendor`]: the transport hooks of OkayAPI — each attempt signed, each answer's
//! envelope interpreted and its `_auth` verified.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use client_core::catalogue::{OKAYAPI, okayapi_lookup_key};
use client_core::clock::Clock;
use client_core::code::VendorCode;
use client_core::signing::{md5_parts, signatures_match};
use client_core::transport::{Body, OutgoingRequest, Payload, RawResponse, Vendor};
use client_core::{Error, Result};
use secrecy::{ExposeSecret, SecretString};

use super::envelope::Envelope;
use super::{
    APP_KEY, MemberSession, NewStyleService, SERVICE, SIGN, SigningMode, TOKEN, UUID, Verification,
    hex_lower, request_signature,
};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_from_new_style_path() {
        assert_eq!(
            service_from_path("/api/SVIP/My_App/AGet").as_deref(),
            Some("SVIP.My_App.AGet")
        );
        assert_eq!(service_from_path("/"), None);
    }
}
