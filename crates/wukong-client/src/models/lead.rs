//! [`Lead`]: one potential customer (潜客) as §2.1 / §2.2 return it.

use std::collections::BTreeMap;

use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

use super::ids::{CompanyId, WkUid};
use super::lenient::{lenient_time, opt_id, opt_text};

/// One potential customer (潜客) as the data APIs return it (数据API §2.1 获取潜客列表,
/// §2.2 获取悟空潜客).
///
/// Undocumented shape: the fields are those the import takes (§2.3) plus a creation time;
/// anything else the server sends is kept in [`Lead::extra`].
///
/// Hand-written rather than the generated wire model `Potential` (not part of the API), which is
/// the same shape but strict where an undocumented response needs tolerance: here a `create_at`
/// that is an epoch number or unreadable text becomes a time or `None` (the generated
/// `VendorTime` would fail the whole list), text fields sent as numbers
/// (`"mobile": 13800138000`) or as `""` are read, and unknown members are kept in `extra` instead
/// of dropped.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Lead {
    /// The lead's id on Wukong, if the server sends one (`id`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The Wukong user the lead belongs to (`wk_uid`).
    #[serde(
        default,
        deserialize_with = "opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub wk_uid: Option<WkUid>,
    /// The bound company account (`company_id`).
    #[serde(
        default,
        deserialize_with = "opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub company_id: Option<CompanyId>,
    /// Name (`name`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Mobile number (`mobile`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile: Option<String>,
    /// E-mail address (`email`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<String>,
    /// WeChat id (`wechat`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub wechat: Option<String>,
    /// QQ number (`qq`).
    #[serde(
        default,
        deserialize_with = "opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub qq: Option<String>,
    /// When the lead was created (`create_at`), when it is a timestamp in a known form.
    #[serde(
        default,
        deserialize_with = "lenient_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_at: Option<VendorTime>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn lead_times_are_lenient() {
        let l: Lead = serde_json::from_str(r#"{"create_at":"2017-01-01 08:00:00"}"#).unwrap();
        assert_eq!(l.create_at.unwrap().as_str(), "2017-01-01 08:00:00");
        let l: Lead = serde_json::from_str(r#"{"create_at":1483228800}"#).unwrap();
        assert_eq!(l.create_at.unwrap().as_str(), "2017-01-01 08:00:00");
        let l: Lead = serde_json::from_str(r#"{"create_at":"yesterday"}"#).unwrap();
        assert!(l.create_at.is_none());
    }
}
