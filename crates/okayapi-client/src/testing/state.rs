//! [`SandboxState`]: what the sandbox holds, and how it checks and answers a request (the
//! envelope, the app key, the member session, the signature).

use std::collections::HashMap;

use client_core::sandbox::{SandboxRequest, SandboxResponse};
use client_core::signing::sorted_values_md5;
use client_core::{Error, Result};
use secrecy::ExposeSecret;
use serde_json::{Map, Value, json};

use super::SandboxCall;
use super::SandboxSigning;
use super::builder::Settings;
use super::methods::{CALLBACKS, FIXED, LISTS, SAVE_VAR, VAR_DATAS};
use crate::auth::{self, response_signature};

/// The sandbox's state: list rows per method, stored process-data rows, the calls received.
#[derive(Debug)]
pub struct SandboxState {
    pub(super) config: Settings,
    pub(super) lists: HashMap<&'static str, Vec<Value>>,
    pub(super) fixed: HashMap<&'static str, String>,
    pub(super) var_rows: Vec<(u64, Map<String, Value>)>,
    pub(super) callbacks: Vec<(String, Vec<(String, String)>)>,
    pub(super) next_id: u64,
    pub(super) calls: Vec<SandboxCall>,
}

/// The `data` text of a fixture envelope.
pub(super) fn fixture_data(fixture: &str) -> Result<Value> {
    let mut envelope: Value = serde_json::from_str(fixture)
        .map_err(|e| Error::config(format!("a sandbox fixture is not JSON: {e}")))?;
    Ok(envelope
        .get_mut("data")
        .map(Value::take)
        .unwrap_or(Value::Null))
}

impl SandboxState {
    pub(super) fn new(config: Settings) -> Result<Self> {
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
    pub(super) fn envelope_error(&self, ret: i64, msg: &str) -> SandboxResponse {
        SandboxResponse::json(200, &json!({ "ret": ret, "data": {}, "msg": msg }))
    }

    pub(super) fn handle(
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
}
