//! Types of the document area "短链接" (short URLs).

use serde::{Deserialize, Serialize};

use super::common::Utm;

/// The body of "创建普通追踪短链接" and "创建分发追踪短链接": the long URL and its UTM parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortUrlRequest {
    /// `url`: the original address ("原链接地址").
    pub url: String,
    /// `utm`: the tracking parameters (`utm.term` is the contact id of a distributing link).
    pub utm: Utm,
}

/// A created short URL (`{"shorturl": "http://ln8w.cn/5T2SnX"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortUrl {
    /// `shorturl`.
    pub shorturl: String,
}
