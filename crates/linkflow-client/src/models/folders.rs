//! Types of "获取标签目录列表" (`GET /open/folders`): the tag folders.

id_newtype!(
    /// A tag folder's id (`id`, `parentId`, a tag's `folderId`).
    FolderId
);

/// A tag folder ("标签目录"), as `GET /open/folders` lists it: the generated model
/// [`generated::Folder`](super::generated::Folder). `id` and `name` are required; `parentId`
/// 0 or absent means a root folder ([`Folder::is_root`]); empty times decode as `None`.
pub use super::generated::Folder;

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
