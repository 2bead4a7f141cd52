//! Calls by name: typed and raw, full service names, both path styles, and a custom method
//! typed in one line.

use httpmock::prelude::*;
use okayapi_client::{ListMethod, ListResponse, PathStyle};
use serde::{Deserialize, Serialize};

use crate::support::{self, envelope, path};

#[derive(Debug, Deserialize, PartialEq)]
struct Echo {
    id: String,
    n: u32,
}

#[tokio::test]
async fn call_decodes_typed_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AEcho"))
                .header("user-agent", okayapi_client::USER_AGENT)
                // serde_json's map orders keys: `n` before `name`.
                .body(support::body(&[("n", "3"), ("name", "张三")]));
            then.status(200).body(envelope(r#"{"id":"9","n":3}"#));
        })
        .await;
    let echo: Echo = support::client(&server)
        .call("AEcho", serde_json::json!({ "name": "张三", "n": 3 }))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    mock.assert_async().await;
    assert_eq!(
        echo,
        Echo {
            id: "9".into(),
            n: 3
        }
    );
}

#[tokio::test]
async fn full_service_names_choose_the_app() {
    let server = MockServer::start_async().await;
    let new_style = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/SVIP/Other_App/AList")
                .body(support::body(&[]));
            then.status(200).body(envelope("[]"));
        })
        .await;
    let old_style = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/")
                .query_param("s", "App.Hello.World")
                .body(support::body_also_signing(&[], &[("s", "App.Hello.World")]));
            then.status(200).body(envelope("\"hi\""));
        })
        .await;
    let client = support::client(&server);
    let list: Vec<u8> = client.call("SVIP.Other_App.AList", ()).await.unwrap();
    assert!(list.is_empty());
    new_style.assert_async().await;
    let old = support::builder(&server)
        .path_style(PathStyle::Old)
        .build()
        .unwrap();
    let hi: String = old.call("App.Hello.World", ()).await.unwrap();
    assert_eq!(hi, "hi");
    old_style.assert_async().await;
}

#[tokio::test]
async fn call_raw_keeps_the_exact_text() {
    let server = MockServer::start_async().await;
    let data = r#"{"b":1,  "a":[true,null]}"#;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("ARaw"));
            then.status(200).body(envelope(data));
        })
        .await;
    let raw = support::client(&server).call_raw("ARaw", ()).await.unwrap();
    assert_eq!(raw.as_str(), data);
    assert_eq!(raw.to_string(), data);
}

#[tokio::test]
async fn bad_method_names_send_nothing() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(envelope("1"));
        })
        .await;
    let client = support::client(&server);
    for bad in ["", "A/../B", "A B", "SVIP..X"] {
        let err = client.call::<u32>(bad, ()).await.unwrap_err();
        assert!(err.is_invalid_input(), "{bad}: {err}");
        assert_eq!(err.field(), Some("method"));
    }
    let err = client.call::<u32>("AEcho", [1, 2, 3]).await.unwrap_err();
    assert!(
        err.is_invalid_input() && err.field() == Some("params"),
        "{err}"
    );
    assert_eq!(mock.calls_async().await, 0);
}

// ----- another account's custom method, typed in one line ---------------------------------

/// AListOrders: a custom list method of another account.
#[derive(Debug, Clone, Serialize)]
struct ListOrders {
    page: Option<u32>,
    perpage: Option<u32>,
    status: Option<String>,
}

/// Its `data`.
#[derive(Debug, Deserialize)]
struct Orders {
    items: Vec<Order>,
    total: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Order {
    order_no: String,
}

okayapi_client::okayapi_method!(ListOrders => Orders, "AListOrders", safe_to_repeat = true);

impl ListResponse for Orders {
    type Item = Order;
    fn into_page(self) -> (Vec<Order>, Option<u64>) {
        (self.items, Some(self.total))
    }
}

impl ListMethod for ListOrders {
    fn page(&self) -> Option<u32> {
        self.page
    }
    fn perpage(&self) -> Option<u32> {
        self.perpage
    }
    fn with_page(mut self, page: u32, perpage: u32) -> Self {
        self.page = Some(page);
        self.perpage = Some(perpage);
        self
    }
}

#[tokio::test]
async fn a_custom_method_in_one_line_and_its_stream() {
    use futures::TryStreamExt as _;

    let server = MockServer::start_async().await;
    let page = |n: u32, body: &'static str| {
        let server = &server;
        async move {
            server
                .mock_async(move |when, then| {
                    when.method(POST)
                        .path(path("AListOrders"))
                        .body(support::body(&[
                            ("page", &n.to_string()),
                            ("perpage", "2"),
                            ("status", "paid"),
                        ]));
                    then.status(200).body(envelope(body));
                })
                .await
        }
    };
    let p1 = page(
        1,
        r#"{"items":[{"order_no":"a"},{"order_no":"b"}],"total":3}"#,
    )
    .await;
    let p2 = page(2, r#"{"items":[{"order_no":"c"}],"total":3}"#).await;
    let client = support::client(&server);
    let first = client
        .send(&ListOrders {
            page: Some(1),
            perpage: Some(2),
            status: Some("paid".into()),
        })
        .await
        .unwrap();
    assert_eq!(first.total, 3);
    let all: Vec<Order> = client
        .stream(ListOrders {
            page: None,
            perpage: Some(2),
            status: Some("paid".into()),
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|o| o.order_no.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    assert_eq!(p1.calls_async().await, 2);
    assert_eq!(p2.calls_async().await, 1);
}
