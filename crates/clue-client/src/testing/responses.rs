//! The sandbox's answers: the `{code, message, data}` envelope, and reading a request's body.

use client_core::sandbox::{SandboxRequest, SandboxResponse};
use serde::Deserialize;
use serde_json::{Value, json};

use super::codes;

pub(super) fn envelope(code: i64, message: &str, data: Value) -> SandboxResponse {
    SandboxResponse::json(
        200,
        &json!({ "code": code, "message": message, "data": data }),
    )
}

pub(super) fn ok(data: Value) -> SandboxResponse {
    envelope(0, "ok", data)
}

pub(super) fn fail(code: i64, message: impl AsRef<str>) -> SandboxResponse {
    envelope(code, message.as_ref(), Value::Null)
}

pub(super) fn body<T: for<'de> Deserialize<'de>>(
    request: &SandboxRequest,
) -> Result<T, SandboxResponse> {
    serde_json::from_slice(request.body()).map_err(|e| {
        fail(
            codes::BAD_REQUEST,
            format!("the body is not the expected JSON: {e}"),
        )
    })
}

pub(super) fn id_of(value: &Value, member: &str) -> Option<i64> {
    value.get(member).and_then(Value::as_i64)
}
