//! The operations, one module per section of `wukong.md`:
//!
//! * [`oauth`] — 一、认证&授权 (`/oauth/code`, `/oauth/token`): [`Client::oauth`](crate::Client::oauth);
//! * [`leads`] — 二、数据API (`/openv1/list`, `/openv1/potential`, `/importv1/potential`):
//!   [`Client::leads`](crate::Client::leads).

pub mod leads;
pub mod oauth;
