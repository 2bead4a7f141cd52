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
//!   issues a token whose `expiration` (UTC+8 text) is [`SandboxBuilder::token_lifetime`] away;
//! * every other route requires a live token in `X-OpenApi-Token` (else HTTP 401);
//! * errors are the vendor's `{domain, code, message}` with the documented status and code;
//! * an unmatched request gets HTTP 404 with a readable explanation (method, path, known routes).
//!
//! Layout: each documented area registers its routes from its own file (`testing/<area>.rs`,
//! `fn register(routes: &mut Routes)`) and keeps its state in a field of the shared `SandboxState`.

mod auth;
mod builder;
mod contact_store;
mod contacts;
mod dimensions;
mod folders;
mod groups;
mod identity;
mod messages;
mod multipart;
mod order_messages;
mod orders;
mod reply;
mod reports;
mod request;
mod routes;
mod shorturls;
mod state;
mod tag_store;
mod tags;

use std::fmt;

use client_core::sandbox as core;
use http::Method;

use crate::{Client, ClientBuilder};

/// The App Key the sandbox accepts.
pub const APP_KEY: &str = "sandbox-app-key";
/// The App Secret the sandbox accepts.
pub const APP_SECRET: &str = "sandbox-app-secret";

pub use builder::SandboxBuilder;
pub use reply::Reply;
pub use request::SandboxRequest;
pub(crate) use routes::Routes;
pub(crate) use state::SandboxState;

use builder::Settings;
use routes::{all_routes, literal_segments};

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
    client_core::sandbox_shape!(base, SandboxBuilder, Client);

    /// Starts a sandbox with `config` ([`SandboxBuilder::start`]).
    fn from_builder(config: SandboxBuilder) -> client_core::Result<Self> {
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

    /// A [`ClientBuilder`] pointed at the sandbox with its credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .credentials(APP_KEY, APP_SECRET)
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
    contact_store::seed(state)?;
    groups::seed(state)?;
    tag_store::seed(state)?;
    dimensions::seed(state)?;
    orders::seed(state)?;
    Ok(())
}
