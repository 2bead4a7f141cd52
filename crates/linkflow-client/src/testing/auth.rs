//! Sandbox rules of "通过App Key和App Secret获取Access Token": `GET /token` and the token check.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use client_core::time::VendorTime;
use uuid::Uuid;

use super::{APP_KEY, APP_SECRET, Reply, Routes, SandboxRequest, SandboxState};

/// The token route.
pub(crate) const TOKEN_ROUTE: &str = "GET /token";

/// Issued tokens and their expiry.
#[derive(Debug, Default)]
pub(crate) struct AuthState {
    tokens: HashMap<String, chrono::DateTime<Utc>>,
}

impl AuthState {
    pub(crate) fn revoke_all(&mut self) {
        self.tokens.clear();
    }

    fn issue(&mut self, lifetime: Duration) -> (String, VendorTime) {
        let token = format!("sandbox-{}", Uuid::new_v4().simple());
        let lifetime = TimeDelta::from_std(lifetime).unwrap_or(TimeDelta::MAX);
        let expires = Utc::now() + lifetime;
        // Expired tokens are forgotten as new ones are issued.
        let now = Utc::now();
        self.tokens.retain(|_, at| *at > now);
        self.tokens.insert(token.clone(), expires);
        (token, VendorTime::from_instant(&expires))
    }
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(TOKEN_ROUTE, |state, req| {
        if req.header("x-openapi-key") != Some(APP_KEY)
            || req.header("x-openapi-secret") != Some(APP_SECRET)
        {
            return Reply::error(401, "B00401", "invalid app key or app secret");
        }
        let lifetime = state.config.token_lifetime;
        let (token, expiration) = state.auth.issue(lifetime);
        Reply::json(&serde_json::json!({
            "expiration": expiration.as_str(),
            "token": token,
        }))
    });
}

/// Checks `X-OpenApi-Token`: present, issued here, not expired. Else HTTP 401.
pub(super) fn check_token(state: &SandboxState, req: &SandboxRequest) -> Result<(), Reply> {
    let Some(token) = req.header("x-openapi-token") else {
        return Err(Reply::error(401, "B00401", "missing X-OpenApi-Token"));
    };
    match state.auth.tokens.get(token) {
        Some(at) if *at > Utc::now() => Ok(()),
        Some(_) => Err(Reply::error(401, "B00401", "token expired")),
        None => Err(Reply::error(401, "B00401", "invalid token")),
    }
}
