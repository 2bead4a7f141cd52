//! Document section "标签" → "获取标签目录列表": `GET /open/folders`, the tag folders.

use client_core::transport::Request;

use crate::Client;
use crate::models::Folder;

/// `GET /open/folders`.
pub const LIST_FOLDERS: &str = "GET /open/folders";

client_core::handler! {
    /// Handler of the tag folders ("标签目录", `client.folders()`).
    pub struct Folders => Client;
}

impl Client {
    /// Tag folders ("获取标签目录列表").
    pub fn folders(&self) -> Folders<'_> {
        Folders::new(self)
    }
}

impl Folders<'_> {
    /// "获取标签目录列表": every tag folder. A folder whose `parentId` is 0 or absent is a root
    /// ([`Folder::is_root`]).
    pub async fn list(&self) -> client_core::Result<Vec<Folder>> {
        let request = Request::get(LIST_FOLDERS, "/open/folders").options(self.options.clone());
        self.client.execute(request).await
    }
}
