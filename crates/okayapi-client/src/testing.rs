//! A loopback OkayAPI sandbox (feature `testing`), on client-core's sandbox base.
//!
//! It behaves as the server does, as far as the document and the public SDKs say:
//!
//! * both paths: `POST /api/SVIP/<app>/<Method>` and `POST /?s=SVIP.<app>.<Method>` (`s` may also
//!   come in the form);
//! * `app_key` must be the sandbox's (ret 400 otherwise), `uuid` and `token` come together (ret 400),
//!   an unknown app or method is ret 404 ("接口服务不存在");
//! * the request signature is checked exactly as the server checks it — every parameter received
//!   except `sign`, sorted by name in byte order, raw values concatenated, app secret appended,
//!   upper-case MD5 — and a wrong or missing one is **ret 406**; unsigned and static-sign apps can
//!   be emulated ([`SandboxSigning`]);
//! * each of the 15 methods answers from its fixture (`fixtures/*.response.json`, embedded):
//!   list methods page through their rows (`page`, `perpage` 1–10,000), ASaveAndyVardDtas stores
//!   rows that AGetAndyVarDatas reads back, the robot callbacks store the message and answer a new
//!   id;
//! * every answer is the full envelope `{ret, data, msg, _t, _auth}` with
//!   `_auth = md5(data + _t + app secret)` over the exact `data` text sent (`return_data=1` is
//!   honoured as the server does, though the client never sends it).
//!
//! ```no_run
//! # async fn demo() -> okayapi_client::Result<()> {
//! use okayapi_client::models::VarDatasParams;
//! use okayapi_client::testing::Sandbox;
//!
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let rows = client.process_data().get(VarDatasParams::new(10086u64)).await?;
//! assert_eq!(rows.datas[0].user_name.as_deref(), Some("王小明"));
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;

use client_core::sandbox::Sandbox as Base;
use client_core::sandbox::{Method, SandboxRequest, SandboxResponse};
use client_core::signing::sorted_values_md5;
use client_core::{Error, Result};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};

use crate::auth::{self, response_signature};
use crate::{Client, ClientBuilder};

/// The sandbox's app name (the document's).
pub const APP: &str = "Swxiryan0788_MyApi";
/// The sandbox's app key (22 characters, like the README's test vector: the 32-character minimum
/// of the document is not enforced).
pub const APP_KEY: &str = "sandboxAppKey000000000";
/// The sandbox's app secret.
pub const APP_SECRET: &str = "sandbox-app-secret-0123456789abcdef";

const USE_RECORDS: &str = include_str!("../fixtures/andy_use_record_statistics.response.json");
const SAVE_VAR: &str = include_str!("../fixtures/save_andy_vard_dtas.response.json");
const CPS_SEARCH: &str = include_str!("../fixtures/cps_receive_search.response.json");
const NRKH: &str = include_str!("../fixtures/nrkh_case_detail.response.json");
const NRDADAN: &str = include_str!("../fixtures/nrdadan_case_detail.response.json");
const PTJD: &str = include_str!("../fixtures/ptjd_case_detail.response.json");
const RECEIVE_MSG: &str = include_str!("../fixtures/receive_msg.response.json");
const BUILD_EXCEL: &str = include_str!("../fixtures/build_excel.response.json");
const PRODUCT_PROCURE: &str =
    include_str!("../fixtures/lie_biao_productprocuredetail.response.json");
const REPORT_PROMPTS: &str = include_str!("../fixtures/lie_biao_andy_report_promts.response.json");
const PROMPT_STEPS: &str = include_str!("../fixtures/lie_biao_andypromptsteps.response.json");
const VAR_DATAS: &str = include_str!("../fixtures/get_andy_var_datas.response.json");
const JDYY: &str = include_str!("../fixtures/jdyy_report_data.response.json");
const SALE_CASES: &str = include_str!("../fixtures/rjkh_sale_case_detail.response.json");
const SALE_SEARCH: &str = include_str!("../fixtures/rjkh_sale_case_receive_search.response.json");

/// The list methods: name, fixture, list member, total member, whether the total is text, and
/// whether `perpage` is capped at 10,000.
const LISTS: &[(&str, &str, &str, &str, bool, bool)] = &[
    (
        "AAndyUseRecordStatistics",
        USE_RECORDS,
        "items",
        "total",
        false,
        true,
    ),
    (
        "ANrdadanCaseDetail",
        NRDADAN,
        "lie_biao",
        "zong_shu",
        true,
        false,
    ),
    ("APtjdCaseDetail", PTJD, "lie_biao", "zong_shu", false, true),
    (
        "ALieBiaoProductprocuredetail",
        PRODUCT_PROCURE,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ALieBiaoAndyReportPromts",
        REPORT_PROMPTS,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ALieBiaoAndypromptsteps",
        PROMPT_STEPS,
        "lie_biao",
        "zong_shu",
        false,
        true,
    ),
    (
        "ARjkhSaleCaseDetail",
        SALE_CASES,
        "lie_biao",
        "zong_shu",
        false,
        false,
    ),
];

/// Methods answered with their fixture's `data` as it is.
const FIXED: &[(&str, &str)] = &[
    ("ANrkhCaseDetail", NRKH),
    ("ABuildExcel", BUILD_EXCEL),
    ("AJdyyReportData", JDYY),
];

/// Robot callbacks: stored, answered with a new id.
const CALLBACKS: &[(&str, &str)] = &[
    ("AReceiveMsg", RECEIVE_MSG),
    ("ACpsReceiveSearch", CPS_SEARCH),
    ("ARjkhSaleCaseReceiveSearch", SALE_SEARCH),
];

/// The columns of the process-data table (AGetAndyVarDatas' `datas[]`).
const VAR_COLUMNS: &[&str] = &[
    "user_id",
    "user_name",
    "sys_survey_report",
    "sys_activity_need",
    "sys_content_select",
    "user_content_select",
    "sys_content_tuij",
    "sys_activity_name",
    "user_activity_name",
    "sys_activity_ideas",
    "sys_activity_plan",
    "sys_activity_enroll",
    "sys_activity_xuanc",
    "sys_incentive_plan",
    "sys_yuqi_result",
    "sys_refine_merge",
    "sys_activity_simplify",
    "fansan_mothed",
    "yixiang_course",
    "activity_type",
    "block_index",
    "activity_beijing",
    "activity_mubiao",
    "enterprise_name",
];

/// How the sandbox checks request signatures (the console's "开启/关闭签名").
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum SandboxSigning {
    /// The dynamic MD5 signature (the default).
    #[default]
    Dynamic,
    /// Signing switched off: `sign` is ignored.
    Off,
    /// A static sign: `sign` must equal this value.
    Static(SecretString),
}

impl fmt::Debug for SandboxSigning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SandboxSigning::Dynamic => f.write_str("Dynamic"),
            SandboxSigning::Off => f.write_str("Off"),
            SandboxSigning::Static(_) => f.write_str("Static([REDACTED])"),
        }
    }
}

/// One request the sandbox accepted or rejected: the method (`SVIP.<app>.<Method>`) and every
/// parameter received (form and query, decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxCall {
    /// The service asked for.
    pub service: String,
    /// The parameters as received (raw values), `sign` included.
    pub params: Vec<(String, String)>,
    /// The `ret` answered.
    pub ret: i64,
}

impl SandboxCall {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The sandbox's state: list rows per method, stored process-data rows, the calls received.
#[derive(Debug)]
pub struct SandboxState {
    config: Settings,
    lists: HashMap<&'static str, Vec<Value>>,
    fixed: HashMap<&'static str, String>,
    var_rows: Vec<(u64, Map<String, Value>)>,
    callbacks: Vec<(String, Vec<(String, String)>)>,
    next_id: u64,
    calls: Vec<SandboxCall>,
}

#[derive(Debug, Clone)]
struct Settings {
    app: String,
    app_key: String,
    secret: SecretString,
    signing: SandboxSigning,
    service_in_signature: bool,
    sign_responses: bool,
    fixed_time: Option<i64>,
}

/// Configures an [`Sandbox`].
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    settings: Settings,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        Self {
            settings: Settings {
                app: APP.to_owned(),
                app_key: APP_KEY.to_owned(),
                secret: SecretString::from(APP_SECRET),
                signing: SandboxSigning::Dynamic,
                service_in_signature: false,
                sign_responses: true,
                fixed_time: None,
            },
        }
    }
}

impl SandboxBuilder {
    /// The app name (default [`APP`]).
    pub fn app(mut self, app: impl Into<String>) -> Self {
        self.settings.app = app.into();
        self
    }

    /// The app key and secret (default [`APP_KEY`], [`APP_SECRET`]).
    pub fn credentials(
        mut self,
        app_key: impl Into<String>,
        secret: impl Into<SecretString>,
    ) -> Self {
        self.settings.app_key = app_key.into();
        self.settings.secret = secret.into();
        self
    }

    /// How request signatures are checked (default dynamic MD5).
    pub fn signing(mut self, signing: SandboxSigning) -> Self {
        self.settings.signing = signing;
        self
    }

    /// Emulates a server that, on new-style paths, adds `s=SVIP.<app>.<Method>` to the signed
    /// parameters when the request did not send it (default off: only what is sent is signed).
    pub fn service_in_signature(mut self, on: bool) -> Self {
        self.settings.service_in_signature = on;
        self
    }

    /// Whether answers carry `_t` and `_auth` (default on).
    pub fn sign_responses(mut self, on: bool) -> Self {
        self.settings.sign_responses = on;
        self
    }

    /// Answers with this `_t` instead of the current time.
    pub fn fixed_time(mut self, t: i64) -> Self {
        self.settings.fixed_time = Some(t);
        self
    }

    /// Starts the sandbox.
    pub fn start(self) -> Result<Sandbox> {
        let state = SandboxState::new(self.settings.clone())?;
        let sandbox = Base::builder(state)
            .name("okayapi")
            .open_route(
                Method::POST,
                "/api/{ns}/{app}/{method}",
                |request, state| {
                    let service = format!(
                        "{}.{}.{}",
                        request.param("ns").unwrap_or_default(),
                        request.param("app").unwrap_or_default(),
                        request.param("method").unwrap_or_default()
                    );
                    state.handle(request, service, true)
                },
            )
            .open_route(Method::POST, "/", |request, state| {
                match request
                    .field(auth::SERVICE)
                    .or_else(|| request.field("service"))
                {
                    Some(service) => state.handle(request, service, false),
                    None => state.envelope_error(400, "缺少必要参数s (the service name)"),
                }
            })
            .start()?;
        Ok(Sandbox {
            sandbox,
            settings: self.settings,
        })
    }
}

/// A running OkayAPI sandbox on `127.0.0.1`; stopped when dropped.
pub struct Sandbox {
    sandbox: Base<SandboxState>,
    settings: Settings,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.sandbox.base_url())
            .field("app", &self.settings.app)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts a sandbox with the default app, credentials and rules.
    pub fn start() -> Result<Self> {
        Self::builder().start()
    }

    /// A builder, to change the app, the credentials or the signing rules.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        self.sandbox.base_url()
    }

    /// The app name.
    pub fn app(&self) -> &str {
        &self.settings.app
    }

    /// The app key.
    pub fn app_key(&self) -> &str {
        &self.settings.app_key
    }

    /// The app secret.
    pub fn app_secret(&self) -> &SecretString {
        &self.settings.secret
    }

    /// A client builder pointed at the sandbox, with its app and credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .app(self.settings.app.clone())
            .credentials(self.settings.app_key.clone(), self.settings.secret.clone())
    }

    /// A client for the sandbox with the default settings.
    pub fn client(&self) -> Result<Client> {
        self.client_builder().build()
    }

    /// Replaces the rows a list method pages through (e.g. many usage records for a stream).
    pub fn set_list(&self, method: &str, rows: Vec<Value>) -> Result<()> {
        let Some((name, ..)) = LISTS.iter().find(|(name, ..)| *name == method) else {
            return Err(Error::invalid_input(
                "method",
                format!("`{method}` is not a list method of the sandbox"),
            ));
        };
        self.sandbox.with_state(|state| {
            state.lists.insert(name, rows);
        });
        Ok(())
    }

    /// The requests received so far (accepted or not), oldest first.
    pub fn calls(&self) -> Vec<SandboxCall> {
        self.sandbox.with_state(|state| state.calls.clone())
    }

    /// The robot callbacks stored so far: method and parameters (common ones removed).
    pub fn callbacks(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.sandbox.with_state(|state| state.callbacks.clone())
    }

    /// The base sandbox (request counts, unmatched requests).
    pub fn inner(&self) -> &Base<SandboxState> {
        &self.sandbox
    }
}

/// The `data` text of a fixture envelope.
fn fixture_data(fixture: &str) -> Result<Value> {
    let mut envelope: Value = serde_json::from_str(fixture)
        .map_err(|e| Error::config(format!("a sandbox fixture is not JSON: {e}")))?;
    Ok(envelope
        .get_mut("data")
        .map(Value::take)
        .unwrap_or(Value::Null))
}

impl SandboxState {
    fn new(config: Settings) -> Result<Self> {
        let mut lists = HashMap::new();
        for (name, fixture, list, ..) in LISTS {
            let mut data = fixture_data(fixture)?;
            let rows = match data.get_mut(*list).map(Value::take) {
                Some(Value::Array(rows)) => rows,
                _ => Vec::new(),
            };
            lists.insert(*name, rows);
        }
        let mut fixed = HashMap::new();
        for (name, fixture) in FIXED {
            fixed.insert(*name, fixture_data(fixture)?.to_string());
        }
        for (_, fixture) in CALLBACKS {
            // Checked at start so a broken fixture fails loudly.
            fixture_data(fixture)?;
        }
        fixture_data(SAVE_VAR)?;
        let mut var_rows = Vec::new();
        if let Some(Value::Array(rows)) = fixture_data(VAR_DATAS)?.get_mut("datas").map(Value::take)
        {
            for (i, row) in rows.into_iter().enumerate() {
                if let Value::Object(row) = row {
                    var_rows.push((i as u64 + 1, row));
                }
            }
        }
        Ok(Self {
            config,
            lists,
            fixed,
            next_id: var_rows.len() as u64 + 1,
            var_rows,
            callbacks: Vec::new(),
            calls: Vec::new(),
        })
    }

    fn now(&self) -> i64 {
        self.config
            .fixed_time
            .unwrap_or_else(|| chrono::Utc::now().timestamp())
    }

    /// An error envelope (PhalApi's: `ret`, empty `data`, `msg`).
    fn envelope_error(&self, ret: i64, msg: &str) -> SandboxResponse {
        SandboxResponse::json(200, &json!({ "ret": ret, "data": {}, "msg": msg }))
    }

    fn handle(
        &mut self,
        request: &SandboxRequest,
        service: String,
        new_style: bool,
    ) -> SandboxResponse {
        let mut params = request.form();
        params.extend(request.query_pairs().iter().cloned());
        let (ret, response) = self.answer(&params, &service, new_style);
        self.calls.push(SandboxCall {
            service,
            params,
            ret,
        });
        response
    }

    fn answer(
        &mut self,
        params: &[(String, String)],
        service: &str,
        new_style: bool,
    ) -> (i64, SandboxResponse) {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let mut parts = service.splitn(3, '.');
        let (ns, app, method) = (parts.next(), parts.next(), parts.next());
        let Some(method) = method.filter(|_| ns == Some("SVIP") && app == Some(&*self.config.app))
        else {
            return (
                404,
                self.envelope_error(404, &format!("接口服务{service}不存在")),
            );
        };
        let method = method.to_owned();
        if get(auth::APP_KEY) != Some(self.config.app_key.as_str()) {
            return (400, self.envelope_error(400, "非法请求：app_key无效"));
        }
        if get(auth::UUID).is_some() != get(auth::TOKEN).is_some() {
            return (400, self.envelope_error(400, "uuid需要和token一起传递"));
        }
        match &self.config.signing {
            SandboxSigning::Off => {}
            SandboxSigning::Static(sign) => {
                if get(auth::SIGN) != Some(sign.expose_secret()) {
                    return (406, self.envelope_error(406, "非法请求：签名错误"));
                }
            }
            SandboxSigning::Dynamic => {
                let added =
                    (new_style && self.config.service_in_signature && get(auth::SERVICE).is_none())
                        .then(|| service.to_owned());
                let expected = sorted_values_md5(
                    params
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .chain(added.as_deref().map(|s| (auth::SERVICE, s))),
                    &[auth::SIGN],
                    &self.config.secret,
                );
                if get(auth::SIGN) != Some(expected.as_str()) {
                    return (406, self.envelope_error(406, "非法请求：签名错误"));
                }
            }
        }
        let data = match self.method_data(&method, params) {
            Ok(data) => data,
            Err((ret, msg)) => return (ret, self.envelope_error(ret, &msg)),
        };
        if get("return_data") == Some("1") {
            return (200, SandboxResponse::json_text(200, data));
        }
        (200, self.success(&data))
    }

    /// The success envelope around the `data` text, signed as configured.
    fn success(&self, data: &str) -> SandboxResponse {
        let mut body = String::with_capacity(data.len() + 96);
        body.push_str(r#"{"ret":200,"data":"#);
        body.push_str(data);
        body.push_str(r#","msg":"""#);
        if self.config.sign_responses {
            let t = self.now().to_string();
            let auth = response_signature(data, &t, &self.config.secret);
            body.push_str(r#","_t":"#);
            body.push_str(&t);
            body.push_str(r#","_auth":""#);
            body.push_str(&auth);
            body.push('"');
        }
        body.push('}');
        SandboxResponse::json_text(200, body)
    }

    /// The `data` text of `method`, or `(ret, msg)`.
    fn method_data(
        &mut self,
        method: &str,
        params: &[(String, String)],
    ) -> std::result::Result<String, (i64, String)> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let number = |name: &str, default: u64| -> std::result::Result<u64, (i64, String)> {
            match get(name) {
                None | Some("") => Ok(default),
                Some(text) => text
                    .parse()
                    .map_err(|_| (400, format!("非法请求：参数{name}应为整数"))),
            }
        };
        if let Some((name, _, list, total, total_text, capped)) =
            LISTS.iter().find(|(name, ..)| *name == method)
        {
            let page = number("page", 1)?;
            let perpage = number("perpage", 10)?;
            if page < 1 {
                return Err((400, "非法请求：page最小值为1".to_owned()));
            }
            if perpage < 1 || (*capped && perpage > 10_000) {
                return Err((400, "非法请求：perpage应在1到10000之间".to_owned()));
            }
            if *name == "ALieBiaoAndypromptsteps" && get("version").is_none_or(str::is_empty) {
                return Err((400, "缺少必要参数version".to_owned()));
            }
            let rows = self.lists.get(name).map(Vec::as_slice).unwrap_or_default();
            let start = usize::try_from((page - 1).saturating_mul(perpage)).unwrap_or(usize::MAX);
            let end = start.saturating_add(usize::try_from(perpage).unwrap_or(usize::MAX));
            let slice = rows
                .get(start.min(rows.len())..end.min(rows.len()))
                .unwrap_or_default();
            let count = rows.len();
            let total_value = if *total_text {
                Value::String(count.to_string())
            } else {
                Value::from(count)
            };
            let mut data = Map::new();
            data.insert((*list).to_owned(), Value::Array(slice.to_vec()));
            data.insert((*total).to_owned(), total_value);
            return Ok(Value::Object(data).to_string());
        }
        if let Some(data) = self.fixed.get(method) {
            return Ok(data.clone());
        }
        if CALLBACKS.iter().any(|(name, _)| *name == method) {
            let id = self.next_id();
            self.callbacks.push((method.to_owned(), business(params)));
            return Ok(json!({ "id": id.to_string() }).to_string());
        }
        match method {
            "ASaveAndyVardDtas" => {
                let operate = number("operate_type", 1)?;
                let fields = business(params);
                match operate {
                    1 => {
                        let id = self.next_id();
                        let mut row = Map::new();
                        for column in VAR_COLUMNS {
                            let default = if *column == "block_index" { "0" } else { "" };
                            row.insert((*column).to_owned(), Value::from(default));
                        }
                        apply(&mut row, &fields);
                        self.var_rows.push((id, row));
                        Ok(json!({ "id": id.to_string(), "row_num": "1" }).to_string())
                    }
                    2 => {
                        let id = number("id", 0)?;
                        let Some((_, row)) = self.var_rows.iter_mut().find(|(rid, _)| *rid == id)
                        else {
                            return Err((400, format!("数据不存在：id={id}")));
                        };
                        apply(row, &fields);
                        Ok(json!({ "id": id.to_string(), "row_num": "1" }).to_string())
                    }
                    _ => Err((400, "非法请求：operate_type应为1或2".to_owned())),
                }
            }
            "AGetAndyVarDatas" => {
                let Some(user_id) = get("user_id").filter(|v| !v.is_empty()) else {
                    return Err((400, "缺少必要参数user_id".to_owned()));
                };
                let datas: Vec<Value> = self
                    .var_rows
                    .iter()
                    .filter(|(_, row)| row.get("user_id").and_then(Value::as_str) == Some(user_id))
                    .map(|(_, row)| Value::Object(row.clone()))
                    .collect();
                Ok(json!({ "datas": datas }).to_string())
            }
            _ => Err((
                404,
                format!("接口服务SVIP.{}.{method}不存在", self.config.app),
            )),
        }
    }

    fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// The method's own parameters (the common ones removed).
fn business(params: &[(String, String)]) -> Vec<(String, String)> {
    const COMMON: &[&str] = &[
        auth::APP_KEY,
        auth::SIGN,
        auth::UUID,
        auth::TOKEN,
        auth::SERVICE,
        "service",
        "return_data",
        "operate_type",
        "id",
    ];
    params
        .iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Writes the known columns of `fields` into `row`.
fn apply(row: &mut Map<String, Value>, fields: &[(String, String)]) {
    for (name, value) in fields {
        if VAR_COLUMNS.contains(&name.as_str()) {
            row.insert(name.clone(), Value::String(value.clone()));
        }
    }
}
