//! Reading a token response (§1.2, §1.3) into a [`Token`].

use std::time::Duration;

use client_core::Error;
use client_core::number_or_string::NumberOrString;
use client_core::token::Token;
use client_core::transport::Payload;
use secrecy::SecretString;

use super::ACCESS_TOKEN_LIFETIME;
use crate::envelope;
use crate::models::TokenResponse;

/// Turns a token response into a [`Token`] obtained at `now`.
pub(crate) fn token_from(
    payload: Payload,
    now: chrono::DateTime<chrono::Utc>,
    previous_refresh: Option<&SecretString>,
) -> Result<Token, Error> {
    // The generated `TokenResponse` (in `data`, or the whole body): every member optional,
    // `expires_in` a number or a numeric string, and a `Debug` that redacts both tokens.
    let reply = envelope::decode::<TokenResponse>(payload)?;
    let body = reply.into_data();
    // The body is not kept: a token response whose format changed may hold a token elsewhere.
    let access = body
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::auth("the token response carries no access_token"))?;
    // Absent, or text that is not a number of seconds: the documented two hours.
    let lifetime = body
        .expires_in
        .as_ref()
        .and_then(NumberOrString::as_u64)
        .map_or(ACCESS_TOKEN_LIFETIME, Duration::from_secs);
    let token = Token::expiring_in(SecretString::from(access), now, lifetime);
    match (
        body.refresh_token.filter(|t| !t.is_empty()),
        previous_refresh,
    ) {
        (Some(new), _) => Ok(token.with_refresh(SecretString::from(new))),
        // No new refresh token: the previous one stays valid.
        (None, Some(old)) => Ok(token.with_refresh(old.clone())),
        (None, None) => Ok(token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bodies_decode_into_the_generated_type_and_never_show_in_debug() {
        let body: TokenResponse = serde_json::from_str(
            r#"{"access_token": "AT-secret", "refresh_token": "RT-secret", "expires_in": "7200"}"#,
        )
        .unwrap();
        assert_eq!(
            body.expires_in.as_ref().and_then(NumberOrString::as_u64),
            Some(7200)
        );
        let shown = format!("{body:?}");
        assert!(
            !shown.contains("AT-secret") && !shown.contains("RT-secret"),
            "{shown}"
        );
        assert!(
            shown.contains("[REDACTED]") && shown.contains("7200"),
            "{shown}"
        );
        let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        for (expires_in, seconds) in [
            ("7200", 7200),
            ("\"60\"", 60),
            ("7200.0", 7200),
            ("\"soon\"", 7200),
        ] {
            let text = format!(r#"{{"access_token": "a", "expires_in": {expires_in}}}"#);
            let token = token_from(Payload::new(text.into()), now, None).unwrap();
            let lifetime = token.expires_at() - now;
            assert_eq!(lifetime.num_seconds(), seconds, "{expires_in}");
        }
    }
}
