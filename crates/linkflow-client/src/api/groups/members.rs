//! "查询群组联系人": `GET /open/groups/{groupId}/contacts`, one page or a stream
//! ([`GroupMembers`]).

use client_core::Error;
use client_core::paging::{Page, Paging};
use client_core::transport::Request;
use futures::StreamExt as _;

use super::{GROUP_MEMBERS, MAX_MEMBER_PAGE};
use crate::models::{GroupId, GroupMember, MemberId};
use crate::{Client, RequestOptions};

/// `GET /open/groups/{groupId}/contacts` ("查询群组联系人").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited or `stream` is polled"]
pub struct GroupMembers<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) group_id: GroupId,
    pub(super) member_id: Option<MemberId>,
    pub(super) size: Option<u32>,
}

impl GroupMembers<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this listing (every page of its stream), replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `memberId`: start after this membership id (exclusive; server default 0).
    pub fn member_id(mut self, id: impl Into<MemberId>) -> Self {
        self.member_id = Some(id.into());
        self
    }

    /// `size`: members per page (server default and maximum 500).
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    fn check(size: u32) -> client_core::Result<()> {
        if size == 0 || size > MAX_MEMBER_PAGE {
            return Err(Error::invalid_input(
                "size",
                format!("must be between 1 and {MAX_MEMBER_PAGE}"),
            ));
        }
        Ok(())
    }

    fn request(
        group_id: GroupId,
        member_id: Option<MemberId>,
        size: Option<u32>,
        options: &RequestOptions,
    ) -> Request {
        Request::get(GROUP_MEMBERS, format!("/open/groups/{group_id}/contacts"))
            .query_opt("memberId", member_id)
            .query_opt("size", size)
            .options(options.clone())
    }

    /// One page.
    ///
    /// Errors: 400 `B00031` (size above 500), 404 `B00008` (no such group).
    pub async fn send(self) -> client_core::Result<Vec<GroupMember>> {
        if let Some(size) = self.size {
            Self::check(size)?;
        }
        self.client
            .execute(Self::request(
                self.group_id,
                self.member_id,
                self.size,
                &self.options,
            ))
            .await
    }

    /// Every member after [`member_id`](Self::member_id), passing each page's last `memberId`
    /// as the next cursor; ends at an empty page.
    pub fn stream(self) -> client_core::paging::ItemStream<GroupMember> {
        let size = self.size.unwrap_or(MAX_MEMBER_PAGE);
        if let Err(e) = Self::check(size) {
            return futures::stream::once(async move { Err(e) }).boxed();
        }
        let client = self.client.clone();
        let group_id = self.group_id;
        let options = self.options;
        Paging::new(size)
            .by_last_id(
                self.member_id,
                |m: &GroupMember| m.member_id,
                move |req| {
                    let client = client.clone();
                    let request = Self::request(group_id, req.last_id, Some(req.size), &options);
                    async move { client.execute(request).await.map(Page::new) }
                },
            )
            .items()
            .boxed()
    }
}
