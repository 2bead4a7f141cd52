//! The route table: each area registers its handlers ([`Routes::add`]), keyed by the operation
//! name the client uses (`"METHOD /path/{param}"`).

use std::fmt;

use super::{
    Reply, SandboxRequest, SandboxState, auth, contacts, dimensions, folders, groups, identity,
    messages, order_messages, orders, reports, shorturls, tags,
};

/// A route handler: reads and updates the state, answers.
pub(crate) type Handler =
    Box<dyn Fn(&mut SandboxState, &SandboxRequest) -> Reply + Send + Sync + 'static>;

pub(super) struct Route {
    pub(super) operation: &'static str,
    pub(super) handler: Handler,
}

/// The route table. Areas add their routes with [`Routes::add`].
#[derive(Default)]
pub(crate) struct Routes {
    pub(super) routes: Vec<Route>,
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
pub(super) fn literal_segments(operation: &str) -> usize {
    operation
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .count()
}

/// Every area's routes.
pub(super) fn all_routes() -> Routes {
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
