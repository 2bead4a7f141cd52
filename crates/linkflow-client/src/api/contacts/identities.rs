//! "获取联系人所有的身份信息": `POST /open/contacts/identities` ([`FindIdentities`]).

use client_core::transport::Request;

use super::{FIND_IDENTITIES, check_identity};
use crate::models::IdentityQuery;
use crate::models::{ContactIdentities, Identity, IdentityType};
use crate::{Client, RequestOptions};

/// `POST /open/contacts/identities` ("获取联系人所有的身份信息").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct FindIdentities<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) identity: Identity,
    pub(super) identity_types: Option<Vec<IdentityType>>,
}

impl FindIdentities<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `identityTypes`: only identities of these types (default: all).
    pub fn identity_types(
        mut self,
        types: impl IntoIterator<Item = impl Into<IdentityType>>,
    ) -> Self {
        self.identity_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// Sends the look-up (a read over POST: retried like one).
    pub async fn send(self) -> client_core::Result<ContactIdentities> {
        check_identity("identity", &self.identity)?;
        let body = IdentityQuery {
            identity: self.identity,
            identity_types: self.identity_types,
        };
        let request = Request::post(FIND_IDENTITIES, "/open/contacts/identities")
            .json(&body)?
            .safe_to_repeat(true);
        self.client.execute(request.options(self.options)).await
    }
}
