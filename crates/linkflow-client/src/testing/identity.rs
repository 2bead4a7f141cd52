//! Sandbox rules of "查询联系人", "根据联系人查询渠道账号" and "查询企业微信联系我二维码".
//!
//! Seed: contact 703941987164160 holds `idCard` 321100199012203412 and the channel accounts of
//! the fixture; the WeCom channel `ww0b8772cfc1ed757c` has the fixture's QR codes, any other
//! channel id answers `500 B00022`.

use super::{Reply, Routes, SandboxState};
use crate::api::identity as ops;

const QRCODES: &str = include_str!("../../fixtures/workwechat_qrcodes.response.json");

/// The WeCom channel of the document's QR-code example.
pub(crate) const EXAMPLE_WECOM_CHANNEL: &str = "ww0b8772cfc1ed757c";

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::FIND_CONTACT, |state, req| {
        let (Some(kind), Some(id)) = (
            req.query("idType").filter(|s| !s.is_empty()),
            req.query("id").filter(|s| !s.is_empty()),
        ) else {
            return Reply::error(500, "B00010", "参数不合法");
        };
        match state.contacts.find_by_identity(kind, id) {
            Some(contact) => Reply::raw(contact.to_string()),
            None => Reply::raw("null"),
        }
    });
    routes.add(ops::CHANNEL_IDENTITIES, |state, req| {
        let id = match req.param_i64("id") {
            Ok(id) => id,
            Err(r) => return r,
        };
        let accounts = state
            .contacts
            .contacts
            .get(&id)
            .map(|c| c.channel_identities.clone())
            .unwrap_or_default();
        Reply::json(&accounts)
    });
    routes.add(ops::WORKWECHAT_QRCODES, |_state, req| {
        if req.param("channelId") == Some(EXAMPLE_WECOM_CHANNEL) {
            Reply::raw(QRCODES)
        } else {
            Reply::error(500, "B00022", "渠道不存在")
        }
    });
}

#[allow(dead_code)]
pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let _ = state;
    Ok(())
}
