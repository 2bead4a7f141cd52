//! "创建群组": `POST /open/groups` ([`CreateGroup`]).

use client_core::transport::Request;

use super::{CREATE_GROUP, check_name};
use crate::models::NewGroup;
use crate::models::{Group, GroupType};
use crate::{Client, RequestOptions};

/// `POST /open/groups` ("创建群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct CreateGroup<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) name: String,
    pub(super) ext1: Option<String>,
    pub(super) ext2: Option<String>,
}

impl CreateGroup<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `ext1`: the WeChat appId.
    pub fn ext1(mut self, v: impl Into<String>) -> Self {
        self.ext1 = Some(v.into());
        self
    }

    /// `ext2`: the WeChat group (tag) id.
    pub fn ext2(mut self, v: impl Into<String>) -> Self {
        self.ext2 = Some(v.into());
        self
    }

    /// Creates the group and returns it.
    ///
    /// Errors: 400 `B00001` (the group exists), 412 `B00157` (the group quota is reached).
    pub async fn send(self) -> client_core::Result<Group> {
        check_name(&self.name)?;
        let body = NewGroup {
            name: self.name,
            group_type: Some(GroupType::Static),
            ext1: self.ext1,
            ext2: self.ext2,
        };
        let request = Request::post(CREATE_GROUP, "/open/groups").json(&body)?;
        self.client.execute(request.options(self.options)).await
    }
}
