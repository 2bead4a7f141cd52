//! [`SandboxBuilder`]: the app, credentials and rules of a sandbox, and its start.

use client_core::Result;
use client_core::sandbox::Method;
use client_core::sandbox::Sandbox as Base;
use secrecy::SecretString;

use super::state::SandboxState;
use super::{APP, APP_KEY, APP_SECRET, Sandbox, SandboxSigning};
use crate::auth;

#[derive(Debug, Clone)]
pub(super) struct Settings {
    pub(super) app: String,
    pub(super) app_key: String,
    pub(super) secret: SecretString,
    pub(super) signing: SandboxSigning,
    pub(super) service_in_signature: bool,
    pub(super) sign_responses: bool,
    pub(super) fixed_time: Option<i64>,
}

/// Configures an [`Sandbox`].
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    settings: Settings,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            settings: Settings {
                app: APP.to_owned(),
                app_key: APP_KEY.to_owned(),
                secret: SecretString::from(APP_SECRET),
                signing: SandboxSigning::Dynamic,
                service_in_signature: false,
                sign_responses: true,
                fixed_time: None,
            },
        }
    }
}

impl SandboxBuilder {
    /// The app name (default [`APP`]).
    pub fn app(mut self, app: impl Into<String>) -> Self {
        self.settings.app = app.into();
        self
    }

    /// The app key and secret (default [`APP_KEY`], [`APP_SECRET`]).
    pub fn credentials(
        mut self,
        app_key: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.settings.app_key = app_key.into();
        self.settings.secret = secret.into();
        self
    }

    /// How request signatures are checked (default dynamic MD5).
    pub fn signing(mut self, signing: SandboxSigning) -> Self {
        self.settings.signing = signing;
        self
    }

    /// Emulates a server that, on new-style paths, adds `s=SVIP.<app>.<Method>` to the signed
    /// parameters when the request did not send it (default off: only what is sent is signed).
    pub fn service_in_signature(mut self, on: bool) -> Self {
        self.settings.service_in_signature = on;
        self
    }

    /// Whether answers carry `_t` and `_auth` (default on).
    pub fn sign_responses(mut self, on: bool) -> Self {
        self.settings.sign_responses = on;
        self
    }

    /// Answers with this `_t` instead of the current time.
    pub fn fixed_time(mut self, t: i64) -> Self {
        self.settings.fixed_time = Some(t);
        self
    }

    /// Starts the sandbox.
    pub fn start(self) -> Result<Sandbox> {
        let state = SandboxState::new(self.settings.clone())?;
        let sandbox = Base::builder(state)
            .name("okayapi")
            .open_route(
                Method::POST,
                "/api/{ns}/{app}/{method}",
                |request, state| {
                    let service = format!(
                        "{}.{}.{}",
                        request.param("ns").unwrap_or_default(),
                        request.param("app").unwrap_or_default(),
                        request.param("method").unwrap_or_default()
                    );
                    state.handle(request, service, true)
                },
            )
            .open_route(Method::POST, "/", |request, state| {
                match request
                    .field(auth::SERVICE)
                    .or_else(|| request.field("service"))
                {
                    Some(service) => state.handle(request, service, false),
                    None => state.envelope_error(400, "缺少必要参数s (the service name)"),
                }
            })
            .start()?;
        Ok(Sandbox {
            sandbox,
            settings: self.settings,
        })
    }
}
