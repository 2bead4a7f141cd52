//! Typed client for OkayAPI / 果创云 YesApi custom API methods (`okayapi.md`), with MD5 request
//! signing and response-signature verification.
//!
//! One [`Client`] per app of an account: the account's API host, the app name (the
//! `Swxiryan0788_MyApi` of `/api/SVIP/Swxiryan0788_MyApi/<Method>`), its `app_key` and
//! `app_secret`. Every request is a form-encoded `POST`, signed right before it is sent
//! ([`auth`]); every answer is the envelope `{ret, data, msg, _t, _auth}`, whose `_auth` is
//! verified over the exact bytes of `data` before `data` is decoded.
//!
//! The document's 15 methods are grouped by area: [`Client::usage`], [`Client::process_data`],
//! [`Client::robot`], [`Client::cases`], [`Client::prompts`], [`Client::reports`]. Any other method
//! is one [`Client::call`] away, and another account's custom methods can be typed in one line
//! ([`okayapi_method!`], see [`method`]).
//!
//! ```no_run
//! # async fn demo() -> okayapi_client::Result<()> {
//! use futures::TryStreamExt as _;
//! use okayapi_client::Client;
//! use okayapi_client::models::{OperateType, SaveVarDataParams, UseRecordStatisticsParams, VarDatasParams};
//!
//! // OKAYAPI_BASE_URL, OKAYAPI_APP, OKAYAPI_APP_KEY, OKAYAPI_APP_SECRET.
//! let client = Client::from_env()?;
//!
//! // A list method, page by page until `total`, as a stream of items.
//! let records: Vec<_> = client
//!     .usage()
//!     .statistics_stream(UseRecordStatisticsParams::new().perpage(100))
//!     .try_collect()
//!     .await?;
//! println!("{} usage records", records.len());
//!
//! // A write, then read it back.
//! let saved = client
//!     .process_data()
//!     .save(
//!         SaveVarDataParams::new()
//!             .user_id("10086")
//!             .user_name("王小明")
//!             .operate_type(OperateType::Create),
//!     )
//!     .await?;
//! println!("saved row {}", saved.id);
//! let rows = client.process_data().get(VarDatasParams::new(10086u64)).await?;
//! println!("{} rows for user 10086", rows.datas.len());
//!
//! // Any method, by name, with any serialisable parameters.
//! let steps: serde_json::Value = client
//!     .call("ALieBiaoAndypromptsteps", serde_json::json!({ "version": "1.0" }))
//!     .await?;
//! println!("{steps}");
//! # Ok(()) }
//! ```
//!
//! Errors are [`Error`]: `is_invalid_input()` for a broken documented rule (nothing
//! was sent), `is_api()` with `vendor_code()` = `ret`, `code_entry()` (its documented meaning),
//! `vendor_message()` = `msg` and `body()`; `is_signature()` when the server rejected our signature
//! (`ret` 406) or the response's `_auth` did not verify.

pub mod api;
pub mod auth;
mod form;
pub mod method;
pub mod models;
#[cfg(feature = "testing")]
pub mod testing;

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use client_core::paging::{Page, PageRequest, Paging};
use client_core::transport::{Body, Payload, Request, Transport, TransportBuilder};
use futures::StreamExt as _;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use auth::{Credentials, MemberSession, NewStyleService, PathStyle, SigningMode, Verification};
pub use client_core;
use client_core::env_vars::EnvVars;
/// The error type, the configuration types the builder takes, the stream type of list
/// operations, clocks and token stores: everything a user needs without adding `client-core`.
pub use client_core::sdk::*;

/// `use okayapi_client::prelude::*;` brings the client, the error and result types, and the
/// stream methods (`try_next`, `try_collect`, …) into scope.
pub mod prelude {
    pub use client_core::sdk::prelude::*;

    pub use crate::{Client, ClientBuilder, Config};
}
pub use method::{ApiMethod, ListMethod, ListResponse};

use auth::OkayApiVendor;
use form::Pair;

/// Environment variable holding the account's API base URL (e.g. `https://api.example.com`).
pub const ENV_BASE_URL: &str = "OKAYAPI_BASE_URL";
/// Environment variable holding the app name (`Swxiryan0788_MyApi` in the document).
pub const ENV_APP: &str = "OKAYAPI_APP";
/// Environment variable holding the `app_key`.
pub const ENV_APP_KEY: &str = "OKAYAPI_APP_KEY";
/// Environment variable holding the `app_secret`.
pub const ENV_APP_SECRET: &str = "OKAYAPI_APP_SECRET";

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("okayapi-client/", env!("CARGO_PKG_VERSION"));

/// Items per page a stream asks for when the parameters set no `perpage`.
pub const DEFAULT_STREAM_PAGE_SIZE: u32 = 100;

/// The operation name of calls made by name ([`Client::call`]).
pub const GENERIC_OPERATION: &str = "POST /api/SVIP/{app}/{method}";

/// Parameters the client sets itself; callers may not pass them.
const RESERVED: &[(&str, &str)] = &[
    (auth::APP_KEY, "is set by the client from its credentials"),
    (auth::SIGN, "is computed by the client (see SigningMode)"),
    (auth::UUID, "is set by the client from its member session"),
    (auth::TOKEN, "is set by the client from its member session"),
    (auth::SERVICE, "is set by the client from the method name"),
    ("service", "is set by the client from the method name"),
    (
        "return_data",
        "is never sent: the client always reads the full envelope",
    ),
];

/// The settings of a [`Client`], apart from the credentials.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The account's API base URL (required; `http://hn216.api.okayapi.com` in the document is a
    /// temporary test host).
    pub base_url: Option<String>,
    /// The app name: the `<app>` of `SVIP.<app>.<Method>` (required).
    pub app: Option<String>,
    /// Which path style requests use.
    pub path_style: PathStyle,
    /// With the new path style: whether `s` is sent and signed.
    pub new_style_service: NewStyleService,
    /// How requests are signed.
    pub signing: SigningMode,
    /// Whether the response signature `_auth` is verified.
    pub verification: Verification,
    /// When `_auth` is verified: the most `_t` may differ from the local clock (`None`: not
    /// checked, the default).
    pub max_clock_skew: Option<Duration>,
    /// Whole-operation timeout (retries and waits included).
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// The default retry policy.
    pub retry: RetryPolicy,
    /// Cap on requests in flight (`None`: no cap).
    pub max_concurrent_requests: Option<usize>,
    /// Client-side rate limit in requests per second (`None`: no limit).
    pub rate_limit: Option<NonZeroU32>,
    /// Items per page for streams whose parameters set no `perpage`.
    pub stream_page_size: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: None,
            app: None,
            path_style: PathStyle::default(),
            new_style_service: NewStyleService::default(),
            signing: SigningMode::default(),
            verification: Verification::default(),
            max_clock_skew: None,
            timeout: client_core::transport::DEFAULT_TIMEOUT,
            connect_timeout: client_core::transport::DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_concurrent_requests: Some(client_core::transport::DEFAULT_MAX_CONCURRENT_REQUESTS),
            rate_limit: None,
            stream_page_size: DEFAULT_STREAM_PAGE_SIZE,
        }
    }
}

/// Builds a [`Client`]. Keeps the first configuration error until [`ClientBuilder::build`].
#[derive(Default)]
pub struct ClientBuilder {
    config: Config,
    credentials: Option<Credentials>,
    member: Option<MemberSession>,
    transport: TransportSettings,
    clock: Option<Arc<dyn Clock>>,
    error: Option<Error>,
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

    fn from_env_vars(mut vars: EnvVars<'_>) -> Self {
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
            routes: Arc::new(Routes {
                new_prefix: format!("/api/SVIP/{app}/"),
                old_prefix: format!("SVIP.{app}."),
                app,
                style: config.path_style,
                new_style_service: config.new_style_service,
                page_size: config.stream_page_size,
            }),
        })
    }
}

/// Letters, digits, `_` and `-`, not empty.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Where requests go.
#[derive(Debug)]
struct Routes {
    app: String,
    style: PathStyle,
    new_style_service: NewStyleService,
    /// `/api/SVIP/<app>/`
    new_prefix: String,
    /// `SVIP.<app>.`
    old_prefix: String,
    page_size: u32,
}

/// The method a request calls.
enum Target<'a> {
    /// A method of the configured app (`AGetAndyVarDatas`).
    Method(&'a str),
    /// A full service name (`SVIP.<app>.<Method>`).
    Service(&'a str),
}

/// An OkayAPI client for one app. Cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    transport: Transport<OkayApiVendor>,
    routes: Arc<Routes>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.transport.base_url().as_str())
            .field("app", &self.routes.app)
            .field("path_style", &self.routes.style)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client from [`ENV_BASE_URL`], [`ENV_APP`], [`ENV_APP_KEY`] and [`ENV_APP_SECRET`], with
    /// the default settings.
    pub fn from_env() -> Result<Self> {
        Self::builder_from_env()?.build()
    }

    /// A [`ClientBuilder`] filled from the environment (see [`Client::from_env`]), to adjust
    /// further before building. Every missing or invalid variable is named in one error.
    pub fn builder_from_env() -> Result<ClientBuilder> {
        let builder = ClientBuilder::from_env();
        match builder.error {
            Some(error) => Err(error),
            None => Ok(builder),
        }
    }

    /// The app name.
    pub fn app(&self) -> &str {
        &self.routes.app
    }

    /// The path style requests use.
    pub fn path_style(&self) -> PathStyle {
        self.routes.style
    }

    /// AAndyUseRecordStatistics (使用情况记录统计).
    pub fn usage(&self) -> api::usage::UsageHandler<'_> {
        api::usage::UsageHandler::new(self)
    }

    /// ASaveAndyVardDtas and AGetAndyVarDatas (过程数据存储表).
    pub fn process_data(&self) -> api::process_data::ProcessDataHandler<'_> {
        api::process_data::ProcessDataHandler::new(self)
    }

    /// The DingTalk robot callbacks: AReceiveMsg, ACpsReceiveSearch, ARjkhSaleCaseReceiveSearch.
    pub fn robot(&self) -> api::robot::RobotHandler<'_> {
        api::robot::RobotHandler::new(self)
    }

    /// The case lists: ANrkhCaseDetail, ANrdadanCaseDetail, APtjdCaseDetail,
    /// ALieBiaoProductprocuredetail, ARjkhSaleCaseDetail.
    pub fn cases(&self) -> api::cases::CasesHandler<'_> {
        api::cases::CasesHandler::new(self)
    }

    /// The prompt tables: ALieBiaoAndyReportPromts, ALieBiaoAndypromptsteps.
    pub fn prompts(&self) -> api::prompts::PromptsHandler<'_> {
        api::prompts::PromptsHandler::new(self)
    }

    /// The reports: ABuildExcel, AJdyyReportData.
    pub fn reports(&self) -> api::reports::ReportsHandler<'_> {
        api::reports::ReportsHandler::new(self)
    }

    /// Calls the method `M` of the configured app and decodes its `data`.
    ///
    /// The parameters are checked ([`ApiMethod::validate`]) before anything is sent.
    pub async fn send<M: ApiMethod>(&self, params: &M) -> Result<M::Response> {
        self.send_with(params, None).await
    }

    /// [`Client::send`] with per-request options (timeout, retry policy).
    pub async fn send_with<M: ApiMethod>(
        &self,
        params: &M,
        options: Option<RequestOptions>,
    ) -> Result<M::Response> {
        decode(&self.payload_of(params, options).await?)
    }

    /// Checks `params`, calls the method `M` and returns its `data` undecoded.
    async fn payload_of<M: ApiMethod>(
        &self,
        params: &M,
        options: Option<RequestOptions>,
    ) -> Result<Payload> {
        params.validate()?;
        let pairs = params_of(params)?;
        let request = self.request(
            M::OPERATION,
            Target::Method(M::METHOD),
            pairs,
            M::SAFE_TO_REPEAT,
            options,
        );
        self.transport.execute_payload(request).await
    }

    /// The list method `M`, page after page from `params`' `page` (default 1), as a stream of
    /// items. Holds one page at a time; `perpage` defaults to [`Config::stream_page_size`]. The
    /// parameters are checked before the first request; an error ends the stream.
    ///
    /// The stream ends when the items counted reach `total` (the pages before a later start
    /// page count as full), or on an empty page. A short page ends it only when the server gives
    /// no total: a server that caps `perpage` below the size asked for does not end a listing
    /// early. A page whose `data` repeats the previous page's byte for byte (a server ignoring
    /// `page`) ends the stream with an [`Error::is_api`] error instead of looping.
    pub fn stream<M: ListMethod>(
        &self,
        params: M,
    ) -> ItemStream<<M::Response as ListResponse>::Item> {
        let size = params.perpage().unwrap_or(self.routes.page_size);
        let start = params.page().unwrap_or(1);
        let client = self.clone();
        Paging::new(size)
            .first_page(1)
            .start_page(u64::from(start))
            .by_page_number(move |request: PageRequest| {
                let client = client.clone();
                let page = u32::try_from(request.number);
                let params = params.clone();
                async move {
                    let page = page.map_err(|_| {
                        Error::limit("the page number passed the largest value `page` can hold")
                    })?;
                    let params = params.with_page(page, request.size);
                    let payload = client.payload_of(&params, None).await?;
                    let (items, total) = decode::<M::Response>(&payload)?.into_page();
                    let page = Page::new(items).with_fingerprint_of_bytes(payload.bytes());
                    Ok(match total {
                        Some(total) => page.with_total_items(total),
                        None => page,
                    })
                }
            })
            .items()
            .boxed()
    }

    /// Calls any method by name and decodes its `data` as `T`.
    ///
    /// `method` is a method of the configured app (`"AGetAndyVarDatas"`) or a full service name
    /// (`"SVIP.<app>.<Method>"`); `params` is any struct or map (`serde_json::json!({...})`,
    /// `()` for none). The call is treated as not safe to repeat; use [`Client::method`] to say
    /// otherwise.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: impl Serialize,
    ) -> Result<T> {
        self.method(method).params(&params).send().await
    }

    /// [`Client::call`], returning `data` as its exact JSON text.
    pub async fn call_raw(&self, method: &str, params: impl Serialize) -> Result<RawData> {
        self.method(method).params(&params).send_raw().await
    }

    /// A call of any method by name, to configure before sending.
    pub fn method(&self, method: impl Into<String>) -> Call<'_> {
        let method = method.into();
        let error = check_method_name(&method).err();
        Call {
            client: self,
            method,
            params: Vec::new(),
            safe_to_repeat: false,
            options: None,
            error,
        }
    }

    fn request(
        &self,
        operation: &'static str,
        target: Target<'_>,
        mut pairs: Vec<Pair>,
        safe_to_repeat: bool,
        options: Option<RequestOptions>,
    ) -> Request {
        let routes = &*self.routes;
        let service = || match target {
            Target::Method(method) => {
                let mut s = String::with_capacity(routes.old_prefix.len() + method.len());
                s.push_str(&routes.old_prefix);
                s.push_str(method);
                s
            }
            Target::Service(service) => service.to_owned(),
        };
        let request = match routes.style {
            PathStyle::New => {
                let path = match target {
                    Target::Method(method) => {
                        let mut p = String::with_capacity(routes.new_prefix.len() + method.len());
                        p.push_str(&routes.new_prefix);
                        p.push_str(method);
                        p
                    }
                    Target::Service(service) => format!("/api/{}", service.replace('.', "/")),
                };
                if routes.new_style_service == NewStyleService::SendAndSign {
                    pairs.push((auth::SERVICE.to_owned(), service()));
                }
                Request::post(operation, path)
            }
            PathStyle::Old => Request::post(operation, "/").query(auth::SERVICE, service()),
        };
        let request = request
            .body(Body::Form(pairs))
            .safe_to_repeat(safe_to_repeat);
        match options {
            Some(options) => request.options(options),
            None => request,
        }
    }
}

/// Decodes `data` from text: `serde_json::from_str` skips the per-string UTF-8 checks that
/// `from_slice` repeats, which is measurably faster on Chinese-heavy pages (one bulk UTF-8 check
/// instead). A failure is decoded again by [`Payload::decode`] for its field path.
fn decode<T: DeserializeOwned>(payload: &Payload) -> Result<T> {
    if let Ok(text) = std::str::from_utf8(payload.bytes())
        && let Ok(value) = serde_json::from_str(text)
    {
        return Ok(value);
    }
    payload.decode()
}

/// The form fields of `params`, with the client's own parameters refused.
fn params_of<T: Serialize + ?Sized>(params: &T) -> Result<Vec<Pair>> {
    let mut pairs = Vec::new();
    form::write_params(params, &mut pairs)
        .map_err(|e| Error::invalid_input("params", e.to_string()))?;
    check_reserved(&pairs)?;
    Ok(pairs)
}

fn check_reserved(pairs: &[Pair]) -> Result<()> {
    for (name, _) in pairs {
        if let Some((_, why)) = RESERVED.iter().find(|(r, _)| *r == name) {
            return Err(Error::invalid_input(name.as_str(), *why));
        }
    }
    Ok(())
}

/// `AMethod` or `Namespace.App.Method`: letters, digits, `_` and `-`, segments not empty.
fn check_method_name(method: &str) -> Result<()> {
    let ok = if method.contains('.') {
        method.split('.').count() >= 2 && method.split('.').all(is_name)
    } else {
        is_name(method)
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "method",
            format!(
                "`{method}` is neither a method name (`AGetAndyVarDatas`) nor a service name \
                 (`SVIP.<app>.<Method>`)"
            ),
        ))
    }
}

/// A call of any method by name ([`Client::method`]): parameters, whether it is safe to repeat,
/// per-request options.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a> {
    client: &'a Client,
    method: String,
    params: Vec<Pair>,
    safe_to_repeat: bool,
    options: Option<RequestOptions>,
    error: Option<Error>,
}

impl fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values may be personal data: show only their names.
        f.debug_struct("Call")
            .field("method", &self.method)
            .field(
                "params",
                &self
                    .params
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("safe_to_repeat", &self.safe_to_repeat)
            .finish_non_exhaustive()
    }
}

impl Call<'_> {
    /// Adds one parameter (its raw value; JSON text for a "字符串JSON格式" parameter).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Adds the fields of a struct or map (nested values are sent as JSON text).
    pub fn params<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        if let Err(e) = form::write_params(params, &mut self.params)
            && self.error.is_none()
        {
            self.error = Some(Error::invalid_input("params", e.to_string()));
        }
        self
    }

    /// Declares the method safe to repeat (a read), so ret 5xx and timeouts are retried
    /// (default: not safe).
    pub fn safe_to_repeat(mut self, safe: bool) -> Self {
        self.safe_to_repeat = safe;
        self
    }

    /// Per-request options (timeout, retry policy).
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = Some(options);
        self
    }

    /// Sends the call and decodes `data` as `T`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        decode(&self.payload().await?)
    }

    /// Sends the call and returns `data` as its exact JSON text.
    pub async fn send_raw(self) -> Result<RawData> {
        let bytes = self.payload().await?.bytes().clone();
        if let Err(e) = std::str::from_utf8(&bytes) {
            return Err(Error::decode("", e, &bytes));
        }
        Ok(RawData { bytes })
    }

    async fn payload(self) -> Result<Payload> {
        if let Some(error) = self.error {
            return Err(error);
        }
        check_reserved(&self.params)?;
        let target = if self.method.contains('.') {
            Target::Service(&self.method)
        } else {
            Target::Method(&self.method)
        };
        let request = self.client.request(
            GENERIC_OPERATION,
            target,
            self.params,
            self.safe_to_repeat,
            self.options,
        );
        self.client.transport.execute_payload(request).await
    }
}

/// The `data` of a response as its exact JSON text (the bytes `_auth` was verified over).
#[derive(Clone, PartialEq, Eq)]
pub struct RawData {
    bytes: Bytes,
}

impl RawData {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        // Checked when the call returned, so this never falls back.
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    /// The bytes (shared with the response body, not copied).
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Decodes the JSON as `T`.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        decode(&Payload::new(self.bytes.clone()))
    }
}

impl fmt::Debug for RawData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawData").field(&self.as_str()).finish()
    }
}

impl fmt::Display for RawData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert!(check_method_name("AGetAndyVarDatas").is_ok());
        assert!(check_method_name("SVIP.Swxiryan0788_MyApi.AGetAndyVarDatas").is_ok());
        assert!(check_method_name("App.Hello").is_ok());
        for bad in ["", "A/B", "SVIP..A", "a b", ".A", "A?x=1"] {
            assert!(check_method_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reserved_params_are_refused() {
        for name in [
            "app_key",
            "sign",
            "uuid",
            "token",
            "s",
            "service",
            "return_data",
        ] {
            let err = params_of(&serde_json::json!({ name: "1" })).unwrap_err();
            assert!(err.is_invalid_input());
            assert_eq!(err.field(), Some(name));
        }
    }
}

client_core::transport_events! {
    /// This crate's transport spans and events, under its own `tracing` target (see
    /// `client_core::transport::TransportEvents`).
    struct TransportEvents;
}
