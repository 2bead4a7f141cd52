//! The main kinds of [`Error`], built as the transport and the vendor hooks build them, for the
//! message table of `docs/errors.md` (rendered by [`crate::catalogue::render_markdown`], kept
//! equal to the file by a test).

use std::time::Duration;

use http::StatusCode;

use super::Error;
use crate::catalogue::{LINKFLOW, OKAYAPI, okayapi_lookup_key};
use crate::code::VendorCode;
use crate::retry;
use crate::transport::{WAIT_DOES_NOT_FIT, validate_base_url};

/// `(what happened, the error)`, in the order the table lists them.
pub(crate) fn message_examples() -> Vec<(&'static str, Error)> {
    let b00008 = VendorCode::new("B00008");
    let ret404 = okayapi_lookup_key(404);
    let ret406 = okayapi_lookup_key(406);
    let decode = serde_json::from_str::<u32>(r#""12.50 CNY""#)
        .map(|_| Error::config("unreachable"))
        .unwrap_or_else(|e| Error::decode("data.items[3].price", e, br#""12.50 CNY""#));
    vec![
        (
            "a documented limit broken before sending",
            Error::invalid_input("size", "must be at most 500"),
        ),
        (
            "a base URL without a scheme",
            validate_base_url("api.example.com/v1").err().unwrap_or_else(|| Error::config("")),
        ),
        (
            "the server cannot be reached",
            Error::connect(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))
                .with_message("could not connect to api.example.com:443: Connection refused (os error 111)")
                .with_operation("GET /open/contacts"),
        ),
        (
            "the whole operation timed out",
            Error::timeout("the operation did not finish within 60000 ms")
                .with_operation("GET /open/contacts")
                .with_attempts(2),
        ),
        (
            "Linkflow: a documented code under HTTP 404",
            Error::api(Some(StatusCode::NOT_FOUND), "the server answered HTTP 404")
                .with_code(
                    b00008.clone(),
                    LINKFLOW.lookup(&b00008, Some("GET /open/contacts/{id}")),
                )
                .with_vendor_message("联系人不存在")
                .with_operation("GET /open/contacts/{id}"),
        ),
        (
            "OkayAPI: `ret 404` under HTTP 200",
            Error::api(Some(StatusCode::OK), "OkayAPI answered ret 404")
                .with_code(VendorCode::from_number(404), OKAYAPI.lookup(&ret404, None))
                .with_vendor_message("接口服务不存在")
                .with_operation("POST /?s=App.Table.Get"),
        ),
        (
            "OkayAPI: our signature refused (`ret 406`)",
            Error::signature(
                "OkayAPI refused the request's signature: check the app key and secret, and that nothing rewrites the parameters after signing",
            )
            .with_status(StatusCode::OK)
            .with_code(VendorCode::from_number(406), OKAYAPI.lookup(&ret406, None))
            .with_operation("POST /?s=App.Table.Get"),
        ),
        (
            "throttled, and the wait does not fit in the time left",
            Error::api(Some(StatusCode::TOO_MANY_REQUESTS), "the server answered HTTP 429")
                .with_retry_after(Duration::from_secs(30))
                .with_operation("POST /open/messages")
                .with_attempts(1)
                .with_retry_note(WAIT_DOES_NOT_FIT),
        ),
        (
            "a write that failed ambiguously",
            Error::api(Some(StatusCode::BAD_GATEWAY), "the server answered HTTP 502")
                .with_operation("POST /open/groups")
                .with_attempts(1)
                .with_retry_note(retry::NOT_SAFE_TO_REPEAT),
        ),
        (
            "the response does not fit the model",
            decode.with_operation("GET /open/orders"),
        ),
        (
            "a redirect (never followed)",
            Error::redirect(StatusCode::FOUND, Some("login.example.com"))
                .with_operation("GET /open/contacts")
                .with_attempts(1),
        ),
        (
            "a response over the size cap",
            Error::response_too_large(64 * 1024 * 1024)
                .with_operation("GET /open/contacts_bulk")
                .with_attempts(1),
        ),
        (
            "the refresh token was refused",
            Error::reauthorization_required(
                "Wukong refused the refresh token: authorise the app again (client.oauth().request_code, then exchange_code)",
            )
            .with_operation("POST /oauth/token"),
        ),
    ]
}
