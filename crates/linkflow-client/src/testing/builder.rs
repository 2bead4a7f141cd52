//! The settings of a sandbox ([`SandboxBuilder`](super::SandboxBuilder)), and the part route
//! handlers see.

use std::time::Duration;

/// Settings of a [`Sandbox`](super::Sandbox), then [`SandboxBuilder::start`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxBuilder {
    /// How long issued tokens live (default 60 s; the client refreshes them before expiry).
    pub token_lifetime: Duration,
    /// Whether to preload the document's example data (default true).
    pub seed: bool,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            token_lifetime: Duration::from_secs(60),
            seed: true,
        }
    }
}

impl SandboxBuilder {
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

    /// Starts the sandbox with these settings.
    pub fn start(self) -> client_core::Result<super::Sandbox> {
        super::Sandbox::from_builder(self)
    }
}

/// The settings as seen by route handlers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    pub(crate) token_lifetime: Duration,
}
