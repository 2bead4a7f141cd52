//! Document section "标签" → "获取标签目录列表": `GET /open/folders`, the tag folders.

use client_core::transport::Request;

use crate::models::Folder;
use crate::{Client, RequestOptions};

/// `GET /open/folders`.
pub const LIST_FOLDERS: &str = "GET /open/folders";

/// Handler of the tag folders ("标签目录", `client.folders()`).
#[derive(Debug, Clone)]
pub struct Folders<'a> {
    client: &'a Client,
    options: RequestOptions,
}

impl Client {
    /// Tag folders ("获取标签目录列表").
    pub fn folders(&self) -> Folders<'_> {
        Folders {
            client: self,
            options: RequestOptions::default(),
        }
    }
}

impl Folders<'_> {
    /// Per-call overrides (timeout, retry policy, response size cap) for every operation called
    /// through this handler, including each page request of its streams.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// "获取标签目录列表": every tag folder. A folder whose `parentId` is 0 or absent is a root
    /// ([`Folder::is_root`]).
    pub async fn list(&self) -> client_core::Result<Vec<Folder>> {
        let request = Request::get(LIST_FOLDERS, "/open/folders").options(self.options.clone());
        self.client.execute(request).await
    }
}
