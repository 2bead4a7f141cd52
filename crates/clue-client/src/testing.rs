//! A loopback sandbox of the Tanma clue API (feature `testing`), on client-core's sandbox base.
//!
//! It follows the vendor's rules as this crate understands them:
//!
//! * every route is a `POST` with a JSON body, answered with the `{code, message, data}` envelope
//!   (HTTP 200 either way);
//! * every request must carry `appId`, `timestamp` (milliseconds) and `sign`; the sandbox
//!   recomputes `sign` with the **default** recipe (`sha256_hex(appId + timestamp + body +
//!   appKey)`, see [`SignRecipe`]) over the body bytes as received, and rejects
//!   a wrong signature, a wrong appId or appKey, and a timestamp further than
//!   [`DEFAULT_MAX_SKEW`] from its own clock (stale or from the future). `appKey` is optional; when
//!   sent it must match;
//! * `clue/list-by-create-time-asc` and `clue/list-follow-up` page with a cursor (the last id of
//!   the page; `nextCursor: null` on the last page) over a data set large enough for several
//!   pages (12 clues from 2021-05-11 to 2021-05-22, 5 follow-ups for the first clue);
//! * `customer/list-fields` serves the fixture `fixtures/customer_list_fields.response.json`.
//!
//! Tanma documents no error codes; the codes in [`codes`] are **the sandbox's own**.
//!
//! ```
//! # async fn demo() -> client_core::Result<()> {
//! use clue_client::testing::Sandbox;
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let clue = client.clues().get(410983932389440).await?;
//! assert_eq!(clue.field("name").and_then(|f| f.raw).as_deref(), Some("打马赛克就"));
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use client_core::Error;
use client_core::sandbox::Sandbox as Base;
use client_core::sandbox::{Method, SandboxRequest, SandboxResponse};
use client_core::signing::signatures_match;
use client_core::time::VendorTime;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{SignInput, SignRecipe};
use crate::{Client, ClientBuilder};

/// The sandbox's appId.
pub const APP_ID: &str = "sandbox-app";
/// The sandbox's appKey.
pub const APP_KEY: &str = "sandbox-app-key";
/// How far a request's `timestamp` may be from the sandbox's clock.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(5 * 60);
/// Page size when a list request sends none.
pub const DEFAULT_SANDBOX_PAGE_SIZE: usize = 10;

/// The sandbox's own error codes (Tanma documents none).
pub mod codes {
    /// The body is not the expected JSON, or a parameter is invalid.
    pub const BAD_REQUEST: i64 = 40000;
    /// The signature, appId or appKey is wrong.
    pub const SIGNATURE_INVALID: i64 = 40001;
    /// The timestamp is too far from the sandbox's clock (stale).
    pub const TIMESTAMP_STALE: i64 = 40002;
    /// A required header (`appId`, `timestamp`, `sign`) is missing.
    pub const HEADER_MISSING: i64 = 40003;
    /// No clue with that `customerId`.
    pub const NOT_FOUND: i64 = 40400;
}

const CLUE_GET: &str = include_str!("../fixtures/clue_get.response.json");
const CLUE_LIST: &str = include_str!("../fixtures/clue_list_by_create_time_asc.response.json");
const FOLLOW_UPS: &str = include_str!("../fixtures/clue_list_follow_up.response.json");
const FIELDS: &str = include_str!("../fixtures/customer_list_fields.response.json");

/// The sandbox's data and rules (readable and changeable through [`Sandbox::with_state`]).
#[derive(Debug)]
pub struct SandboxState {
    /// The clues served, each as the JSON `clue/get` returns in `data`.
    pub clues: Vec<Value>,
    /// Follow-up records by `customerId`, each as JSON.
    pub follow_ups: BTreeMap<i64, Vec<Value>>,
    /// The `data` of `customer/list-fields`.
    pub fields: Value,
    /// How far a `timestamp` may be from the sandbox's clock.
    pub max_skew: Duration,
    app_id: String,
    app_key: SecretString,
}

/// Configures a [`Sandbox`].
#[derive(Debug)]
pub struct SandboxBuilder {
    app_id: String,
    app_key: String,
    max_skew: Duration,
    extra_clues: Vec<Value>,
    extra_follow_ups: Vec<(i64, Value)>,
}

impl SandboxBuilder {
    /// The appId and appKey the sandbox accepts (default [`APP_ID`], [`APP_KEY`]).
    pub fn credentials(mut self, app_id: impl Into<String>, app_key: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self.app_key = app_key.into();
        self
    }

    /// How far a `timestamp` may be from the sandbox's clock (default [`DEFAULT_MAX_SKEW`]).
    pub fn max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Adds a clue (the JSON of `clue/get`'s `data`; it needs `customerId` and `createTime`).
    pub fn clue(mut self, clue: Value) -> Self {
        self.extra_clues.push(clue);
        self
    }

    /// Adds a follow-up record (`{id, type, content, createTime, operator}`) to a clue.
    pub fn follow_up(mut self, customer_id: i64, record: Value) -> Self {
        self.extra_follow_ups.push((customer_id, record));
        self
    }

    /// Starts the server on a random loopback port.
    pub fn start(self) -> client_core::Result<Sandbox> {
        let mut state = default_state(
            self.app_id.clone(),
            SecretString::from(self.app_key.clone()),
        )?;
        state.max_skew = self.max_skew;
        state.clues.extend(self.extra_clues);
        for (customer, record) in self.extra_follow_ups {
            state.follow_ups.entry(customer).or_default().push(record);
        }
        let inner = Base::builder(state)
            .name("tanma-clue")
            .credentials(check_signature)
            .route(Method::POST, "/api/v3/clue/get", clue_get)
            .route(
                Method::POST,
                "/api/v3/clue/list-by-create-time-asc",
                clue_list,
            )
            .route(Method::POST, "/api/v3/clue/list-follow-up", follow_up_list)
            .route(Method::POST, "/api/v2/customer/list-fields", |_, state| {
                ok(state.fields.clone())
            })
            .start()?;
        Ok(Sandbox {
            inner,
            app_id: self.app_id,
            app_key: self.app_key,
        })
    }
}

/// A running Tanma clue sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    inner: Base<SandboxState>,
    app_id: String,
    app_key: String,
}

impl Sandbox {
    /// A builder (credentials, skew, extra data).
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder {
            app_id: APP_ID.to_owned(),
            app_key: APP_KEY.to_owned(),
            max_skew: DEFAULT_MAX_SKEW,
            extra_clues: Vec::new(),
            extra_follow_ups: Vec::new(),
        }
    }

    /// A sandbox with the default credentials and data.
    pub fn start() -> client_core::Result<Self> {
        Self::builder().start()
    }

    /// The base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// A [`ClientBuilder`] pointed at the sandbox with its credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder().base_url(self.base_url()).credentials(
            self.app_id.clone(),
            SecretString::from(self.app_key.clone()),
        )
    }

    /// A client for the sandbox.
    pub fn client(&self) -> client_core::Result<Client> {
        self.client_builder().build()
    }

    /// Runs `f` on the sandbox's data (to add clues, or to read them).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut SandboxState) -> R) -> R {
        self.inner.with_state(f)
    }

    /// Requests received, matched or not.
    pub fn requests(&self) -> u64 {
        self.inner.requests()
    }

    /// Requests to `path` (e.g. `/api/v3/clue/get`), counted whether or not the signature check
    /// accepted them (see [`rejected`](Self::rejected)).
    pub fn hits(&self, path: &str) -> u64 {
        self.inner.hits(Method::POST, path)
    }

    /// Requests rejected by the signature check.
    pub fn rejected(&self) -> u64 {
        self.inner.rejected()
    }

    /// Requests that matched no route.
    pub fn unmatched(&self) -> u64 {
        self.inner.unmatched()
    }

    /// The client-core sandbox underneath.
    pub fn inner(&self) -> &Base<SandboxState> {
        &self.inner
    }
}

fn envelope(code: i64, message: &str, data: Value) -> SandboxResponse {
    SandboxResponse::json(
        200,
        &json!({ "code": code, "message": message, "data": data }),
    )
}

fn ok(data: Value) -> SandboxResponse {
    envelope(0, "ok", data)
}

fn fail(code: i64, message: impl AsRef<str>) -> SandboxResponse {
    envelope(code, message.as_ref(), Value::Null)
}

fn check_signature(
    request: &SandboxRequest,
    state: &mut SandboxState,
) -> Result<(), SandboxResponse> {
    let header = |name: &str| {
        request
            .header(name)
            .ok_or_else(|| fail(codes::HEADER_MISSING, format!("missing header `{name}`")))
    };
    let app_id = header("appid")?;
    let timestamp = header("timestamp")?;
    let sign = header("sign")?;
    if app_id != state.app_id {
        return Err(fail(codes::SIGNATURE_INVALID, "unknown appId"));
    }
    if let Some(key) = request.header("appkey")
        && !signatures_match(state.app_key.expose_secret(), key)
    {
        return Err(fail(codes::SIGNATURE_INVALID, "wrong appKey"));
    }
    let sent = timestamp
        .parse::<i64>()
        .ok()
        .and_then(DateTime::<Utc>::from_timestamp_millis)
        .ok_or_else(|| fail(codes::BAD_REQUEST, "timestamp is not epoch milliseconds"))?;
    let skew = (Utc::now() - sent).abs();
    if skew.to_std().unwrap_or(Duration::MAX) > state.max_skew {
        return Err(fail(
            codes::TIMESTAMP_STALE,
            format!(
                "timestamp is {} s away from the server's clock",
                skew.num_seconds()
            ),
        ));
    }
    let expected = SignRecipe::AppIdTimestampBodyAppKey.sign(&SignInput::new(
        app_id,
        timestamp,
        request.body(),
        &state.app_key,
    ));
    if !signatures_match(&expected, sign) {
        return Err(fail(codes::SIGNATURE_INVALID, "sign mismatch"));
    }
    Ok(())
}

fn body<T: for<'de> Deserialize<'de>>(request: &SandboxRequest) -> Result<T, SandboxResponse> {
    serde_json::from_slice(request.body()).map_err(|e| {
        fail(
            codes::BAD_REQUEST,
            format!("the body is not the expected JSON: {e}"),
        )
    })
}

fn clue_get(request: &SandboxRequest, state: &mut SandboxState) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "customerId")]
        customer_id: i64,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match state
        .clues
        .iter()
        .find(|c| id_of(c, "customerId") == Some(b.customer_id))
    {
        Some(clue) => ok(clue.clone()),
        None => fail(codes::NOT_FOUND, format!("no clue {}", b.customer_id)),
    }
}

fn id_of(value: &Value, member: &str) -> Option<i64> {
    value.get(member).and_then(Value::as_i64)
}

/// One page of `items` after `cursor` (the id of the last item of the previous page).
fn page(
    items: Vec<&Value>,
    id_member: &str,
    cursor: Option<&str>,
    size: Option<usize>,
) -> SandboxResponse {
    let size = size.unwrap_or(DEFAULT_SANDBOX_PAGE_SIZE);
    if size == 0 {
        return fail(codes::BAD_REQUEST, "size must be at least 1");
    }
    let start = match cursor {
        None => 0,
        Some(c) => match items
            .iter()
            .position(|v| id_of(v, id_member).map(|id| id.to_string()).as_deref() == Some(c))
        {
            Some(i) => i + 1,
            None => return fail(codes::BAD_REQUEST, format!("unknown cursor `{c}`")),
        },
    };
    let end = (start + size).min(items.len());
    let list: Vec<Value> = items[start.min(end)..end]
        .iter()
        .map(|v| (*v).clone())
        .collect();
    let next = if end < items.len() {
        list.last()
            .and_then(|v| id_of(v, id_member))
            .map_or(Value::Null, |id| Value::String(id.to_string()))
    } else {
        Value::Null
    };
    ok(json!({ "list": list, "nextCursor": next }))
}

fn clue_list(request: &SandboxRequest, state: &mut SandboxState) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        since: String,
        before: String,
        size: Option<usize>,
        cursor: Option<String>,
        #[serde(rename = "type")]
        kind: Option<i64>,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (Ok(since), Ok(before)) = (VendorTime::parse(&b.since), VendorTime::parse(&b.before))
    else {
        return fail(
            codes::BAD_REQUEST,
            "since and before must be yyyy-MM-dd HH:mm:ss",
        );
    };
    let created = |c: &Value| {
        c.get("createTime")
            .and_then(Value::as_str)
            .and_then(|t| VendorTime::parse(t).ok())
    };
    let mut items: Vec<&Value> = state
        .clues
        .iter()
        .filter(|c| created(c).is_some_and(|t| t >= since && t < before))
        .filter(|c| b.kind.is_none_or(|k| id_of(c, "type") == Some(k)))
        .collect();
    items.sort_by_key(|c| (created(c).map(|t| t.to_utc()), id_of(c, "customerId")));
    page(items, "customerId", b.cursor.as_deref(), b.size)
}

fn follow_up_list(request: &SandboxRequest, state: &mut SandboxState) -> SandboxResponse {
    #[derive(Deserialize)]
    struct Body {
        #[serde(rename = "customerId")]
        customer_id: i64,
        size: Option<usize>,
        cursor: Option<String>,
        #[serde(rename = "type")]
        kind: Option<i64>,
    }
    let b: Body = match body(request) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if !state
        .clues
        .iter()
        .any(|c| id_of(c, "customerId") == Some(b.customer_id))
    {
        return fail(codes::NOT_FOUND, format!("no clue {}", b.customer_id));
    }
    let mut items: Vec<&Value> = state
        .follow_ups
        .get(&b.customer_id)
        .map(|v| v.iter().collect())
        .unwrap_or_default();
    items.retain(|r| b.kind.is_none_or(|k| id_of(r, "type") == Some(k)));
    items.sort_by_key(|r| id_of(r, "id"));
    page(items, "id", b.cursor.as_deref(), b.size)
}

fn fixture_data(name: &str, text: &str) -> client_core::Result<Value> {
    let mut value: Value = serde_json::from_str(text)
        .map_err(|e| Error::config(format!("sandbox fixture `{name}` is not JSON: {e}")))?;
    value
        .get_mut("data")
        .map(Value::take)
        .ok_or_else(|| Error::config(format!("sandbox fixture `{name}` has no `data`")))
}

/// The default data set: the documents' examples plus generated clues covering every field type.
fn default_state(app_id: String, app_key: SecretString) -> client_core::Result<SandboxState> {
    let documented = fixture_data("clue_get", CLUE_GET)?;
    let listed = fixture_data("clue_list_by_create_time_asc", CLUE_LIST)?;
    let follow = fixture_data("clue_list_follow_up", FOLLOW_UPS)?;
    let fields = fixture_data("customer_list_fields", FIELDS)?;

    let first_id = id_of(&documented, "customerId").unwrap_or(410_983_932_389_440);
    let mut clues = vec![documented];
    // The second clue of the list example (the first is the documented one).
    if let Some(list) = listed.get("list").and_then(Value::as_array) {
        clues.extend(
            list.iter()
                .filter(|c| id_of(c, "customerId") != Some(first_id))
                .cloned(),
        );
    }
    let stages = ["396823724189760", "396823724189761", "396823724189762"];
    for i in 0..10_i64 {
        let id = 411_000_000_000_000 + i * 64;
        let budget = if i == 4 {
            "about 2k".to_owned()
        } else {
            format!("{}.50", 1000 + i * 100)
        };
        let products = if i % 3 == 0 {
            "[\"410983932389505\",\"410983932389506\"]"
        } else {
            "[\"410983932389505\"]"
        };
        clues.push(json!({
            "customerId": id,
            "isClue": i % 2 == 0,
            "type": if i == 9 { 2 } else { 1 },
            "fields": [
                { "field": "name", "type": 1, "valueAsText": format!("沙箱客户{i}") },
                { "field": "mobile", "type": 8, "valueAsText": format!("[\"1380013{:04}\"]", i) },
                { "field": "customer_stage", "type": 2, "valueAsText": stages[(i % 3) as usize] },
                { "field": "birthday", "type": 3, "valueAsText": format!("1990-01-{:02}", i + 1) },
                { "field": "410983932389504", "type": 6, "valueAsText": products },
                { "field": "410983932389568", "type": 4, "valueAsText": budget },
                { "field": "410983932389632", "type": 7, "valueAsText": format!("2021-05-{:02} 14:00:00", 14 + i) },
                { "field": "sandbox_rating", "type": 9, "valueAsText": "A+" }
            ],
            "tagIds": [],
            "createTime": format!("2021-05-{:02} 10:00:00", 13 + i),
            "lastUpdateTime": format!("2021-05-{:02} 10:00:00", 13 + i)
        }));
    }

    let mut follow_ups: BTreeMap<i64, Vec<Value>> = BTreeMap::new();
    let mut records: Vec<Value> = follow
        .get("list")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (n, content) in [
        "已约上门演示。",
        "演示完成，客户需要内部讨论。",
        "客户确认采购季度套餐。",
    ]
    .iter()
    .enumerate()
    {
        let n = n as i64;
        records.push(json!({
            "id": 411_020_000_000_000 + n,
            "type": 1,
            "content": content,
            "createTime": format!("2021-05-{:02} 11:00:00", 15 + n),
            "operator": { "qwUserId": "ZhangSan", "name": "张三" }
        }));
    }
    follow_ups.insert(first_id, records);
    follow_ups.insert(
        411_000_000_000_000,
        vec![json!({
            "id": 411_030_000_000_000_i64,
            "type": 2,
            "content": "首次电话沟通。",
            "createTime": "2021-05-13 16:00:00",
            "operator": { "qwUserId": "LiSi", "name": "李四" }
        })],
    );

    Ok(SandboxState {
        clues,
        follow_ups,
        fields,
        max_skew: DEFAULT_MAX_SKEW,
        app_id,
        app_key,
    })
}
