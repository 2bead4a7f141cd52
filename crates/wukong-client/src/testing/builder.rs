//! [`SandboxBuilder`]: the settings of a [`Sandbox`], and starting it.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use client_core::clock::{Clock, SystemClock};
use client_core::sandbox::{self as core, Method};

use super::lead_routes::{import, list};
use super::oauth_routes::{check_access_token, oauth_code, oauth_token};
use super::{APPID, APPSECRET, Sandbox, State};
use crate::Result;

/// Settings of a [`Sandbox`].
#[must_use]
pub struct SandboxBuilder {
    appid: String,
    appsecret: String,
    code_lifetime: Duration,
    access_lifetime: Duration,
    refresh_lifetime: Duration,
    clock: Arc<dyn Clock>,
    seed: bool,
    code_in_json: bool,
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("appid", &self.appid)
            .field("code_lifetime", &self.code_lifetime)
            .field("access_lifetime", &self.access_lifetime)
            .field("refresh_lifetime", &self.refresh_lifetime)
            .finish_non_exhaustive()
    }
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            appid: APPID.to_owned(),
            appsecret: APPSECRET.to_owned(),
            code_lifetime: Duration::from_secs(60),
            access_lifetime: Duration::from_secs(120),
            refresh_lifetime: Duration::from_secs(60 * 60),
            clock: Arc::new(SystemClock),
            seed: true,
            code_in_json: false,
        }
    }
}

impl SandboxBuilder {
    /// The app credentials the sandbox accepts (default [`APPID`] / [`APPSECRET`]).
    pub fn credentials(mut self, appid: impl Into<String>, appsecret: impl Into<String>) -> Self {
        self.appid = appid.into();
        self.appsecret = appsecret.into();
        self
    }

    /// Answer `POST /oauth/code` with `200 {"code":0,"msg":"ok"}` instead of the documented
    /// redirect (`302 Location: <redirect_uri>?code=…`); the code is then only in
    /// [`Sandbox::last_redirect`], as with a server that delivers it out of band.
    pub fn code_in_json(mut self) -> Self {
        self.code_in_json = true;
        self
    }

    /// How long an authorisation code is valid (default 60 s).
    pub fn code_lifetime(mut self, lifetime: Duration) -> Self {
        self.code_lifetime = lifetime;
        self
    }

    /// How long an access token lives (default 120 s; the real one lives 2 h).
    pub fn access_lifetime(mut self, lifetime: Duration) -> Self {
        self.access_lifetime = lifetime;
        self
    }

    /// How long a refresh token lives (default 1 h; undocumented for the real service).
    pub fn refresh_lifetime(mut self, lifetime: Duration) -> Self {
        self.refresh_lifetime = lifetime;
        self
    }

    /// The sandbox's clock (share a `ManualClock` with the client to test expiry).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Whether to preload three demo leads (default true).
    pub fn seed(mut self, seed: bool) -> Self {
        self.seed = seed;
        self
    }

    /// Starts the sandbox on a random loopback port.
    pub fn start(self) -> Result<Sandbox> {
        let clock = Arc::clone(&self.clock);
        let appid = self.appid.clone();
        let appsecret = self.appsecret.clone();
        let mut state = State {
            appid: self.appid,
            appsecret: self.appsecret,
            code_lifetime: delta(self.code_lifetime),
            access_lifetime: delta(self.access_lifetime),
            refresh_lifetime: delta(self.refresh_lifetime),
            clock: Arc::clone(&self.clock),
            issued: 0,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            last_redirect: None,
            code_in_json: self.code_in_json,
            leads: Vec::new(),
            reject_next_import: None,
        };
        if self.seed {
            state.seed();
        }
        let server = core::Sandbox::builder(state)
            .name("wukong")
            .credentials(check_access_token)
            .open_route(Method::POST, "/oauth/code", oauth_code)
            .open_route(Method::POST, "/oauth/token", oauth_token)
            .route(Method::POST, "/openv1/list", |r, s| list(r, s, false))
            .route(Method::POST, "/openv1/potential", |r, s| list(r, s, true))
            .route(Method::POST, "/importv1/potential", import)
            .start()?;
        Ok(Sandbox {
            server,
            appid,
            appsecret,
            clock,
        })
    }
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}
