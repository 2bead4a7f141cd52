//! A Wukong sandbox (feature `testing`): a loopback 悟空数据 on client-core's sandbox base, for
//! downstream tests and the examples.
//!
//! Rules (the vendor documents no responses; the sandbox answers in the envelope this crate
//! assumes, `{"code", "msg", "data"}`, with the codes of [`crate::codes`]):
//!
//! * `POST /oauth/code` checks `appid` and an absolute `redirect_uri`, issues a single-use code
//!   living [`SandboxBuilder::code_lifetime`], answers with the documented redirect
//!   (`302 Location: <redirect_uri>?code=…`; [`SandboxBuilder::code_in_json`] answers in JSON
//!   instead) and records that redirect ([`Sandbox::last_redirect`]);
//! * `POST /oauth/token` answers the bare `{access_token, expires_in, refresh_token}` of the
//!   fixtures. It checks `appid`/`appsecret` (`40013`/`40125`); with `code`: an unknown or
//!   used code is `40029`, an expired one `42003`; with `refresh_token`: an unknown one — including
//!   one already used, because every refresh **rotates** the refresh token — is `40030`, an expired
//!   one `42002`. Tokens live [`SandboxBuilder::access_lifetime`] /
//!   [`SandboxBuilder::refresh_lifetime`];
//! * the data APIs require a live `access_token` (form field, or JSON member for the batch
//!   import): missing `41001`, unknown `40014`, expired `42001` (`access_token expired`);
//! * `/openv1/list` returns every lead, `/openv1/potential` only those Wukong found (seeded), both
//!   filtered by `wk_uid`, `company_id`, `create_at`, `create_at_start`, `create_at_end`, in the
//!   shape of the crate's fixtures (`{"code": 0, "msg": "success", "data": [lead, …]}`);
//! * `/importv1/potential` takes one lead (form) or a batch (JSON `data`), rejects a lead without
//!   a contact field (`40035`), and stores the leads (visible to `/openv1/list`).
//!
//! Time comes from a [`Clock`]: share a [`ManualClock`](crate::ManualClock) between
//! the sandbox and the client to test expiry without sleeping.
//!
//! ```
//! # async fn demo() -> wukong_client::Result<()> {
//! use wukong_client::testing::Sandbox;
//!
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client_builder().build()?;
//! client.oauth().request_code("https://app.example.com/cb").await?;
//! client.oauth().exchange_redirect(&sandbox.last_redirect().unwrap_or_default()).await?;
//! let leads = client.leads().list().send().await?;
//! assert!(!leads.data().leads.is_empty());
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use client_core::clock::{Clock, SystemClock};
use client_core::sandbox::{self as core, Method, SandboxRequest, SandboxResponse};
use client_core::time::VendorTime;
use serde_json::{Value, json};

use crate::{Client, ClientBuilder, Result};

/// The `appid` the sandbox accepts by default.
pub const APPID: &str = "sandbox-appid";
/// The `appsecret` the sandbox accepts by default.
pub const APPSECRET: &str = "sandbox-appsecret";

/// Settings of a [`Sandbox`].
#[must_use]
pub struct SandboxBuilder {
    appid: String,
    appsecret: String,
    code_lifetime: Duration,
    access_lifetime: Duration,
    refresh_lifetime: Duration,
    clock: Arc<dyn Clock>,
    seed: bool,
    code_in_json: bool,
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("appid", &self.appid)
            .field("code_lifetime", &self.code_lifetime)
            .field("access_lifetime", &self.access_lifetime)
            .field("refresh_lifetime", &self.refresh_lifetime)
            .finish_non_exhaustive()
    }
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            appid: APPID.to_owned(),
            appsecret: APPSECRET.to_owned(),
            code_lifetime: Duration::from_secs(60),
            access_lifetime: Duration::from_secs(120),
            refresh_lifetime: Duration::from_secs(60 * 60),
            clock: Arc::new(SystemClock),
            seed: true,
            code_in_json: false,
        }
    }
}

impl SandboxBuilder {
    /// The app credentials the sandbox accepts (default [`APPID`] / [`APPSECRET`]).
    pub fn credentials(mut self, appid: impl Into<String>, appsecret: impl Into<String>) -> Self {
        self.appid = appid.into();
        self.appsecret = appsecret.into();
        self
    }

    /// Answer `POST /oauth/code` with `200 {"code":0,"msg":"ok"}` instead of the documented
    /// redirect (`302 Location: <redirect_uri>?code=…`); the code is then only in
    /// [`Sandbox::last_redirect`], as with a server that delivers it out of band.
    pub fn code_in_json(mut self) -> Self {
        self.code_in_json = true;
        self
    }

    /// How long an authorisation code is valid (default 60 s).
    pub fn code_lifetime(mut self, lifetime: Duration) -> Self {
        self.code_lifetime = lifetime;
        self
    }

    /// How long an access token lives (default 120 s; the real one lives 2 h).
    pub fn access_lifetime(mut self, lifetime: Duration) -> Self {
        self.access_lifetime = lifetime;
        self
    }

    /// How long a refresh token lives (default 1 h; undocumented for the real service).
    pub fn refresh_lifetime(mut self, lifetime: Duration) -> Self {
        self.refresh_lifetime = lifetime;
        self
    }

    /// The sandbox's clock (share a `ManualClock` with the client to test expiry).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Whether to preload three demo leads (default true).
    pub fn seed(mut self, seed: bool) -> Self {
        self.seed = seed;
        self
    }

    /// Starts the sandbox on a random loopback port.
    pub fn start(self) -> Result<Sandbox> {
        let clock = Arc::clone(&self.clock);
        let appid = self.appid.clone();
        let appsecret = self.appsecret.clone();
        let mut state = State {
            appid: self.appid,
            appsecret: self.appsecret,
            code_lifetime: delta(self.code_lifetime),
            access_lifetime: delta(self.access_lifetime),
            refresh_lifetime: delta(self.refresh_lifetime),
            clock: Arc::clone(&self.clock),
            issued: 0,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            last_redirect: None,
            code_in_json: self.code_in_json,
            leads: Vec::new(),
            reject_next_import: None,
        };
        if self.seed {
            state.seed();
        }
        let server = core::Sandbox::builder(state)
            .name("wukong")
            .credentials(check_access_token)
            .open_route(Method::POST, "/oauth/code", oauth_code)
            .open_route(Method::POST, "/oauth/token", oauth_token)
            .route(Method::POST, "/openv1/list", |r, s| list(r, s, false))
            .route(Method::POST, "/openv1/potential", |r, s| list(r, s, true))
            .route(Method::POST, "/importv1/potential", import)
            .start()?;
        Ok(Sandbox {
            server,
            appid,
            appsecret,
            clock,
        })
    }
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

/// A running Wukong sandbox. Dropping it stops the server.
pub struct Sandbox {
    server: core::Sandbox<State>,
    appid: String,
    appsecret: String,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// A lead as the sandbox stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxLead {
    /// The id the sandbox gave it.
    pub id: u64,
    /// `wk_uid`, if given.
    pub wk_uid: Option<String>,
    /// `company_id`, if given.
    pub company_id: Option<String>,
    /// The contact fields, as received.
    pub name: Option<String>,
    /// `mobile`.
    pub mobile: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `wechat`.
    pub wechat: Option<String>,
    /// `qq`.
    pub qq: Option<String>,
    /// When it was created (sandbox clock).
    pub created: DateTime<Utc>,
    /// Whether Wukong found it (seeded) rather than the partner importing it.
    pub found_by_wukong: bool,
}

impl Sandbox {
    /// A sandbox with the default settings.
    pub fn start() -> Result<Self> {
        Self::builder().start()
    }

    /// Starts configuring a sandbox.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// The base URL (`http://127.0.0.1:<port>`).
    pub fn base_url(&self) -> &str {
        self.server.base_url()
    }

    /// A [`ClientBuilder`] for this sandbox: its base URL, credentials and clock.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .appid(self.appid.clone())
            .appsecret(self.appsecret.clone())
            .shared_clock(Arc::clone(&self.clock))
    }

    /// A [`Client`] pointed at the sandbox with its credentials.
    pub fn client(&self) -> Result<crate::Client> {
        self.client_builder().build()
    }

    /// The redirect the last `POST /oauth/code` would have sent the browser to
    /// (`<redirect_uri>?code=…`).
    pub fn last_redirect(&self) -> Option<String> {
        self.server.with_state(|s| s.last_redirect.clone())
    }

    /// Issues an authorisation code directly (as if `/oauth/code` had been called).
    pub fn issue_code(&self) -> String {
        self.server.with_state(State::new_code)
    }

    /// Every lead the sandbox holds (seeded and imported), in order.
    pub fn leads(&self) -> Vec<SandboxLead> {
        self.server.with_state(|s| s.leads.clone())
    }

    /// Requests to `POST /oauth/token` (exchanges and refreshes).
    pub fn token_requests(&self) -> u64 {
        self.server.hits(Method::POST, "/oauth/token")
    }

    /// Requests to `POST /importv1/potential`.
    pub fn import_requests(&self) -> u64 {
        self.server.hits(Method::POST, "/importv1/potential")
    }

    /// Requests to a data route, by path (`/openv1/list`, …).
    pub fn hits(&self, path: &str) -> u64 {
        self.server.hits(Method::POST, path)
    }

    /// Requests rejected for a missing, unknown or expired access token.
    pub fn rejected_tokens(&self) -> u64 {
        self.server.rejected()
    }

    /// Makes every issued access token unknown (the next data request gets `40014`).
    pub fn revoke_access_tokens(&self) {
        self.server.with_state(|s| s.access.clear());
    }

    /// Makes every issued refresh token unknown (the next refresh gets `40030`).
    pub fn revoke_refresh_tokens(&self) {
        self.server.with_state(|s| s.refresh.clear());
    }

    /// Makes the next import request fail with `code` and `msg` (nothing of it is stored).
    pub fn reject_next_import(&self, code: i64, msg: impl Into<String>) {
        let msg = msg.into();
        self.server
            .with_state(|s| s.reject_next_import = Some((code, msg)));
    }

    /// The underlying sandbox base (request counts, state access).
    pub fn server(&self) -> &core::Sandbox<State> {
        &self.server
    }
}

/// The sandbox's state (opaque; use [`Sandbox`]'s methods).
pub struct State {
    appid: String,
    appsecret: String,
    code_lifetime: TimeDelta,
    access_lifetime: TimeDelta,
    refresh_lifetime: TimeDelta,
    clock: Arc<dyn Clock>,
    issued: u64,
    codes: HashMap<String, DateTime<Utc>>,
    access: HashMap<String, DateTime<Utc>>,
    refresh: HashMap<String, DateTime<Utc>>,
    last_redirect: Option<String>,
    code_in_json: bool,
    leads: Vec<SandboxLead>,
    reject_next_import: Option<(i64, String)>,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("codes", &self.codes.len())
            .field("access", &self.access.len())
            .field("refresh", &self.refresh.len())
            .field("leads", &self.leads.len())
            .finish_non_exhaustive()
    }
}

impl State {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn next(&mut self, prefix: &str) -> String {
        self.issued += 1;
        format!(
            "{prefix}-{}-{:08x}",
            self.issued,
            fastish_hash(self.issued, self.now())
        )
    }

    fn new_code(&mut self) -> String {
        let code = self.next("sbx-code");
        let expires = self.now() + self.code_lifetime;
        self.codes.insert(code.clone(), expires);
        code
    }

    fn issue_tokens(&mut self) -> Value {
        let access = self.next("sbx-at");
        let refresh = self.next("sbx-rt");
        let now = self.now();
        self.access
            .insert(access.clone(), now + self.access_lifetime);
        self.refresh
            .insert(refresh.clone(), now + self.refresh_lifetime);
        // The bare shape of `fixtures/oauth_token.response.json`.
        json!({
            "access_token": access,
            "expires_in": self.access_lifetime.num_seconds(),
            "refresh_token": refresh,
        })
    }

    fn seed(&mut self) {
        let day = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2024, 5, d)
                .and_then(|x| x.and_hms_opt(h, 0, 0))
                .map(|x| x.and_utc())
                .unwrap_or_default()
        };
        let seeded = [
            (
                "10086",
                "张三",
                Some("13800138000"),
                None,
                Some("zhangsan_wx"),
                day(1, 2),
            ),
            (
                "10086",
                "李四",
                None,
                Some("lisi@example.com"),
                None,
                day(10, 3),
            ),
            ("10010", "王五", Some("13900139000"), None, None, day(20, 4)),
        ];
        for (uid, name, mobile, email, wechat, created) in seeded {
            self.issued += 1;
            self.leads.push(SandboxLead {
                id: self.issued,
                wk_uid: Some(uid.to_owned()),
                company_id: Some("1".to_owned()),
                name: Some(name.to_owned()),
                mobile: mobile.map(str::to_owned),
                email: email.map(str::to_owned),
                wechat: wechat.map(str::to_owned),
                qq: None,
                created,
                found_by_wukong: true,
            });
        }
    }
}

/// A cheap, non-cryptographic mix so issued values do not look sequential.
fn fastish_hash(n: u64, now: DateTime<Utc>) -> u32 {
    let mut x = n
        ^ (now.timestamp_nanos_opt().unwrap_or_default() as u64).rotate_left(17)
        ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x & 0xffff_ffff) as u32
}

fn error(code: i64, msg: &str) -> SandboxResponse {
    SandboxResponse::json(200, &json!({ "code": code, "msg": msg }))
}

/// The access token of a data request: the form field, or the JSON body's member.
fn access_token_of(request: &SandboxRequest) -> Option<String> {
    let is_json = request
        .header("content-type")
        .is_some_and(|c| c.contains("json"));
    if is_json {
        serde_json::from_slice::<Value>(request.body())
            .ok()
            .and_then(|v| {
                v.get("access_token")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
    } else {
        request.field("access_token")
    }
    .filter(|t| !t.is_empty())
}

fn check_access_token(
    request: &SandboxRequest,
    state: &mut State,
) -> std::result::Result<(), SandboxResponse> {
    let Some(token) = access_token_of(request) else {
        return Err(error(41001, "access_token missing"));
    };
    match state.access.get(&token) {
        None => Err(error(40014, "invalid access_token")),
        Some(expires) if *expires <= state.now() => Err(error(42001, "access_token expired")),
        Some(_) => Ok(()),
    }
}

fn oauth_code(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
    if request.field("appid").as_deref() != Some(state.appid.as_str()) {
        return error(40013, "invalid appid");
    }
    let Some(redirect) = request
        .field("redirect_uri")
        .and_then(|r| url::Url::parse(&r).ok())
    else {
        return error(40035, "invalid redirect_uri");
    };
    let code = state.new_code();
    let mut target = redirect;
    target.query_pairs_mut().append_pair("code", &code);
    state.last_redirect = Some(target.to_string());
    if state.code_in_json {
        return SandboxResponse::json(200, &json!({"code": 0, "msg": "ok"}));
    }
    SandboxResponse::status(302).header("location", target.as_str())
}

fn oauth_token(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
    if request.field("appid").as_deref() != Some(state.appid.as_str()) {
        return error(40013, "invalid appid");
    }
    if request.field("appsecret").as_deref() != Some(state.appsecret.as_str()) {
        return error(40125, "invalid appsecret");
    }
    let now = state.now();
    if let Some(code) = request.field("code") {
        return match state.codes.remove(&code) {
            None => error(40029, "invalid code"),
            Some(expires) if expires <= now => error(42003, "code expired"),
            Some(_) => SandboxResponse::json(200, &state.issue_tokens()),
        };
    }
    if let Some(refresh) = request.field("refresh_token") {
        // Rotation: the refresh token is spent whatever happens next.
        return match state.refresh.remove(&refresh) {
            None => error(40030, "invalid refresh_token"),
            Some(expires) if expires <= now => error(42002, "refresh_token expired"),
            Some(_) => SandboxResponse::json(200, &state.issue_tokens()),
        };
    }
    error(41008, "code or refresh_token missing")
}

/// A day as the document writes it (`2017-1-1`), zero padding optional.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn lead_json(lead: &SandboxLead) -> Value {
    let created = VendorTime::from_instant(&lead.created);
    json!({
        "id": lead.id,
        "wk_uid": lead.wk_uid,
        "company_id": lead.company_id,
        "name": lead.name,
        "mobile": lead.mobile,
        "email": lead.email,
        "wechat": lead.wechat,
        "qq": lead.qq,
        "create_at": created.as_str(),
    })
}

fn list(request: &SandboxRequest, state: &mut State, only_wukong: bool) -> SandboxResponse {
    let mut days = HashMap::new();
    for name in ["create_at", "create_at_start", "create_at_end"] {
        if let Some(text) = request.field(name) {
            match parse_day(&text) {
                Some(day) => {
                    days.insert(name, day);
                }
                None => return error(40035, &format!("invalid {name}")),
            }
        }
    }
    let wk_uid = request.field("wk_uid");
    let company_id = request.field("company_id");
    let local_day = |lead: &SandboxLead| {
        VendorTime::from_instant(&lead.created)
            .instant()
            .date_naive()
    };
    let leads: Vec<Value> = state
        .leads
        .iter()
        .filter(|l| !only_wukong || l.found_by_wukong)
        .filter(|l| wk_uid.is_none() || l.wk_uid == wk_uid)
        .filter(|l| company_id.is_none() || l.company_id == company_id)
        .filter(|l| days.get("create_at").is_none_or(|d| local_day(l) == *d))
        .filter(|l| {
            days.get("create_at_start")
                .is_none_or(|d| local_day(l) >= *d)
        })
        .filter(|l| days.get("create_at_end").is_none_or(|d| local_day(l) <= *d))
        .map(lead_json)
        .collect();
    // The shape of `fixtures/potential_list.response.json`.
    SandboxResponse::json(200, &json!({"code": 0, "msg": "success", "data": leads}))
}

/// One lead's fields as received (`name`, `mobile`, `email`, `wechat`, `qq`).
type LeadFields = HashMap<String, Option<String>>;

fn import(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
    if let Some((code, msg)) = state.reject_next_import.take() {
        return error(code, &msg);
    }
    let is_json = request
        .header("content-type")
        .is_some_and(|c| c.contains("json"));
    let text = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let (wk_uid, company_id, items): (Option<String>, Option<String>, Vec<LeadFields>) = if is_json
    {
        let body: Value = match request.json() {
            Ok(b) => b,
            Err(r) => return r,
        };
        let Some(data) = body.get("data").and_then(Value::as_array) else {
            return error(40035, "data must be an array");
        };
        let items = data
            .iter()
            .map(|item| {
                ["name", "mobile", "email", "wechat", "qq"]
                    .iter()
                    .map(|k| ((*k).to_owned(), text(item.get(*k))))
                    .collect()
            })
            .collect();
        (
            text(body.get("wk_uid")),
            text(body.get("company_id")),
            items,
        )
    } else {
        let item = ["name", "mobile", "email", "wechat", "qq"]
            .iter()
            .map(|k| ((*k).to_owned(), request.field(k).filter(|v| !v.is_empty())))
            .collect();
        (
            request.field("wk_uid"),
            request.field("company_id"),
            vec![item],
        )
    };
    for (i, item) in items.iter().enumerate() {
        let has_contact = ["mobile", "email", "wechat", "qq"]
            .iter()
            .any(|k| item.get(*k).is_some_and(Option::is_some));
        if !has_contact {
            return error(
                40035,
                &format!("data[{i}]: at least one of mobile, email, wechat, qq is required"),
            );
        }
    }
    let now = state.now();
    for mut item in items {
        state.issued += 1;
        let mut take = |k: &str| item.remove(k).flatten();
        let lead = SandboxLead {
            id: state.issued,
            wk_uid: wk_uid.clone(),
            company_id: company_id.clone(),
            name: take("name"),
            mobile: take("mobile"),
            email: take("email"),
            wechat: take("wechat"),
            qq: take("qq"),
            created: now,
            found_by_wukong: false,
        };
        state.leads.push(lead);
    }
    // The shape of `fixtures/potential_import.response.json`.
    SandboxResponse::json(200, &json!({"code": 0, "msg": "success"}))
}
