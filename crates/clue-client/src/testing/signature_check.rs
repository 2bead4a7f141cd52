//! The check every request passes first: `appId`, `appKey`, a fresh `timestamp` and the `sign`
//! of the default recipe over the body as received.

use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::sandbox::{SandboxRequest, SandboxResponse};
use client_core::signing::signatures_match;
use secrecy::ExposeSecret as _;

use super::responses::fail;
use super::{SandboxState, codes};
use crate::auth::{SignInput, SignRecipe};

pub(super) fn check_signature(
    request: &SandboxRequest,
    state: &mut SandboxState,
) -> Result<(), SandboxResponse> {
    let header = |name: &str| {
        request
            .header(name)
            .ok_or_else(|| fail(codes::HEADER_MISSING, format!("missing header `{name}`")))
    };
    let app_id = header("appid")?;
    let timestamp = header("timestamp")?;
    let sign = header("sign")?;
    if app_id != state.app_id {
        return Err(fail(codes::SIGNATURE_INVALID, "unknown appId"));
    }
    if let Some(key) = request.header("appkey")
        && !signatures_match(state.app_key.expose_secret(), key)
    {
        return Err(fail(codes::SIGNATURE_INVALID, "wrong appKey"));
    }
    let sent = timestamp
        .parse::<i64>()
        .ok()
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .ok_or_else(|| fail(codes::BAD_REQUEST, "timestamp is not epoch milliseconds"))?;
    let skew = (Utc::now() - sent).abs();
    if skew.to_std().unwrap_or(Duration::MAX) > state.max_skew {
        return Err(fail(
            codes::TIMESTAMP_STALE,
            format!(
                "timestamp is {} s away from the server's clock",
                skew.num_seconds()
            ),
        ));
    }
    let expected = SignRecipe::AppIdTimestampBodyAppKey.sign(&SignInput::new(
        app_id,
        timestamp,
        request.body(),
        &state.app_key,
    ));
    if !signatures_match(&expected, sign) {
        return Err(fail(codes::SIGNATURE_INVALID, "sign mismatch"));
    }
    Ok(())
}
