//! The catalogue of documented vendor error codes, namespaced by vendor.
//!
//! Each [`CodeEntry`] records what a vendor document says about a code: its meaning (the
//! document's Chinese text and an English rendering), the HTTP status the document pairs it with,
//! the operation it was documented for, and whether it is worth retrying. Where one code means
//! different things per operation (Linkflow's `B00008` is "group not found" for group operations
//! and "contact not found" for contact ones), each meaning is its own entry keyed by the
//! operation's `"METHOD /path/{template}"`, and a generic entry (no operation) covers the rest.
//!
//! `docs/errors.md` is rendered from these tables by [`render_markdown`]; a test keeps the two equal.

use std::fmt::Write as _;

use crate::code::VendorCode;

/// Whether a code is worth retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retryable {
    /// Never: the request itself is wrong (validation, not found, conflict). Holds even under
    /// HTTP 500, which Linkflow uses for validation errors.
    No,
    /// A transient server-side failure: retried when the operation is safe to repeat.
    IfSafe,
}

/// What a vendor document says about one error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeEntry {
    /// The normalised code (`B01162`, `406`).
    pub code: &'static str,
    /// The operation (`"METHOD /path/{template}"`) this meaning is documented for; `None` for the
    /// code's general meaning.
    pub operation: Option<&'static str>,
    /// The HTTP status the document pairs the code with (`None` when it names none).
    pub http_status: Option<u16>,
    /// The meaning, in the document's own words.
    pub meaning_zh: &'static str,
    /// The meaning, in English.
    pub meaning_en: &'static str,
    /// Whether the code is worth retrying.
    pub retryable: Retryable,
}

impl CodeEntry {
    /// Whether the code says the thing asked for does not exist: the document pairs it with
    /// HTTP 404, or its meaning is "not found" / "does not exist".
    pub fn is_not_found(&self) -> bool {
        let m = self.meaning_en;
        self.http_status == Some(404) || m.contains("not found") || m.contains("does not exist")
    }

    /// Whether the code is a rate or frequency limit: the document pairs it with HTTP 429, or
    /// its meaning says so.
    pub fn is_rate_limited(&self) -> bool {
        let m = self.meaning_en;
        self.http_status == Some(429)
            || m.contains("rate limit")
            || m.contains("too many requests")
            || m.contains("too frequent")
    }
}

/// The documented codes of one vendor.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    vendor: &'static str,
    entries: &'static [CodeEntry],
}

impl Catalogue {
    /// A catalogue of `entries` for `vendor` (vendor crates and tests may build their own).
    pub const fn new(vendor: &'static str, entries: &'static [CodeEntry]) -> Self {
        Self { vendor, entries }
    }

    /// The vendor this catalogue belongs to.
    pub fn vendor(&self) -> &'static str {
        self.vendor
    }

    /// Every entry, in document order.
    pub fn entries(&self) -> &'static [CodeEntry] {
        self.entries
    }

    /// The entry for `code` as documented for `operation` (`"METHOD /path/{template}"`), falling
    /// back to the code's general entry.
    pub fn lookup(&self, code: &VendorCode, operation: Option<&str>) -> Option<&'static CodeEntry> {
        let code = code.as_str();
        let specific = operation.and_then(|op| {
            self.entries
                .iter()
                .find(|e| e.code == code && e.operation == Some(op))
        });
        specific.or_else(|| {
            self.entries
                .iter()
                .find(|e| e.code == code && e.operation.is_none())
        })
    }
}

const fn entry(
    code: &'static str,
    operation: Option<&'static str>,
    http_status: u16,
    meaning_zh: &'static str,
    meaning_en: &'static str,
) -> CodeEntry {
    CodeEntry {
        code,
        operation,
        http_status: Some(http_status),
        meaning_zh,
        meaning_en,
        retryable: Retryable::No,
    }
}

/// Linkflow CDP's `B…` codes, from `linkflow.md`. None is retryable: all are validation,
/// not-found or conflict answers, even those the document pairs with HTTP 500.
pub static LINKFLOW: Catalogue = Catalogue::new("linkflow", LINKFLOW_ENTRIES);

static LINKFLOW_ENTRIES: &[CodeEntry] = &[
    entry("B00001", None, 400, "已存在", "already exists"),
    entry(
        "B00002",
        None,
        500,
        "必填参数为空",
        "a required parameter is empty",
    ),
    entry(
        "B00008",
        None,
        404,
        "对象不存在(群组、联系人,依接口而定)",
        "not found (group or contact, depending on the operation)",
    ),
    entry("B00010", None, 500, "参数不合法", "invalid parameter"),
    entry("B00022", None, 500, "渠道不存在", "channel does not exist"),
    entry(
        "B00030",
        None,
        420,
        "page*size必须小于等于10000",
        "page*size must be at most 10000",
    ),
    entry(
        "B00031",
        None,
        400,
        "超过最大数量",
        "more items than the maximum",
    ),
    entry("B00037", None, 500, "标签超过配额数", "tag quota exceeded"),
    entry(
        "B00043",
        None,
        500,
        "维度表不存在",
        "dimension table does not exist",
    ),
    entry(
        "B00093",
        None,
        500,
        "超过最大页数",
        "page above the maximum",
    ),
    entry(
        "B00157",
        None,
        412,
        "群组数量已达到上限",
        "group count limit reached",
    ),
    entry(
        "B00159",
        None,
        500,
        "channelId不存在",
        "channelId does not exist",
    ),
    entry(
        "B01102",
        None,
        420,
        "群组名已存在",
        "group name already exists",
    ),
    entry("B01151", None, 500, "标签已经存在", "tag already exists"),
    entry(
        "B01152",
        None,
        500,
        "任务计算状态不对,只有FINISH, ERROR, CALC_ERROR允许重新计算",
        "task state does not allow recalculation (only FINISH, ERROR, CALC_ERROR may be recalculated)",
    ),
    entry(
        "B01157",
        None,
        500,
        "key不符合tag_开头,只包含:小写字母、数字、下划线",
        "tagKey must start with tag_ and contain only lowercase letters, digits and underscores",
    ),
    entry(
        "B01162",
        None,
        500,
        "标签(tagKey)不存在",
        "tag (tagKey) does not exist",
    ),
    entry(
        "B01163",
        None,
        500,
        "文件大小超过100M",
        "file larger than 100 MiB",
    ),
    entry(
        "B01165",
        None,
        500,
        "标签不是启用状态不可以进行重新计算",
        "tag is not active and cannot be recalculated",
    ),
    entry(
        "B01201",
        None,
        500,
        "维度表无主键",
        "dimension table has no primary key",
    ),
    entry(
        "B01205",
        None,
        500,
        "数据结点不包含主键列",
        "a row lacks the primary-key column",
    ),
    entry(
        "B01206",
        None,
        500,
        "上传数量超过限制",
        "too many rows uploaded",
    ),
    entry("B01376", None, 400, "身份不存在", "identity does not exist"),
    entry(
        "B01402",
        None,
        500,
        "解绑后联系人身份数量小于1",
        "unbinding would leave the contact with no identity",
    ),
    entry(
        "B01403",
        None,
        500,
        "身份类型不存在",
        "identity type does not exist",
    ),
    entry(
        "B01404",
        None,
        500,
        "身份类型不可解绑",
        "identity type cannot be unbound",
    ),
    entry(
        "B01405",
        None,
        500,
        "身份值不存在",
        "identity value does not exist",
    ),
    entry(
        "B00010",
        Some("GET /open/identity/contact"),
        500,
        "参数不合法",
        "invalid parameter",
    ),
    entry(
        "B00022",
        Some("GET /open/workwechat/{channelId}/qrcodes"),
        500,
        "渠道不存在",
        "channel does not exist",
    ),
    entry(
        "B00002",
        Some("POST /v1/tags"),
        500,
        "必填参数为空",
        "a required parameter is empty",
    ),
    entry(
        "B00010",
        Some("POST /v1/tags"),
        500,
        "参数不合法",
        "invalid parameter",
    ),
    entry(
        "B00159",
        Some("POST /v1/tags"),
        500,
        "channelId不存在",
        "channelId does not exist",
    ),
    entry(
        "B00037",
        Some("POST /v1/tags"),
        500,
        "标签超过配额数",
        "tag quota exceeded",
    ),
    entry(
        "B01157",
        Some("POST /v1/tags"),
        500,
        "key不符合tag_开头,只包含:小写字母、数字、下划线",
        "tagKey must start with tag_ and contain only lowercase letters, digits and underscores",
    ),
    entry(
        "B01151",
        Some("POST /v1/tags"),
        500,
        "标签已经存在",
        "tag already exists",
    ),
    entry(
        "B00002",
        Some("DELETE /v1/tags/tagkeys/{tagKey}"),
        500,
        "必填参数为空",
        "a required parameter is empty",
    ),
    entry(
        "B01162",
        Some("DELETE /v1/tags/tagkeys/{tagKey}"),
        500,
        "标签不存在",
        "tag does not exist",
    ),
    entry(
        "B00010",
        Some("GET /v1/tags"),
        500,
        "参数不合法",
        "invalid parameter",
    ),
    entry(
        "B01163",
        Some("POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}"),
        500,
        "文件大小超过100M",
        "file larger than 100 MiB",
    ),
    entry(
        "B00010",
        Some("POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}"),
        500,
        "参数不合法",
        "invalid parameter",
    ),
    entry(
        "B01162",
        Some("POST /v1/tags/tagkeys/{tagKey}/upload/file/operates/{operate}"),
        500,
        "tagKey不存在",
        "tagKey does not exist",
    ),
    entry(
        "B01162",
        Some("POST /v1/tags/tagkeys/{tagKey}/calculate"),
        500,
        "tagKey不存在",
        "tagKey does not exist",
    ),
    entry(
        "B01152",
        Some("POST /v1/tags/tagkeys/{tagKey}/calculate"),
        500,
        "任务计算状态不对,只有FINISH, ERROR, CALC_ERROR允许重新计算",
        "task state does not allow recalculation (only FINISH, ERROR, CALC_ERROR may be recalculated)",
    ),
    entry(
        "B01165",
        Some("POST /v1/tags/tagkeys/{tagKey}/calculate"),
        500,
        "标签不是启用状态不可以进行重新计算",
        "tag is not active and cannot be recalculated",
    ),
    entry(
        "B00002",
        Some("POST /v1/tags/tagkeys/{tagKey}/export"),
        500,
        "必填参数为空",
        "a required parameter is empty",
    ),
    entry(
        "B00010",
        Some("POST /v1/tags/tagkeys/{tagKey}/export"),
        500,
        "参数不合法",
        "invalid parameter",
    ),
    entry(
        "B01162",
        Some("POST /v1/tags/tagkeys/{tagKey}/export"),
        500,
        "tagKey不存在",
        "tagKey does not exist",
    ),
    entry(
        "B00159",
        Some("POST /v1/tags/tagkeys/{tagKey}/export"),
        500,
        "channelId不存在",
        "channelId does not exist",
    ),
    entry(
        "B00031",
        Some("POST /v1/tags/value"),
        400,
        "列表超过最大数量",
        "list longer than the maximum",
    ),
    entry(
        "B01376",
        Some("POST /v1/tags/value"),
        400,
        "身份不存在",
        "identity does not exist",
    ),
    entry(
        "B01206",
        Some("POST /open/dim/{dimensionId}/data"),
        500,
        "上传数量超过限制",
        "too many rows uploaded",
    ),
    entry(
        "B00043",
        Some("POST /open/dim/{dimensionId}/data"),
        500,
        "维度表不存在",
        "dimension table does not exist",
    ),
    entry(
        "B01201",
        Some("POST /open/dim/{dimensionId}/data"),
        500,
        "维度表无主键",
        "dimension table has no primary key",
    ),
    entry(
        "B01205",
        Some("POST /open/dim/{dimensionId}/data"),
        500,
        "数据结点不包含主键列",
        "a row lacks the primary-key column",
    ),
    entry(
        "B00030",
        Some("GET /open/contacts_bulk/ids"),
        420,
        "page*size必须小于等于10000",
        "page*size must be at most 10000",
    ),
    entry(
        "B00008",
        Some("DELETE /open/contacts/identities/unbind"),
        404,
        "联系人id不存在",
        "contact id does not exist",
    ),
    entry(
        "B01402",
        Some("DELETE /open/contacts/identities/unbind"),
        500,
        "解绑后联系人身份数量小于1",
        "unbinding would leave the contact with no identity",
    ),
    entry(
        "B01403",
        Some("DELETE /open/contacts/identities/unbind"),
        500,
        "身份类型不存在",
        "identity type does not exist",
    ),
    entry(
        "B01404",
        Some("DELETE /open/contacts/identities/unbind"),
        500,
        "身份类型不可解绑",
        "identity type cannot be unbound",
    ),
    entry(
        "B01405",
        Some("DELETE /open/contacts/identities/unbind"),
        500,
        "身份值不存在",
        "identity value does not exist",
    ),
    entry(
        "B00008",
        Some("GET /open/contacts/{id}/identities"),
        404,
        "联系人id不存在",
        "contact id does not exist",
    ),
    entry(
        "B00001",
        Some("POST /open/groups"),
        400,
        "群组已存在",
        "group already exists",
    ),
    entry(
        "B00157",
        Some("POST /open/groups"),
        412,
        "群组数量已达到上限",
        "group count limit reached",
    ),
    entry(
        "B00008",
        Some("POST /open/groups/{id}"),
        404,
        "群组不存在",
        "group does not exist",
    ),
    entry(
        "B01102",
        Some("POST /open/groups/{id}"),
        420,
        "群组名已存在",
        "group name already exists",
    ),
    entry(
        "B00008",
        Some("DELETE /open/groups/{id}"),
        404,
        "群组不存在",
        "group does not exist",
    ),
    entry(
        "B00008",
        Some("GET /open/contacts/{contactId}/groups"),
        404,
        "联系人不存在",
        "contact does not exist",
    ),
    entry(
        "B00031",
        Some("GET /open/groups/{groupId}/contacts"),
        400,
        "size超过最大数量",
        "size above the maximum",
    ),
    entry(
        "B00008",
        Some("GET /open/groups/{groupId}/contacts"),
        404,
        "群组不存在",
        "group does not exist",
    ),
    entry(
        "B00031",
        Some("POST /open/groups/{groupId}/contacts"),
        400,
        "联系人超过最大数量",
        "too many contacts",
    ),
    entry(
        "B00008",
        Some("POST /open/groups/{groupId}/contacts"),
        404,
        "群组不存在",
        "group does not exist",
    ),
    entry(
        "B00031",
        Some("DELETE /open/groups/{groupId}/contacts"),
        400,
        "联系人超过最大数量",
        "too many contacts",
    ),
    entry(
        "B00008",
        Some("DELETE /open/groups/{groupId}/contacts"),
        404,
        "群组不存在",
        "group does not exist",
    ),
    entry(
        "B00093",
        Some("GET /open/orders"),
        500,
        "超过最大页数",
        "page above the maximum",
    ),
    entry(
        "B00008",
        Some("POST /open/shorturl/distribute"),
        500,
        "联系人不存在",
        "contact does not exist",
    ),
];

/// OkayAPI's `ret` codes (PhalApi's envelope): `ret = 400 + sub-code` for bad requests; 5xx are
/// server errors and retryable when the method is safe to repeat. Codes of the 500–599 range are
/// looked up as `5XX`; see [`okayapi_lookup_key`].
pub static OKAYAPI: Catalogue = Catalogue::new("okayapi", OKAYAPI_ENTRIES);

static OKAYAPI_ENTRIES: &[CodeEntry] = &[
    CodeEntry {
        code: "400",
        operation: None,
        http_status: Some(400),
        meaning_zh: "客户端非法请求",
        meaning_en: "bad request (missing or invalid parameter)",
        retryable: Retryable::No,
    },
    CodeEntry {
        code: "404",
        operation: None,
        http_status: Some(404),
        meaning_zh: "接口服务不存在",
        meaning_en: "no such service (method name or app name wrong)",
        retryable: Retryable::No,
    },
    CodeEntry {
        code: "406",
        operation: None,
        http_status: Some(406),
        meaning_zh: "签名错误",
        meaning_en: "wrong signature",
        retryable: Retryable::No,
    },
    CodeEntry {
        code: "5XX",
        operation: None,
        http_status: Some(500),
        meaning_zh: "服务端异常",
        meaning_en: "server error",
        retryable: Retryable::IfSafe,
    },
];

/// The catalogue key for an OkayAPI `ret`: `5XX` for 500–599, the number otherwise.
pub fn okayapi_lookup_key(ret: i64) -> VendorCode {
    if (500..600).contains(&ret) {
        VendorCode::new("5XX")
    } else {
        VendorCode::from_number(ret)
    }
}

/// Every catalogue of this crate, in the order `docs/errors.md` lists them.
pub fn all() -> [&'static Catalogue; 2] {
    [&LINKFLOW, &OKAYAPI]
}

/// Renders `docs/errors.md` from the catalogues.
pub fn render_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Vendor error codes\n\n");
    out.push_str("<!-- Generated from crates/client-core/src/catalogue.rs by its tests; do not edit. -->\n\n");
    out.push_str(
        "Every error code the vendor documents name, as the clients know them. A code the \
         catalogue does not know still reaches the caller, as text, through `Error::vendor_code()`. \
         \"Operation\" is the operation the document lists the code for; a blank operation is the \
         code's general meaning. Tanma and Wukong document no error codes.\n",
    );
    for cat in all() {
        let _ = write!(out, "\n## {}\n\n", cat.vendor());
        out.push_str(
            "| code | operation | HTTP | meaning (document) | meaning | retry | `is_not_found()` |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|\n");
        for e in cat.entries() {
            let status = e.http_status.map(|s| s.to_string()).unwrap_or_default();
            let retry = match e.retryable {
                Retryable::No => "never",
                Retryable::IfSafe => "if safe to repeat",
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} |",
                e.code,
                e.operation.map(|o| format!("`{o}`")).unwrap_or_default(),
                status,
                e.meaning_zh,
                e.meaning_en,
                retry,
                if e.is_not_found() { "yes" } else { "" }
            );
        }
    }
    render_message_table(&mut out);
    out
}

/// The message table: what the main kinds of error say, and how the queries answer.
fn render_message_table(out: &mut String) {
    out.push_str("\n## What errors say\n\n");
    out.push_str(
        "Each error's `Display` is one line: what happened, then only what that does not already \
         say (HTTP status, vendor code and documented meaning, the vendor's message, the \
         operation, the attempts, why it was not retried). Decide with the queries, not the \
         text: `is_not_found()`, `is_rate_limited()` and `is_retryable()` read the vendor code, \
         its catalogue entry and the HTTP status together, the same way for every vendor, so an \
         OkayAPI `ret 404` under HTTP 200 is `is_not_found()` although `status()` is 200.\n\n",
    );
    out.push_str(
        "| case | `Display` | not found | rate limited | retryable |\n|---|---|---|---|---|\n",
    );
    let yes = |b: bool| if b { "yes" } else { "" };
    for (case, error) in crate::error::examples::message_examples() {
        let _ = writeln!(
            out,
            "| {case} | {} | {} | {} | {} |",
            error.to_string().replace('|', "\\|"),
            yes(error.is_not_found()),
            yes(error.is_rate_limited()),
            yes(error.is_retryable()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b00008_depends_on_the_operation() {
        let code = VendorCode::new("B00008");
        let group = LINKFLOW
            .lookup(&code, Some("DELETE /open/groups/{id}"))
            .unwrap();
        assert_eq!(group.meaning_zh, "群组不存在");
        let contact = LINKFLOW
            .lookup(&code, Some("GET /open/contacts/{id}/identities"))
            .unwrap();
        assert_eq!(contact.meaning_zh, "联系人id不存在");
        let general = LINKFLOW.lookup(&code, Some("GET /unknown")).unwrap();
        assert!(general.operation.is_none());
    }

    #[test]
    fn every_documented_linkflow_code_is_present() {
        for code in [
            "B00001", "B00002", "B00008", "B00010", "B00022", "B00030", "B00031", "B00037",
            "B00043", "B00093", "B00157", "B00159", "B01102", "B01151", "B01152", "B01157",
            "B01162", "B01163", "B01165", "B01201", "B01205", "B01206", "B01376", "B01402",
            "B01403", "B01404", "B01405",
        ] {
            let entry = LINKFLOW.lookup(&VendorCode::new(code), None);
            assert!(entry.is_some(), "{code} missing");
            assert_eq!(entry.unwrap().retryable, Retryable::No);
        }
        // The document's `B_01162` spelling resolves too.
        assert!(LINKFLOW.lookup(&VendorCode::new("B_01162"), None).is_some());
    }

    #[test]
    fn okayapi_ret_codes() {
        assert_eq!(
            OKAYAPI
                .lookup(&okayapi_lookup_key(406), None)
                .unwrap()
                .meaning_en,
            "wrong signature"
        );
        assert_eq!(
            OKAYAPI
                .lookup(&okayapi_lookup_key(503), None)
                .unwrap()
                .retryable,
            Retryable::IfSafe
        );
        assert!(OKAYAPI.lookup(&okayapi_lookup_key(418), None).is_none());
    }

    #[test]
    fn docs_errors_md_matches_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md");
        let rendered = render_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &rendered).unwrap();
        }
        let Ok(on_disk) = std::fs::read_to_string(path) else {
            // Packaged crate: the workspace docs are not there.
            return;
        };
        assert_eq!(
            on_disk, rendered,
            "docs/errors.md is stale: run UPDATE_DOCS=1 cargo test -p client-core --lib catalogue"
        );
    }
}
