//! "通过App Key和App Secret获取Access Token": token exchange, caching, refresh, errors.

use httpmock::prelude::*;

use crate::support::*;

#[tokio::test]
async fn token_is_fetched_once_and_sent_as_header() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let groups = server.mock(|when, then| {
        when.method(GET)
            .path("/open/groups")
            .header("x-openapi-token", TOKEN);
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    for _ in 0..3 {
        let _ = client
            .transport()
            .execute::<serde_json::Value>(client_core::transport::Request::get(
                "GET /open/groups",
                "/open/groups",
            ))
            .await
            .expect("call succeeds");
    }
    token.assert_calls(1);
    groups.assert_calls(3);
}
