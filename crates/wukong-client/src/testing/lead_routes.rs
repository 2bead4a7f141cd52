//! The data routes: `/openv1/list`, `/openv1/potential` and `/importv1/potential`.

use std::collections::HashMap;

use chrono::NaiveDate;
use client_core::sandbox::{SandboxRequest, SandboxResponse};
use client_core::time::VendorTime;
use serde_json::{Value, json};

use super::{SandboxLead, State, error};

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

pub(super) fn list(
    request: &SandboxRequest,
    state: &mut State,
    only_wukong: bool,
) -> SandboxResponse {
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

pub(super) fn import(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
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
