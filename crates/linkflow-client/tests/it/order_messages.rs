//! "创建/更新订单": `POST /open/messages/orders` — typed sales orders (exact money, UTC+8 times,
//! status codes and the YouZan mapping), the `salesOrder` / `salesOrders` domain, and the
//! message ids kept across retries.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::str::FromStr as _;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use client_core::time::VendorTime;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::models::{
    ChannelType, Identity, IdentityType, Message, OrderStatus, SALES_ORDER_DOMAIN, SalesOrder,
    SalesOrderLine, YouzanOrderStatus, is_sales_order_domain,
};
use rust_decimal::Decimal;

use crate::support::*;

const REQUEST: &str = include_str!("../../fixtures/messages_orders.request.json");

fn time(text: &str) -> VendorTime {
    VendorTime::parse(text).expect("time")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

/// The order of the document's example, built with the typed API.
fn example_order() -> SalesOrder {
    let t = time("2022-10-28 10:33:45");
    SalesOrder::new("E20221028", time("2022-10-28 10:33:44"))
        .sale_channel("有赞")
        .order_status(OrderStatus::TradeClosed)
        .order_source("other")
        .pay_type("优惠兑换")
        .pay_date(t.clone())
        .total_price(dec("100.240"))
        .payment_price(Decimal::ZERO)
        .refund_price(Decimal::ZERO)
        .success_date(t.clone())
        .cancel_date(t.clone())
        .cancel_type("2")
        .store_name("微商城")
        .store_id("111111")
        .payment_id("1")
        .receiver_name("1")
        .delivery_province("吉林省")
        .delivery_city("四平市")
        .delivery_district("梨树县")
        .delivery_address("1")
        .receiver_mobile("12345678901")
        .total_quantity(1)
        .order_type("普通订单")
        .is_presale("是")
        .presale_status("XXX")
        .is_member_order("是")
        .store_card_used(100)
        .delivery_date(t.clone())
        .guide_code("1A2S3D")
        .prop("test_date", "2022-10-28 10:33:45")
        .line(
            SalesOrderLine::new("L20221028")
                .order_date(time("2022-10-28 10:33:44"))
                .item_total_price(Decimal::ZERO)
                .item_payment_price(Decimal::ZERO)
                .quantity(2)
                .refund_quantity(0)
                .refund_price(dec("0.000"))
                .brand_name("1")
                .category("1")
                .product_name("维生素C")
                .product_alias("111111")
                .item_id("111111")
                .item_no("1")
                .outer_item_no("1")
                .price(dec("50.12"))
                .sku_name("数量:1瓶")
                .sku_id("1")
                .sku_no("1")
                .is_present("false")
                .refund_type("退款-商家主动退款")
                .refund_status("退货退款")
                .line_status("退货退款")
                .category_id("123")
                .item_meal_id("123")
                .item_meal_name("111111")
                .is_estimate("是")
                .outer_item_id("100000000")
                .outer_sku_name("中份")
                .outer_sku_id("100000001")
                .outer_sku_no("100000000")
                .delivery_date(t)
                .prop("test_number", 100.12),
        )
}

#[tokio::test]
async fn the_documented_order_is_sent_exactly() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(REQUEST).expect("fixture");
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/messages/orders")
            .header("x-openapi-token", TOKEN)
            .header("content-type", "application/json")
            .json_body(expected);
        then.status(200);
    });
    let client = client_for(&server);
    let ts = DateTime::<Utc>::from_timestamp_millis(1_663_146_117_310).unwrap();
    let receipt = client
        .order_messages()
        .batch("udc_12SyQfFmg")
        .request_id("53fcb30b-9d32-50b4-9b07-d8d41594525d")
        .channel_type(ChannelType::Udc)
        .identity(Identity::new(IdentityType::IdCard, "321100199012203412"))
        .identity(Identity::new(IdentityType::Email, "email@163.com"))
        .message(
            Message::new(example_order())
                .message_id("2f833261-8cc9-5ff4-81d2-14ff970e0c59")
                .ts(ts),
        )
        .send()
        .await
        .expect("sent");
    mock.assert_calls(1);
    assert_eq!(receipt.request_id, "53fcb30b-9d32-50b4-9b07-d8d41594525d");
    assert_eq!(
        receipt.message_ids,
        ["2f833261-8cc9-5ff4-81d2-14ff970e0c59"]
    );
}

#[test]
fn orders_decode_from_both_domains_and_round_trip() {
    assert_eq!(SALES_ORDER_DOMAIN, "salesOrder");
    assert!(is_sales_order_domain("salesOrder"));
    assert!(is_sales_order_domain("salesOrders"));
    assert!(!is_sales_order_domain("contact"));
    // Decoded from the text (a `serde_json::Value` would have turned 100.240 into an f64).
    #[derive(serde::Deserialize)]
    struct Batch {
        messages: Vec<Msg>,
    }
    #[derive(serde::Deserialize)]
    struct Msg {
        domain: String,
        data: SalesOrder,
    }
    let batch: Batch = serde_json::from_str(REQUEST).expect("decodes");
    assert!(is_sales_order_domain(&batch.messages[0].domain));
    let order = batch.messages[0].data.clone();
    let fixture: serde_json::Value = serde_json::from_str(REQUEST).expect("fixture");
    let data = &fixture["messages"][0]["data"];
    assert_eq!(order, example_order());
    assert_eq!(
        order.total_price.map(|d| d.to_string()).as_deref(),
        Some("100.240")
    );
    assert_eq!(
        order.order_date.instant().to_rfc3339(),
        "2022-10-28T10:33:44+08:00"
    );
    assert_eq!(&serde_json::to_value(&order).expect("encodes"), data);
}

#[test]
fn the_youzan_mapping_table() {
    use OrderStatus as S;
    use YouzanOrderStatus as Y;
    let table = [
        (Y::WaitBuyerPay, S::WaitBuyerPay),
        (Y::TradePaid, S::WaitSellerSendGoods),
        (Y::WaitConfirm, S::WaitSellerSendGoods),
        (Y::WaitSellerSendGoods, S::WaitSellerSendGoods),
        (Y::WaitBuyerConfirmGoods, S::WaitBuyerConfirmGoods),
        (Y::TradeSuccess, S::TradeSuccess),
        (Y::TradeClosed, S::TradeClosed),
        (Y::parse("TRADE_REFUNDING"), S::OtherStatus),
    ];
    for (youzan, system) in table {
        assert_eq!(youzan.system_status(), system, "{youzan}");
        assert_eq!(OrderStatus::from(youzan), system);
    }
    assert_eq!(OrderStatus::DOCUMENTED.len(), 12);
    assert_eq!(OrderStatus::OtherStatus.as_str(), "OTHER");
    assert_eq!(
        OrderStatus::parse("NEW_CODE"),
        OrderStatus::Other("NEW_CODE".into())
    );
}

#[tokio::test]
async fn checks_happen_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let date = time("2022-10-28 10:33:44");
    let batch = || {
        client
            .order_messages()
            .batch("udc_1")
            .identity(Identity::new(IdentityType::Email, "a@b.c"))
    };
    let err = batch()
        .channel_type(ChannelType::WechatWxa)
        .order(SalesOrder::new("1", date.clone()))
        .send()
        .await
        .expect_err("channel type");
    assert_eq!(err.field(), Some("channelType"));
    let err = batch()
        .order(SalesOrder::new(" ", date.clone()))
        .send()
        .await
        .expect_err("orderId");
    assert_eq!(err.field(), Some("messages[0].data.orderId"));
    let err = batch()
        .order(SalesOrder::new("1", date.clone()).line(SalesOrderLine::new("")))
        .send()
        .await
        .expect_err("lineId");
    assert_eq!(err.field(), Some("messages[0].data.lines[0].lineId"));
    let err = client
        .order_messages()
        .batch("udc_1")
        .order(SalesOrder::new("1", date))
        .send()
        .await
        .expect_err("identities");
    assert_eq!(err.field(), Some("identities"));
    token.assert_calls(0);
}

#[tokio::test]
async fn retries_carry_the_same_ids_and_no_retry_sends_once() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let bodies = Arc::new(Mutex::new(Vec::<serde_json::Value>::new()));
    let seen = Arc::clone(&bodies);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/messages/orders")
            .json_body_includes(r#"{"channelKey":"youzan_1","channelType":"YOUZAN"}"#);
        then.respond_with(move |req: &HttpMockRequest| {
            let mut seen = seen.lock().unwrap();
            seen.push(serde_json::from_slice(req.body_ref()).unwrap());
            let status = if seen.len() < 3 { 502 } else { 200 };
            HttpMockResponse::builder().status(status).build()
        });
    });
    let once = server.mock(|when, then| {
        when.method(POST)
            .path("/open/messages/orders")
            .json_body_includes(r#"{"channelKey":"youzan_2"}"#);
        then.status(502);
    });
    let client = client_for(&server);
    let order = SalesOrder::new("Y1", time("2024-05-20 12:00:00"))
        .sale_channel("有赞")
        .order_status(YouzanOrderStatus::TradePaid);
    let receipt = client
        .order_messages()
        .batch("youzan_1")
        .channel_type(ChannelType::Youzan)
        .identity(Identity::new(IdentityType::MobilePhone, "13800000000"))
        .order(order.clone())
        .send()
        .await
        .expect("third attempt");
    mock.assert_calls(3);
    let bodies = bodies.lock().unwrap().clone();
    for body in bodies.iter() {
        assert_eq!(body["request_id"], receipt.request_id.as_str());
        assert_eq!(
            body["messages"][0]["message_id"],
            receipt.message_ids[0].as_str()
        );
        assert_eq!(body["messages"][0]["domain"], "salesOrder");
        assert_eq!(body["messages"][0]["action"], "set");
        assert_eq!(
            body["messages"][0]["data"]["orderStatus"],
            "WAIT_SELLER_SEND_GOODS"
        );
    }
    assert!(uuid::Uuid::parse_str(&receipt.request_id).is_ok());
    assert_eq!(bodies[0], bodies[2], "every attempt sends the same bytes");

    client
        .order_messages()
        .batch("youzan_2")
        .identity(Identity::new(IdentityType::MobilePhone, "13800000000"))
        .order(order)
        .no_retry()
        .send()
        .await
        .expect_err("502");
    once.assert_calls(1);
}

/// Captures every body `POST /open/messages/orders` receives, answering 200.
fn capture_orders(server: &MockServer) -> (httpmock::Mock<'_>, Arc<Mutex<Vec<serde_json::Value>>>) {
    let bodies = Arc::new(Mutex::new(Vec::<serde_json::Value>::new()));
    let seen = Arc::clone(&bodies);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/messages/orders");
        then.respond_with(move |req: &HttpMockRequest| {
            seen.lock()
                .unwrap()
                .push(serde_json::from_slice(req.body_ref()).unwrap());
            HttpMockResponse::builder().status(200).build()
        });
    });
    (mock, bodies)
}

#[tokio::test]
async fn order_times_are_sent_as_utc_plus_8_wall_clock_text() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let (mock, bodies) = capture_orders(&server);
    let client = client_for(&server);
    let order = SalesOrder::new("Z1", time("2024-01-02T03:04:05+08:00"))
        .pay_date(time("2024-01-02T03:04:05Z"))
        .success_date(time(" 2024-01-02 18:00:00 "))
        .cancel_date(time("2024-01-02T16:30:00.999Z"))
        .delivery_date(time("2024-01-02 20:00:00"))
        .line(
            SalesOrderLine::new("Z1-1")
                .order_date(time("2024-01-01T23:30:00-01:00"))
                .delivery_date(time("2024-01-03T00:00:00+09:00")),
        );
    client
        .order_messages()
        .batch("udc_1")
        .identity(Identity::new(IdentityType::Email, "a@b.c"))
        .order(order.clone())
        .send()
        .await
        .expect("sent");
    mock.assert_calls(1);
    let body = bodies.lock().unwrap()[0].clone();
    assert_eq!(
        body["messages"][0]["data"],
        serde_json::json!({
            "orderId": "Z1",
            "orderDate": "2024-01-02 03:04:05",
            "payDate": "2024-01-02 11:04:05",
            "successDate": "2024-01-02 18:00:00",
            "cancelDate": "2024-01-03 00:30:00",
            "deliveryDate": "2024-01-02 20:00:00",
            "lines": [{
                "lineId": "Z1-1",
                "orderDate": "2024-01-02 08:30:00",
                "deliveryDate": "2024-01-02 23:00:00"
            }]
        })
    );
    // The caller's values are left as given (the converted copy is what was sent).
    assert_eq!(
        order.pay_date.as_ref().map(VendorTime::as_str),
        Some("2024-01-02T03:04:05Z")
    );
}

#[tokio::test]
async fn an_order_time_without_a_time_of_day_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let full = time("2024-01-02 03:04:05");
    let day = time("2024-01-02");
    let cases = [
        (
            SalesOrder::new("1", day.clone()),
            "messages[0].data.orderDate",
        ),
        (
            SalesOrder::new("1", full.clone()).pay_date(day.clone()),
            "messages[0].data.payDate",
        ),
        (
            SalesOrder::new("1", full.clone()).delivery_date(day.clone()),
            "messages[0].data.deliveryDate",
        ),
        (
            SalesOrder::new("1", full.clone())
                .line(SalesOrderLine::new("a"))
                .line(SalesOrderLine::new("b").delivery_date(day.clone())),
            "messages[0].data.lines[1].deliveryDate",
        ),
    ];
    for (order, field) in cases {
        let err = client
            .order_messages()
            .batch("udc_1")
            .identity(Identity::new(IdentityType::Email, "a@b.c"))
            .order(order)
            .send()
            .await
            .expect_err(field);
        assert!(err.is_invalid_input(), "{err}");
        assert_eq!(err.field(), Some(field));
        assert!(err.to_string().contains("yyyy-MM-dd HH:mm:ss"), "{err}");
    }
    token.assert_calls(0);
}

#[cfg(feature = "testing")]
mod sandbox {
    use futures::TryStreamExt as _;
    use linkflow_client::testing::Sandbox;

    use super::*;

    #[tokio::test]
    async fn orders_sent_as_messages_are_listed() {
        let sandbox = Sandbox::start().expect("sandbox");
        let client = sandbox.client().expect("client");
        let phone = Identity::new(IdentityType::MobilePhone, "13900000001");
        let receipt = client
            .order_messages()
            .batch("youzan_shop")
            .channel_type(ChannelType::YouzanSelf)
            .identity(phone.clone())
            .order(
                SalesOrder::new("YZ-1", time("2024-05-20 12:00:00"))
                    .sale_channel("有赞")
                    .order_status(OrderStatus::WaitBuyerPay)
                    .total_price(dec("88.80"))
                    .line(
                        SalesOrderLine::new("YZ-1-1")
                            .price(dec("88.80"))
                            .quantity(1),
                    ),
            )
            .send()
            .await
            .expect("created");
        assert_eq!(
            sandbox.order_message_request_ids(),
            [receipt.request_id.as_str()]
        );
        assert_eq!(sandbox.order_message_domains(), ["salesOrder"]);

        // An update needs neither saleChannel nor orderStatus; a new order needs both.
        client
            .order_messages()
            .batch("youzan_shop")
            .channel_type(ChannelType::Youzan)
            .identity(phone.clone())
            .order(
                // A YouZan code sent as is: the sandbox maps it as the document's table says.
                SalesOrder::new("YZ-1", time("2024-05-20 12:00:00"))
                    .order_status(OrderStatus::parse("TRADE_PAID")),
            )
            .send()
            .await
            .expect("updated");
        let err = client
            .order_messages()
            .batch("youzan_shop")
            .identity(phone.clone())
            .order(SalesOrder::new("YZ-2", time("2024-05-20 12:00:00")))
            .send()
            .await
            .expect_err("new order without saleChannel");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00002"));

        let orders: Vec<_> = client
            .orders()
            .cursor()
            .stream()
            .try_collect()
            .await
            .expect("listed");
        assert_eq!(orders.len(), 3, "the two fixture orders and YZ-1");
        let listed = orders.iter().find(|o| o.order_id == "YZ-1").expect("YZ-1");
        assert_eq!(listed.order_status, Some(OrderStatus::WaitSellerSendGoods));
        assert_eq!(listed.order_outer_status.as_deref(), Some("TRADE_PAID"));
        assert_eq!(listed.total_price, Some(dec("88.80")));
        assert_eq!(listed.lines[0].line_id, "YZ-1-1");
        let buyer = client
            .identity()
            .find_contact(IdentityType::MobilePhone, "13900000001")
            .await
            .expect("lookup");
        assert_eq!(listed.contact_id, buyer);
        assert_eq!(sandbox.order_count(), 3);
    }

    #[tokio::test]
    async fn zoned_order_times_reach_the_sandbox_in_its_layout() {
        let sandbox = Sandbox::start().expect("sandbox");
        let client = sandbox.client().expect("client");
        // The sandbox, like the vendor, refuses any other layout with 500 B00010.
        let raw = serde_json::json!({
            "channelKey": "udc_1",
            "identities": [{"id": "z@b.c", "type": "email"}],
            "messages": [{"domain": "salesOrder", "action": "set", "ts": 1, "data": {
                "orderId": "RAW", "orderDate": "2024-01-02T03:04:05+08:00",
                "saleChannel": "有赞", "orderStatus": "WAIT_BUYER_PAY"}}]
        });
        let err = client
            .transport()
            .execute::<serde_json::Value>(
                client_core::transport::Request::post(
                    "POST /open/messages/orders",
                    "/open/messages/orders",
                )
                .json(&raw)
                .expect("body"),
            )
            .await
            .expect_err("zoned text refused");
        assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00010"));

        client
            .order_messages()
            .batch("udc_1")
            .identity(Identity::new(IdentityType::Email, "z@b.c"))
            .order(
                SalesOrder::new("Z9", time("2024-01-02T03:04:05+08:00"))
                    .pay_date(time("2024-01-02T03:04:05Z"))
                    .sale_channel("有赞")
                    .order_status(OrderStatus::WaitBuyerPay),
            )
            .send()
            .await
            .expect("converted and accepted");
        let orders: Vec<_> = client
            .orders()
            .cursor()
            .stream()
            .try_collect()
            .await
            .expect("listed");
        let listed = orders.iter().find(|o| o.order_id == "Z9").expect("Z9");
        assert_eq!(
            listed.order_date.as_ref().map(VendorTime::as_str),
            Some("2024-01-02 03:04:05")
        );
        assert_eq!(
            listed.pay_date.as_ref().map(VendorTime::as_str),
            Some("2024-01-02 11:04:05")
        );
    }
}
