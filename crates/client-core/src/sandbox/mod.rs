//! The sandbox base (feature `testing`): a loopback HTTP server that vendor crates turn into
//! their sandboxes by registering their own rules.
//!
//! What every sandbox shares lives here:
//!
//! * a server on `127.0.0.1` with a random port, running on its own thread and runtime (so it
//!   works under any test runtime, including one with paused time), stopped when the
//!   [`Sandbox`] is dropped;
//! * routes `(method, path pattern)` with `{name}` parameters (and a final `{*rest}`), each
//!   answered by a closure that sees a [`SandboxRequest`] (method, path, parameters, query,
//!   headers, body bytes) and the vendor's state `S`, and returns a [`SandboxResponse`] computed
//!   for that request (rotating tokens, per-response signatures, cursor pages);
//! * fixtures embedded in the vendor crate (`include_str!`) served as JSON;
//! * a credential hook run before every protected route;
//! * small shared state (`Mutex<S>`, `S` defined by the vendor), readable from the test;
//! * a readable 404 for an unmatched request, naming the method, path and query asked for and
//!   listing the routes that exist;
//! * request counts per route, in total, unmatched and rejected, for assertions.
//!
//! ```
//! use client_core::sandbox::{Method, Sandbox, SandboxResponse};
//!
//! const CONTACT: &str = r#"{"id": 7, "name": "张三"}"#; // include_str!("../fixtures/…") in a vendor crate
//!
//! #[derive(Default)]
//! struct State { issued: u32 }
//!
//! let sandbox = Sandbox::builder(State::default())
//!     .name("demo")
//!     .credentials(|request, state: &mut State| {
//!         match request.header("x-token") {
//!             Some(t) if t == format!("token-{}", state.issued) => Ok(()),
//!             _ => Err(SandboxResponse::json_text(401, r#"{"code":"B00001"}"#)),
//!         }
//!     })
//!     .open_route(Method::GET, "/token", |_request, state| {
//!         state.issued += 1;
//!         SandboxResponse::json(200, &serde_json::json!({ "token": format!("token-{}", state.issued) }))
//!     })
//!     .fixture(Method::GET, "/contacts/{id}", CONTACT)
//!     .start()?;
//!
//! assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
//! assert_eq!(sandbox.requests(), 0);
//! # Ok::<(), client_core::Error>(())
//! ```

mod request;
mod response;
mod route;
mod server;
mod shape;

use std::borrow::Cow;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

pub use http::{HeaderMap, Method, StatusCode};

pub use request::SandboxRequest;
pub use response::SandboxResponse;

use crate::error::{Error, Result};
use route::{Pattern, Route};

/// Most bytes of a request body the sandbox reads.
pub const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;

type Handler<S> = dyn Fn(&SandboxRequest, &mut S) -> SandboxResponse + Send + Sync;
type CredentialCheck<S> =
    dyn Fn(&SandboxRequest, &mut S) -> std::result::Result<(), SandboxResponse> + Send + Sync;

/// Registers a vendor's rules, then [`start`](Self::start)s the server.
pub struct SandboxBuilder<S> {
    name: Cow<'static, str>,
    state: S,
    routes: Vec<Route<S>>,
    credentials: Option<Box<CredentialCheck<S>>>,
    error: Option<Error>,
}

impl<S: Send + 'static> SandboxBuilder<S> {
    /// A name for the 404 text and logs (e.g. `"linkflow"`).
    pub fn name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.name = name.into();
        self
    }

    /// The credential check run before every protected route (every route except those added
    /// with [`open_route`](Self::open_route)). Return `Err(response)` to reject the request with
    /// that response (e.g. the vendor's "invalid token" error).
    pub fn credentials<C>(mut self, check: C) -> Self
    where
        C: Fn(&SandboxRequest, &mut S) -> std::result::Result<(), SandboxResponse>
            + Send
            + Sync
            + 'static,
    {
        self.credentials = Some(Box::new(check));
        self
    }

    /// A protected route: `pattern` is a path like `/open/groups/{groupId}/contacts` (a final
    /// `{*rest}` matches the remaining segments). Routes are tried in the order added.
    pub fn route<H>(self, method: Method, pattern: &str, handler: H) -> Self
    where
        H: Fn(&SandboxRequest, &mut S) -> SandboxResponse + Send + Sync + 'static,
    {
        self.add(method, pattern, true, Box::new(handler))
    }

    /// A route that skips the credential check (e.g. the token endpoint, which checks its own
    /// credentials).
    pub fn open_route<H>(self, method: Method, pattern: &str, handler: H) -> Self
    where
        H: Fn(&SandboxRequest, &mut S) -> SandboxResponse + Send + Sync + 'static,
    {
        self.add(method, pattern, false, Box::new(handler))
    }

    /// A protected route answering `200` with an embedded JSON fixture
    /// (`include_str!("../fixtures/…")` in the vendor crate).
    pub fn fixture(self, method: Method, pattern: &str, json: &'static str) -> Self {
        self.route(method, pattern, move |_, _| {
            SandboxResponse::json_text(200, json)
        })
    }

    fn add(
        mut self,
        method: Method,
        pattern: &str,
        protected: bool,
        handler: Box<Handler<S>>,
    ) -> Self {
        match Pattern::parse(pattern) {
            Ok(pattern) => self.routes.push(Route {
                method,
                pattern,
                protected,
                handler,
            }),
            Err(message) => {
                if self.error.is_none() {
                    self.error = Some(Error::config(format!(
                        "sandbox route pattern `{pattern}`: {message}"
                    )));
                }
            }
        }
        self
    }

    /// Binds a random loopback port and starts serving on a background thread.
    ///
    /// Fails on an invalid route pattern (the first one added) or when the port or the server's
    /// runtime cannot be set up.
    pub fn start(self) -> Result<Sandbox<S>> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| Error::io("could not bind a loopback port for the sandbox", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("could not read the sandbox's address", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("could not configure the sandbox's socket", e))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Error::io("could not start the sandbox's runtime", e))?;
        let shared = Arc::new(Shared {
            name: self.name,
            counts: self.routes.iter().map(|_| AtomicU64::new(0)).collect(),
            routes: self.routes,
            credentials: self.credentials,
            state: Mutex::new(self.state),
            total: AtomicU64::new(0),
            unmatched: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("sandbox-{}", shared.name))
            .spawn(move || runtime.block_on(server::serve(listener, serving, stopped)))
            .map_err(|e| Error::io("could not start the sandbox's thread", e))?;
        Ok(Sandbox {
            base_url: format!("http://{addr}"),
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl<S> fmt::Debug for SandboxBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("name", &self.name)
            .field("routes", &self.routes)
            .finish_non_exhaustive()
    }
}

/// What the server thread shares with the [`Sandbox`] handle.
struct Shared<S> {
    name: Cow<'static, str>,
    routes: Vec<Route<S>>,
    counts: Vec<AtomicU64>,
    credentials: Option<Box<CredentialCheck<S>>>,
    state: Mutex<S>,
    total: AtomicU64,
    unmatched: AtomicU64,
    rejected: AtomicU64,
}

impl<S> Shared<S> {
    fn lock_state(&self) -> std::sync::MutexGuard<'_, S> {
        // A handler that panicked is reported as a 500; its state is still the vendor's to judge.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running sandbox server. Dropping it stops the server and closes its connections.
pub struct Sandbox<S> {
    base_url: String,
    addr: SocketAddr,
    shared: Arc<Shared<S>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl<S: Send + 'static> Sandbox<S> {
    /// Starts registering rules around the vendor's initial `state`.
    pub fn builder(state: S) -> SandboxBuilder<S> {
        SandboxBuilder {
            name: Cow::Borrowed("sandbox"),
            state,
            routes: Vec::new(),
            credentials: None,
            error: None,
        }
    }
}

impl<S> Sandbox<S> {
    /// The base URL, `http://127.0.0.1:<port>` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The base URL joined with `path` (which should start with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The server's socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Runs `f` on the sandbox's state (e.g. to assert on what a flow stored, or to prepare it).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut S) -> R) -> R {
        f(&mut self.shared.lock_state())
    }

    /// All requests received, matched or not.
    pub fn requests(&self) -> u64 {
        self.shared.total.load(Ordering::SeqCst)
    }

    /// Requests matched to the route registered as `method` + `pattern` (the pattern text as
    /// registered). 0 for a route that does not exist.
    pub fn hits(&self, method: Method, pattern: &str) -> u64 {
        self.shared
            .routes
            .iter()
            .zip(&self.shared.counts)
            .filter(|(route, _)| route.method == method && route.pattern.text() == pattern)
            .map(|(_, count)| count.load(Ordering::SeqCst))
            .sum()
    }

    /// Requests that matched no route (answered 404).
    pub fn unmatched(&self) -> u64 {
        self.shared.unmatched.load(Ordering::SeqCst)
    }

    /// Requests the credential check rejected.
    pub fn rejected(&self) -> u64 {
        self.shared.rejected.load(Ordering::SeqCst)
    }

    /// Sets every count back to zero.
    pub fn reset_counts(&self) {
        for count in &self.shared.counts {
            count.store(0, Ordering::SeqCst);
        }
        self.shared.total.store(0, Ordering::SeqCst);
        self.shared.unmatched.store(0, Ordering::SeqCst);
        self.shared.rejected.store(0, Ordering::SeqCst);
    }
}

impl<S> Drop for Sandbox<S> {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The server stops accepting at once and aborts its connections; handlers are short
            // synchronous closures, so this wait is brief.
            let _ = thread.join();
        }
    }
}

impl<S> fmt::Debug for Sandbox<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("name", &self.shared.name)
            .field("base_url", &self.base_url)
            .field("requests", &self.requests())
            .finish_non_exhaustive()
    }
}
