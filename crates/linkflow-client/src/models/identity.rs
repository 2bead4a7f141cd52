//! Types of "根据联系人查询渠道账号" (`GET /open/contacts/{id}/channel_identities`) and
//! "查询企业微信联系我二维码" (`GET /open/workwechat/{channelId}/qrcodes`).

use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

use super::common::{ContactId, Utm};

/// A channel account of a contact ("渠道账号").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelIdentity {
    /// `id`.
    pub id: i64,
    /// `contactId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// `channelId`: the numeric id of the channel ([`Channel::id`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<i64>,
    /// `isActive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    /// `externalId`: the account's id inside the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `channel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// `ver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ver: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// A channel ("渠道", a connection of the tenant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    /// `id` (numeric).
    pub id: i64,
    /// `channelId`: the channel's own id (a WeChat appId, a WeCom corpId, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// `channelType` (e.g. `WECHAT`, `WORKWECHAT_PRO`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `status` (e.g. `ACTIVE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `propertyVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_version: Option<String>,
    /// `tenantId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
    /// `orgId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// `ver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ver: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// A WeCom "contact me" QR code ("联系我二维码").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    /// `id`.
    pub id: i64,
    /// `configId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_id: Option<String>,
    /// `qrCode`: the image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_code: Option<String>,
    /// `tenantId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<i64>,
    /// `channelId` (numeric).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<i64>,
    /// `utm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<Utm>,
    /// `contactWay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_way: Option<ContactWay>,
    /// `isSetWelcomeMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_set_welcome_message: Option<bool>,
    /// `workWechatWelcomeMessageId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_wechat_welcome_message_id: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<VendorTime>,
}

/// `contactWay` of a [`QrCode`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactWay {
    /// `remark`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// `type` (e.g. `SINGLE`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}
