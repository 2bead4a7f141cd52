//! `okayapi_auth`: the `_auth` response signature with verification required — sign, then
//! tamper. The input is the `data` JSON text; the target wraps it in a correctly signed envelope,
//! flips one byte of the body (chosen by the input), and calls the client.
//!
//! Invariants: an untampered, signed response whose `data` is compact JSON is accepted with
//! exactly that text; a tampered one is accepted only if the data text is still exactly the
//! signed one (the flip hit `msg`, the key case of `_auth`, …) — a verifier never accepts a
//! modified body as the signed data.

use crate::support::{assert_no_canary, runtime};
use crate::targets::okayapi_harness::{expected_auth, required};

const T: &str = "1735689600";

/// Runs the target on one input: two bytes of position, one XOR byte, then the `data` text.
pub fn run(data: &[u8]) {
    let [hi, lo, flip, signed @ ..] = data else {
        return;
    };
    let Ok(signed_text) = std::str::from_utf8(signed) else {
        return;
    };
    let auth = expected_auth(signed, T.as_bytes());
    let mut body =
        format!(r#"{{"ret":200,"data":{signed_text},"msg":"ok","_t":"{T}","_auth":"{auth}"}}"#)
            .into_bytes();
    let position = usize::from(u16::from_be_bytes([*hi, *lo]));
    let tampered = *flip != 0 && !body.is_empty();
    if tampered {
        let index = position % body.len();
        if let Some(byte) = body.get_mut(index) {
            *byte ^= *flip;
        }
    }
    let h = required();
    h.server.reply(200, &body);
    let result = runtime().block_on(h.client.call_raw("AFuzz", ()));
    match result {
        Ok(raw) => assert_eq!(
            raw.as_str(),
            signed_text,
            "accepted data that is not the signed text (tampered: {tampered})"
        ),
        Err(error) => {
            let compact = serde_json::from_str::<&serde_json::value::RawValue>(signed_text)
                .is_ok_and(|v| v.get() == signed_text)
                && signed_text.trim() == signed_text;
            assert!(
                tampered || !compact,
                "an untampered signed response was refused: {error}"
            );
            assert_no_canary(&error, &body);
        }
    }
}

/// Seeds: the `data` of every OkayAPI response fixture, compacted, untampered and tampered.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for body in crate::support::fixtures("okayapi", ".response.json") {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&body) else {
            continue;
        };
        let data = value
            .get("data")
            .map(|d| d.to_string())
            .unwrap_or_else(|| "null".into());
        out.push(crate::support::prefixed(&[0, 0, 0], data.as_bytes()));
        out.push(crate::support::prefixed(&[0, 20, 1], data.as_bytes()));
    }
    out.push(b"\x00\x00\x00{\"a\":1}".to_vec());
    out.push(b"\x00\x05\x20[1,2,3]".to_vec());
    out
}
