//! Sandbox rules of "标签" (tags): tag metadata, value files, calculation, exports and tag
//! values.
//!
//! Seed: `tag_878` (id 2, the `tags_list` fixture, folder 56), `tag_382` and `tag_383` (ids 382
//! and 383, the ids of the `tags_value` example), `tag_rfm` (id 385, an `RFM` tag, which tag-value
//! changes ignore as documented) and `tag_inactive` (id 384, status `INACTIVE`, which cannot be
//! recalculated). Known connection ids (`channelId`): 1, 111, 63, 140926029029409,
//! 140879002099713; any other is `B00159`.
//!
//! * A calculation (`…/calculate`) runs for the next two tag requests; calculating again while
//!   it runs is `B01152`.
//! * An export task answers `INITIAL`, then `RUNNING` (a state the document does not name), then
//!   `FINISH` with a `fileUrl` — or, after [`Sandbox::fail_tag_exports`], the failure state.
//! * Value files are parsed from the multipart body (field `file`); `overwrite` replaces the
//!   tag's files, `append` adds one.
//! * Tag values change the `POST /open/contacts/tags` answer of the contact holding the identity
//!   (`B01376` if none does); at most [`MAX_VALUE_ACTIONS`] actions per call (`B00031`).

use client_core::time::VendorTime;
use serde_json::{Map, Value, json};

use super::multipart::multipart_parts;
use super::tag_store::{ExportTask, StoredTag, insert};
use super::{Reply, Routes, Sandbox, SandboxRequest, SandboxState};
use crate::api::tags as ops;
use crate::models::{MAX_TAG_FILE_BYTES, check_tag_key};

/// Most tags a tenant may have here (beyond: `B00037`).
pub(crate) const MAX_TAGS: usize = 500;
/// Most actions one `POST /v1/tags/value` accepts here (the document names no number).
pub(crate) const MAX_VALUE_ACTIONS: usize = 100;
/// Connection ids the sandbox knows.
pub(crate) const KNOWN_CHANNELS: &[&str] =
    &["1", "111", "63", "140926029029409", "140879002099713"];
/// Where exported files are "stored".
const FILE_HOST: &str = "https://sandbox.linkflow.invalid/oss";
/// Tag requests a calculation lasts.
const CALCULATION_TICKS: u32 = 2;

const DATA_TYPES: &[&str] = &["text", "number", "array", "datetime", "boolean"];

pub(super) fn register(routes: &mut Routes) {
    routes.add(ops::CREATE_TAG, |state, req| {
        state.tags.tick();
        create(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::DELETE_TAG, |state, req| {
        state.tags.tick();
        let key = req.param("tagKey").unwrap_or_default();
        match state.tags.tags.remove(key) {
            Some(_) => Reply::empty(),
            None => no_tag(key),
        }
    });
    routes.add(ops::LIST_TAGS, |state, req| {
        state.tags.tick();
        list(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::UPLOAD_TAG_FILE, |state, req| {
        state.tags.tick();
        upload(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::CALCULATE_TAG, |state, req| {
        state.tags.tick();
        calculate(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::EXPORT_TAG, |state, req| {
        state.tags.tick();
        export(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::EXPORT_STATE, |state, req| {
        state.tags.tick();
        export_state(state, req).unwrap_or_else(|r| r)
    });
    routes.add(ops::SET_TAG_VALUES, |state, req| {
        state.tags.tick();
        set_values(state, req).unwrap_or_else(|r| r)
    });
}

fn bad(what: impl Into<String>) -> Reply {
    Reply::error(500, "B00010", format!("参数不合法: {}", what.into()))
}

fn missing(what: &str) -> Reply {
    Reply::error(500, "B00002", format!("必填参数为空: {what}"))
}

fn no_tag(key: &str) -> Reply {
    Reply::error(500, "B01162", format!("标签不存在: {key}"))
}

fn text<'a>(body: &'a Map<String, Value>, name: &str) -> &'a str {
    body.get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
}

/// Checks `identityType` / `channelId` as create and export do.
fn check_channel(body: &Map<String, Value>) -> Result<(), Reply> {
    let identity_type = text(body, "identityType");
    if identity_type.is_empty() {
        return Err(missing("identityType"));
    }
    let channel = text(body, "channelId");
    if channel.is_empty() {
        if identity_type == "externalId" {
            return Err(missing("channelId"));
        }
        return Ok(());
    }
    if !KNOWN_CHANNELS.contains(&channel) {
        return Err(Reply::error(
            500,
            "B00159",
            format!("channelId不存在: {channel}"),
        ));
    }
    Ok(())
}

fn create(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let body: Map<String, Value> = req.json()?;
    for field in ["tagKey", "tagName", "dataType", "tagType", "identityType"] {
        if text(&body, field).is_empty() {
            return Err(missing(field));
        }
    }
    let key = text(&body, "tagKey");
    if check_tag_key(key).is_err() {
        return Err(Reply::error(
            500,
            "B01157",
            "key不符合tag_开头,只包含:小写字母、数字、下划线",
        ));
    }
    if !DATA_TYPES.contains(&text(&body, "dataType")) {
        return Err(bad("dataType"));
    }
    if text(&body, "tagType") != ops::CREATABLE_TAG_TYPE {
        return Err(bad("tagType"));
    }
    check_channel(&body)?;
    let store = &mut state.tags;
    if store.tags.contains_key(key) {
        return Err(Reply::error(500, "B01151", format!("标签已经存在: {key}")));
    }
    if store.tags.len() >= MAX_TAGS {
        return Err(Reply::error(500, "B00037", "标签超过配额数"));
    }
    let id = store.next_id;
    store.next_id += 1;
    let now = VendorTime::now().as_str().to_owned();
    let answer = json!({
        "tagId": id,
        "tagKey": key,
        "tagName": text(&body, "tagName"),
        "dataType": text(&body, "dataType"),
        "status": "ACTIVE",
        "dateCreated": now,
        "lastUpdated": now,
    });
    let mut record = answer.as_object().cloned().unwrap_or_default();
    record.insert("tagType".into(), json!(ops::CREATABLE_TAG_TYPE));
    insert(store, record);
    Ok(Reply::json(&answer))
}

fn list(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let page = req.query_i64("page")?.ok_or_else(|| bad("page"))?;
    let size = req.query_i64("size")?.ok_or_else(|| bad("size"))?;
    if page < 0 || !(1..=i64::from(ops::MAX_TAG_PAGE)).contains(&size) {
        return Err(bad("page/size"));
    }
    let mut tags: Vec<&StoredTag> = state.tags.tags.values().collect();
    tags.sort_by_key(|t| t.id());
    let (page, size) = (usize::try_from(page).unwrap_or(usize::MAX), size as usize);
    let listed: Vec<&Map<String, Value>> = tags
        .into_iter()
        .skip(page.saturating_mul(size))
        .take(size)
        .map(|t| &t.record)
        .collect();
    Ok(Reply::json(&listed))
}

fn calculate(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let key = req.param("tagKey").unwrap_or_default();
    let tag = state.tags.tags.get_mut(key).ok_or_else(|| no_tag(key))?;
    if tag.text("status") != "ACTIVE" {
        return Err(Reply::error(
            500,
            "B01165",
            "标签不是启用状态不可以进行重新计算",
        ));
    }
    if tag.calculating > 0 {
        return Err(Reply::error(
            500,
            "B01152",
            "任务计算状态不对,只有FINISH, ERROR, CALC_ERROR允许重新计算",
        ));
    }
    tag.calculating = CALCULATION_TICKS;
    Ok(Reply::empty())
}

fn export(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let key = req.param("tagKey").unwrap_or_default();
    if !state.tags.tags.contains_key(key) {
        return Err(no_tag(key));
    }
    let body: Map<String, Value> = req.json()?;
    check_channel(&body)?;
    let store = &mut state.tags;
    let id = store.next_task;
    store.next_task += 1;
    store.exports.insert(
        id,
        ExportTask {
            tag_key: key.to_owned(),
            polls: 0,
            failure: store.export_failure.clone(),
        },
    );
    Ok(Reply::json(
        &json!({ "tagKey": key, "taskId": id, "status": "INITIAL" }),
    ))
}

fn export_state(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let id = req.param_i64("taskId")?;
    let task = state
        .tags
        .exports
        .get_mut(&id)
        .ok_or_else(|| bad(format!("taskId {id}")))?;
    task.polls += 1;
    let answer = match (task.polls, &task.failure) {
        (1, _) => json!({ "taskId": id, "status": "INITIAL", "errorMsg": "", "fileUrl": "" }),
        (2, _) => json!({ "taskId": id, "status": "RUNNING", "errorMsg": "", "fileUrl": "" }),
        (_, Some((status, message))) => {
            json!({ "taskId": id, "status": status, "errorMsg": message, "fileUrl": "" })
        }
        (_, None) => json!({
            "taskId": id,
            "status": "FINISH",
            "errorMsg": "",
            "fileUrl": format!("{FILE_HOST}/1/tag/export/{}/{id}.csv", task.tag_key),
        }),
    };
    Ok(Reply::json(&answer))
}

fn set_values(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let body: Map<String, Value> = req.json()?;
    let identity = body.get("identity").and_then(Value::as_object);
    let (kind, id) = match identity {
        Some(i) => (text(i, "type"), text(i, "id")),
        None => ("", ""),
    };
    if kind.is_empty() || id.is_empty() {
        return Err(missing("identity"));
    }
    let actions = body
        .get("actions")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| missing("actions"))?;
    if actions.len() > MAX_VALUE_ACTIONS {
        return Err(Reply::error(400, "B00031", "列表超过最大数量"));
    }
    let contact = state
        .contacts
        .find_by_identity(kind, id)
        .ok_or_else(|| Reply::error(400, "B01376", format!("身份不存在: {kind} {id}")))?;
    let mut changes = Vec::new();
    for action in actions {
        let Some(action) = action.as_object() else {
            return Err(bad("actions"));
        };
        let tag_id = action
            .get("tagId")
            .and_then(Value::as_i64)
            .ok_or_else(|| missing("tagId"))?;
        let verb = text(action, "action");
        let value = action.get("value").and_then(Value::as_str);
        match (verb, value) {
            ("set", Some(_)) | ("delete", _) => {}
            ("set", None) => return Err(missing("value")),
            _ => return Err(bad("action")),
        }
        // "仅支持导入标签,其他标签类型不处理": unknown and non-imported tags are skipped.
        if let Some(tag) = state.tags.by_id(tag_id)
            && tag.text("tagType") == "UPLOAD"
        {
            changes.push((tag_id, tag.record.clone(), value.map(str::to_owned)));
        }
    }
    if let Some(stored) = state.contacts.contacts.get_mut(&contact) {
        for (tag_id, tag, value) in changes {
            stored
                .tags
                .retain(|t| t.get("tagId").and_then(Value::as_i64) != Some(tag_id));
            if let Some(value) = value {
                stored.tags.push(json!({
                    "tagId": tag_id,
                    "tagName": tag.get("tagName").cloned().unwrap_or(Value::Null),
                    "tagKey": tag.get("tagKey").cloned().unwrap_or(Value::Null),
                    "value": value,
                }));
            }
        }
    }
    Ok(Reply::empty())
}

fn upload(state: &mut SandboxState, req: &SandboxRequest) -> Result<Reply, Reply> {
    let key = req.param("tagKey").unwrap_or_default();
    let operate = req.param("operate").unwrap_or_default();
    if operate != "overwrite" && operate != "append" {
        return Err(bad("operate"));
    }
    let content_type = req.header("content-type").unwrap_or_default();
    if !content_type.starts_with("multipart/form-data") {
        return Err(bad("file"));
    }
    let parts = multipart_parts(content_type, &req.body).ok_or_else(|| bad("file"))?;
    let file = parts
        .iter()
        .find(|p| p.name.as_deref() == Some(ops::FILE_FIELD) && p.file_name.is_some())
        .ok_or_else(|| bad("file"))?;
    if file.content.len() as u64 > MAX_TAG_FILE_BYTES {
        return Err(Reply::error(500, "B01163", "文件大小超过100M"));
    }
    let tag = state.tags.tags.get_mut(key).ok_or_else(|| no_tag(key))?;
    tag.uploads += 1;
    let entry = (
        file.file_name.clone().unwrap_or_default(),
        file.content.len(),
    );
    if operate == "overwrite" {
        tag.files = vec![entry];
    } else {
        tag.files.push(entry);
    }
    let file_name = format!("{key}_file{}", tag.uploads);
    Ok(Reply::json(&json!({
        "tagKey": key,
        "fileName": file_name,
        "ossUrl": format!("{FILE_HOST}/1/tag/upload/{key}/{file_name}"),
    })))
}

impl Sandbox {
    /// The value files tag `tag_key` holds: (the uploaded file name, its size in bytes).
    pub fn tag_files(&self, tag_key: &str) -> Vec<(String, usize)> {
        self.with_state(|s| {
            s.tags
                .tags
                .get(tag_key)
                .map(|t| t.files.clone())
                .unwrap_or_default()
        })
    }

    /// Whether tag `tag_key` exists.
    pub fn has_tag(&self, tag_key: &str) -> bool {
        self.with_state(|s| s.tags.tags.contains_key(tag_key))
    }

    /// Makes export tasks created from now on end in `status` (e.g. `ERROR`, `CALC_ERROR`) with
    /// `errorMsg` `message`, instead of `FINISH`.
    pub fn fail_tag_exports(&self, status: &str, message: &str) {
        self.with_state(|s| {
            s.tags.export_failure = Some((status.to_owned(), message.to_owned()));
        });
    }
}
