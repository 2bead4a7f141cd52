//! Sandbox rules of "联系人" (contacts): the routes `GET /open/contacts`,
//! `/open/contacts/cursor`, `/open/contacts_bulk/ids`, `/open/contacts_bulk`,
//! `POST /open/contacts/identities`, `POST /open/contacts/tags`,
//! `DELETE /open/contacts/identities/unbind`, `GET /open/contacts/{id}/identities`, on the
//! contact store (`contact_store.rs`).

use std::collections::HashSet;

use client_core::time::{SendLayout, VendorTime};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::contact_store::StoredIdentity;
use super::{Reply, Routes, SandboxRequest, SandboxState};
use crate::api::contacts as ops;

/// Identity types that `DELETE /open/contacts/identities/unbind` refuses (`B01404`): the built-in
/// ones other than those the document lists as unbindable.
const NOT_UNBINDABLE: &[&str] = &["phone", "email", "idCard", "idcard", "externalId"];

#[derive(Deserialize)]
struct IdentityBody {
    #[serde(default)]
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
}

fn size_param(req: &SandboxRequest, default: i64) -> Result<usize, Reply> {
    let size = req.query_i64("size")?.unwrap_or(default);
    usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| Reply::error(500, "B00010", "参数不合法: size"))
}

fn not_found(id: impl std::fmt::Display) -> Reply {
    Reply::error(404, "B00008", format!("No [contact] found with id [{id}]"))
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::LIST_CONTACTS, |state, req| {
        list(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CONTACTS_CURSOR, |state, req| {
        cursor(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CONTACT_IDS, |state, req| {
        ids(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CONTACTS_BULK, |state, req| {
        bulk(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::FIND_IDENTITIES, |state, req| {
        find_identities(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CONTACT_TAG_VALUES, |state, req| {
        let body: IdentityBody = match req.json() {
            Ok(b) => b,
            Err(r) => return r,
        };
        match state.contacts.find_by_identity(&body.kind, &body.id) {
            Some(id) => Reply::json(&state.contacts.contacts[&id].tags),
            None => Reply::error(400, "B01376", "身份不存在"),
        }
    });
    routes.add(ops::UNBIND_IDENTITIES, |state, req| {
        unbind(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CONTACT_IDENTITIES, |state, req| {
        let id = match req.param_i64("id") {
            Ok(id) => id,
            Err(r) => return r,
        };
        match state.contacts.contacts.get(&id) {
            Some(c) => Reply::json(
                &c.identities
                    .iter()
                    .map(StoredIdentity::to_json)
                    .collect::<Vec<_>>(),
            ),
            None => not_found(id),
        }
    });
}

fn list(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let page = usize::try_from(req.query_i64("page")?.unwrap_or(0))
        .map_err(|_| Reply::error(500, "B00010", "参数不合法: page"))?;
    let size = size_param(req, 200)?;
    let group = req.query_i64("groupId")?;
    let members: Option<HashSet<i64>> = match group {
        Some(g) => Some(
            state
                .groups
                .groups
                .get(&g)
                .map(|g| g.members.iter().map(|m| m.contact).collect())
                .unwrap_or_default(),
        ),
        None => None,
    };
    let search = req.query("search").filter(|s| !s.is_empty());
    let page: Vec<&Map<String, Value>> = state
        .contacts
        .contacts
        .iter()
        .filter(|(id, _)| members.as_ref().is_none_or(|m| m.contains(id)))
        .filter(|(_, c)| {
            search.is_none_or(|s| {
                ["name", "mobilePhone", "email", "nickname"]
                    .iter()
                    .any(|f| c.text(f).is_some_and(|v| v.contains(s)))
            })
        })
        .skip(page.saturating_mul(size))
        .take(size)
        .map(|(_, c)| &c.record)
        .collect();
    Ok(Reply::json(&page))
}

fn cursor(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let Some(last) = req.query_i64("lastMaxId")? else {
        return Err(Reply::error(500, "B00002", "必填参数为空: lastMaxId"));
    };
    let size = size_param(req, 200)?;
    let page: Vec<&Map<String, Value>> = state
        .contacts
        .contacts
        .range(last.saturating_add(1)..)
        .take(size)
        .map(|(_, c)| &c.record)
        .collect();
    Ok(Reply::json(&page))
}

fn ids(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let (Some(page), Some(size)) = (req.query_i64("page")?, req.query_i64("size")?) else {
        return Err(Reply::error(500, "B00002", "必填参数为空: page, size"));
    };
    if page < 0 || size <= 0 {
        return Err(Reply::error(500, "B00010", "参数不合法: page, size"));
    }
    if page.saturating_mul(size) > 10_000 {
        return Err(Reply::error(420, "B00030", "page*size必须小于等于10000"));
    }
    let time = |name: &str| -> Result<Option<VendorTime>, Reply> {
        match req.query(name) {
            None | Some("") => Ok(None),
            // "datetime, 示例:2018-01-01": a date or `yyyy-MM-dd HH:mm:ss`, nothing else.
            Some(t) => SendLayout::DateOrDateTime
                .parse_exact(t)
                .map(Some)
                .map_err(|_| Reply::error(500, "B00010", format!("参数不合法: {name}"))),
        }
    };
    let min = time("minUpdateTime")?;
    let max = time("maxUpdateTime")?;
    let anonymous = req.query_i64("anonymous")?.unwrap_or(0);
    let (page, size) = (page as usize, size as usize);
    let ids: Vec<i64> = state
        .contacts
        .contacts
        .iter()
        .filter(|(_, c)| match anonymous {
            -1 => true,
            1 => c.is_anonymous(),
            _ => !c.is_anonymous(),
        })
        .filter(|(_, c)| {
            let updated = c.last_updated();
            min.as_ref()
                .is_none_or(|m| updated.as_ref().is_some_and(|u| u >= m))
                && max
                    .as_ref()
                    .is_none_or(|m| updated.as_ref().is_some_and(|u| u < m))
        })
        .skip(page.saturating_mul(size))
        .take(size)
        .map(|(id, _)| *id)
        .collect();
    Ok(Reply::json(&ids))
}

fn bulk(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let Some(raw) = req.query("ids").filter(|s| !s.is_empty()) else {
        return Err(Reply::error(500, "B00002", "必填参数为空: ids"));
    };
    let mut wanted = Vec::new();
    for part in raw.split(',') {
        let id: i64 = part
            .trim()
            .parse()
            .map_err(|_| Reply::error(500, "B00010", "参数不合法: ids"))?;
        wanted.push(id);
    }
    // "如超过则只取前100个id的数据": only the first 100 ids count.
    wanted.truncate(100);
    let wanted: HashSet<i64> = wanted.into_iter().collect();
    let need_open_id = req.query("needOpenId") == Some("1");
    // Answered in id order, like `WHERE id IN (…)`: the client restores the caller's order.
    let found: Vec<Value> = state
        .contacts
        .contacts
        .iter()
        .filter(|(id, _)| wanted.contains(id))
        .map(|(_, c)| {
            let mut record = c.record.clone();
            if need_open_id {
                record.insert("openIds".into(), Value::Array(c.open_ids.clone()));
            }
            Value::Object(record)
        })
        .collect();
    Ok(Reply::json(&found))
}

fn find_identities(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        identity: Option<IdentityBody>,
        #[serde(default)]
        identity_types: Option<Vec<String>>,
    }
    let body: Body = req.json()?;
    let Some(identity) = body
        .identity
        .filter(|i| !i.id.is_empty() && !i.kind.is_empty())
    else {
        return Err(Reply::error(500, "B00002", "必填参数为空: identity"));
    };
    let Some(id) = state
        .contacts
        .find_by_identity(&identity.kind, &identity.id)
    else {
        return Err(Reply::error(
            404,
            "B00008",
            format!("No [contact] found with identity [{}]", identity.kind),
        ));
    };
    let types: Option<Vec<String>> = body
        .identity_types
        .filter(|t| !t.is_empty())
        .map(|t| t.into_iter().map(|s| s.to_ascii_lowercase()).collect());
    let identities: Vec<Value> = state.contacts.contacts[&id]
        .identities
        .iter()
        .filter(|i| {
            types
                .as_ref()
                .is_none_or(|t| t.contains(&i.kind.to_ascii_lowercase()))
        })
        .map(StoredIdentity::to_json)
        .collect();
    Ok(Reply::json(
        &json!({ "contactId": id, "identities": identities }),
    ))
}

fn unbind(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        contact_id: Option<Value>,
        #[serde(default)]
        identities: Vec<IdentityBody>,
    }
    let body: Body = req.json()?;
    let contact_id = match &body.contact_id {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| Reply::error(500, "B00002", "必填参数为空: contactId"))?;
    if body.identities.is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: identities"));
    }
    let Some(contact) = state.contacts.contacts.get_mut(&contact_id) else {
        return Err(not_found(contact_id));
    };
    for identity in &body.identities {
        if NOT_UNBINDABLE.contains(&identity.kind.as_str()) {
            return Err(Reply::error(500, "B01404", "身份类型不可解绑"));
        }
        if !contact
            .identities
            .iter()
            .any(|i| i.kind == identity.kind && i.id == identity.id)
        {
            return Err(Reply::error(500, "B01405", "身份值不存在"));
        }
    }
    let remaining = contact
        .identities
        .iter()
        .filter(|i| {
            !body
                .identities
                .iter()
                .any(|u| u.kind == i.kind && u.id == i.id)
        })
        .count();
    if remaining < 1 {
        return Err(Reply::error(500, "B01402", "解绑后联系人身份数量小于1"));
    }
    contact.identities.retain(|i| {
        !body
            .identities
            .iter()
            .any(|u| u.kind == i.kind && u.id == i.id)
    });
    Ok(Reply::empty())
}
