//! Document section "联系人和事件": "查询联系人" (`GET /open/identity/contact`), "根据联系人查询渠道账号"
//! (`GET /open/contacts/{id}/channel_identities`) and "查询企业微信联系我二维码"
//! (`GET /open/workwechat/{channelId}/qrcodes`).

use client_core::Error;
use client_core::transport::Request;

use crate::Client;
use crate::api::path_segment;
use crate::models::{ChannelIdentity, ContactId, IdentityType, QrCode};

/// `GET /open/identity/contact`.
pub const FIND_CONTACT: &str = "GET /open/identity/contact";
/// `GET /open/contacts/{id}/channel_identities`.
pub const CHANNEL_IDENTITIES: &str = "GET /open/contacts/{id}/channel_identities";
/// `GET /open/workwechat/{channelId}/qrcodes`.
pub const WORKWECHAT_QRCODES: &str = "GET /open/workwechat/{channelId}/qrcodes";

client_core::handler! {
    /// Handler of identity look-ups and channel accounts (`client.identity()`). Named in the plural
    /// because [`Identity`](crate::models::Identity) is the model of one identity.
    pub struct Identities => Client;
}

impl Client {
    /// Identity look-ups and channel accounts ("查询联系人", "根据联系人查询渠道账号",
    /// "查询企业微信联系我二维码").
    pub fn identity(&self) -> Identities<'_> {
        Identities::new(self)
    }
}

impl Identities<'_> {
    /// "查询联系人": the contact holding identity `id` of type `id_type`, or `None` (the server
    /// answers a bare number, or `null`). Sends `?idType=…&id=…`.
    ///
    /// Errors: HTTP 500 `B00010` (invalid parameter).
    pub async fn find_contact(
        &self,
        id_type: impl Into<IdentityType>,
        id: impl Into<String>,
    ) -> client_core::Result<Option<ContactId>> {
        let id_type = id_type.into();
        let id = id.into();
        if id_type.as_str().trim().is_empty() {
            return Err(Error::invalid_input("idType", "is required"));
        }
        if id.trim().is_empty() {
            return Err(Error::invalid_input("id", "is required"));
        }
        let request = Request::get(FIND_CONTACT, "/open/identity/contact")
            .query("idType", id_type.as_str())
            .query("id", id)
            .options(self.options.clone());
        self.client.execute(request).await
    }

    /// "根据联系人查询渠道账号": the channel accounts of contact `contact_id`.
    pub async fn channel_identities(
        &self,
        contact_id: impl Into<ContactId>,
    ) -> client_core::Result<Vec<ChannelIdentity>> {
        let id = contact_id.into();
        let path = format!("/open/contacts/{id}/channel_identities");
        let request = Request::get(CHANNEL_IDENTITIES, path).options(self.options.clone());
        self.client.execute(request).await
    }

    /// "查询企业微信联系我二维码": the "contact me" QR codes of the WeCom channel `channel_id`
    /// (the channel's string id, e.g. `ww0b8772cfc1ed757c`).
    ///
    /// Errors: HTTP 500 `B00022` (the channel does not exist).
    pub async fn workwechat_qrcodes(
        &self,
        channel_id: impl AsRef<str>,
    ) -> client_core::Result<Vec<QrCode>> {
        let channel_id = path_segment("channelId", channel_id.as_ref())?;
        let path = format!("/open/workwechat/{channel_id}/qrcodes");
        let request = Request::get(WORKWECHAT_QRCODES, path).options(self.options.clone());
        self.client.execute(request).await
    }
}
