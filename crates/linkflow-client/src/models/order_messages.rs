//! Types of "创建/更新订单" (`POST /open/messages/orders`): sales orders (`salesOrderHead`) with
//! their lines (`salesOrderLine`), sent as messages of the batch envelope shared with
//! `POST /open/messages` ([`MessageBatch`](super::MessageBatch)).
//!
//! Money is [`Decimal`] (written with its exact digits), timestamps are [`VendorTime`] (written
//! as `yyyy-MM-dd HH:mm:ss`, UTC+8), `orderStatus` is the system status code ([`OrderStatus`];
//! map a YouZan status with [`YouzanOrderStatus::system_status`](super::YouzanOrderStatus::system_status)).
//!
//! # `domain`: `salesOrder` or `salesOrders`
//!
//! The document's example and its comment say `"domain": "salesOrder"`; its parameter table says
//! `salesOrders`. The client sends [`SALES_ORDER_DOMAIN`] (`salesOrder`, the example) and accepts
//! both when decoding ([`is_sales_order_domain`]).

use client_core::Error;
use client_core::time::VendorTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::Props;
use super::lenient;
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

/// A sales order ("data - salesOrderHead"), the `data` of a `salesOrder` message.
///
/// `orderId` and `orderDate` are always required; `saleChannel` and `orderStatus` are required
/// when the order is created ("创建时必填") — the client cannot tell a create from an update, so
/// it leaves that rule to the server (`B00002`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesOrder {
    /// `saleChannel` ("订单销售渠道": 天猫、有赞、微盟 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_channel: Option<String>,
    /// `orderId` ("订单号", required).
    pub order_id: String,
    /// `orderStatus`: the system status code ("见有赞渠道状态映射及系统订单状态码").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<OrderStatus>,
    /// `orderSource` ("订单来源": 小程序、公众号 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_source: Option<String>,
    /// `payType` ("支付方式").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_type: Option<String>,
    /// `payDate` ("订单支付时间").
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub pay_date: Option<VendorTime>,
    /// `orderDate` ("订单创建时间", required).
    pub order_date: VendorTime,
    /// `totalPrice` ("订单总金额").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_price: Option<Decimal>,
    /// `paymentPrice` ("订单实付金额").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub payment_price: Option<Decimal>,
    /// `refundPrice` ("退款金额").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refund_price: Option<Decimal>,
    /// `successDate` ("订单完成时间").
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub success_date: Option<VendorTime>,
    /// `cancelDate` ("订单关闭时间").
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub cancel_date: Option<VendorTime>,
    /// `cancelType` ("订单关闭类型").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_type: Option<String>,
    /// `storeName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_name: Option<String>,
    /// `storeId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// `paymentId` ("支付流水号").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// `receiverName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_name: Option<String>,
    /// `deliveryProvince`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_province: Option<String>,
    /// `deliveryCity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_city: Option<String>,
    /// `deliveryDistrict`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_district: Option<String>,
    /// `deliveryAddress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<String>,
    /// `receiverMobile`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_mobile: Option<String>,
    /// `totalQuantity` ("商品总数"; the table says String, the example sends a number: sent as a
    /// number).
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_quantity: Option<i64>,
    /// `orderType` ("订单类型", e.g. `普通订单`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<String>,
    /// `isPresale` ("是否预售", e.g. `是`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_presale: Option<String>,
    /// `presaleStatus` ("预售订单状态").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale_status: Option<String>,
    /// `isMemberOrder` ("是否会员单").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_member_order: Option<String>,
    /// `storeCardUsed` ("使用购物金", Integer).
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub store_card_used: Option<i64>,
    /// `deliveryDate` ("订单发货时间").
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_date: Option<VendorTime>,
    /// `guideCode` ("订单对应导购").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_code: Option<String>,
    /// `props`: custom order attributes ("订单头自定义属性").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub props: Option<Props>,
    /// `lines`: the order lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<SalesOrderLine>,
}

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
            lines: Vec::new(),
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
        self.lines.push(line);
        self
    }
}

impl MessageData for SalesOrder {
    fn domain(&self) -> &str {
        SALES_ORDER_DOMAIN
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
        for (i, line) in self.lines.iter().enumerate() {
            if line.line_id.trim().is_empty() {
                return Err(Error::invalid_input(
                    format!("messages[{index}].data.lines[{i}].lineId"),
                    "is required",
                ));
            }
        }
        Ok(())
    }
}

/// An order line ("data - salesOrderLine"). Only `lineId` is required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SalesOrderLine {
    /// `lineId` ("订单行ID", required).
    pub line_id: String,
    /// `orderDate`.
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub order_date: Option<VendorTime>,
    /// `itemTotalPrice` ("商品总价").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_total_price: Option<Decimal>,
    /// `itemPaymentPrice` ("商品实付金额").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub item_payment_price: Option<Decimal>,
    /// `quantity`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<i64>,
    /// `refundQuantity`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub refund_quantity: Option<i64>,
    /// `refundPrice`.
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub refund_price: Option<Decimal>,
    /// `brandName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_name: Option<String>,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `productName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// `productAlias`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_alias: Option<String>,
    /// `itemId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// `itemNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_no: Option<String>,
    /// `outerItemNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_item_no: Option<String>,
    /// `price` ("商品单价").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<Decimal>,
    /// `skuName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_name: Option<String>,
    /// `skuId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    /// `skuNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_no: Option<String>,
    /// `isPresent` ("是否赠品"; the example sends the text `"false"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_present: Option<String>,
    /// `refundType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_type: Option<String>,
    /// `refundStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_status: Option<String>,
    /// `lineStatus` ("子订单状态").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_status: Option<String>,
    /// `categoryId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
    /// `itemMealId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_meal_id: Option<String>,
    /// `itemMealName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_meal_name: Option<String>,
    /// `isEstimate` ("是否评价").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_estimate: Option<String>,
    /// `outerItemId` ("平台商品ID").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_item_id: Option<String>,
    /// `outerSkuName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_sku_name: Option<String>,
    /// `outerSkuId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_sku_id: Option<String>,
    /// `outerSkuNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_sku_no: Option<String>,
    /// `deliveryDate` ("子订单发货时间").
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_date: Option<VendorTime>,
    /// `props`: custom line attributes ("订单行自定义属性").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub props: Option<Props>,
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
