//! Types of the document area "短链接" (short URLs): the generated models, re-exported.

/// The body of "创建普通追踪短链接" and "创建分发追踪短链接": the long URL (`url`, "原链接地址")
/// and its UTM parameters (`utm`; `utm.term` is the contact id of a distributing link). The
/// generated model [`generated::ShortUrlRequest`](super::generated::ShortUrlRequest).
pub use super::generated::ShortUrlRequest;

/// A created short URL (`{"shorturl": "http://ln8w.cn/5T2SnX"}`): the generated model
/// [`generated::ShortUrl`](super::generated::ShortUrl).
pub use super::generated::ShortUrl;
