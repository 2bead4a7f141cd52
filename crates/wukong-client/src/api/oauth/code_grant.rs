//! [`CodeGrant`]: what `POST /oauth/code` (§1.1) answered.

use secrecy::ExposeSecret as _;
use secrecy::SecretString;

#[cfg(doc)]
use super::OAuth;
use crate::models::ApiResponse;

/// What `POST /oauth/code` (§1.1) answered.
///
/// The document delivers the code to `redirect_uri`. A server that answers with that redirect
/// (`302 Location: <redirect_uri>?code=…`) gives the code straight back ([`CodeGrant::Code`]);
/// one that answers in JSON leaves the code to arrive at `redirect_uri`
/// ([`CodeGrant::Sent`]). The code never appears in `Debug`.
#[derive(Clone)]
#[non_exhaustive]
pub enum CodeGrant {
    /// The code, read from the redirect's `Location` (which was not followed). Exchange it with
    /// [`OAuth::exchange_code`].
    Code(SecretString),
    /// A JSON answer: the code goes to `redirect_uri` (read it there with
    /// [`code_from_redirect`](crate::auth::code_from_redirect)).
    Sent(ApiResponse<serde_json::Value>),
}

impl CodeGrant {
    /// The code, when the answer carried it.
    pub fn code(&self) -> Option<&SecretString> {
        match self {
            CodeGrant::Code(code) => Some(code),
            CodeGrant::Sent(_) => None,
        }
    }

    /// The JSON answer, when there was one.
    pub fn response(&self) -> Option<&ApiResponse<serde_json::Value>> {
        match self {
            CodeGrant::Code(_) => None,
            CodeGrant::Sent(reply) => Some(reply),
        }
    }
}

impl std::fmt::Debug for CodeGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodeGrant::Code(code) => f
                .debug_tuple("Code")
                .field(&format_args!(
                    "{} chars, redacted",
                    code.expose_secret().chars().count()
                ))
                .finish(),
            CodeGrant::Sent(reply) => f.debug_tuple("Sent").field(reply).finish(),
        }
    }
}
