//! The hand-written side of the overhead comparison: what a careful programmer writes with
//! reqwest alone to do the same work as the clients — same headers, same token header, the same
//! MD5 signing and `_auth` check, decoding into the same model types — and nothing more (no
//! retries, no timeouts beyond reqwest's, no tracing, no error catalogue).
//!
//! The `reqwest::Client` is built exactly as `client_core::transport` builds its own: rustls with
//! the `ring` provider, a 10 s connect timeout, a 90 s pool idle timeout, otherwise defaults.

use std::time::Duration;

use bytes::Bytes;
use http::HeaderValue;
use http::header::{ACCEPT, USER_AGENT};
use md5::{Digest as _, Md5};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::BoxError;
use crate::server;

/// A `reqwest::Client` configured as the transport configures its own.
pub fn http_client() -> Result<reqwest::Client, BoxError> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    Ok(reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(90))
        .build()?)
}

/// Hand-written Linkflow calls with a token obtained once and kept in a field.
#[derive(Clone)]
pub struct RawLinkflow {
    http: reqwest::Client,
    base: String,
    token: HeaderValue,
}

#[derive(Deserialize)]
struct TokenAnswer {
    token: String,
}

impl RawLinkflow {
    /// Fetches a token with `GET /token` and keeps it.
    pub async fn connect(base: &str) -> Result<Self, BoxError> {
        let http = http_client()?;
        let response = http
            .get(format!("{base}/token"))
            .header(USER_AGENT, linkflow_client::USER_AGENT)
            .header(ACCEPT, "application/json")
            .header("x-openapi-key", server::LINKFLOW_KEY)
            .header("x-openapi-secret", server::LINKFLOW_SECRET)
            .send()
            .await?
            .error_for_status()?;
        let answer: TokenAnswer = serde_json::from_slice(&response.bytes().await?)?;
        let mut token = HeaderValue::from_str(&answer.token)?;
        token.set_sensitive(true);
        Ok(Self {
            http,
            base: base.to_owned(),
            token,
        })
    }

    /// `GET /open/contacts?page=0&size=200`, decoded into the client's `Contact`.
    pub async fn list_contacts(&self) -> Result<Vec<linkflow_client::models::Contact>, BoxError> {
        let response = self
            .http
            .get(format!("{}/open/contacts", self.base))
            .query(&[("page", 0u32), ("size", 200u32)])
            .header(USER_AGENT, linkflow_client::USER_AGENT)
            .header(ACCEPT, "application/json")
            .header("x-openapi-token", self.token.clone())
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)).into());
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

impl RawLinkflow {
    /// `GET /open/contacts_bulk?ids=…` for one chunk of ids.
    pub async fn bulk_chunk(
        &self,
        ids: &[i64],
    ) -> Result<Vec<linkflow_client::models::Contact>, BoxError> {
        let joined = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let response = self
            .http
            .get(format!("{}/open/contacts_bulk", self.base))
            .query(&[("ids", joined)])
            .header(USER_AGENT, linkflow_client::USER_AGENT)
            .header(ACCEPT, "application/json")
            .header("x-openapi-token", self.token.clone())
            .send()
            .await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)).into());
        }
        Ok(serde_json::from_slice(&body)?)
    }

    /// Every contact of `ids`, in calls of 100 with `concurrency` in flight (a task per call),
    /// in the order of `ids`.
    pub async fn bulk(
        &self,
        ids: &[i64],
        concurrency: usize,
    ) -> Result<Vec<linkflow_client::models::Contact>, BoxError> {
        let mut chunks = ids.chunks(100).map(<[i64]>::to_vec);
        let mut calls = tokio::task::JoinSet::new();
        let spawn = |calls: &mut tokio::task::JoinSet<_>, chunk: Vec<i64>| {
            let this = self.clone();
            calls.spawn(async move { this.bulk_chunk(&chunk).await });
        };
        for chunk in chunks.by_ref().take(concurrency) {
            spawn(&mut calls, chunk);
        }
        let mut found = std::collections::HashMap::with_capacity(ids.len());
        while let Some(page) = calls.join_next().await {
            if let Some(chunk) = chunks.next() {
                spawn(&mut calls, chunk);
            }
            for contact in page?? {
                found.insert(contact.id.get(), contact);
            }
        }
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }
}

/// Hand-written OkayAPI calls: the form signed by hand, the envelope and `_auth` checked by hand.
#[derive(Clone)]
pub struct RawOkayApi {
    http: reqwest::Client,
    url: String,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    ret: i64,
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(borrow, default)]
    msg: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "_t", borrow)]
    t: &'a RawValue,
    #[serde(rename = "_auth", borrow)]
    auth: std::borrow::Cow<'a, str>,
}

impl RawOkayApi {
    /// Calls `method` of the bench app on `base`.
    pub fn new(base: &str, method: &str) -> Result<Self, BoxError> {
        Ok(Self {
            http: http_client()?,
            url: format!("{base}/api/SVIP/{}/{method}", server::OKAYAPI_APP),
        })
    }

    /// `AAndyUseRecordStatistics` with `page=1&perpage=200`: signed, sent, verified, decoded.
    pub async fn use_records(
        &self,
    ) -> Result<okayapi_client::models::UseRecordStatistics, BoxError> {
        let mut form = vec![
            ("page", "1".to_owned()),
            ("perpage", "200".to_owned()),
            ("app_key", server::OKAYAPI_KEY.to_owned()),
        ];
        form.sort_by(|a, b| a.0.cmp(b.0));
        let mut md5 = Md5::new();
        for (_, v) in &form {
            md5.update(v.as_bytes());
        }
        md5.update(server::OKAYAPI_SECRET.as_bytes());
        form.push(("sign", hex::encode_upper(md5.finalize())));
        let response = self
            .http
            .post(&self.url)
            .header(USER_AGENT, okayapi_client::USER_AGENT)
            .header(ACCEPT, "application/json")
            .form(&form)
            .send()
            .await?;
        let status = response.status();
        let body: Bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("HTTP {status}").into());
        }
        let envelope: Envelope<'_> = serde_json::from_slice(&body)?;
        if envelope.ret != 200 {
            return Err(format!("ret {}: {:?}", envelope.ret, envelope.msg).into());
        }
        let data = envelope.data.get();
        let t = envelope.t.get().trim_matches('"');
        let mut md5 = Md5::new();
        md5.update(data.as_bytes());
        md5.update(t.as_bytes());
        md5.update(server::OKAYAPI_SECRET.as_bytes());
        if hex::encode(md5.finalize()) != envelope.auth {
            return Err("_auth does not match".into());
        }
        Ok(serde_json::from_str(data)?)
    }
}
