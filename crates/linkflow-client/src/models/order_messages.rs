//! Types of "创建/更新订单" (`POST /open/messages/orders`): sales orders (`salesOrderHead`) with
//! their lines (`salesOrderLine`), sent as messages of the batch envelope shared with
//! `POST /open/messages` ([`MessageBatch`](super::MessageBatch)).
//!
//! Money is [`Decimal`] (written with its exact digits), timestamps are [`VendorTime`] (sent
//! as `yyyy-MM-dd HH:mm:ss`, UTC+8, whatever zone they were given in; a date without a time is
//! refused before sending, since every time here is a `DateTime`), `orderStatus` is the system status code ([`OrderStatus`];
//! map a YouZan status with [`YouzanOrderStatus::system_status`](super::YouzanOrderStatus::system_status)).
//!
//! # `domain`: `salesOrder` or `salesOrders`
//!
//! The document's example and its comment say `"domain": "salesOrder"`; its parameter table says
//! `salesOrders`. The client sends [`SALES_ORDER_DOMAIN`] (`salesOrder`, the example) and accepts
//! both when decoding ([`is_sales_order_domain`]).

use std::borrow::Cow;

use client_core::Error;
use client_core::time::{SendLayout, VendorTime};
use rust_decimal::Decimal;

use super::common::Props;
use super::messages::MessageData;
use super::orders::OrderStatus;

/// The `domain` the client sends for a sales order (the document's example).
pub const SALES_ORDER_DOMAIN: &str = "salesOrder";
/// The `domain` the document's parameter table writes; accepted when decoding.
pub const SALES_ORDER_DOMAIN_ALIAS: &str = "salesOrders";
/// The `action` of a sales-order message ("值固定为set").
pub const SALES_ORDER_ACTION: &str = "set";

/// Whether `domain` names a sales order (`salesOrder` or the table's `salesOrders`).
pub fn is_sales_order_domain(domain: &str) -> bool {
    domain == SALES_ORDER_DOMAIN || domain == SALES_ORDER_DOMAIN_ALIAS
}

macro_rules! opt_setters {
    ($($(#[$meta:meta])* $name:ident: $ty:ty;)+) => {
        $(
            $(#[$meta])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )+
    };
}

// The sales order and its lines are the generated wire models (re-exported by `models`); their
// constructors and setters are here.
use super::generated::{SalesOrder, SalesOrderLine};

impl SalesOrder {
    /// An order `order_id` created at `order_date` (the two always-required members).
    pub fn new(order_id: impl Into<String>, order_date: impl Into<VendorTime>) -> Self {
        Self {
            sale_channel: None,
            order_id: order_id.into(),
            order_status: None,
            order_source: None,
            pay_type: None,
            pay_date: None,
            order_date: order_date.into(),
            total_price: None,
            payment_price: None,
            refund_price: None,
            success_date: None,
            cancel_date: None,
            cancel_type: None,
            store_name: None,
            store_id: None,
            payment_id: None,
            receiver_name: None,
            delivery_province: None,
            delivery_city: None,
            delivery_district: None,
            delivery_address: None,
            receiver_mobile: None,
            total_quantity: None,
            order_type: None,
            is_presale: None,
            presale_status: None,
            is_member_order: None,
            store_card_used: None,
            delivery_date: None,
            guide_code: None,
            props: None,
            lines: None,
        }
    }

    opt_setters! {
        /// Sets `saleChannel` (required when creating).
        sale_channel: String;
        /// Sets `orderStatus` (required when creating). A [`YouzanOrderStatus`](super::YouzanOrderStatus)
        /// converts through the document's mapping table.
        order_status: OrderStatus;
        /// Sets `orderSource`.
        order_source: String;
        /// Sets `payType`.
        pay_type: String;
        /// Sets `payDate`.
        pay_date: VendorTime;
        /// Sets `totalPrice`.
        total_price: Decimal;
        /// Sets `paymentPrice`.
        payment_price: Decimal;
        /// Sets `refundPrice`.
        refund_price: Decimal;
        /// Sets `successDate`.
        success_date: VendorTime;
        /// Sets `cancelDate`.
        cancel_date: VendorTime;
        /// Sets `cancelType`.
        cancel_type: String;
        /// Sets `storeName`.
        store_name: String;
        /// Sets `storeId`.
        store_id: String;
        /// Sets `paymentId`.
        payment_id: String;
        /// Sets `receiverName`.
        receiver_name: String;
        /// Sets `deliveryProvince`.
        delivery_province: String;
        /// Sets `deliveryCity`.
        delivery_city: String;
        /// Sets `deliveryDistrict`.
        delivery_district: String;
        /// Sets `deliveryAddress`.
        delivery_address: String;
        /// Sets `receiverMobile`.
        receiver_mobile: String;
        /// Sets `totalQuantity`.
        total_quantity: i64;
        /// Sets `orderType`.
        order_type: String;
        /// Sets `isPresale`.
        is_presale: String;
        /// Sets `presaleStatus`.
        presale_status: String;
        /// Sets `isMemberOrder`.
        is_member_order: String;
        /// Sets `storeCardUsed`.
        store_card_used: i64;
        /// Sets `deliveryDate`.
        delivery_date: VendorTime;
        /// Sets `guideCode`.
        guide_code: String;
    }

    /// Sets one custom attribute in `props`.
    pub fn prop(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.props
            .get_or_insert_with(Props::new)
            .insert(name.into(), value.into());
        self
    }

    /// Adds an order line.
    pub fn line(mut self, line: SalesOrderLine) -> Self {
        self.lines.get_or_insert_with(Vec::new).push(line);
        self
    }
}

impl MessageData for SalesOrder {
    fn domain(&self) -> &str {
        SALES_ORDER_DOMAIN
    }

    fn channel_types() -> &'static [&'static str] {
        crate::api::order_messages::ORDER_CHANNEL_TYPES
    }

    fn action(&self) -> &str {
        SALES_ORDER_ACTION
    }

    fn validate(&self, index: usize) -> client_core::Result<()> {
        if self.order_id.trim().is_empty() {
            return Err(Error::invalid_input(
                format!("messages[{index}].data.orderId"),
                "is required",
            ));
        }
        for (i, line) in self.lines.iter().flatten().enumerate() {
            if line.line_id.trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("messages[{index}].data.lines[{i}].lineId"),
                    "is required",
                ));
            }
        }
        Ok(())
    }

    /// Every time (`payDate`, `orderDate`, `successDate`, `cancelDate`, `deliveryDate`, and each
    /// line's `orderDate`, `deliveryDate`) as `yyyy-MM-dd HH:mm:ss` in UTC+8: the document types
    /// them `DateTime` and the server refuses any other layout (`B00010`). A date without a time
    /// is refused (sending midnight would invent a time).
    fn to_sent(&self, index: usize) -> client_core::Result<Cow<'_, Self>> {
        let sent = |t: &VendorTime| t.is_sent_form(ORDER_TIME_LAYOUT);
        let all_sent = head_times(self).into_iter().flatten().all(sent)
            && self
                .lines
                .iter()
                .flatten()
                .all(|l| line_times(l).into_iter().flatten().all(sent));
        if all_sent {
            return Ok(Cow::Borrowed(self));
        }
        let at = |name: &str| format!("messages[{index}].data.{name}");
        let mut order = self.clone();
        send_time(&mut order.order_date, || at("orderDate"))?;
        for (time, name) in [
            (&mut order.pay_date, "payDate"),
            (&mut order.success_date, "successDate"),
            (&mut order.cancel_date, "cancelDate"),
            (&mut order.delivery_date, "deliveryDate"),
        ] {
            if let Some(time) = time {
                send_time(time, || at(name))?;
            }
        }
        for (i, line) in order.lines.iter_mut().flatten().enumerate() {
            for (time, name) in [
                (&mut line.order_date, "orderDate"),
                (&mut line.delivery_date, "deliveryDate"),
            ] {
                if let Some(time) = time {
                    send_time(time, || at(&format!("lines[{i}].{name}")))?;
                }
            }
        }
        Ok(Cow::Owned(order))
    }
}

/// The layout of every time of a sales order ("DateTime", `2022-10-28 10:33:45`).
const ORDER_TIME_LAYOUT: SendLayout = SendLayout::DateTime;

/// The order head's times.
fn head_times(order: &SalesOrder) -> [Option<&VendorTime>; 5] {
    [
        Some(&order.order_date),
        order.pay_date.as_ref(),
        order.success_date.as_ref(),
        order.cancel_date.as_ref(),
        order.delivery_date.as_ref(),
    ]
}

/// An order line's times.
fn line_times(line: &SalesOrderLine) -> [Option<&VendorTime>; 2] {
    [line.order_date.as_ref(), line.delivery_date.as_ref()]
}

/// Rewrites `time` in the order layout; `field` names it in the error.
fn send_time(time: &mut VendorTime, field: impl FnOnce() -> String) -> client_core::Result<()> {
    if !time.is_sent_form(ORDER_TIME_LAYOUT) {
        *time = time.to_sent(&field(), ORDER_TIME_LAYOUT)?;
    }
    Ok(())
}

impl SalesOrderLine {
    /// A line `line_id`.
    pub fn new(line_id: impl Into<String>) -> Self {
        Self {
            line_id: line_id.into(),
            order_date: None,
            item_total_price: None,
            item_payment_price: None,
            quantity: None,
            refund_quantity: None,
            refund_price: None,
            brand_name: None,
            category: None,
            product_name: None,
            product_alias: None,
            item_id: None,
            item_no: None,
            outer_item_no: None,
            price: None,
            sku_name: None,
            sku_id: None,
            sku_no: None,
            is_present: None,
            refund_type: None,
            refund_status: None,
            line_status: None,
            category_id: None,
            item_meal_id: None,
            item_meal_name: None,
            is_estimate: None,
            outer_item_id: None,
            outer_sku_name: None,
            outer_sku_id: None,
            outer_sku_no: None,
            delivery_date: None,
            props: None,
        }
    }

    opt_setters! {
        /// Sets `orderDate`.
        order_date: VendorTime;
        /// Sets `itemTotalPrice`.
        item_total_price: Decimal;
        /// Sets `itemPaymentPrice`.
        item_payment_price: Decimal;
        /// Sets `quantity`.
        quantity: i64;
        /// Sets `refundQuantity`.
        refund_quantity: i64;
        /// Sets `refundPrice`.
        refund_price: Decimal;
        /// Sets `brandName`.
        brand_name: String;
        /// Sets `category`.
        category: String;
        /// Sets `productName`.
        product_name: String;
        /// Sets `productAlias`.
        product_alias: String;
        /// Sets `itemId`.
        item_id: String;
        /// Sets `itemNo`.
        item_no: String;
        /// Sets `outerItemNo`.
        outer_item_no: String;
        /// Sets `price`.
        price: Decimal;
        /// Sets `skuName`.
        sku_name: String;
        /// Sets `skuId`.
        sku_id: String;
        /// Sets `skuNo`.
        sku_no: String;
        /// Sets `isPresent`.
        is_present: String;
        /// Sets `refundType`.
        refund_type: String;
        /// Sets `refundStatus`.
        refund_status: String;
        /// Sets `lineStatus`.
        line_status: String;
        /// Sets `categoryId`.
        category_id: String;
        /// Sets `itemMealId`.
        item_meal_id: String;
        /// Sets `itemMealName`.
        item_meal_name: String;
        /// Sets `isEstimate`.
        is_estimate: String;
        /// Sets `outerItemId`.
        outer_item_id: String;
        /// Sets `outerSkuName`.
        outer_sku_name: String;
        /// Sets `outerSkuId`.
        outer_sku_id: String;
        /// Sets `outerSkuNo`.
        outer_sku_no: String;
        /// Sets `deliveryDate`.
        delivery_date: VendorTime;
    }

    /// Sets one custom attribute in `props`.
    pub fn prop(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.props
            .get_or_insert_with(Props::new)
            .insert(name.into(), value.into());
        self
    }
}
