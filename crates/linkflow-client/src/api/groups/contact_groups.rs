//! "查询联系人的群组": `GET /open/contacts/{contactId}/groups` ([`ContactGroups`]).

use client_core::transport::Request;

use super::CONTACT_GROUPS;
use crate::models::{ContactId, Group, GroupType};
use crate::{Client, RequestOptions};

/// `GET /open/contacts/{contactId}/groups` ("查询联系人的群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ContactGroups<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) contact_id: ContactId,
    pub(super) group_type: Option<GroupType>,
}

impl ContactGroups<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `groupType`: only groups of this type.
    pub fn group_type(mut self, group_type: impl Into<GroupType>) -> Self {
        self.group_type = Some(group_type.into());
        self
    }

    /// The contact's groups.
    ///
    /// Errors: 404 `B00008` (no such contact).
    pub async fn send(self) -> client_core::Result<Vec<Group>> {
        let id = self.contact_id;
        let request = Request::get(CONTACT_GROUPS, format!("/open/contacts/{id}/groups"))
            .query_opt("groupType", self.group_type);
        self.client.execute(request.options(self.options)).await
    }
}
