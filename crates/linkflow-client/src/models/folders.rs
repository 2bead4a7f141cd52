//! Types of "获取标签目录列表" (`GET /open/folders`): the tag folders.

id_newtype!(
    /// A tag folder's id (`id`, `parentId`, a tag's `folderId`).
    FolderId
);

use super::generated::Folder;

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
