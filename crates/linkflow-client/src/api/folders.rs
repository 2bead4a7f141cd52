//! Document section "标签" → "获取标签目录列表": `GET /open/folders`, the tag folders.

use client_core::transport::Request;

use crate::Client;
use crate::models::Folder;

/// `GET /open/folders`.
pub const LIST_FOLDERS: &str = "GET /open/folders";

/// Handler of the tag folders ("标签目录", `client.folders()`).
#[derive(Debug, Clone, Copy)]
pub struct Folders<'a> {
    client: &'a Client,
}

impl Client {
    /// Tag folders ("获取标签目录列表").
    pub fn folders(&self) -> Folders<'_> {
        Folders { client: self }
    }
}

impl Folders<'_> {
    /// "获取标签目录列表": every tag folder. A folder whose `parentId` is 0 or absent is a root
    /// ([`Folder::is_root`]).
    pub async fn list(&self) -> client_core::Result<Vec<Folder>> {
        self.client
            .execute(Request::get(LIST_FOLDERS, "/open/folders"))
            .await
    }
}
