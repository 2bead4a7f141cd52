//! "获取标签目录列表": `GET /open/folders`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use httpmock::prelude::*;
use linkflow_client::models::FolderId;

use crate::support::*;

const FOLDERS: &str = include_str!("../../fixtures/folders.response.json");

#[tokio::test]
async fn list_decodes_the_folders() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/folders")
            .header("x-openapi-token", TOKEN);
        then.status(200).body(FOLDERS);
    });
    let client = client_for(&server);
    let folders = client.folders().list().await.expect("folders");
    mock.assert_calls(1);
    assert_eq!(folders.len(), 1);
    let folder = &folders[0];
    assert_eq!(folder.id, FolderId(175));
    assert_eq!(folder.name, "测试目录名称");
    assert_eq!(folder.domain.as_deref(), Some("TAG"));
    assert_eq!(folder.parent(), Some(FolderId(174)));
    assert!(!folder.is_root());
    assert_eq!(
        folder.date_created.as_ref().map(|t| t.as_str()),
        Some("2024-11-08 15:03:10")
    );
}

#[tokio::test]
async fn parent_0_or_absent_is_a_root() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/folders");
        then.status(200)
            .body(r#"[{"id":1,"name":"a","parentId":0},{"id":2,"name":"b"},{"id":3,"name":"c","parentId":1,"lastUpdated":""}]"#);
    });
    let client = client_for(&server);
    let folders = client.folders().list().await.expect("folders");
    let roots: Vec<bool> = folders.iter().map(|f| f.is_root()).collect();
    assert_eq!(roots, [true, true, false]);
    assert_eq!(folders[2].last_updated, None, "an empty time is absent");
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_sandbox_lists_the_fixture() {
    let sandbox = linkflow_client::testing::Sandbox::start().expect("sandbox");
    let folders = sandbox
        .client()
        .expect("client")
        .folders()
        .list()
        .await
        .expect("folders");
    assert_eq!(folders[0].id, FolderId(175));
}
