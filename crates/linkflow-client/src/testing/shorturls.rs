//! Sandbox rules of "短链接" (short URLs): `POST /open/shorturl` and
//! `POST /open/shorturl/distribute`.
//!
//! Links are `http://ln8w.cn/<code>`. A distributing link's `utm.term` must be the id of a
//! contact of the sandbox; otherwise the answer is the document's example error, HTTP 420
//! `B00008` `No [contact] found with id […]`.

use serde_json::{Map, Value, json};

use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::shorturls as ops;

/// A created link.
#[derive(Debug, Clone)]
pub(crate) struct StoredLink {
    pub(crate) short: String,
    pub(crate) url: String,
    pub(crate) utm: Map<String, Value>,
}

/// The short links created.
#[derive(Debug, Default)]
pub(crate) struct ShortUrlsState {
    pub(crate) links: Vec<StoredLink>,
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::CREATE_SHORT_URL, |state, req| {
        create(state, req, false).unwrap_or_else(|r| r)
    });
    routes.add(ops::DISTRIBUTE_SHORT_URL, |state, req| {
        create(state, req, true).unwrap_or_else(|r| r)
    });
}

fn code(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 62) as usize]);
        n /= 62;
        if n == 0 {
            break;
        }
    }
    while out.len() < 6 {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

fn create(
    state: &mut SandboxState,
    req: &SandboxRequest,
    distribute: bool,
) -> Result<Reply, Reply> {
    let body: Map<String, Value> = req.json()?;
    let url = body.get("url").and_then(Value::as_str).unwrap_or_default();
    if url.trim().is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: url"));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Reply::error(500, "B00010", "参数不合法: url"));
    }
    let utm = body
        .get("utm")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if distribute {
        let term = utm.get("term").and_then(Value::as_str).unwrap_or_default();
        if term.trim().is_empty() {
            return Err(Reply::error(500, "B00002", "必填参数为空: utm.term"));
        }
        let known = term
            .trim()
            .parse::<i64>()
            .ok()
            .is_some_and(|id| state.contacts.contacts.contains_key(&id));
        if !known {
            return Err(Reply::error(
                420,
                "B00008",
                format!("No [contact] found with id [{term}]"),
            ));
        }
    }
    let n = state.shorturls.links.len() as u64 + 1_000_000;
    let short = format!("http://ln8w.cn/{}", code(n));
    state.shorturls.links.push(StoredLink {
        short: short.clone(),
        url: url.to_owned(),
        utm,
    });
    Ok(Reply::json(&json!({ "shorturl": short })))
}

impl Sandbox {
    /// The long URL and UTM parameters behind short link `short`.
    pub fn short_url_target(&self, short: &str) -> Option<(String, Map<String, Value>)> {
        self.with_state(|s| {
            s.shorturls
                .links
                .iter()
                .find(|l| l.short == short)
                .map(|l| (l.url.clone(), l.utm.clone()))
        })
    }
}
