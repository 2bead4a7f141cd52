//! "创建联系人和事件": `POST /open/messages`.
