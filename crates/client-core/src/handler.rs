//! [`handler!`](crate::handler): the shape every vendor crate's handlers share, written once.

/// Declares a vendor crate's handler: the type `client.<area>()` returns, holding the client and
/// the per-call options of the operations called through it, with the one `with_options`
/// method every handler has.
///
/// ```
/// /// A vendor's client.
/// #[derive(Debug)]
/// pub struct Client;
///
/// client_core::handler! {
///     /// Operations on items ([`Client::items`]).
///     pub struct Items => Client;
/// }
///
/// impl Client {
///     /// The items handler.
///     pub fn items(&self) -> Items<'_> {
///         Items::new(self)
///     }
/// }
///
/// impl Items<'_> {
///     /// A request carrying this handler's options.
///     pub fn list(&self) -> client_core::transport::Request {
///         client_core::transport::Request::get("GET /items", "/items").options(self.options.clone())
///     }
/// }
///
/// let client = Client;
/// let options = client_core::transport::RequestOptions::default()
///     .with_timeout(std::time::Duration::from_secs(2));
/// let request = client.items().with_options(options).list();
/// assert_eq!(request.request_options().timeout.map(|t| t.as_secs()), Some(2));
/// ```
///
/// The struct has two fields the vendor crate's methods use: `client: &'a Client` and
/// `options: RequestOptions` (the caller's, default when none were given).
#[macro_export]
macro_rules! handler {
    ($(#[$meta:meta])* $vis:vis struct $name:ident => $client:ty;) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        $vis struct $name<'a> {
            client: &'a $client,
            options: $crate::transport::RequestOptions,
        }

        impl<'a> $name<'a> {
            /// The handler of `client`, with no per-call options.
            #[allow(dead_code)]
            pub(crate) fn new(client: &'a $client) -> Self {
                Self {
                    client,
                    options: $crate::transport::RequestOptions::default(),
                }
            }

            /// Per-call overrides (timeout, retry policy, response size cap) for every
            /// operation called through this handler, including each page request of its
            /// streams and each request of a batch.
            ///
            /// They carry into the request builders this handler returns; a builder's own
            /// `with_options` replaces them.
            pub fn with_options(
                mut self,
                options: impl ::core::convert::Into<$crate::transport::RequestOptions>,
            ) -> Self {
                self.options = options.into();
                self
            }
        }
    };
}
