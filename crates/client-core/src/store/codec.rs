//! The stored form of a token (JSON), shared by the file and Redis stores.

use std::io;

use chrono::{DateTime, Utc};
use secrecy::zeroize::Zeroize;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::token::Token;

/// The version written into stored tokens.
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct StoredRef<'a> {
    version: u32,
    access_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
    expires_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    obtained_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct StoredOwned {
    version: u32,
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_at: DateTime<Utc>,
    #[serde(default)]
    obtained_at: Option<DateTime<Utc>>,
}

/// `{"version":1,"access_token":…,"refresh_token":…,"expires_at":…,"obtained_at":…}` and a
/// newline. The caller zeroizes the bytes once written.
pub(crate) fn encode(token: &Token) -> io::Result<Vec<u8>> {
    let stored = StoredRef {
        version: FORMAT_VERSION,
        access_token: token.access().expose_secret(),
        refresh_token: token.refresh().map(ExposeSecret::expose_secret),
        expires_at: token.expires_at(),
        obtained_at: token.obtained_at(),
    };
    let mut bytes = serde_json::to_vec_pretty(&stored).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a token; anything that is not one is an [`io::ErrorKind::InvalidData`] error whose text
/// quotes no value (only the position), so a secret never reaches a log.
pub(crate) fn decode(bytes: &[u8]) -> io::Result<Token> {
    let owned = serde_json::from_slice::<StoredOwned>(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not a stored token ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )
    })?;
    let StoredOwned {
        version,
        mut access_token,
        refresh_token,
        expires_at,
        obtained_at,
    } = owned;
    if version != FORMAT_VERSION {
        access_token.zeroize();
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("unsupported stored token version {version}"),
        ));
    }
    let mut token = Token::new(SecretString::from(access_token), expires_at);
    if let Some(refresh) = refresh_token {
        token = token.with_refresh(SecretString::from(refresh));
    }
    if let Some(obtained_at) = obtained_at {
        token = token.with_obtained_at(obtained_at);
    }
    Ok(token)
}
