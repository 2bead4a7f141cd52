//! Types of the document area "标签" (tags): tag keys, tag types and states, upload modes, export
//! states and tag-value actions. The wire models are the generated ones, re-exported by `models`
//! ([`Tag`](super::Tag), [`NewTag`](super::NewTag), [`TagUpload`](super::TagUpload),
//! [`TagExportRequest`](super::TagExportRequest), [`TagExportTask`](super::TagExportTask),
//! [`TagExportState`], [`TagValueChange`],
//! [`TagValueChanges`](super::TagValueChanges)), with their helpers here.

use client_core::Error;
use serde::{Deserialize, Serialize};

use super::generated::{TagExportState, TagValueChange};

id_newtype!(
    /// A tag's id (`tagId`, "标签id").
    TagId
);

id_newtype!(
    /// The id of a tag-export task (`taskId`, "生成标签文件任务id").
    ExportTaskId
);

/// Most bytes a tag-value file may have ("文件大小限制在100M内"): 100 MiB.
pub const MAX_TAG_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// The prefix every tag key has ("需要以tag_开头").
pub const TAG_KEY_PREFIX: &str = "tag_";

/// A tag key (`tagKey`, "标签key,唯一识别标识"), checked against the document's rule: it starts
/// with `tag_` and contains only lowercase ASCII letters, digits and underscores.
///
/// ```
/// use linkflow_client::models::TagKey;
/// assert!(TagKey::new("tag_ccc2").is_ok());
/// assert!(TagKey::new("Tag_A").is_err());
/// assert!(TagKey::new("tag-878").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagKey(String);

impl TagKey {
    /// Checks `key` against the document's rule (`B01157` if the server had to say it).
    pub fn new(key: impl Into<String>) -> client_core::Result<Self> {
        let key = key.into();
        check_tag_key(&key)?;
        Ok(Self(key))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TagKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for TagKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Checks a tag key: `tag_` prefix, then only `a-z`, `0-9` and `_` ("需要以tag_开头,只包含:小写字母、
/// 数字、下划线"). A key of the bare prefix is refused too (it names nothing).
pub fn check_tag_key(key: &str) -> client_core::Result<()> {
    const RULE: &str =
        "must start with `tag_` and contain only lowercase letters, digits and underscores";
    let Some(rest) = key.strip_prefix(TAG_KEY_PREFIX) else {
        return Err(Error::invalid_input("tagKey", format!("`{key}` {RULE}")));
    };
    let valid = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    if rest.is_empty() || !rest.bytes().all(valid) {
        return Err(Error::invalid_input("tagKey", format!("`{key}` {RULE}")));
    }
    Ok(())
}

string_enum!(
    /// A tag's value type (`dataType`, "标签值数据类型"). Creating a tag accepts only the five
    /// documented values; listings keep any other as [`TagDataType::Other`].
    TagDataType {
        /// `text`
        Text => "text",
        /// `number`
        Number => "number",
        /// `array`
        Array => "array",
        /// `datetime`
        Datetime => "datetime",
        /// `boolean`
        Boolean => "boolean",
    }
);

string_enum!(
    /// A tag's kind (`tagType`, "tagType 标签类型"): the 17 kinds of the document's table. Only
    /// `UPLOAD` can be created through the API.
    TagType {
        /// `RULE_LAYER`: 自定义分层 (custom layering).
        RuleLayer => "RULE_LAYER",
        /// `EVENT_PROPERTY_PREFERENCES`: 事件偏好 (event preferences).
        EventPropertyPreferences => "EVENT_PROPERTY_PREFERENCES",
        /// `EVENT_INDICATOR`: 事件指标 (event indicator).
        EventIndicator => "EVENT_INDICATOR",
        /// `FIRST_LAST_TIME`: 第N次特征 (n-th occurrence).
        FirstLastTime => "FIRST_LAST_TIME",
        /// `UPLOAD`: 导入 (imported).
        Upload => "UPLOAD",
        /// `SQL`: SQL创建 (SQL-defined).
        Sql => "SQL",
        /// `EMOTION`: 情感分析 (sentiment).
        Emotion => "EMOTION",
        /// `ANNIVERSARY`: 纪念日 (anniversary).
        Anniversary => "ANNIVERSARY",
        /// `TIME_INTERVAL`: 间隔标签 (interval).
        TimeInterval => "TIME_INTERVAL",
        /// `WEIGHT`: 权重标签 (weight).
        Weight => "WEIGHT",
        /// `RFM`: RFM标签.
        Rfm => "RFM",
        /// `SALES_ORDER`: 订单 (orders).
        SalesOrder => "SALES_ORDER",
        /// `CLV`: CLV预测标签 (customer lifetime value prediction).
        Clv => "CLV",
        /// `ORDER_PROPERTY_PREFERENCES`: 订单偏好 (order preferences).
        OrderPropertyPreferences => "ORDER_PROPERTY_PREFERENCES",
        /// `CUSTOMIZED_PREDICT`: 自定义预测 (custom prediction).
        CustomizedPredict => "CUSTOMIZED_PREDICT",
        /// `LIFE_CYCLE`: 生命周期 (life cycle).
        LifeCycle => "LIFE_CYCLE",
        /// `SELF_DEFINE_INDICATOR`: 指标标签 (custom indicator).
        SelfDefineIndicator => "SELF_DEFINE_INDICATOR",
    }
);

string_enum!(
    /// A tag's state (`status`). The document shows only `ACTIVE` ("启用"); a tag that is not
    /// active cannot be recalculated (`B01165`).
    TagStatus {
        /// `ACTIVE`
        Active => "ACTIVE",
    }
);

string_enum!(
    /// How an uploaded value file combines with the tag's earlier files (`operate`).
    UploadMode {
        /// `overwrite`: delete the files the tag has and keep the new one ("覆盖").
        Overwrite => "overwrite",
        /// `append`: keep the files the tag has and add the new one ("追加").
        Append => "append",
    }
);

string_enum!(
    /// The state of a tag-export task (`status`). The document names `INITIAL` (a new task),
    /// `FINISH` (the file is ready), and `ERROR` / `CALC_ERROR` (failed; from `B01152`'s text);
    /// any other state is kept as [`ExportStatus::Other`] and treated as "still running" by the
    /// waiter until its deadline.
    ExportStatus {
        /// `INITIAL`: created, not started.
        Initial => "INITIAL",
        /// `FINISH`: done; `fileUrl` holds the file.
        Finish => "FINISH",
        /// `ERROR`: failed.
        Error => "ERROR",
        /// `CALC_ERROR`: the calculation failed.
        CalcError => "CALC_ERROR",
    }
);

impl ExportStatus {
    /// Whether the task failed (`ERROR` or `CALC_ERROR`).
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Error | Self::CalcError)
    }
}

impl TagExportState {
    /// The file's URL, when the task is `FINISH` and the URL is not empty.
    pub fn file(&self) -> Option<&str> {
        let url = self.file_url.as_deref()?;
        (self.status == ExportStatus::Finish && !url.trim().is_empty()).then_some(url)
    }
}

/// The finished export a waiter returns: the task and the file's download URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportedFile {
    /// `taskId`.
    pub task_id: ExportTaskId,
    /// `fileUrl`: where to download the file.
    pub file_url: String,
}

string_enum!(
    /// One tag-value action (`action`).
    TagValueAction {
        /// `set`: set the value.
        Set => "set",
        /// `delete`: remove the value.
        Delete => "delete",
    }
);

impl TagValueChange {
    /// Sets tag `tag_id` to `value`.
    pub fn set(tag_id: impl Into<TagId>, value: impl Into<String>) -> Self {
        Self {
            tag_id: tag_id.into(),
            value: Some(value.into()),
            action: TagValueAction::Set,
        }
    }

    /// Removes tag `tag_id`'s value.
    pub fn delete(tag_id: impl Into<TagId>) -> Self {
        Self {
            tag_id: tag_id.into(),
            value: None,
            action: TagValueAction::Delete,
        }
    }
}
