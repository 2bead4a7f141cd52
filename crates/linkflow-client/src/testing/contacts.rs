//! Sandbox rules of "联系人" (contacts): the contact store shared by every area, and the routes
//! `GET /open/contacts`, `/open/contacts/cursor`, `/open/contacts_bulk/ids`, `/open/contacts_bulk`,
//! `POST /open/contacts/identities`, `POST /open/contacts/tags`,
//! `DELETE /open/contacts/identities/unbind`, `GET /open/contacts/{id}/identities`.
//!
//! Seed (from the fixtures): contacts 1, 3, 5 (`contacts_bulk`), 2865 (`contacts`), 17760 and
//! 17771 (members of group 252), 29 (identities `phone` 13888888888, `email` 123456@qq.com,
//! `mobilePhone` 17624321576, tag values of `contacts_tags`), and 703941987164160 (identity
//! `idCard` 321100199012203412, the identities of `contact_identities` and the channel accounts
//! of `contact_channel_identities`).

use std::collections::{BTreeMap, HashSet};

use client_core::time::{SendLayout, VendorTime};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Reply, Routes, SandboxRequest, SandboxState};
use crate::api::contacts as ops;

const CONTACTS: &str = include_str!("../../fixtures/contacts.response.json");
const CONTACTS_BULK: &str = include_str!("../../fixtures/contacts_bulk.response.json");
const CONTACT_IDENTITIES: &str = include_str!("../../fixtures/contact_identities.response.json");
const CONTACTS_IDENTITIES: &str = include_str!("../../fixtures/contacts_identities.response.json");
const CONTACT_TAGS: &str = include_str!("../../fixtures/contacts_tags.response.json");
const CHANNEL_IDENTITIES: &str =
    include_str!("../../fixtures/contact_channel_identities.response.json");

/// The contact of the document's identity examples.
pub(crate) const EXAMPLE_CONTACT: i64 = 703_941_987_164_160;

/// Identity types that `DELETE /open/contacts/identities/unbind` refuses (`B01404`): the built-in
/// ones other than those the document lists as unbindable.
const NOT_UNBINDABLE: &[&str] = &["phone", "email", "idCard", "idcard", "externalId"];

/// One identity of a stored contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredIdentity {
    pub(crate) kind: String,
    pub(crate) id: String,
    pub(crate) date_created: String,
}

impl StoredIdentity {
    fn to_json(&self) -> Value {
        json!({ "id": self.id, "type": self.kind, "dateCreated": self.date_created })
    }
}

/// A stored contact: the record as listed, plus what other routes answer about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredContact {
    /// The contact as `GET /open/contacts` lists it (`id`, attributes, timestamps).
    pub(crate) record: Map<String, Value>,
    /// `openIds` (answered by `/open/contacts_bulk` with `needOpenId=1`).
    pub(crate) open_ids: Vec<Value>,
    pub(crate) identities: Vec<StoredIdentity>,
    pub(crate) tags: Vec<Value>,
    pub(crate) channel_identities: Vec<Value>,
    /// Events tracked for this contact (`POST /open/messages`).
    pub(crate) events: Vec<Value>,
}

impl StoredContact {
    fn last_updated(&self) -> Option<VendorTime> {
        self.record
            .get("lastUpdated")
            .and_then(Value::as_str)
            .and_then(|t| VendorTime::parse(t).ok())
    }

    fn is_anonymous(&self) -> bool {
        self.record
            .get("isAnonymous")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    fn text(&self, field: &str) -> Option<&str> {
        self.record.get(field).and_then(Value::as_str)
    }
}

/// The contact store.
#[derive(Debug)]
pub(crate) struct ContactsState {
    pub(crate) contacts: BTreeMap<i64, StoredContact>,
    pub(crate) next_id: i64,
}

impl Default for ContactsState {
    fn default() -> Self {
        Self {
            contacts: BTreeMap::new(),
            next_id: 800_000_000_000_000,
        }
    }
}

impl ContactsState {
    /// The contact holding identity `kind`/`id`.
    pub(crate) fn find_by_identity(&self, kind: &str, id: &str) -> Option<i64> {
        self.contacts
            .iter()
            .find(|(_, c)| c.identities.iter().any(|i| i.kind == kind && i.id == id))
            .map(|(k, _)| *k)
    }

    /// Creates an empty contact and returns its id.
    pub(crate) fn create(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let now = VendorTime::now().as_str().to_owned();
        let mut record = Map::new();
        record.insert("id".into(), json!(id));
        record.insert("isAnonymous".into(), json!(false));
        record.insert("utm".into(), json!({}));
        record.insert("props".into(), json!({}));
        record.insert("dateCreated".into(), json!(now));
        record.insert("lastUpdated".into(), json!(now));
        self.contacts.insert(
            id,
            StoredContact {
                record,
                ..StoredContact::default()
            },
        );
        id
    }

    /// Binds identity `kind`/`id` to `contact` (if not bound yet).
    pub(crate) fn bind(&mut self, contact: i64, kind: &str, id: &str) {
        if let Some(c) = self.contacts.get_mut(&contact)
            && !c.identities.iter().any(|i| i.kind == kind && i.id == id)
        {
            c.identities.push(StoredIdentity {
                kind: kind.to_owned(),
                id: id.to_owned(),
                date_created: VendorTime::now().as_str().to_owned(),
            });
        }
    }

    fn insert_record(&mut self, mut record: Map<String, Value>) -> Option<i64> {
        let id = record.get("id")?.as_i64()?;
        let open_ids = match record.remove("openIds") {
            Some(Value::Array(ids)) => ids,
            _ => Vec::new(),
        };
        self.contacts.insert(
            id,
            StoredContact {
                record,
                open_ids,
                ..StoredContact::default()
            },
        );
        Some(id)
    }
}

fn parse_array(text: &str) -> client_core::Result<Vec<Value>> {
    serde_json::from_str(text)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))
}

fn minimal(id: i64, name: &str) -> Map<String, Value> {
    let mut record = Map::new();
    record.insert("id".into(), json!(id));
    record.insert("name".into(), json!(name));
    record.insert("isAnonymous".into(), json!(false));
    record.insert("dateCreated".into(), json!("2018-04-19 11:19:41"));
    record.insert("lastUpdated".into(), json!("2018-04-19 11:19:41"));
    record
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let store = &mut state.contacts;
    for text in [CONTACTS_BULK, CONTACTS] {
        for value in parse_array(text)? {
            if let Value::Object(record) = value {
                store.insert_record(record);
            }
        }
    }
    store.insert_record(minimal(17760, "tiger"));
    store.insert_record(minimal(17771, "'非常满意'&*-^!@#$%{}[]\\|、\"\"「」【】"));

    // Contact 29: the identities and tag-value examples.
    let mut c29 = minimal(29, "contact 29");
    c29.insert("mobilePhone".into(), json!("17624321576"));
    store.insert_record(c29);
    let answer: Value = serde_json::from_str(CONTACTS_IDENTITIES)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))?;
    if let Some(c) = store.contacts.get_mut(&29) {
        c.identities.push(StoredIdentity {
            kind: "phone".into(),
            id: "13888888888".into(),
            date_created: "2023-02-20 15:47:30".into(),
        });
        c.identities.push(StoredIdentity {
            kind: "mobilePhone".into(),
            id: "17624321576".into(),
            date_created: "2023-02-20 15:47:30".into(),
        });
        for identity in answer["identities"].as_array().into_iter().flatten() {
            c.identities.push(identity_from_json(identity));
        }
        c.tags = parse_array(CONTACT_TAGS)?;
    }

    // The contact of "查询联系人" and "根据联系人查询渠道账号".
    let mut example = minimal(EXAMPLE_CONTACT, "example contact");
    example.insert("dateCreated".into(), json!("2022-05-23 11:27:08"));
    example.insert("lastUpdated".into(), json!("2022-05-23 11:27:08"));
    store.insert_record(example);
    let channel_identities = parse_array(CHANNEL_IDENTITIES)?;
    let identities = parse_array(CONTACT_IDENTITIES)?;
    if let Some(c) = store.contacts.get_mut(&EXAMPLE_CONTACT) {
        c.identities.push(StoredIdentity {
            kind: "idCard".into(),
            id: "321100199012203412".into(),
            date_created: "2022-05-23 11:27:08".into(),
        });
        c.identities
            .extend(identities.iter().map(identity_from_json));
        c.channel_identities = channel_identities;
    }
    Ok(())
}

fn identity_from_json(value: &Value) -> StoredIdentity {
    StoredIdentity {
        kind: value["type"].as_str().unwrap_or_default().to_owned(),
        id: value["id"].as_str().unwrap_or_default().to_owned(),
        date_created: value["dateCreated"]
            .as_str()
            .unwrap_or("2024-01-26 14:47:16")
            .to_owned(),
    }
}

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
