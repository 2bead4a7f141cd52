//! "批量修改标签值": `POST /v1/tags/value` ([`SetTagValues`]).

use client_core::Error;
use client_core::transport::Request;
use serde::de::IgnoredAny;

use super::SET_TAG_VALUES;
use crate::models::{Identity, TagId, TagValueAction, TagValueChange, TagValueChanges};
use crate::{Client, RequestOptions};

/// `POST /v1/tags/value` ("批量修改标签值").
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct SetTagValues<'a> {
    pub(super) client: &'a Client,
    pub(super) options: RequestOptions,
    pub(super) identity: Identity,
    pub(super) actions: Vec<TagValueChange>,
    /// The first invalid input given to a setter, reported by `send`.
    pub(super) invalid: Option<(String, String)>,
}

impl SetTagValues<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// Sets tag `tag_id` to `value` (`action: set`).
    pub fn set(mut self, tag_id: impl Into<TagId>, value: impl Into<String>) -> Self {
        self.actions.push(TagValueChange::set(tag_id, value));
        self
    }

    /// Sets tag `tag_id` to several values, joined with commas ("可传多个用逗号连接"); a value
    /// holding a comma is refused at [`send`](Self::send).
    pub fn set_many(
        mut self,
        tag_id: impl Into<TagId>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        if let Some(bad) = values.iter().find(|v| v.contains(','))
            && self.invalid.is_none()
        {
            self.invalid = Some((
                format!("actions[{}].value", self.actions.len()),
                format!("`{bad}` holds a comma, which separates values"),
            ));
        }
        self.actions
            .push(TagValueChange::set(tag_id, values.join(",")));
        self
    }

    /// Removes tag `tag_id`'s value (`action: delete`; no `value`, as the example sends).
    pub fn delete(mut self, tag_id: impl Into<TagId>) -> Self {
        self.actions.push(TagValueChange::delete(tag_id));
        self
    }

    /// Adds a change built separately.
    pub fn change(mut self, change: TagValueChange) -> Self {
        self.actions.push(change);
        self
    }

    /// Validates and sends (retried like a read: repeating the same changes leaves the same
    /// values).
    pub async fn send(self) -> client_core::Result<()> {
        if self.identity.id.trim().is_empty() {
            return Err(Error::invalid_input("identity.id", "is required"));
        }
        if self.identity.kind.as_str().trim().is_empty() {
            return Err(Error::invalid_input("identity.type", "is required"));
        }
        if let Some((field, rule)) = self.invalid {
            return Err(Error::invalid_input(field, rule));
        }
        if self.actions.is_empty() {
            return Err(Error::invalid_input(
                "actions",
                "at least one action is required",
            ));
        }
        for (i, action) in self.actions.iter().enumerate() {
            if !action.action.is_documented() {
                return Err(Error::invalid_input(
                    format!("actions[{i}].action"),
                    format!("`{}` is not set or delete", action.action),
                ));
            }
            if action.action == TagValueAction::Set && action.value.is_none() {
                return Err(Error::invalid_input(
                    format!("actions[{i}].value"),
                    "is required for set",
                ));
            }
        }
        let body = TagValueChanges {
            identity: self.identity,
            actions: self.actions,
        };
        let request = Request::post(SET_TAG_VALUES, "/v1/tags/value")
            .json(&body)?
            .safe_to_repeat(true)
            .options(self.options);
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }
}
