//! Reading the authorisation code from the redirect of §1.1 ([`code_from_redirect`]).

use client_core::Error;
use secrecy::SecretString;

/// Reads the authorisation code from the redirect Wukong sent to the caller's `redirect_uri`
/// (§1.1): a full URL (`https://app.example.com/cb?code=…&state=…`), a query string
/// (`?code=…` or `code=…`), or a fragment.
///
/// Errors: [`Error::auth`] carrying the vendor's code and message when the redirect holds an
/// error (`error`, `errcode`, `error_description`, `errmsg`); [`Error::invalid_input`] when it
/// has no `code`.
///
/// ```
/// use secrecy::ExposeSecret;
/// use wukong_client::auth::code_from_redirect;
///
/// let code = code_from_redirect("https://app.example.com/cb?code=AbC123&state=xyz")?;
/// assert_eq!(code.expose_secret(), "AbC123");
/// assert!(code_from_redirect("?error=access_denied").unwrap_err().is_auth());
/// assert!(code_from_redirect("state=xyz").unwrap_err().is_invalid_input());
/// # Ok::<(), client_core::Error>(())
/// ```
pub fn code_from_redirect(redirect: &str) -> Result<SecretString, Error> {
    let text = redirect.trim();
    let query = match url::Url::parse(text) {
        Ok(url) => {
            let mut q = url.query().unwrap_or_default().to_owned();
            if let Some(fragment) = url.fragment() {
                q.push('&');
                q.push_str(fragment);
            }
            q
        }
        Err(_) => {
            let after = text.split_once('?').map_or(text, |(_, q)| q);
            after.trim_start_matches('#').replace('#', "&")
        }
    };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };

    let error_code = get("error").or_else(|| get("errcode").filter(|c| c != "0"));
    if let Some(code) = error_code {
        let message = get("error_description")
            .or_else(|| get("errmsg"))
            .or_else(|| get("msg"));
        let mut error = Error::auth(format!("the authorisation was not granted: {code}"))
            .with_code(client_core::code::VendorCode::new(&code), None);
        if let Some(m) = message {
            error = error.with_vendor_message(m);
        }
        return Err(error);
    }
    match get("code") {
        Some(code) => Ok(SecretString::from(code)),
        None => Err(Error::invalid_input(
            "redirect",
            "has no `code` parameter (expected the URL Wukong redirected to, or its query string)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn redirect_forms() {
        for r in [
            "https://app.example.com/cb?code=A%2BB&state=1",
            "http://localhost:8080/cb?state=1&code=A%2BB",
            "?code=A%2BB",
            "code=A%2BB&state=1",
            "/cb?code=A%2BB",
            "https://app.example.com/cb#code=A%2BB",
        ] {
            assert_eq!(code_from_redirect(r).unwrap().expose_secret(), "A+B", "{r}");
        }
    }

    #[test]
    fn redirect_errors() {
        let e =
            code_from_redirect("https://app.example.com/cb?errcode=40029&errmsg=invalid%20code")
                .unwrap_err();
        assert!(e.is_auth());
        assert_eq!(e.vendor_code().map(|c| c.as_str()), Some("40029"));
        assert_eq!(e.vendor_message(), Some("invalid code"));
        // An error wins even when a code is present.
        assert!(
            code_from_redirect("?code=x&error=access_denied")
                .unwrap_err()
                .is_auth()
        );
        let e = code_from_redirect("https://app.example.com/cb?code=").unwrap_err();
        assert_eq!(e.field(), Some("redirect"));
        assert!(code_from_redirect("").unwrap_err().is_invalid_input());
    }
}
