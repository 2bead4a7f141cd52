//! A Linkflow sandbox (feature `testing`): a loopback server that answers the operations of this
//! crate from the document's examples, with enough state for real flows (a contact created by a
//! message can be found by its identity, listed, and added to a group that then lists it).
//!
//! ```no_run
//! # async fn demo() -> client_core::Result<()> {
//! let sandbox = linkflow_client::testing::Sandbox::start()?;
//! let client = sandbox.client()?;
//! let groups = client.groups().list().send().await?;
//! # let _ = groups; Ok(()) }
//! ```
//!
//! Rules common to every route:
//! * `GET /token` checks `X-OpenApi-Key` / `X-OpenApi-Secret` ([`APP_KEY`] / [`APP_SECRET`]) and
//!   issues a token whose `expiration` (UTC+8 text) is [`SandboxConfig::token_lifetime`] away;
//! * every other route requires a live token in `X-OpenApi-Token` (else HTTP 401);
//! * errors are the vendor's `{domain, code, message}` with the documented status and code;
//! * an unmatched request gets HTTP 404 with a readable explanation (method, path, known routes).
//!
//! Layout: each documented area registers its routes from its own file (`testing/<area>.rs`,
//! `fn register(routes: &mut Routes)`) and keeps its state in a field of the shared `SandboxState`.

mod auth;
mod contacts;
mod dimensions;
mod folders;
mod groups;
mod identity;
mod messages;
mod order_messages;
mod orders;
mod reports;
mod shorturls;
mod tags;

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use client_core::sandbox as core;
use http::{HeaderMap, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Client, ClientBuilder};

/// The App Key the sandbox accepts.
pub const APP_KEY: &str = "sandbox-app-key";
/// The App Secret the sandbox accepts.
pub const APP_SECRET: &str = "sandbox-app-secret";

/// Settings of a [`Sandbox`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// How long issued tokens live (default 60 s; the client refreshes them before expiry).
    pub token_lifetime: Duration,
    /// Whether to preload the document's example data (default true).
    pub seed: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            token_lifetime: Duration::from_secs(60),
            seed: true,
        }
    }
}

impl SandboxConfig {
    /// Sets the token lifetime.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Sets whether to preload the document's example data.
    pub fn seed(mut self, seed: bool) -> Self {
        self.seed = seed;
        self
    }
}

/// The state behind every route. Each area keeps its own part in one field.
#[derive(Debug, Default)]
pub(crate) struct SandboxState {
    pub(crate) config: Settings,
    pub(crate) auth: auth::AuthState,
    pub(crate) contacts: contacts::ContactsState,
    pub(crate) groups: groups::GroupsState,
    pub(crate) messages: messages::MessagesState,
    pub(crate) tags: tags::TagsState,
    pub(crate) dimensions: dimensions::DimensionsState,
    pub(crate) orders: orders::OrdersState,
    pub(crate) order_messages: order_messages::OrderMessagesState,
    pub(crate) reports: reports::ReportsState,
    pub(crate) shorturls: shorturls::ShortUrlsState,
    /// Requests answered, per operation (`"METHOD /path/{template}"`).
    pub(crate) counts: HashMap<&'static str, u64>,
}

/// The settings as seen by route handlers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) token_lifetime: Duration,
}

/// One request as a route handler sees it.
#[derive(Debug)]
pub struct SandboxRequest {
    /// The method.
    pub method: Method,
    /// The path (no query).
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The path parameters matched by the route template (`{id}` → value).
    pub params: Vec<(&'static str, String)>,
}

impl SandboxRequest {
    /// A query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A path parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A header, as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON, or the vendor's "invalid parameter" answer (HTTP 500 `B00010`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Reply> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Reply::error(500, "B00010", format!("参数不合法: {e}")))
    }

    /// A numeric path parameter, or `B00010`.
    pub fn param_i64(&self, name: &str) -> Result<i64, Reply> {
        self.param(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Reply::error(500, "B00010", format!("参数不合法: {name}")))
    }

    /// An optional numeric query parameter, or `B00010` when it is not a number.
    pub fn query_i64(&self, name: &str) -> Result<Option<i64>, Reply> {
        match self.query(name) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| Reply::error(500, "B00010", format!("参数不合法: {name}"))),
        }
    }
}

/// A route handler's answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

impl Reply {
    /// HTTP 200 with `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self {
                status: 200,
                body: Bytes::from(body),
            },
            Err(e) => Self::error(500, "B99999", format!("sandbox: cannot serialise: {e}")),
        }
    }

    /// HTTP 200 with these exact JSON bytes (e.g. a fixture).
    pub fn raw(body: impl Into<Bytes>) -> Self {
        Self {
            status: 200,
            body: body.into(),
        }
    }

    /// HTTP 200 with an empty body.
    pub fn empty() -> Self {
        Self {
            status: 200,
            body: Bytes::new(),
        }
    }

    /// The vendor's error body `{domain, code, message}` under `status`.
    pub fn error(status: u16, code: &str, message: impl Into<String>) -> Self {
        let body = serde_json::json!({
            "domain": "linkflow",
            "code": code,
            "message": message.into(),
        });
        Self {
            status,
            body: Bytes::from(body.to_string()),
        }
    }
}

/// A route handler: reads and updates the state, answers.
pub(crate) type Handler =
    Box<dyn Fn(&mut SandboxState, &SandboxRequest) -> Reply + Send + Sync + 'static>;

struct Route {
    operation: &'static str,
    handler: Handler,
}

/// The route table. Areas add their routes with [`Routes::add`].
#[derive(Default)]
pub(crate) struct Routes {
    routes: Vec<Route>,
}

impl fmt::Debug for Routes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.routes.iter().map(|r| r.operation))
            .finish()
    }
}

impl Routes {
    /// Adds the route `operation` (`"METHOD /path/{param}"`, exactly as the client names it).
    pub(crate) fn add(
        &mut self,
        operation: &'static str,
        handler: impl Fn(&mut SandboxState, &SandboxRequest) -> Reply + Send + Sync + 'static,
    ) {
        self.routes.push(Route {
            operation,
            handler: Box::new(handler),
        });
    }
}

/// Literal segments in a route template: routes with more are tried first, so that
/// `/open/contacts/cursor` wins over a `/open/contacts/{id}` of the same length.
fn literal_segments(operation: &str) -> usize {
    operation
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .count()
}

fn all_routes() -> Routes {
    let mut routes = Routes::default();
    auth::register(&mut routes);
    messages::register(&mut routes);
    identity::register(&mut routes);
    contacts::register(&mut routes);
    groups::register(&mut routes);
    tags::register(&mut routes);
    folders::register(&mut routes);
    dimensions::register(&mut routes);
    orders::register(&mut routes);
    order_messages::register(&mut routes);
    reports::register(&mut routes);
    shorturls::register(&mut routes);
    routes
}

fn to_request(base: &core::SandboxRequest) -> SandboxRequest {
    SandboxRequest {
        method: base.method().clone(),
        path: base.path().to_owned(),
        query: base.query_pairs().to_vec(),
        headers: base.headers().clone(),
        body: base.body().clone(),
        params: Vec::new(),
    }
}

fn to_response(reply: Reply) -> core::SandboxResponse {
    if reply.body.is_empty() {
        core::SandboxResponse::status(reply.status)
    } else {
        core::SandboxResponse::json_text(reply.status, reply.body)
    }
}

/// A running Linkflow sandbox on loopback (on client-core's sandbox base). Stops when dropped.
pub struct Sandbox {
    base: core::Sandbox<SandboxState>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox with the default [`SandboxConfig`] (on its own thread: works from sync
    /// and async code alike).
    pub fn start() -> client_core::Result<Self> {
        Self::start_with(SandboxConfig::default())
    }

    /// Starts a sandbox with `config`.
    pub fn start_with(config: SandboxConfig) -> client_core::Result<Self> {
        let mut state = SandboxState {
            config: Settings {
                token_lifetime: config.token_lifetime,
            },
            ..SandboxState::default()
        };
        if config.seed {
            seed(&mut state)?;
        }
        let mut routes = all_routes().routes;
        routes.sort_by_key(|r| std::cmp::Reverse(literal_segments(r.operation)));
        let mut builder = core::Sandbox::builder(state).name("linkflow").credentials(
            |req, state: &mut SandboxState| {
                auth::check_token(state, &to_request(req)).map_err(to_response)
            },
        );
        for route in routes {
            let (method, pattern) = route.operation.split_once(' ').ok_or_else(|| {
                client_core::Error::config("a sandbox route needs `METHOD /path`")
            })?;
            let method = Method::from_bytes(method.as_bytes())
                .map_err(|_| client_core::Error::config("a sandbox route has a bad method"))?;
            let operation = route.operation;
            let handler = route.handler;
            let answer = move |req: &core::SandboxRequest, state: &mut SandboxState| {
                let mut request = to_request(req);
                request.params = param_names(operation)
                    .filter_map(|name| req.param(name).map(|v| (name, v.to_owned())))
                    .collect();
                *state.counts.entry(operation).or_default() += 1;
                to_response(handler(state, &request))
            };
            builder = if operation == auth::TOKEN_ROUTE {
                builder.open_route(method, pattern, answer)
            } else {
                builder.route(method, pattern, answer)
            };
        }
        Ok(Self {
            base: builder.start()?,
        })
    }

    /// The sandbox's base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        self.base.base_url()
    }

    /// A [`ClientBuilder`] pointed at the sandbox with its credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .credentials(APP_KEY, APP_SECRET)
    }

    /// A [`Client`] pointed at the sandbox.
    pub fn client(&self) -> client_core::Result<Client> {
        self.client_builder().build()
    }

    /// How many requests the route `operation` (`"METHOD /path/{template}"`) has answered
    /// (rejected requests are not counted).
    pub fn request_count(&self, operation: &str) -> u64 {
        self.base
            .with_state(|state| state.counts.get(operation).copied().unwrap_or(0))
    }

    /// How many tokens `GET /token` has issued or refused.
    pub fn tokens_issued(&self) -> u64 {
        self.request_count(auth::TOKEN_ROUTE)
    }

    /// Requests refused for a missing, unknown or expired token.
    pub fn rejected(&self) -> u64 {
        self.base.rejected()
    }

    /// Requests that matched no route.
    pub fn unmatched(&self) -> u64 {
        self.base.unmatched()
    }

    /// Every `request_id` `POST /open/messages` received, in order (repeats included).
    pub fn message_request_ids(&self) -> Vec<String> {
        self.base
            .with_state(|state| state.messages.request_ids.clone())
    }

    /// Message batches applied (a repeated `request_id` is acknowledged but not applied again).
    pub fn message_batches_applied(&self) -> u64 {
        self.base.with_state(|state| state.messages.applied)
    }

    /// Events recorded for `contact_id` by `POST /open/messages`.
    pub fn events_of(&self, contact_id: i64) -> usize {
        self.base.with_state(|state| {
            state
                .contacts
                .contacts
                .get(&contact_id)
                .map_or(0, |c| c.events.len())
        })
    }

    /// Makes every token issued so far invalid (the next request gets HTTP 401).
    pub fn revoke_tokens(&self) {
        self.base.with_state(|state| state.auth.revoke_all());
    }

    /// Runs `f` on the sandbox's state.
    #[allow(dead_code)]
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut SandboxState) -> R) -> R {
        self.base.with_state(f)
    }
}

/// The `{name}` parameters of a route template.
fn param_names(operation: &'static str) -> impl Iterator<Item = &'static str> {
    operation
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
}

/// Loads the document's example data (the fixtures) into the state.
fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    contacts::seed(state)?;
    groups::seed(state)?;
    tags::seed(state)?;
    dimensions::seed(state)?;
    orders::seed(state)?;
    Ok(())
}
