//! The OAuth routes (`/oauth/code`, `/oauth/token`) and the access-token check of the data
//! routes.

use client_core::sandbox::{SandboxRequest, SandboxResponse};
use serde_json::{Value, json};

use super::{State, error};

/// The access token of a data request: the form field, or the JSON body's member.
fn access_token_of(request: &SandboxRequest) -> Option<String> {
    let is_json = request
        .header("content-type")
        .is_some_and(|c| c.contains("json"));
    if is_json {
        serde_json::from_slice::<Value>(request.body())
            .ok()
            .and_then(|v| {
                v.get("access_token")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
    } else {
        request.field("access_token")
    }
    .filter(|t| !t.is_empty())
}

pub(super) fn check_access_token(
    request: &SandboxRequest,
    state: &mut State,
) -> std::result::Result<(), SandboxResponse> {
    let Some(token) = access_token_of(request) else {
        return Err(error(41001, "access_token missing"));
    };
    match state.access.get(&token) {
        None => Err(error(40014, "invalid access_token")),
        Some(expires) if *expires <= state.now() => Err(error(42001, "access_token expired")),
        Some(_) => Ok(()),
    }
}

pub(super) fn oauth_code(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
    if request.field("appid").as_deref() != Some(state.appid.as_str()) {
        return error(40013, "invalid appid");
    }
    let Some(redirect) = request
        .field("redirect_uri")
        .and_then(|r| url::Url::parse(&r).ok())
    else {
        return error(40035, "invalid redirect_uri");
    };
    let code = state.new_code();
    let mut target = redirect;
    target.query_pairs_mut().append_pair("code", &code);
    state.last_redirect = Some(target.to_string());
    if state.code_in_json {
        return SandboxResponse::json(200, &json!({"code": 0, "msg": "ok"}));
    }
    SandboxResponse::status(302).header("location", target.as_str())
}

pub(super) fn oauth_token(request: &SandboxRequest, state: &mut State) -> SandboxResponse {
    if request.field("appid").as_deref() != Some(state.appid.as_str()) {
        return error(40013, "invalid appid");
    }
    if request.field("appsecret").as_deref() != Some(state.appsecret.as_str()) {
        return error(40125, "invalid appsecret");
    }
    let now = state.now();
    if let Some(code) = request.field("code") {
        return match state.codes.remove(&code) {
            None => error(40029, "invalid code"),
            Some(expires) if expires <= now => error(42003, "code expired"),
            Some(_) => SandboxResponse::json(200, &state.issue_tokens()),
        };
    }
    if let Some(refresh) = request.field("refresh_token") {
        // Rotation: the refresh token is spent whatever happens next.
        return match state.refresh.remove(&refresh) {
            None => error(40030, "invalid refresh_token"),
            Some(expires) if expires <= now => error(42002, "refresh_token expired"),
            Some(_) => SandboxResponse::json(200, &state.issue_tokens()),
        };
    }
    error(41008, "code or refresh_token missing")
}
