//! The loopback server the scenarios call: Linkflow-shaped and OkayAPI-shaped endpoints serving
//! from memory, with counters and knobs, built on hyper directly so its own cost stays small and
//! the same for both sides of every comparison.
//!
//! It runs on its own thread with a current-thread Tokio runtime, so the client side's runtime
//! measures only the client, and a child process can call it while the parent waits.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use md5::{Digest as _, Md5};
use tokio::net::TcpListener;

/// Contacts per page.
pub const PAGE: usize = 200;
/// The Linkflow App Key the token endpoint accepts.
pub const LINKFLOW_KEY: &str = "bench-key";
/// The Linkflow App Secret the token endpoint accepts.
pub const LINKFLOW_SECRET: &str = "bench-secret";
/// The prefix of the tokens the Linkflow token endpoint issues (`bench-token-<n>`).
pub const TOKEN_PREFIX: &str = "bench-token-";
/// The OkayAPI app name (the `<app>` of `/api/SVIP/<app>/<Method>`).
pub const OKAYAPI_APP: &str = "Bench0001_MyApi";
/// The OkayAPI app key.
pub const OKAYAPI_KEY: &str = "BENCHKEY0123456789ABCDEFGHIJKLMN";
/// The OkayAPI app secret: requests are signed and `_auth` computed with it.
pub const OKAYAPI_SECRET: &str = "bench-secret-0123456789abcdef0123456789";
/// The OkayAPI method the overhead scenario calls.
pub const OKAYAPI_METHOD: &str = "AAndyUseRecordStatistics";

/// Contacts whose JSON the server keeps ready for `contacts_bulk` (ids `1..=BULK_CACHE`).
const BULK_CACHE: u64 = 10_000;

/// Tokens whose expiry the server remembers (token `n` uses slot `n % TOKEN_SLOTS`).
const TOKEN_SLOTS: usize = 64;

/// Counters and knobs shared with the scenarios.
pub struct ServerState {
    /// Requests served (all routes).
    pub requests: AtomicU64,
    /// `GET /token` requests served.
    pub token_requests: AtomicU64,
    /// Requests rejected with 401 because their token had expired or was unknown.
    pub rejected_tokens: AtomicU64,
    /// Lifetime of the tokens issued from now on, in seconds.
    pub token_lifetime_secs: AtomicI64,
    /// Added to the real time to give the server's "now" (to let tokens expire mid-run).
    pub clock_offset_secs: AtomicI64,
    /// Total contacts the cursor endpoint serves before an empty page.
    pub cursor_total: AtomicU64,
    /// Delay added to each `contacts_bulk` call, in milliseconds.
    pub bulk_delay_ms: AtomicU64,
    /// `contacts_bulk` calls served.
    pub bulk_calls: AtomicU64,
    /// OkayAPI requests whose `sign` was wrong (answered `ret` 406).
    pub bad_signatures: AtomicU64,
    token_expiry: [AtomicI64; TOKEN_SLOTS],
    /// The JSON of contacts `1..=BULK_CACHE`, so bulk answers cost a copy, not formatting.
    bulk_cache: Vec<String>,
    okayapi: Mutex<(i64, Bytes)>,
    okayapi_data: String,
}

impl ServerState {
    fn new() -> Self {
        Self {
            requests: AtomicU64::new(0),
            token_requests: AtomicU64::new(0),
            rejected_tokens: AtomicU64::new(0),
            token_lifetime_secs: AtomicI64::new(7200),
            clock_offset_secs: AtomicI64::new(0),
            cursor_total: AtomicU64::new(0),
            bulk_delay_ms: AtomicU64::new(0),
            bulk_calls: AtomicU64::new(0),
            bad_signatures: AtomicU64::new(0),
            token_expiry: std::array::from_fn(|_| AtomicI64::new(0)),
            bulk_cache: (1..=BULK_CACHE).map(contact_json).collect(),
            okayapi: Mutex::new((0, Bytes::new())),
            okayapi_data: okayapi_data(),
        }
    }

    /// The server's "now", in Unix seconds (real time plus [`ServerState::clock_offset_secs`]).
    pub fn now_secs(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        real + self.clock_offset_secs.load(Ordering::Relaxed)
    }

    /// Whether `token` was issued here and has not expired.
    fn token_valid(&self, token: &[u8]) -> bool {
        let Some(n) = token
            .strip_prefix(TOKEN_PREFIX.as_bytes())
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return false;
        };
        let issued = usize::try_from(self.token_requests.load(Ordering::Acquire)).unwrap_or(0);
        n >= 1
            && n <= issued
            && self.now_secs() < self.token_expiry[n % TOKEN_SLOTS].load(Ordering::Acquire)
    }

    /// The OkayAPI envelope for the current second: `data` signed with `_t` and `_auth`
    /// (rebuilt once a second, so `_t` is always current).
    fn okayapi_envelope(&self) -> Bytes {
        let now = self.now_secs();
        let mut slot = self.okayapi.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.0 != now {
            *slot = (now, Bytes::from(okayapi_envelope(&self.okayapi_data, now)));
        }
        slot.1.clone()
    }
}

/// A running server. Dropping it stops the server thread.
pub struct Server {
    /// `http://127.0.0.1:port`.
    pub base_url: String,
    /// Counters and knobs.
    pub state: Arc<ServerState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One contact shaped like Linkflow's `/open/contacts` example.
pub fn contact_json(id: u64) -> String {
    format!(
        r#"{{"anonymousId":null,"name":"peter pan {id}","nickname":null,"gender":"unknown","dateOfBirthday":null,"avatar":null,"mobilePhone":"1377420{:04}","homePhone":null,"email":"user{id}@example.com","country":null,"state":null,"street":null,"city":"上海","postalCode":null,"comments":null,"userName":null,"title":null,"website":null,"company":null,"industry":null,"department":null,"idCard":null,"utm":{{"source":"source","campaign":"campaign","medium":"medium","content":"content","term":"term"}},"props":{{"attr1":"单身","attr2":10000}},"isAnonymous":false,"id":{id},"dateCreated":"2017-08-22 13:50:51","lastUpdated":"2017-08-22 13:50:51"}}"#,
        id % 10_000
    )
}

/// A JSON array of the contacts `from..from + n`.
pub fn contacts_page(from: u64, n: usize) -> String {
    let mut out = String::with_capacity(n * 720 + 2);
    out.push('[');
    for i in 0..n as u64 {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&contact_json(from + i));
    }
    out.push(']');
    out
}

/// The `data` member of an `AAndyUseRecordStatistics` answer: 200 items and a total.
fn okayapi_data() -> String {
    let mut items = String::from("[");
    for i in 0..PAGE {
        if i > 0 {
            items.push(',');
        }
        items.push_str(&format!(
            r#"{{"assistant_type":"1","dd_group_name":"群{i}","user_dd_nick":"用户{i}","consult_content":"咨询内容 {i}","conversation_type":"2","use_time":"2024-05-20 10:00:00","use_date":"2024-05-20","assistant_name":"助手"}}"#
        ));
    }
    items.push(']');
    format!(r#"{{"items":{items},"total":10000}}"#)
}

/// `{"ret":200,"data":…,"msg":"","_t":…,"_auth":…}` with `_auth = md5(data + _t + secret)`.
fn okayapi_envelope(data: &str, t: i64) -> String {
    let auth = hex::encode(Md5::digest(format!("{data}{t}{OKAYAPI_SECRET}")));
    format!(r#"{{"ret":200,"data":{data},"msg":"","_t":{t},"_auth":"{auth}"}}"#)
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

fn json(status: StatusCode, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    r
}

/// Starts the server on a random loopback port, on its own thread.
pub fn start() -> std::io::Result<Server> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))))?;
    let addr = listener.local_addr()?;
    let state = Arc::new(ServerState::new());
    let contacts = Bytes::from(contacts_page(1, PAGE));
    let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
    let shared = state.clone();
    let thread = std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                loop {
                    let accepted = tokio::select! {
                        _ = &mut rx => break,
                        accepted = listener.accept() => accepted,
                    };
                    let Ok((stream, _)) = accepted else { continue };
                    let _ = stream.set_nodelay(true);
                    let state = shared.clone();
                    let contacts = contacts.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |req: Request<Incoming>| {
                            let state = state.clone();
                            let contacts = contacts.clone();
                            async move { Ok::<_, Infallible>(route(req, &state, contacts).await) }
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        })?;
    Ok(Server {
        base_url: format!("http://{addr}"),
        state,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}

async fn route(
    req: Request<Incoming>,
    state: &ServerState,
    contacts: Bytes,
) -> Response<Full<Bytes>> {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let path = req.uri().path();
    if path == "/token" {
        return token(&req, state);
    }
    if path.starts_with("/api/SVIP/") {
        return okayapi(req, state).await;
    }
    let authorized = req
        .headers()
        .get("x-openapi-token")
        .is_some_and(|v| state.token_valid(v.as_bytes()));
    if !authorized {
        state.rejected_tokens.fetch_add(1, Ordering::Relaxed);
        return json(
            StatusCode::UNAUTHORIZED,
            r#"{"domain":"linkflow","code":"B00401","message":"invalid or expired token"}"#,
        );
    }
    let query = req.uri().query().unwrap_or("");
    match path {
        "/open/contacts" => json(StatusCode::OK, contacts),
        "/open/contacts/cursor" => {
            let last: u64 = query_param(query, "lastMaxId")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let size: u64 = query_param(query, "size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(PAGE as u64)
                .min(PAGE as u64);
            let total = state.cursor_total.load(Ordering::Relaxed);
            let n = total.saturating_sub(last).min(size);
            json(
                StatusCode::OK,
                contacts_page(last + 1, usize::try_from(n).unwrap_or(0)),
            )
        }
        "/open/contacts_bulk" => {
            state.bulk_calls.fetch_add(1, Ordering::Relaxed);
            let delay = state.bulk_delay_ms.load(Ordering::Relaxed);
            let ids = query_param(query, "ids").unwrap_or("").replace("%2C", ",");
            let mut out = String::with_capacity(100 * 720);
            out.push('[');
            for (i, id) in ids
                .split(',')
                .filter_map(|s| s.parse::<u64>().ok())
                .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                match usize::try_from(id.wrapping_sub(1))
                    .ok()
                    .and_then(|i| state.bulk_cache.get(i))
                {
                    Some(json) => out.push_str(json),
                    None => out.push_str(&contact_json(id)),
                }
            }
            out.push(']');
            if delay > 0 {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            json(StatusCode::OK, out)
        }
        p if p.starts_with("/open/contacts/") && p.ends_with("/identities") => json(
            StatusCode::OK,
            r#"[{"id":"user@example.com","type":"email","dateCreated":"2017-08-22 13:50:51"}]"#,
        ),
        _ => json(
            StatusCode::NOT_FOUND,
            format!(r#"{{"domain":"linkflow","code":"B00404","message":"no route for {path}"}}"#),
        ),
    }
}

/// `GET /token`: checks the key and secret headers, issues `bench-token-<n>` expiring in
/// `token_lifetime_secs` (server time), with `expiration` in UTC+8 as Linkflow writes it.
fn token(req: &Request<Incoming>, state: &ServerState) -> Response<Full<Bytes>> {
    let header = |name: &str| req.headers().get(name).map(http::HeaderValue::as_bytes);
    if header("x-openapi-key") != Some(LINKFLOW_KEY.as_bytes())
        || header("x-openapi-secret") != Some(LINKFLOW_SECRET.as_bytes())
    {
        return json(
            StatusCode::UNAUTHORIZED,
            r#"{"domain":"linkflow","code":"B00401","message":"bad key or secret"}"#,
        );
    }
    let lifetime = state.token_lifetime_secs.load(Ordering::Relaxed);
    let expires = state.now_secs() + lifetime;
    // Reserve the number, record its expiry, then publish it.
    let n = usize::try_from(state.token_requests.load(Ordering::Acquire)).unwrap_or(0) + 1;
    state.token_expiry[n % TOKEN_SLOTS].store(expires, Ordering::Release);
    state.token_requests.fetch_add(1, Ordering::AcqRel);
    let at = chrono::DateTime::from_timestamp(expires, 0).unwrap_or_default();
    let expiration = client_core::time::VendorTime::from_instant(&at);
    json(
        StatusCode::OK,
        format!(r#"{{"expiration":"{expiration}","token":"{TOKEN_PREFIX}{n}"}}"#),
    )
}

/// `POST /api/SVIP/<app>/<Method>`: checks the MD5 `sign` over the sorted form values and the
/// secret (answering `ret` 406 when wrong) and answers the signed envelope.
async fn okayapi(req: Request<Incoming>, state: &ServerState) -> Response<Full<Bytes>> {
    if req.method() != Method::POST {
        return json(StatusCode::OK, r#"{"ret":405,"data":{},"msg":"POST only"}"#);
    }
    let Ok(body) = req.into_body().collect().await.map(|b| b.to_bytes()) else {
        return json(StatusCode::BAD_REQUEST, "");
    };
    let mut pairs: Vec<(String, String)> = form_urlencoded_pairs(&body);
    let sign = pairs
        .iter()
        .position(|(k, _)| k == "sign")
        .map(|i| pairs.swap_remove(i).1);
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hasher = Md5::new();
    for (_, v) in &pairs {
        hasher.update(v.as_bytes());
    }
    hasher.update(OKAYAPI_SECRET.as_bytes());
    let expected = hex::encode_upper(hasher.finalize());
    if sign.as_deref() != Some(expected.as_str()) {
        state.bad_signatures.fetch_add(1, Ordering::Relaxed);
        return json(
            StatusCode::OK,
            r#"{"ret":406,"data":{},"msg":"非法请求:签名错误"}"#,
        );
    }
    json(StatusCode::OK, state.okayapi_envelope())
}

/// Decodes an `application/x-www-form-urlencoded` body.
fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
