//! Sandbox rules of "群组" (groups).
//!
//! Seed: groups 47 and 51 (`groups` fixture), and group 252 whose members are contacts 17771 and
//! 17760 (`group_contacts` fixture, memberIds 1243167 and 1243184); contact 2865 is a member of 47.

use std::collections::BTreeMap;

use client_core::time::{SendLayout, VendorTime};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Reply, Routes, SandboxRequest, SandboxState};
use crate::api::groups as ops;

const GROUPS: &str = include_str!("../../fixtures/groups.response.json");

/// Most contact ids one add/remove call accepts here (the document names no number; beyond it
/// the sandbox answers its `B00031`).
pub(crate) const MAX_CONTACTS_PER_CALL: usize = 1_000;
/// Most groups a tenant may have here (beyond: `412 B00157`).
pub(crate) const MAX_GROUPS: usize = 500;

/// A membership.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) member_id: i64,
    pub(crate) contact: i64,
    pub(crate) date_created: String,
}

/// A stored group.
#[derive(Debug, Clone)]
pub(crate) struct StoredGroup {
    pub(crate) record: Map<String, Value>,
    pub(crate) members: Vec<Member>,
}

impl StoredGroup {
    fn name(&self) -> &str {
        self.record
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    fn text(&self, field: &str) -> Option<&str> {
        self.record.get(field).and_then(Value::as_str)
    }

    fn touch(&mut self) {
        self.record
            .insert("lastUpdated".into(), json!(VendorTime::now().as_str()));
    }
}

/// The group store.
#[derive(Debug)]
pub(crate) struct GroupsState {
    pub(crate) groups: BTreeMap<i64, StoredGroup>,
    pub(crate) next_group: i64,
    pub(crate) next_member: i64,
}

impl Default for GroupsState {
    fn default() -> Self {
        Self {
            groups: BTreeMap::new(),
            next_group: 1_000,
            next_member: 2_000_000,
        }
    }
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let groups: Vec<Map<String, Value>> = serde_json::from_str(GROUPS)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))?;
    let store = &mut state.groups;
    for record in groups {
        if let Some(id) = record.get("id").and_then(Value::as_i64) {
            store.groups.insert(
                id,
                StoredGroup {
                    record,
                    members: Vec::new(),
                },
            );
        }
    }
    let mut vip = Map::new();
    vip.insert("id".into(), json!(252));
    vip.insert("name".into(), json!("双11vip客户"));
    vip.insert("groupType".into(), json!("static"));
    vip.insert("dateCreated".into(), json!("2018-04-19 11:19:41"));
    vip.insert("lastUpdated".into(), json!("2018-04-19 14:54:53"));
    store.groups.insert(
        252,
        StoredGroup {
            record: vip,
            members: vec![
                Member {
                    member_id: 1_243_167,
                    contact: 17771,
                    date_created: "2018-04-19 11:19:41".into(),
                },
                Member {
                    member_id: 1_243_184,
                    contact: 17760,
                    date_created: "2018-04-19 14:54:53".into(),
                },
            ],
        },
    );
    if let Some(g) = store.groups.get_mut(&47) {
        g.members.push(Member {
            member_id: 1_000_001,
            contact: 2865,
            date_created: "2017-12-07 16:59:38".into(),
        });
    }
    Ok(())
}

fn group_not_found(id: i64) -> Reply {
    Reply::error(404, "B00008", format!("No [group] found with id [{id}]"))
}

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::LIST_GROUPS, |state, req| {
        list(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CREATE_GROUP, |state, req| {
        create(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::RENAME_GROUP, |state, req| {
        rename(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::DELETE_GROUP, |state, req| {
        let id = match req.param_i64("id") {
            Ok(id) => id,
            Err(r) => return r,
        };
        match state.groups.groups.remove(&id) {
            Some(_) => Reply::empty(),
            None => group_not_found(id),
        }
    });
    routes.add(ops::CONTACT_GROUPS, |state, req| {
        contact_groups(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::GROUP_MEMBERS, |state, req| {
        members(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::ADD_GROUP_CONTACTS, |state, req| {
        change_members(state, req, true).unwrap_or_else(|r| r)
    });
    routes.add(ops::REMOVE_GROUP_CONTACTS, |state, req| {
        change_members(state, req, false).unwrap_or_else(|r| r)
    });
}

fn list(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let id = req.query_i64("id")?;
    let name = req.query("name").filter(|s| !s.is_empty());
    let group_type = req.query("groupType").filter(|s| !s.is_empty());
    let since = match req.query("lastUpdated").filter(|s| !s.is_empty()) {
        Some(t) => Some(
            SendLayout::DateOrDateTime
                .parse_exact(t)
                .map_err(|_| Reply::error(500, "B00010", "参数不合法: lastUpdated"))?,
        ),
        None => None,
    };
    let ext1 = req.query("ext1").filter(|s| !s.is_empty());
    let ext2 = req.query("ext2").filter(|s| !s.is_empty());
    let groups: Vec<&Map<String, Value>> = state
        .groups
        .groups
        .iter()
        .filter(|(gid, _)| id.is_none_or(|i| i == **gid))
        .filter(|(_, g)| name.is_none_or(|n| g.name().contains(n)))
        .filter(|(_, g)| group_type.is_none_or(|t| g.text("groupType") == Some(t)))
        .filter(|(_, g)| ext1.is_none_or(|e| g.text("ext1") == Some(e)))
        .filter(|(_, g)| ext2.is_none_or(|e| g.text("ext2") == Some(e)))
        .filter(|(_, g)| {
            since.as_ref().is_none_or(|s| {
                g.text("lastUpdated")
                    .and_then(|t| VendorTime::parse(t).ok())
                    .is_some_and(|u| u >= *s)
            })
        })
        .map(|(_, g)| &g.record)
        .collect();
    Ok(Reply::json(&groups))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewGroup {
    #[serde(default)]
    name: String,
    #[serde(default)]
    group_type: Option<String>,
    #[serde(default)]
    ext1: Option<String>,
    #[serde(default)]
    ext2: Option<String>,
}

fn create(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let body: NewGroup = req.json()?;
    if body.name.trim().is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: name"));
    }
    if body.group_type.as_deref().is_some_and(|t| t != "static") {
        return Err(Reply::error(500, "B00010", "参数不合法: groupType"));
    }
    let store = &mut state.groups;
    if store.groups.values().any(|g| g.name() == body.name) {
        return Err(Reply::error(400, "B00001", "群组已存在"));
    }
    if store.groups.len() >= MAX_GROUPS {
        return Err(Reply::error(412, "B00157", "群组数量已达到上限"));
    }
    let id = store.next_group;
    store.next_group += 1;
    let now = VendorTime::now().as_str().to_owned();
    let mut record = Map::new();
    record.insert("lastUpdated".into(), json!(now));
    record.insert("groupType".into(), json!("static"));
    record.insert("dateCreated".into(), json!(now));
    record.insert("name".into(), json!(body.name));
    record.insert("id".into(), json!(id));
    if let Some(e) = body.ext1 {
        record.insert("ext1".into(), json!(e));
    }
    if let Some(e) = body.ext2 {
        record.insert("ext2".into(), json!(e));
    }
    let reply = Reply::json(&record);
    store.groups.insert(
        id,
        StoredGroup {
            record,
            members: Vec::new(),
        },
    );
    Ok(reply)
}

fn rename(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        name: String,
    }
    let id = req.param_i64("id")?;
    let body: Body = req.json()?;
    if body.name.trim().is_empty() {
        return Err(Reply::error(500, "B00002", "必填参数为空: name"));
    }
    let store = &mut state.groups;
    if !store.groups.contains_key(&id) {
        return Err(group_not_found(id));
    }
    if store
        .groups
        .iter()
        .any(|(gid, g)| *gid != id && g.name() == body.name)
    {
        return Err(Reply::error(420, "B01102", "群组名已存在"));
    }
    if let Some(g) = store.groups.get_mut(&id) {
        g.record.insert("name".into(), json!(body.name));
        g.touch();
    }
    Ok(Reply::empty())
}

fn contact_groups(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let contact = req.param_i64("contactId")?;
    if !state.contacts.contacts.contains_key(&contact) {
        return Err(Reply::error(
            404,
            "B00008",
            format!("No [contact] found with id [{contact}]"),
        ));
    }
    let group_type = req.query("groupType").filter(|s| !s.is_empty());
    let groups: Vec<&Map<String, Value>> = state
        .groups
        .groups
        .values()
        .filter(|g| g.members.iter().any(|m| m.contact == contact))
        .filter(|g| group_type.is_none_or(|t| g.text("groupType") == Some(t)))
        .map(|g| &g.record)
        .collect();
    Ok(Reply::json(&groups))
}

fn members(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let group_id = req.param_i64("groupId")?;
    let after = req.query_i64("memberId")?.unwrap_or(0);
    let size = req.query_i64("size")?.unwrap_or(500);
    if size > 500 {
        return Err(Reply::error(400, "B00031", "size超过最大数量"));
    }
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| Reply::error(500, "B00010", "参数不合法: size"))?;
    let Some(group) = state.groups.groups.get(&group_id) else {
        return Err(group_not_found(group_id));
    };
    let mut members: Vec<&Member> = group
        .members
        .iter()
        .filter(|m| m.member_id > after)
        .collect();
    members.sort_by_key(|m| m.member_id);
    let page: Vec<Value> = members
        .into_iter()
        .take(size)
        .map(|m| {
            let record = state.contacts.contacts.get(&m.contact).map(|c| &c.record);
            let field = |name: &str| {
                record
                    .and_then(|r| r.get(name))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            json!({
                "lastUpdated": m.date_created,
                "dateCreated": m.date_created,
                "contact": {
                    "mobilePhone": field("mobilePhone"),
                    "name": field("name"),
                    "id": m.contact,
                    "email": field("email"),
                },
                "contactGroupId": group_id,
                "version": null,
                "memberId": m.member_id,
            })
        })
        .collect();
    Ok(Reply::json(&page))
}

fn change_members(
    state: &mut SandboxState,
    req: &SandboxRequest,
    add: bool,
) -> Result<Reply, Reply> {
    let group_id = req.param_i64("groupId")?;
    let ids: Vec<i64> = req.json()?;
    if ids.len() > MAX_CONTACTS_PER_CALL {
        return Err(Reply::error(400, "B00031", "联系人超过最大数量"));
    }
    let SandboxState {
        contacts, groups, ..
    } = state;
    let next_member = &mut groups.next_member;
    let Some(group) = groups.groups.get_mut(&group_id) else {
        return Err(group_not_found(group_id));
    };
    let mut success = Vec::new();
    let mut failure = Vec::new();
    let now = VendorTime::now().as_str().to_owned();
    for id in ids {
        let member = group.members.iter().position(|m| m.contact == id);
        match (add, member) {
            (true, Some(_)) => success.push(id),
            (true, None) if contacts.contacts.contains_key(&id) => {
                *next_member += 1;
                group.members.push(Member {
                    member_id: *next_member,
                    contact: id,
                    date_created: now.clone(),
                });
                success.push(id);
            }
            (false, Some(at)) => {
                group.members.remove(at);
                success.push(id);
            }
            _ => failure.push(id),
        }
    }
    group.touch();
    Ok(Reply::json(&json!({
        "success": success,
        "failure": failure,
        "group": group.record,
    })))
}
