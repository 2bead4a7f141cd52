//! Types of the document area "订单" (orders): the order status codes shared with "创建/更新订单"
//! (`POST /open/messages/orders`) and the record id. The orders `GET /open/orders` lists are the
//! generated [`Order`](super::Order) and [`OrderLine`](super::OrderLine), re-exported by `models`.

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
