//! [`Sandbox`]: a running Wukong sandbox, its clients and its counters.

use std::fmt;
use std::sync::Arc;

use client_core::clock::Clock;
use client_core::sandbox::{self as core, Method};

use super::{SandboxBuilder, SandboxLead, State};
use crate::{Client, ClientBuilder};

/// A running Wukong sandbox. Dropping it stops the server.
pub struct Sandbox {
    pub(super) server: core::Sandbox<State>,
    pub(super) appid: String,
    pub(super) appsecret: String,
    pub(super) clock: Arc<dyn Clock>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    client_core::sandbox_shape!(server, SandboxBuilder, crate::Client);

    /// A [`ClientBuilder`] for this sandbox: its base URL, credentials and clock.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .appid(self.appid.clone())
            .appsecret(self.appsecret.clone())
            .shared_clock(Arc::clone(&self.clock))
    }

    /// The redirect the last `POST /oauth/code` would have sent the browser to
    /// (`<redirect_uri>?code=…`).
    pub fn last_redirect(&self) -> Option<String> {
        self.server.with_state(|s| s.last_redirect.clone())
    }

    /// Issues an authorisation code directly (as if `/oauth/code` had been called).
    pub fn issue_code(&self) -> String {
        self.server.with_state(State::new_code)
    }

    /// Every lead the sandbox holds (seeded and imported), in order.
    pub fn leads(&self) -> Vec<SandboxLead> {
        self.server.with_state(|s| s.leads.clone())
    }

    /// Requests to `POST /oauth/token` (exchanges and refreshes).
    pub fn token_requests(&self) -> u64 {
        self.server.hits(Method::POST, "/oauth/token")
    }

    /// Requests to `POST /importv1/potential`.
    pub fn import_requests(&self) -> u64 {
        self.server.hits(Method::POST, "/importv1/potential")
    }

    /// Requests to a data route, by path (`/openv1/list`, …).
    pub fn hits(&self, path: &str) -> u64 {
        self.server.hits(Method::POST, path)
    }

    /// Requests rejected for a missing, unknown or expired access token.
    pub fn rejected_tokens(&self) -> u64 {
        self.server.rejected()
    }

    /// Makes every issued access token unknown (the next data request gets `40014`).
    pub fn revoke_access_tokens(&self) {
        self.server.with_state(|s| s.access.clear());
    }

    /// Makes every issued refresh token unknown (the next refresh gets `40030`).
    pub fn revoke_refresh_tokens(&self) {
        self.server.with_state(|s| s.refresh.clear());
    }

    /// Makes the next import request fail with `code` and `msg` (nothing of it is stored).
    pub fn reject_next_import(&self, code: i64, msg: impl Into<String>) {
        let msg = msg.into();
        self.server
            .with_state(|s| s.reject_next_import = Some((code, msg)));
    }

    /// The underlying sandbox base (request counts, state access).
    pub fn server(&self) -> &core::Sandbox<State> {
        &self.server
    }
}
