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
//! The signature is computed in
//! [`Vendor::authorize`](client_core::transport::Vendor::authorize) ([`OkayApiVendor`]), right
//! before each attempt is sent, over exactly the fields that attempt carries. See
//! [`request_signature`].
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

mod credentials;
mod envelope;
mod path_style;
mod signing_mode;
mod vendor;
mod verification;

use client_core::signing::{md5_parts, sorted_values_md5};
use secrecy::{ExposeSecret, SecretString};

pub use credentials::{Credentials, MemberSession};
pub use path_style::{NewStyleService, PathStyle};
pub use signing_mode::SigningMode;
pub use vendor::OkayApiVendor;
pub use verification::Verification;

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
pub(crate) fn hex_lower<'o>(digest: &[u8; 16], out: &'o mut [u8; 32]) -> &'o str {
    // Writing 16 bytes into 32 always fits, and hex digits are ASCII.
    if hex::encode_to_slice(digest, out).is_err() {
        return "";
    }
    std::str::from_utf8(out).unwrap_or("")
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
}
