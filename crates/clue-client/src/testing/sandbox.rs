//! [`Sandbox`]: a running Tanma clue sandbox, its clients and its counters.

use client_core::sandbox::Method;
use client_core::sandbox::Sandbox as Base;
use secrecy::SecretString;

use super::{SandboxBuilder, SandboxState};
use crate::{Client, ClientBuilder};

/// A running Tanma clue sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    pub(super) inner: Base<SandboxState>,
    pub(super) app_id: String,
    pub(super) app_key: String,
}

impl Sandbox {
    client_core::sandbox_shape!(inner, SandboxBuilder, Client);

    /// A [`ClientBuilder`] pointed at the sandbox with its credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().base_url(self.base_url()).credentials(
            self.app_id.clone(),
            SecretString::from(self.app_key.clone()),
        )
    }

    /// Runs `f` on the sandbox's data (to add clues, or to read them).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut SandboxState) -> R) -> R {
        self.inner.with_state(f)
    }

    /// Requests received, matched or not.
    pub fn requests(&self) -> u64 {
        self.inner.requests()
    }

    /// Requests to `path` (e.g. `/api/v3/clue/get`), counted whether or not the signature check
    /// accepted them (see [`rejected`](Self::rejected)).
    pub fn hits(&self, path: &str) -> u64 {
        self.inner.hits(Method::POST, path)
    }

    /// Requests rejected by the signature check.
    pub fn rejected(&self) -> u64 {
        self.inner.rejected()
    }

    /// Requests that matched no route.
    pub fn unmatched(&self) -> u64 {
        self.inner.unmatched()
    }

    /// The client-core sandbox underneath.
    pub fn inner(&self) -> &Base<SandboxState> {
        &self.inner
    }
}
