//! `wukong_redirect`: `code_from_redirect`, the caller-supplied redirect URL or query string.
//!
//! Invariants: a code is returned only when the text carries a non-empty `code` and no error
//! parameter; failures are `is_auth` (the redirect holds an error) or `is_invalid_input` (no
//! code); the returned code never appears in an error's text.

use secrecy::ExposeSecret;
use wukong_client::auth::code_from_redirect;

/// Runs the target on one input (the redirect text).
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match code_from_redirect(text) {
        Ok(code) => {
            let code = code.expose_secret();
            assert!(!code.is_empty(), "an empty code from `{text}`");
            // URL parsing drops tabs and newlines anywhere (`co\nde=` is `code=`).
            let squeezed: String = text
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            assert!(
                squeezed.contains("code"),
                "a code from `{text}` without `code`"
            );
        }
        Err(error) => {
            assert!(
                error.is_auth() || error.is_invalid_input(),
                "`{text}`: {error}"
            );
            let _ = format!("{error} {error:?}");
        }
    }
}

/// Seeds: the redirect forms the document describes.
pub fn seeds() -> Vec<Vec<u8>> {
    [
        "https://app.example.com/cb?code=AbC123&state=xyz",
        "?code=AbC123",
        "code=AbC123",
        "https://app.example.com/cb#code=AbC123",
        "?error=access_denied&error_description=no",
        "?errcode=40029&errmsg=invalid%20code",
        "?errcode=0&code=x",
        "state=xyz",
        "code=",
        "https://app.example.com/cb?code=%E4%B8%AD&code=second",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}
