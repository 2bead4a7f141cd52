//! Document section "短链接" (short URLs): "创建普通追踪短链接" (`POST /open/shorturl`) and
//! "创建分发追踪短链接" (`POST /open/shorturl/distribute`).
//!
//! Neither is retried after an ambiguous failure (a repeat would create a second link).

use client_core::Error;
use client_core::transport::Request;

use crate::models::{ContactId, ShortUrl, ShortUrlRequest, Utm};
use crate::{Client, RequestOptions};

/// `POST /open/shorturl`.
pub const CREATE_SHORT_URL: &str = "POST /open/shorturl";
/// `POST /open/shorturl/distribute`.
pub const DISTRIBUTE_SHORT_URL: &str = "POST /open/shorturl/distribute";

client_core::handler! {
    /// Handler of the area "短链接" (`client.short_urls()`).
    pub struct ShortUrls => Client;
}

impl Client {
    /// Short URLs ("短链接").
    pub fn short_urls(&self) -> ShortUrls<'_> {
        ShortUrls::new(self)
    }
}

impl<'a> ShortUrls<'a> {
    /// "创建普通追踪短链接": `POST /open/shorturl` with `{url, utm}`; set the UTM parameters on
    /// the builder. The URL must be an absolute `http(s)` URL (checked before sending).
    pub fn create(&self, url: impl Into<String>) -> CreateShortUrl<'a> {
        CreateShortUrl {
            client: self.client,
            operation: CREATE_SHORT_URL,
            path: "/open/shorturl",
            body: ShortUrlRequest {
                url: url.into(),
                utm: Utm::new(),
            },
            options: self.options.clone(),
        }
    }

    /// "创建分发追踪短链接": `POST /open/shorturl/distribute` — a link tracked per contact:
    /// `utm.term` is the contact's id (required, so it is a parameter here).
    ///
    /// Errors: `B00008` (no such contact) — the document's table pairs it with HTTP 500, its
    /// example with HTTP 420 (`"No [contact] found with id [71302452690124]"`); either is
    /// decoded the same way.
    pub fn distribute(
        &self,
        url: impl Into<String>,
        contact_id: impl Into<ContactId>,
    ) -> CreateShortUrl<'a> {
        CreateShortUrl {
            client: self.client,
            operation: DISTRIBUTE_SHORT_URL,
            path: "/open/shorturl/distribute",
            body: ShortUrlRequest {
                url: url.into(),
                utm: Utm::new().term(contact_id.into().to_string()),
            },
            options: self.options.clone(),
        }
    }
}

/// `POST /open/shorturl` or `POST /open/shorturl/distribute`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct CreateShortUrl<'a> {
    client: &'a Client,
    operation: &'static str,
    path: &'static str,
    body: ShortUrlRequest,
    options: RequestOptions,
}

impl CreateShortUrl<'_> {
    /// `utm.source` ("来源").
    pub fn source(mut self, v: impl Into<String>) -> Self {
        self.body.utm.source = Some(v.into());
        self
    }

    /// `utm.campaign` ("活动").
    pub fn campaign(mut self, v: impl Into<String>) -> Self {
        self.body.utm.campaign = Some(v.into());
        self
    }

    /// `utm.medium` ("媒介").
    pub fn medium(mut self, v: impl Into<String>) -> Self {
        self.body.utm.medium = Some(v.into());
        self
    }

    /// `utm.content` ("内容").
    pub fn content(mut self, v: impl Into<String>) -> Self {
        self.body.utm.content = Some(v.into());
        self
    }

    /// `utm.term` ("关键字"). For a distributing link it is the contact id given to
    /// [`ShortUrls::distribute`]; changing it here is refused unless it is still a contact id.
    pub fn term(mut self, v: impl Into<String>) -> Self {
        self.body.utm.term = Some(v.into());
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this request, replacing
    /// those of the handler it came from.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// The body as built so far.
    pub fn body(&self) -> &ShortUrlRequest {
        &self.body
    }

    /// Validates and creates the link.
    pub async fn send(self) -> client_core::Result<ShortUrl> {
        check_url(&self.body.url)?;
        if self.operation == DISTRIBUTE_SHORT_URL {
            let term = self.body.utm.term.as_deref().unwrap_or_default();
            if term.parse::<ContactId>().is_err() {
                return Err(Error::invalid_input(
                    "utm.term",
                    format!("must be the contact id of a distributing link, not `{term}`"),
                ));
            }
        }
        let request = Request::post(self.operation, self.path)
            .json(&self.body)?
            .options(self.options);
        self.client.execute(request).await
    }
}

fn check_url(url: &str) -> client_core::Result<()> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| Error::invalid_input("url", format!("`{url}` is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::invalid_input(
            "url",
            format!("`{url}` must be an absolute http(s) URL"),
        ));
    }
    Ok(())
}
