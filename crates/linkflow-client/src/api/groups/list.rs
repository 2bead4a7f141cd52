//! "查询群组": `GET /open/groups` with optional filters ([`ListGroups`]).

use client_core::time::{SendLayout, VendorTime};
use client_core::transport::Request;

use super::LIST_GROUPS;
use crate::models::{Group, GroupId, GroupType};
use crate::{Client, RequestOptions};

/// `GET /open/groups` ("查询群组").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ListGroups<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) id: Option<GroupId>,
    pub(super) name: Option<String>,
    pub(super) group_type: Option<GroupType>,
    pub(super) last_updated: Option<VendorTime>,
    pub(super) ext1: Option<String>,
    pub(super) ext2: Option<String>,
}

impl ListGroups<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `id`: only this group.
    pub fn id(mut self, id: impl Into<GroupId>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// `name`: a fuzzy match on the name ("模糊查询").
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// `groupType`: `static` or `dynamic`.
    pub fn group_type(mut self, group_type: impl Into<GroupType>) -> Self {
        self.group_type = Some(group_type.into());
        self
    }

    /// `lastUpdated`: only groups updated since ("最小更新时间", a `Date`). Sent as `yyyy-MM-dd`
    /// when given as a date, else as `yyyy-MM-dd HH:mm:ss` in UTC+8 (converted from any other
    /// zone).
    pub fn last_updated(mut self, at: impl Into<VendorTime>) -> Self {
        self.last_updated = Some(at.into());
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

    /// The matching groups.
    pub async fn send(self) -> client_core::Result<Vec<Group>> {
        let last_updated = self
            .last_updated
            .map(|t| t.to_sent("lastUpdated", SendLayout::DateOrDateTime))
            .transpose()?;
        let request = Request::get(LIST_GROUPS, "/open/groups")
            .query_opt("id", self.id)
            .query_opt("name", self.name)
            .query_opt("groupType", self.group_type)
            .query_opt("lastUpdated", last_updated.as_ref().map(VendorTime::as_str))
            .query_opt("ext1", self.ext1)
            .query_opt("ext2", self.ext2);
        self.client.execute(request.options(self.options)).await
    }
}
