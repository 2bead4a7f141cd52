//! Types of "获取标签目录列表" (`GET /open/folders`): the tag folders.

use client_core::time::VendorTime;
use serde::{Deserialize, Serialize};

use super::lenient;

id_newtype!(
    /// A tag folder's id (`id`, `parentId`, a tag's `folderId`).
    FolderId
);

/// A tag folder ("标签目录").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    /// `id`.
    pub id: FolderId,
    /// `name`.
    #[serde(default)]
    pub name: String,
    /// `domain`, e.g. `TAG`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// `parentId`: the parent folder; `0` or absent means a root folder ("parentId为0或者该字段不存在
    /// 表示为根目录"). See [`Folder::parent`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<FolderId>,
    /// `dateCreated` (UTC+8).
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_updated: Option<VendorTime>,
}

impl Folder {
    /// The parent folder, or `None` for a root folder (`parentId` 0 or absent).
    pub fn parent(&self) -> Option<FolderId> {
        self.parent_id.filter(|id| id.get() != 0)
    }

    /// Whether this is a root folder.
    pub fn is_root(&self) -> bool {
        self.parent().is_none()
    }
}
