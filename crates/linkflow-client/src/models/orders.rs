//! Types of the document area "订单" (orders): the orders `GET /open/orders` lists, and the order
//! status codes shared with "创建/更新订单" (`POST /open/messages/orders`).

use client_core::time::VendorTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::common::{ContactId, Props};
use super::lenient;

id_newtype!(
    /// An order record's id (`id` of an order in `GET /open/orders`): the cursor of the listing
    /// (`lastMaxId`). Not the business order number, which is `orderId`.
    OrderRecordId
);

string_enum!(
    /// A system order status code ("系统订单状态码"), the `orderStatus` of orders.
    OrderStatus {
        /// `WAIT_BUYER_PAY`: 待支付 (awaiting payment).
        WaitBuyerPay => "WAIT_BUYER_PAY",
        /// `WAIT_SELLER_SEND_GOODS`: 待发货 (awaiting shipment).
        WaitSellerSendGoods => "WAIT_SELLER_SEND_GOODS",
        /// `SELLER_CONSIGNED_PART`: 部分发货 (partly shipped).
        SellerConsignedPart => "SELLER_CONSIGNED_PART",
        /// `WAIT_BUYER_CONFIRM_GOODS`: 已发货 (shipped).
        WaitBuyerConfirmGoods => "WAIT_BUYER_CONFIRM_GOODS",
        /// `WAIT_BUYER_CONFIRM_PAY`: 已发货未付款 (shipped, not paid).
        WaitBuyerConfirmPay => "WAIT_BUYER_CONFIRM_PAY",
        /// `TRADE_BUYER_SIGNED`: 已签收 (received).
        TradeBuyerSigned => "TRADE_BUYER_SIGNED",
        /// `TRADE_SUCCESS`: 订单完成 (completed).
        TradeSuccess => "TRADE_SUCCESS",
        /// `TRADE_CLOSED`: 订单关闭 (closed).
        TradeClosed => "TRADE_CLOSED",
        /// `TRADE_CLOSED_ALL_REFUND`: 全额退款交易关闭 (closed, fully refunded).
        TradeClosedAllRefund => "TRADE_CLOSED_ALL_REFUND",
        /// `TRADE_CLOSED_PARTIAL_REFUND`: 部分退款 (partly refunded).
        TradeClosedPartialRefund => "TRADE_CLOSED_PARTIAL_REFUND",
        /// `PAID_FORBID_CONSIGN`: 禁止发货 (shipment forbidden).
        PaidForbidConsign => "PAID_FORBID_CONSIGN",
        /// `OTHER`: 其他 (other).
        OtherStatus => "OTHER",
    }
);

string_enum!(
    /// A YouZan (有赞) order status ("YouZan Order Code"), as the table "有赞订单状态映射" lists
    /// them. [`YouzanOrderStatus::system_status`] maps one to the system code.
    YouzanOrderStatus {
        /// `WAIT_BUYER_PAY`
        WaitBuyerPay => "WAIT_BUYER_PAY",
        /// `TRADE_PAID`
        TradePaid => "TRADE_PAID",
        /// `WAIT_CONFIRM`
        WaitConfirm => "WAIT_CONFIRM",
        /// `WAIT_SELLER_SEND_GOODS`
        WaitSellerSendGoods => "WAIT_SELLER_SEND_GOODS",
        /// `WAIT_BUYER_CONFIRM_GOODS`
        WaitBuyerConfirmGoods => "WAIT_BUYER_CONFIRM_GOODS",
        /// `TRADE_SUCCESS`
        TradeSuccess => "TRADE_SUCCESS",
        /// `TRADE_CLOSED`
        TradeClosed => "TRADE_CLOSED",
    }
);

impl YouzanOrderStatus {
    /// The system status code for this YouZan status, per the table "有赞订单状态映射":
    ///
    /// | YouZan | system |
    /// |---|---|
    /// | `WAIT_BUYER_PAY` | `WAIT_BUYER_PAY` |
    /// | `TRADE_PAID`, `WAIT_CONFIRM`, `WAIT_SELLER_SEND_GOODS` | `WAIT_SELLER_SEND_GOODS` |
    /// | `WAIT_BUYER_CONFIRM_GOODS` | `WAIT_BUYER_CONFIRM_GOODS` |
    /// | `TRADE_SUCCESS` | `TRADE_SUCCESS` |
    /// | `TRADE_CLOSED` | `TRADE_CLOSED` |
    /// | any other ("其他状态") | `OTHER` |
    pub fn system_status(&self) -> OrderStatus {
        youzan_to_system(self)
    }
}

/// The mapping of the table "有赞订单状态映射": a YouZan status → the system status code.
pub fn youzan_to_system(status: &YouzanOrderStatus) -> OrderStatus {
    match status {
        YouzanOrderStatus::WaitBuyerPay => OrderStatus::WaitBuyerPay,
        YouzanOrderStatus::TradePaid
        | YouzanOrderStatus::WaitConfirm
        | YouzanOrderStatus::WaitSellerSendGoods => OrderStatus::WaitSellerSendGoods,
        YouzanOrderStatus::WaitBuyerConfirmGoods => OrderStatus::WaitBuyerConfirmGoods,
        YouzanOrderStatus::TradeSuccess => OrderStatus::TradeSuccess,
        YouzanOrderStatus::TradeClosed => OrderStatus::TradeClosed,
        YouzanOrderStatus::Other(_) => OrderStatus::OtherStatus,
    }
}

impl From<YouzanOrderStatus> for OrderStatus {
    /// Maps with [`youzan_to_system`].
    fn from(status: YouzanOrderStatus) -> Self {
        youzan_to_system(&status)
    }
}

impl From<&YouzanOrderStatus> for OrderStatus {
    /// Maps with [`youzan_to_system`].
    fn from(status: &YouzanOrderStatus) -> Self {
        youzan_to_system(status)
    }
}

/// An order as `GET /open/orders` lists it ("获取订单列表"). Every attribute but `id` is optional:
/// real orders omit what their channel does not know. Money is exact ([`Decimal`]), timestamps
/// are UTC+8 [`VendorTime`]s; empty timestamps decode as `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// `id`: the record id (the cursor: `lastMaxId` is the last order's `id`).
    pub id: OrderRecordId,
    /// `orderId`: the order number ("订单号").
    #[serde(default)]
    pub order_id: String,
    /// `saleChannel` ("订单销售渠道": 天猫、有赞、微盟 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_channel: Option<String>,
    /// `channelId`: the channel's numeric id.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub channel_id: Option<i64>,
    /// `contactId`: the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// `orderStatus`: the system status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_status: Option<OrderStatus>,
    /// `orderOuterStatus`: the channel's own status, as it sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_outer_status: Option<String>,
    /// `orderSource` ("订单来源").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_source: Option<String>,
    /// `payType` ("支付方式").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_type: Option<String>,
    /// `payDate`.
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub pay_date: Option<VendorTime>,
    /// `orderDate`.
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub order_date: Option<VendorTime>,
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
    /// `totalQuantity` ("商品总数"; typed String in the document, a number in its examples).
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_quantity: Option<i64>,
    /// `orderType` ("订单类型").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<String>,
    /// `isPresale` ("是否预售", e.g. `是`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_presale: Option<String>,
    /// `presaleStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presale_status: Option<String>,
    /// `isMemberOrder` ("是否会员单").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_member_order: Option<String>,
    /// `storeCardUsed` ("使用购物金").
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
    /// `props`: custom order attributes.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub props: Props,
    /// `tenantId`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub tenant_id: Option<i64>,
    /// `ver`: the record's version.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub ver: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8): what the time-window mode matches.
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_updated: Option<VendorTime>,
    /// `lines`: the order lines.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub lines: Vec<OrderLine>,
}

/// An order line of a listed [`Order`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    /// `id`: the line record's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<OrderRecordId>,
    /// `lineId` ("订单行ID").
    #[serde(default)]
    pub line_id: String,
    /// `orderId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// `saleChannel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale_channel: Option<String>,
    /// `channelId`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub channel_id: Option<i64>,
    /// `contactId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
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
    /// `price` ("商品单价").
    #[serde(
        default,
        with = "client_core::decimal::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub price: Option<Decimal>,
    /// `brandName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_name: Option<String>,
    /// `category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `categoryId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<String>,
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
    /// `skuName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_name: Option<String>,
    /// `skuId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    /// `skuNo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_no: Option<String>,
    /// `isPresent` ("是否赠品").
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
    /// `itemMealId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_meal_id: Option<String>,
    /// `itemMealName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_meal_name: Option<String>,
    /// `isEstimate` ("是否评价").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_estimate: Option<String>,
    /// `props`: custom line attributes.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub props: Props,
    /// `tenantId`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub tenant_id: Option<i64>,
    /// `ver`.
    #[serde(
        default,
        with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub ver: Option<i64>,
    /// `dateCreated` (UTC+8).
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_created: Option<VendorTime>,
    /// `lastUpdated` (UTC+8).
    #[serde(
        default,
        with = "lenient::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_updated: Option<VendorTime>,
}
