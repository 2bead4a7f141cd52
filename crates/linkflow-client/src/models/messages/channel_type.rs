//! The channel type of a message batch (`channelType`) and the types each endpoint accepts.

string_enum!(
    /// A channel type (`channelType`, default `UDC`). `POST /open/messages` accepts `UDC`, `TTMP`
    /// and `WECHAT_WXA` ([`PROFILE_CHANNEL_TYPES`]); `POST /open/messages/orders` accepts `UDC`,
    /// `YOUZAN` and `YOUZANSELF` (`ORDER_CHANNEL_TYPES`). A documented type the endpoint does not
    /// list is refused before sending; an undocumented one is sent only as the explicit
    /// [`ChannelType::Other`] (the escape hatch).
    ChannelType {
        /// `UDC`: a custom channel ("自定义渠道").
        Udc => "UDC",
        /// `TTMP`: a ByteDance mini-program ("字节小程序").
        Ttmp => "TTMP",
        /// `WECHAT_WXA`: a WeChat mini-program ("微信小程序").
        WechatWxa => "WECHAT_WXA",
        /// `YOUZAN`: YouZan ("有赞"), for orders.
        Youzan => "YOUZAN",
        /// `YOUZANSELF`: self-built YouZan, for orders.
        YouzanSelf => "YOUZANSELF",
    }
);

/// The channel types `POST /open/messages` accepts for contacts and events ("可选值为UDC(自定义渠道)、
/// TTMP(字节小程序)、WECHAT_WXA(微信小程序)").
pub const PROFILE_CHANNEL_TYPES: &[&str] = &["UDC", "TTMP", "WECHAT_WXA"];
