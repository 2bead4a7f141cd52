//! "创建用户标签元数据": `POST /v1/tags` ([`CreateTag`]).

use client_core::Error;
use client_core::transport::Request;

use super::{CREATABLE_TAG_TYPE, CREATE_TAG, check_identity_channel};
use crate::models::{IdentityType, NewTag, Tag, TagDataType, TagType, check_tag_key};
use crate::{Client, RequestOptions};

/// `POST /v1/tags` ("创建用户标签元数据").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct CreateTag<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) tag_key: String,
    pub(super) tag_name: String,
    pub(super) data_type: TagDataType,
    pub(super) identity_type: IdentityType,
    pub(super) channel_id: Option<String>,
}

impl CreateTag<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// `channelId`: the numeric id of the connection (required when `identityType` is
    /// `externalId`).
    pub fn channel_id(mut self, channel_id: impl Into<String>) -> Self {
        self.channel_id = Some(channel_id.into());
        self
    }

    /// Validates and sends; answers the tag created. Not retried after an ambiguous failure.
    pub async fn send(self) -> client_core::Result<Tag> {
        check_tag_key(&self.tag_key)?;
        if self.tag_name.trim().is_empty() {
            return Err(Error::invalid_input("tagName", "is required"));
        }
        if !self.data_type.is_documented() {
            return Err(Error::invalid_input(
                "dataType",
                format!(
                    "`{}` is not one of {}",
                    self.data_type,
                    TagDataType::DOCUMENTED.join(", ")
                ),
            ));
        }
        check_identity_channel(&self.identity_type, self.channel_id.as_deref())?;
        let body = NewTag {
            tag_name: self.tag_name,
            tag_key: self.tag_key,
            data_type: self.data_type,
            tag_type: TagType::from(CREATABLE_TAG_TYPE),
            identity_type: self.identity_type,
            channel_id: self.channel_id,
        };
        let request = Request::post(CREATE_TAG, "/v1/tags")
            .json(&body)?
            .options(self.options);
        self.client.execute(request).await
    }
}
