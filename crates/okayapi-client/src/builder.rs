//! [`ClientBuilder`]: configures and builds a [`Client`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use client_core::env_vars::EnvVars;
use client_core::transport::TransportBuilder;
use secrecy::{ExposeSecret, SecretString};

use crate::auth::{
    Credentials, MemberSession, NewStyleService, OkayApiVendor, PathStyle, SigningMode,
    Verification,
};
use crate::routes::{Routes, is_name};
use crate::{
    Client, Clock, Config, ENV_APP, ENV_APP_KEY, ENV_APP_SECRET, ENV_BASE_URL, Error, Result,
    SystemClock, TransportEvents, TransportSettings, USER_AGENT, models,
};

/// Builds a [`Client`]. Keeps the first configuration error until [`ClientBuilder::build`].
#[derive(Default)]
pub struct ClientBuilder {
    config: Config,
    credentials: Option<Credentials>,
    member: Option<MemberSession>,
    transport: TransportSettings,
    clock: Option<Arc<dyn Clock>>,
    /// The first configuration error, reported by [`ClientBuilder::build`].
    pub(crate) error: Option<Error>,
}

impl Clone for ClientBuilder {
    fn clone(&self) -> Self {
        Self {
            config: self.config.clone(),
            credentials: self.credentials.clone(),
            member: self.member.clone(),
            transport: self.transport.clone(),
            clock: self.clock.clone(),
            error: self.error.as_ref().map(Error::duplicate),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("credentials", &self.credentials)
            .field("member", &self.member)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the default [`Config`] and no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder filled from [`ENV_BASE_URL`], [`ENV_APP`], [`ENV_APP_KEY`] and
    /// [`ENV_APP_SECRET`]; a missing variable is reported by [`ClientBuilder::build`].
    pub fn from_env() -> Self {
        Self::from_env_vars(EnvVars::from_process())
    }

    /// [`ClientBuilder::from_env`] reading the variables through `lookup` (a test, a secrets
    /// manager). Empty values count as missing; every missing variable is named in the one
    /// error [`ClientBuilder::build`] reports.
    pub fn from_vars(lookup: impl FnMut(&str) -> Option<String>) -> Self {
        Self::from_env_vars(EnvVars::from_lookup(lookup))
    }

    pub(crate) fn from_env_vars(mut vars: EnvVars<'_>) -> Self {
        let mut builder = Self::new();
        let base_url = vars.required(ENV_BASE_URL);
        let app = vars.required(ENV_APP);
        let key = vars.required(ENV_APP_KEY);
        let secret = vars.required(ENV_APP_SECRET);
        if let Err(error) = vars.finish() {
            builder.error.get_or_insert(error);
        }
        builder.config.base_url = base_url;
        builder.config.app = app;
        if let (Some(key), Some(secret)) = (key, secret) {
            builder.credentials = Some(Credentials::new(key, SecretString::from(secret)));
        }
        builder
    }

    /// Starts from `config` (credentials are set apart; an HTTP client set with
    /// [`ClientBuilder::http_client`] is kept).
    pub fn config(mut self, config: Config) -> Self {
        self.transport.timeout = config.timeout;
        self.transport.connect_timeout = config.connect_timeout;
        self.transport.retry = config.retry.clone();
        self.transport.max_concurrent_requests = config.max_concurrent_requests;
        self.transport.rate_limit = config.rate_limit;
        self.config = config;
        self
    }

    /// The account's API base URL ("查看我的接口域名"), e.g. `https://api.example.com`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = Some(url.into());
        self
    }

    /// The app name, the `<app>` of `/api/SVIP/<app>/<Method>` (`Swxiryan0788_MyApi`).
    pub fn app(mut self, app: impl Into<String>) -> Self {
        self.config.app = Some(app.into());
        self
    }

    /// The `app_key` and `app_secret` ("查看我的app_key和app_secrect").
    pub fn credentials(
        mut self,
        app_key: impl Into<String>,
        app_secret: impl Into<SecretString>,
    ) -> Self {
        self.credentials = Some(Credentials::new(app_key, app_secret));
        self
    }

    /// A logged-in member: `uuid` and `token` are sent (and signed) with every request.
    pub fn member_session(
        mut self,
        uuid: impl Into<String>,
        token: impl Into<SecretString>,
    ) -> Self {
        self.member = Some(MemberSession::new(uuid, token));
        self
    }

    /// How requests are signed (default [`SigningMode::Dynamic`]).
    pub fn signing(mut self, mode: impl Into<SigningMode>) -> Self {
        self.config.signing = mode.into();
        self
    }

    /// The path style (default [`PathStyle::New`]).
    pub fn path_style(mut self, style: impl Into<PathStyle>) -> Self {
        self.config.path_style = style.into();
        self
    }

    /// With the new path style: whether `s=SVIP.<app>.<Method>` is sent and signed (default
    /// [`NewStyleService::Omit`]).
    pub fn new_style_service(mut self, service: impl Into<NewStyleService>) -> Self {
        self.config.new_style_service = service.into();
        self
    }

    /// Whether `_auth` is verified (default [`Verification::IfPresent`]).
    pub fn verification(mut self, verification: impl Into<Verification>) -> Self {
        self.config.verification = verification.into();
        self
    }

    /// When `_auth` is verified, the most `_t` may differ from the local clock (`None`: not
    /// checked, the default).
    pub fn max_clock_skew(mut self, window: Option<Duration>) -> Self {
        self.config.max_clock_skew = window;
        self
    }

    /// The clock the skew window is checked against (default: the system clock).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    client_core::transport_setters!(transport);

    /// Items per page for streams whose parameters set no `perpage` (1–10,000).
    pub fn stream_page_size(mut self, size: u32) -> Self {
        self.config.stream_page_size = size;
        self
    }

    /// Builds the client. Fails on a missing base URL, app name or credentials, or an unusable
    /// setting.
    pub fn build(self) -> Result<Client> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let config = self.config;
        let base_url = config.base_url.ok_or_else(|| {
            Error::config(
                "a base URL is required: the account's own API host \
                 (hn216.api.okayapi.com in the document is a temporary test host)",
            )
        })?;
        let app = config
            .app
            .ok_or_else(|| Error::config("the app name is required (e.g. Swxiryan0788_MyApi)"))?;
        if !is_name(&app) {
            return Err(Error::config(format!(
                "the app name `{app}` may hold only letters, digits, `_` and `-`"
            )));
        }
        let credentials = self
            .credentials
            .ok_or_else(|| Error::config("the app_key and app_secret are required"))?;
        let secret_needed = matches!(config.signing, SigningMode::Dynamic)
            || config.verification != Verification::Off;
        let mut required =
            client_core::required::Required::new("OkayAPI").text("app_key", &credentials.app_key);
        if secret_needed {
            // Dynamic signing and response verification both need the secret.
            required = required.secret("app_secret", &credentials.app_secret);
        }
        required.finish()?;
        if let SigningMode::Static(sign) = &config.signing
            && sign.expose_secret().trim().is_empty()
        {
            return Err(Error::config("the static sign value is empty"));
        }
        if let Some(member) = &self.member
            && (member.uuid.trim().is_empty() || member.token.expose_secret().trim().is_empty())
        {
            return Err(Error::config(
                "a member session needs both a uuid and a token",
            ));
        }
        if !(1..=models::MAX_PER_PAGE).contains(&config.stream_page_size) {
            return Err(Error::config(format!(
                "the stream page size must be between 1 and {}",
                models::MAX_PER_PAGE
            )));
        }
        let vendor = OkayApiVendor {
            app_key: credentials.app_key,
            app_secret: credentials.app_secret,
            member: self.member,
            signing: config.signing,
            new_style_service: config.new_style_service,
            verification: config.verification,
            max_clock_skew: config.max_clock_skew,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
        };
        let transport = TransportBuilder::new(USER_AGENT)
            .base_url(base_url)
            .settings(&self.transport)
            .events(std::sync::Arc::new(TransportEvents))
            .build(vendor)?;
        Ok(Client {
            transport,
            routes: Arc::new(Routes::new(
                app,
                config.path_style,
                config.new_style_service,
                config.stream_page_size,
            )),
        })
    }
}
