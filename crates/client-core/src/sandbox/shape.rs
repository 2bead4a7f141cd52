//! [`sandbox_shape!`](crate::sandbox_shape): the part of every vendor sandbox's API that is the
//! same by design, written once, so the four sandboxes cannot drift apart.

/// Writes a vendor sandbox's `start()`, `builder()`, `base_url()` and `client()`, inside its
/// `impl Sandbox` block. The vendor crate provides the rest of the shape: a field holding the
/// running [`Sandbox`](crate::sandbox::Sandbox) base (named by the first argument), a builder
/// type that is `Default` and has `start(self) -> Result<Sandbox>`, and
/// `client_builder(&self) -> ClientBuilder` (its base URL and credentials).
///
/// Every sandbox so starts synchronously (on its own thread and runtime, so it works from sync
/// and async code alike), answers on `http://127.0.0.1:<port>`, and builds a client the same way.
#[macro_export]
macro_rules! sandbox_shape {
    ($field:ident, $builder:ty, $client:ty) => {
        /// Starts a sandbox with the default settings, on its own thread and runtime (works from
        /// sync and async code alike). Dropping it stops the server.
        pub fn start() -> $crate::Result<Self> {
            Self::builder().start()
        }

        /// A builder, to change the sandbox's settings before starting it.
        pub fn builder() -> $builder {
            <$builder as ::core::default::Default>::default()
        }

        /// The base URL: `http://127.0.0.1:<port>`.
        pub fn base_url(&self) -> &str {
            self.$field.base_url()
        }

        /// A client pointed at the sandbox with its credentials (`client_builder().build()`).
        pub fn client(&self) -> $crate::Result<$client> {
            self.client_builder().build()
        }
    };
}
