//! "获取订单列表": `GET /open/orders` in cursor mode (`lastMaxId`) and page mode (`startTime`,
//! `endTime`, `page` ≤ 100), each also a stream.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::str::FromStr as _;

use chrono::{TimeZone as _, Utc};
use client_core::time::VendorTime;
use futures::TryStreamExt as _;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::api::orders::LIST_ORDERS;
use linkflow_client::models::{ContactId, OrderRecordId, OrderStatus};
use rust_decimal::Decimal;

use crate::support::*;

const ORDERS: &str = include_str!("../../fixtures/orders.response.json");

fn time(text: &str) -> VendorTime {
    VendorTime::parse(text).expect("time")
}

fn order(id: i64) -> serde_json::Value {
    serde_json::json!({"id": id, "orderId": format!("O{id}"), "orderStatus": "TRADE_SUCCESS"})
}

#[tokio::test]
async fn cursor_sends_last_max_id_and_decodes_orders_exactly() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/orders")
            .header("x-openapi-token", TOKEN)
            .query_param("lastMaxId", "100")
            .query_param_missing("page");
        then.status(200).body(ORDERS);
    });
    let client = client_for(&server);
    let orders = client
        .orders()
        .cursor()
        .last_max_id(100)
        .send()
        .await
        .expect("orders");
    mock.assert_calls(1);
    assert_eq!(orders.len(), 2);
    let o = &orders[0];
    assert_eq!(o.id, OrderRecordId(144_357_503_180_802));
    assert_eq!(o.order_id, "433");
    assert_eq!(o.contact_id, Some(ContactId(706_402_597_617_664)));
    assert_eq!(o.order_status, Some(OrderStatus::SellerConsignedPart));
    assert_eq!(
        o.order_outer_status.as_deref(),
        Some("SELLER_CONSIGNED_PART")
    );
    // Money keeps its exact digits.
    assert_eq!(
        o.total_price.map(|d| d.to_string()).as_deref(),
        Some("100.240")
    );
    assert_eq!(o.payment_price, Some(Decimal::from_str("123.456").unwrap()));
    assert_eq!(
        o.refund_price.map(|d| d.to_string()).as_deref(),
        Some("0.000")
    );
    assert_eq!(o.pay_date, Some(time("2022-11-28 10:33:45")));
    assert_eq!(
        o.pay_date
            .as_ref()
            .map(|t| t.instant().to_rfc3339())
            .as_deref(),
        Some("2022-11-28T10:33:45+08:00")
    );
    assert_eq!(o.total_quantity, Some(1));
    assert_eq!(o.store_card_used, Some(100));
    let line = &o.lines[0];
    assert_eq!(line.line_id, "L202210ddzda28");
    assert_eq!(line.price, Some(Decimal::from_str("50.12").unwrap()));
    assert_eq!(
        line.refund_price.map(|d| d.to_string()).as_deref(),
        Some("92.000")
    );
    assert_eq!(line.quantity, Some(2));
    assert_eq!(orders[1].lines[0].refund_price, Some(Decimal::from(928)));
}

#[tokio::test]
async fn sparse_orders_read_blank_times_as_none_and_counts_from_strings() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET)
            .path("/open/orders")
            .query_param("lastMaxId", "0");
        then.status(200).json_body(serde_json::json!([{
            "id": "7", "orderId": "O7", "payDate": "", "cancelDate": null,
            "totalQuantity": "3", "storeCardUsed": "", "orderStatus": "SOMETHING_NEW",
            "lines": [{"id": 8, "lineId": "L8", "quantity": "2", "orderDate": " "}]
        }]));
    });
    let client = client_for(&server);
    let orders = client.orders().cursor().send().await.expect("orders");
    let o = &orders[0];
    assert_eq!(o.id, OrderRecordId(7));
    assert_eq!(o.pay_date, None);
    assert_eq!(o.cancel_date, None);
    assert_eq!(o.order_date, None);
    assert_eq!(o.total_quantity, Some(3));
    assert_eq!(o.store_card_used, None);
    assert_eq!(
        o.order_status,
        Some(OrderStatus::Other("SOMETHING_NEW".to_owned()))
    );
    assert_eq!(o.lines[0].id, OrderRecordId(8));
    assert_eq!(o.lines[0].quantity, Some(2));
    assert_eq!(o.lines[0].order_date, None);
}

#[tokio::test]
async fn cursor_stream_passes_the_last_id_until_an_empty_batch() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let pages = [
        ("0", vec![order(5), order(9)]),
        ("9", vec![order(12)]),
        ("12", vec![]),
    ];
    let mocks: Vec<_> = pages
        .iter()
        .map(|(last, batch)| {
            server.mock(|when, then| {
                when.method(GET)
                    .path("/open/orders")
                    .query_param("lastMaxId", *last);
                then.status(200).json_body(serde_json::json!(batch));
            })
        })
        .collect();
    let client = client_for(&server);
    let ids: Vec<OrderRecordId> = client
        .orders()
        .cursor()
        .stream()
        .map_ok(|o| o.id)
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids, [OrderRecordId(5), OrderRecordId(9), OrderRecordId(12)]);
    for mock in mocks {
        mock.assert_calls(1);
    }
}

#[tokio::test]
async fn window_sends_start_end_and_page() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/orders")
            .header("x-openapi-token", TOKEN)
            .query_param("startTime", "2023-01-01 15:44:20")
            .query_param("endTime", "2024-03-16 15:44:20")
            .query_param("page", "2")
            .query_param_missing("lastMaxId");
        then.status(200).body(ORDERS);
    });
    let client = client_for(&server);
    let orders = client
        .orders()
        .window(time("2023-01-01 15:44:20"), time("2024-03-16 15:44:20"))
        .page(2)
        .send()
        .await
        .expect("orders");
    assert_eq!(orders.len(), 2);
    // Any instant is sent as UTC+8 wall-clock text.
    let start = Utc.with_ymd_and_hms(2023, 1, 1, 7, 44, 20).unwrap();
    let end = Utc.with_ymd_and_hms(2024, 3, 16, 7, 44, 20).unwrap();
    client
        .orders()
        .window(start, end)
        .page(2)
        .send()
        .await
        .expect("orders");
    mock.assert_calls(2);
}

#[tokio::test]
async fn window_checks_page_and_order_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let (a, b) = (time("2024-01-01 00:00:00"), time("2024-02-01 00:00:00"));
    for page in [0, 101] {
        let err = client
            .orders()
            .window(a.clone(), b.clone())
            .page(page)
            .send()
            .await
            .expect_err("page");
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("page"));
    }
    // "yyyy-MM-dd HH:mm:ss格式": a date without a time is refused, not sent as midnight.
    let day = time("2024-01-01");
    for (start, end, field) in [
        (day.clone(), b.clone(), "startTime"),
        (a.clone(), time("2024-02-01"), "endTime"),
    ] {
        let err = client
            .orders()
            .window(start.clone(), end.clone())
            .send()
            .await
            .expect_err("date");
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some(field));
        let err = client
            .orders()
            .window(start, end)
            .stream()
            .try_next()
            .await
            .expect_err("date");
        assert_eq!(err.field(), Some(field));
    }
    for (start, end) in [(b.clone(), a.clone()), (a.clone(), a.clone())] {
        let err = client
            .orders()
            .window(start, end)
            .stream()
            .try_next()
            .await
            .expect_err("window");
        assert_eq!(err.field(), Some("startTime"));
    }
    token.assert_calls(0);
}

#[tokio::test]
async fn window_stream_reads_pages_until_an_empty_one() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let answer = |page: &str, batch: serde_json::Value| {
        server.mock(|when, then| {
            when.method(GET)
                .path("/open/orders")
                .query_param("startTime", "2024-01-01 00:00:00")
                .query_param("endTime", "2024-02-01 00:00:00")
                .query_param("page", page);
            then.status(200).json_body(batch);
        })
    };
    let p1 = answer("1", serde_json::json!([order(1), order(2)]));
    let p2 = answer("2", serde_json::json!([order(3)]));
    let p3 = answer("3", serde_json::json!([]));
    let client = client_for(&server);
    let orders: Vec<_> = client
        .orders()
        .window(time("2024-01-01 00:00:00"), time("2024-02-01 00:00:00"))
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(
        orders.len(),
        3,
        "a short page does not end it: the page size is the server's"
    );
    p1.assert_calls(1);
    p2.assert_calls(1);
    p3.assert_calls(1);
}

#[tokio::test]
async fn window_stream_stops_with_a_limit_error_after_page_100() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET).path("/open/orders");
        then.respond_with(|req: &HttpMockRequest| {
            let page = req
                .query_params()
                .into_iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v)
                .unwrap_or_default();
            HttpMockResponse::builder()
                .status(200)
                .body(format!(r#"[{{"id":{page},"orderId":"p{page}"}}]"#))
                .build()
        });
    });
    let client = client_for(&server);
    let window = client
        .orders()
        .window(time("2024-01-01 00:00:00"), time("2024-02-01 00:00:00"));
    let mut stream = window.clone().page(98).stream();
    let mut seen = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(o)) => seen.push(o.order_id),
            Ok(None) => panic!("the listing cannot end silently at page 100"),
            Err(e) => break e,
        }
    };
    assert_eq!(seen, ["p98", "p99", "p100"]);
    assert!(err.is_limit(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("narrower windows"), "{text}");
    assert!(text.contains("lastMaxId"), "{text}");
    mock.assert_calls(3);
}

#[tokio::test]
async fn b00093_is_typed_and_becomes_a_limit_error_in_a_stream() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/orders");
        then.status(500)
            .json_body(error_body("B00093", "超过最大页数"));
    });
    let client = client_for(&server);
    let window = client
        .orders()
        .window(time("2024-01-01 00:00:00"), time("2024-02-01 00:00:00"));
    let err = window.clone().page(100).send().await.expect_err("B00093");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00093"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some(LIST_ORDERS)
    );
    assert_eq!(err.attempts(), 1);
    let err = window.stream().try_next().await.expect_err("limit");
    assert!(err.is_limit(), "{err:?}");
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_sandbox_lists_its_orders_in_both_modes() {
    let sandbox = linkflow_client::testing::Sandbox::start().expect("sandbox");
    sandbox.set_orders_page_size(1);
    let client = sandbox.client().expect("client");
    let by_cursor: Vec<_> = client
        .orders()
        .cursor()
        .stream()
        .try_collect()
        .await
        .expect("cursor");
    assert_eq!(by_cursor.len(), 2);
    assert_eq!(by_cursor[1].order_id, "882");
    let by_window: Vec<_> = client
        .orders()
        .window(time("2023-03-16 00:00:00"), time("2023-03-17 00:00:00"))
        .stream()
        .try_collect()
        .await
        .expect("window");
    assert_eq!(by_window, by_cursor);
    let none = client
        .orders()
        .window(time("2023-03-17 00:00:00"), time("2023-03-18 00:00:00"))
        .send()
        .await
        .expect("empty window");
    assert!(none.is_empty());
}
