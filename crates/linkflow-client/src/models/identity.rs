//! Types of "根据联系人查询渠道账号" (`GET /open/contacts/{id}/channel_identities`) and
//! "查询企业微信联系我二维码" (`GET /open/workwechat/{channelId}/qrcodes`).
//!
//! The wire models are the generated ones: every member but the ids may be missing.

pub use super::generated::{Channel, ChannelIdentity, ContactWay, QrCode};
