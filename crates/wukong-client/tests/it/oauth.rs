//! 一、认证&授权: `/oauth/code`, `/oauth/token` (code and refresh), the token cache and store.

use std::sync::Arc;
use std::time::Duration;

use client_core::clock::ManualClock;
use client_core::store::{FileStore, MemoryStore, TokenStore};
use httpmock::Method::POST;
use httpmock::MockServer;
use secrecy::ExposeSecret;
use serde_json::json;
use wukong_client::{Client, Config, DEFAULT_BASE_URL};

use crate::support::{APPID, APPSECRET, authorised, builder, form, form_equals_fixture, t0, token};

fn list_ok<'a>(server: &'a MockServer, access: &str) -> httpmock::Mock<'a> {
    let body = form(&[("access_token", access)]);
    server.mock(|when, then| {
        when.method(POST).path("/openv1/list").body(body);
        then.status(200)
            .json_body(json!({"code": 0, "msg": "ok", "data": []}));
    })
}

fn token_refresh<'a>(
    server: &'a MockServer,
    refresh: &str,
    access: &str,
    next_refresh: &str,
) -> httpmock::Mock<'a> {
    let body = form(&[
        ("appid", APPID),
        ("appsecret", APPSECRET),
        ("refresh_token", refresh),
    ]);
    let reply = json!({"code": 0, "data": {"access_token": access, "refresh_token": next_refresh, "expires_in": 7200}});
    server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        then.status(200).json_body(reply);
    })
}

#[tokio::test]
async fn request_code_posts_appid_and_redirect_uri() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/code")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&[
                ("appid", APPID),
                ("redirect_uri", "https://app.example.com/cb?x=1"),
            ]));
        then.status(200).json_body(json!({"code": 0, "msg": "ok"}));
    });
    let reply = client
        .oauth()
        .request_code("https://app.example.com/cb?x=1")
        .await
        .unwrap();
    m.assert_calls(1);
    assert!(reply.code().is_none());
    let reply = reply.response().unwrap();
    assert_eq!(reply.message(), Some("ok"));
    assert_eq!(reply.raw_json(), r#"{"code":0,"msg":"ok"}"#);
}

#[tokio::test]
async fn request_code_reads_the_code_from_the_302_without_following_it() {
    let callback = MockServer::start_async().await;
    let page = callback.mock(|when, then| {
        when.any_request();
        then.status(200).body("<html>thanks</html>");
    });
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let location = format!("{}/cb?x=1&code=Co-123&state=s", callback.base_url());
    let m = server.mock(|when, then| {
        when.method(POST).path("/oauth/code").body(form(&[
            ("appid", APPID),
            ("redirect_uri", "https://app.example.com/cb?x=1"),
        ]));
        then.status(302).header("location", location);
    });
    let grant = client
        .oauth()
        .request_code("https://app.example.com/cb?x=1")
        .await
        .unwrap();
    assert_eq!(
        grant
            .code()
            .map(|c| c.expose_secret().to_owned())
            .as_deref(),
        Some("Co-123")
    );
    assert!(!format!("{grant:?}").contains("Co-123"));
    m.assert_calls(1);
    page.assert_calls(0);
}

#[tokio::test]
async fn request_code_is_sent_once_whatever_happens_after_it_reached_wukong() {
    // The callback host is down: nothing is followed, so nothing fails and nothing repeats.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let down = closed.local_addr().unwrap();
    drop(closed);
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let location = format!("http://{down}/cb?code=C1");
    let m = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/code")
            .body_includes("first.example.com");
        then.status(302).header("location", location);
    });
    let grant = client
        .oauth()
        .request_code("http://first.example.com/cb")
        .await
        .unwrap();
    assert_eq!(
        grant
            .code()
            .map(|c| c.expose_secret().to_owned())
            .as_deref(),
        Some("C1")
    );
    m.assert_calls(1);

    // A 503 from Wukong: a code may have been issued, so the request is not repeated.
    let busy = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/code")
            .body_includes("second.example.com");
        then.status(503).header("retry-after", "0");
    });
    let err = client
        .oauth()
        .request_code("https://second.example.com/cb")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    busy.assert_calls(1);
}

#[tokio::test]
async fn request_code_reports_a_refusal_in_the_location_without_quoting_it() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let m = server.mock(|when, then| {
        when.method(POST).path("/oauth/code").body_includes("%2Fcb");
        then.status(302).header(
            "location",
            "https://app.example.com/cb?error=access_denied&error_description=user+said+no&state=S3CRET",
        );
    });
    let err = client
        .oauth()
        .request_code("https://app.example.com/cb")
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("ACCESS_DENIED"));
    assert!(!format!("{err} {err:?}").contains("S3CRET"));
    assert!(!format!("{err} {err:?}").contains("app.example.com"));
    m.assert_calls(1);
    // A redirect with no code at all is the server's answer, not the caller's mistake.
    let none = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/code")
            .body_includes("nocode");
        then.status(302)
            .header("location", "https://app.example.com/cb?state=1");
    });
    let err = client
        .oauth()
        .request_code("https://app.example.com/nocode")
        .await
        .unwrap_err();
    assert!(!err.is_invalid_input(), "{err:?}");
    assert!(err.is_api(), "{err:?}");
    none.assert_calls(1);
}

#[tokio::test]
async fn request_code_checks_the_redirect_uri_before_sending() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let m = server.mock(|when, then| {
        when.path("/oauth/code");
        then.status(200).json_body(json!({"code": 0}));
    });
    for bad in ["/cb", "app.example.com/cb", "ftp://x/cb", ""] {
        let e = client.oauth().request_code(bad).await.unwrap_err();
        assert!(e.is_invalid_input(), "{bad}: {e}");
        assert_eq!(e.field(), Some("redirect_uri"));
    }
    m.assert_calls(0);
}

#[tokio::test]
async fn exchange_code_saves_the_pair_and_the_data_apis_use_it() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let store = MemoryStore::new();
    let client = builder(&server, &clock)
        .token_store(store.clone())
        .build()
        .unwrap();
    let exchange = server.mock(|when, then| {
        when.method(POST).path("/oauth/token").body(form(&[
            ("appid", APPID),
            ("appsecret", APPSECRET),
            ("code", "CODE-1"),
        ]));
        // Bare (un-enveloped) token body, `expires_in` as text.
        then.status(200).json_body(
            json!({"access_token": "AT1", "refresh_token": "RT1", "expires_in": "7200"}),
        );
    });
    let list = list_ok(&server, "AT1");

    let info = client
        .oauth()
        .exchange_redirect("https://app.example.com/cb?code=CODE-1&state=s")
        .await
        .unwrap();
    exchange.assert_calls(1);
    assert_eq!(info.expires_at, t0() + chrono::Duration::hours(2));
    assert!(info.has_refresh_token);

    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(saved.access().expose_secret(), "AT1");
    assert_eq!(saved.refresh().unwrap().expose_secret(), "RT1");
    assert_eq!(saved.expires_at(), t0() + chrono::Duration::hours(2));

    client.leads().list().send().await.unwrap();
    client.leads().list().send().await.unwrap();
    list.assert_calls(2);
    exchange.assert_calls(1);
}

#[tokio::test]
async fn token_requests_and_responses_are_those_of_the_fixtures() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let store = MemoryStore::new();
    let client = Client::builder()
        .base_url(server.base_url())
        .appid("wk8f3a2c1e9b7d4f60")
        .appsecret("3b9f0c7d2e4a6b8c1d3e5f7a9b0c2d4e")
        .clock(clock.clone())
        .token_store(store.clone())
        .build()
        .unwrap();
    let exchange = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/token")
            .is_true(form_equals_fixture(include_str!(
                "../../fixtures/oauth_token.request.json"
            )));
        then.status(200)
            .body(include_str!("../../fixtures/oauth_token.response.json"));
    });
    let refresh = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/token")
            .is_true(form_equals_fixture(include_str!(
                "../../fixtures/oauth_token_refresh.request.json"
            )));
        then.status(200).body(include_str!(
            "../../fixtures/oauth_token_refresh.response.json"
        ));
    });
    client
        .oauth()
        .exchange_code("5c1e8a2f4b6d9e03")
        .await
        .unwrap();
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(
        saved.access().expose_secret(),
        "wkat_6f0d3a9c2b5e8f1a4c7d0b3e6a9c2f5d"
    );
    client.oauth().refresh().await.unwrap();
    exchange.assert_calls(1);
    refresh.assert_calls(1);
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(
        saved.access().expose_secret(),
        "wkat_9a2d5f8b1c4e7a0d3f6b9c2e5a8d1f4b"
    );
    assert_eq!(
        saved.refresh().unwrap().expose_secret(),
        "wkrt_7c0e3a6d9f2b5c8e1a4d7f0b3c6e9a2d"
    );
    assert_eq!(saved.expires_at(), t0() + chrono::Duration::seconds(7200));
}

#[tokio::test]
async fn a_refused_code_requires_reauthorization_and_is_not_retried() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let m = server.mock(|when, then| {
        when.method(POST).path("/oauth/token");
        then.status(200)
            .json_body(json!({"errcode": 40029, "errmsg": "invalid code"}));
    });
    let e = client.oauth().exchange_code("CODE-OLD").await.unwrap_err();
    assert!(e.is_reauthorization_required(), "{e}");
    assert_eq!(e.vendor_code().unwrap().as_str(), "40029");
    assert_eq!(e.vendor_message(), Some("invalid code"));
    assert!(client.oauth().cached_token().is_none());
    m.assert_calls(1);
}

#[tokio::test]
async fn the_token_is_refreshed_before_it_expires_and_the_new_pair_saved() {
    let server = MockServer::start_async().await;
    let (client, store, clock) = authorised(&server);
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let list1 = list_ok(&server, "AT1");
    let list2 = list_ok(&server, "AT2");

    client.leads().list().send().await.unwrap();
    clock.advance(Duration::from_secs(60 * 60)); // 1 h: still fresh
    client.leads().list().send().await.unwrap();
    refresh.assert_calls(0);
    list1.assert_calls(2);

    clock.advance(Duration::from_secs(56 * 60)); // 1 h 56 min: inside the 5-minute margin
    client.leads().list().send().await.unwrap();
    refresh.assert_calls(1);
    list2.assert_calls(1);
    let saved = store.load().await.unwrap().unwrap();
    assert_eq!(saved.access().expose_secret(), "AT2");
    assert_eq!(saved.refresh().unwrap().expose_secret(), "RT2");
}

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    // The stored token has expired: every caller needs a new one.
    let store = MemoryStore::with_token(token("AT0", "RT1", t0() - chrono::Duration::hours(3)));
    let client = builder(&server, &clock)
        .token_store(store.clone())
        .build()
        .unwrap();
    let body = form(&[
        ("appid", APPID),
        ("appsecret", APPSECRET),
        ("refresh_token", "RT1"),
    ]);
    let refresh = server.mock(|when, then| {
        when.method(POST).path("/oauth/token").body(body);
        then.status(200)
            .delay(Duration::from_millis(200))
            .json_body(json!({"code": 0, "data": {"access_token": "AT2", "refresh_token": "RT2", "expires_in": 7200}}));
    });
    let list = list_ok(&server, "AT2");

    let calls = (0..40).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.leads().list().send().await })
    });
    for r in futures::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    refresh.assert_calls(1);
    list.assert_calls(40);
    assert_eq!(
        store
            .load()
            .await
            .unwrap()
            .unwrap()
            .refresh()
            .unwrap()
            .expose_secret(),
        "RT2"
    );
}

#[tokio::test]
async fn a_restarted_process_resumes_from_the_token_file_without_a_code() {
    let server = MockServer::start_async().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wukong-token.json");
    let clock = ManualClock::new(t0());
    let exchange = server.mock(|when, then| {
        when.method(POST).path("/oauth/token").body(form(&[("appid", APPID), ("appsecret", APPSECRET), ("code", "C1")]));
        then.status(200).json_body(json!({"code": 0, "data": {"access_token": "AT1", "refresh_token": "RT1", "expires_in": 7200}}));
    });
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let list1 = list_ok(&server, "AT1");
    let list2 = list_ok(&server, "AT2");

    {
        let first = builder(&server, &clock).token_file(&path).build().unwrap();
        first.oauth().exchange_code("C1").await.unwrap();
        first.leads().list().send().await.unwrap();
    }
    assert!(std::fs::read_to_string(&path).unwrap().contains("RT1"));

    // A new process while the access token is valid: no token request at all.
    let second = builder(&server, &clock).token_file(&path).build().unwrap();
    second.leads().list().send().await.unwrap();
    list1.assert_calls(2);
    refresh.assert_calls(0);
    drop(second);

    // A new process after the access token expired: refreshes with the saved refresh token.
    clock.advance(Duration::from_secs(3 * 60 * 60));
    let third = builder(&server, &clock).token_file(&path).build().unwrap();
    third.leads().list().send().await.unwrap();
    exchange.assert_calls(1);
    refresh.assert_calls(1);
    list2.assert_calls(1);
    let saved = FileStore::new(&path).load().await.unwrap().unwrap();
    assert_eq!(saved.refresh().unwrap().expose_secret(), "RT2");
}

#[tokio::test]
async fn two_clients_sharing_a_token_file_refresh_once() {
    let server = MockServer::start_async().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.json");
    let clock = ManualClock::new(t0());
    FileStore::new(&path)
        .replace(&token("AT0", "RT1", t0() - chrono::Duration::hours(3)))
        .await
        .unwrap();
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let list = list_ok(&server, "AT2");
    let a = builder(&server, &clock).token_file(&path).build().unwrap();
    let b = builder(&server, &clock).token_file(&path).build().unwrap();
    let (ra, rb) = tokio::join!(a.leads().list().send(), b.leads().list().send());
    ra.unwrap();
    rb.unwrap();
    // The second client found the first one's rotated token in the file instead of spending the
    // (now invalid) RT1 again.
    refresh.assert_calls(1);
    list.assert_calls(2);
}

#[tokio::test]
async fn a_refused_refresh_token_requires_reauthorization_once() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let store = MemoryStore::with_token(token("AT0", "RT-DEAD", t0() - chrono::Duration::hours(3)));
    let client = builder(&server, &clock).token_store(store).build().unwrap();
    let refused = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/token")
            .form_urlencoded_tuple("refresh_token", "RT-DEAD");
        then.status(400).json_body(
            json!({"error": "invalid_grant", "error_description": "refresh_token expired"}),
        );
    });
    let list = server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(200).json_body(json!({"code": 0, "data": []}));
    });

    let e = client.leads().list().send().await.unwrap_err();
    assert!(e.is_reauthorization_required(), "{e}");
    assert_eq!(e.vendor_code().unwrap().as_str(), "INVALID_GRANT");
    assert_eq!(e.vendor_message(), Some("refresh_token expired"));
    // Again: fails at once, without asking the rate-limited token endpoint.
    let e = client.leads().list().send().await.unwrap_err();
    assert!(e.is_reauthorization_required());
    refused.assert_calls(1);
    list.assert_calls(0);

    // A new code recovers.
    let exchange = server.mock(|when, then| {
        when.method(POST)
            .path("/oauth/token")
            .form_urlencoded_tuple("code", "C2");
        then.status(200)
            .json_body(json!({"access_token": "AT9", "refresh_token": "RT9"}));
    });
    client.oauth().exchange_code("C2").await.unwrap();
    client.leads().list().send().await.unwrap();
    exchange.assert_calls(1);
    list.assert_calls(1);
}

#[tokio::test]
async fn a_transient_token_endpoint_failure_is_not_a_reauthorization() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let store = MemoryStore::with_token(token("AT0", "RT1", t0() - chrono::Duration::hours(3)));
    let client = builder(&server, &clock).token_store(store).build().unwrap();
    let busy = server.mock(|when, then| {
        when.method(POST).path("/oauth/token");
        then.status(502).body("bad gateway");
    });
    let list = server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(200).json_body(json!({"code": 0}));
    });
    let e = client.leads().list().send().await.unwrap_err();
    assert!(!e.is_reauthorization_required(), "{e}");
    assert!(e.is_auth(), "{e}");
    assert_eq!(e.status().map(|s| s.as_u16()), Some(502));
    // A refresh may rotate the refresh token: never repeated once it may have reached the server,
    // neither by the token request nor by the (retryable) read that needed the token.
    busy.assert_calls(1);
    list.assert_calls(0);
}

#[tokio::test]
async fn no_authorization_at_all_is_a_reauthorization_error_without_requests() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(200).json_body(json!({"code": 0}));
    });
    let e = client.leads().list().send().await.unwrap_err();
    assert!(e.is_reauthorization_required(), "{e}");
    assert!(e.to_string().contains("exchange_code"), "{e}");
    any.assert_calls(0);
}

#[tokio::test]
async fn a_stale_access_token_is_refreshed_and_the_request_replayed_once() {
    let server = MockServer::start_async().await;
    let (client, store, _clock) = authorised(&server);
    let stale = server.mock(|when, then| {
        when.method(POST)
            .path("/openv1/list")
            .body(form(&[("access_token", "AT1")]));
        then.status(200)
            .json_body(json!({"errcode": 42001, "errmsg": "access_token expired"}));
    });
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let fresh = list_ok(&server, "AT2");
    client.leads().list().send().await.unwrap();
    stale.assert_calls(1);
    refresh.assert_calls(1);
    fresh.assert_calls(1);
    assert_eq!(
        store
            .load()
            .await
            .unwrap()
            .unwrap()
            .access()
            .expose_secret(),
        "AT2"
    );
}

#[tokio::test]
async fn a_message_naming_the_token_counts_as_stale() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let stale = server.mock(|when, then| {
        when.path("/openv1/potential")
            .form_urlencoded_tuple("access_token", "AT1");
        then.status(200)
            .json_body(json!({"code": 1, "msg": "invalid access_token"}));
    });
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let fresh = server.mock(|when, then| {
        when.path("/openv1/potential")
            .form_urlencoded_tuple("access_token", "AT2");
        then.status(200)
            .json_body(json!({"code": 0, "data": {"list": [], "total": 0}}));
    });
    client.leads().potential().send().await.unwrap();
    stale.assert_calls(1);
    refresh.assert_calls(1);
    fresh.assert_calls(1);
}

#[tokio::test]
async fn the_replay_happens_at_most_once() {
    let server = MockServer::start_async().await;
    let (client, _store, _clock) = authorised(&server);
    let stale = server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(200)
            .json_body(json!({"code": 40001, "msg": "invalid credential"}));
    });
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let e = client.leads().list().send().await.unwrap_err();
    assert!(e.is_api());
    assert_eq!(e.vendor_code().unwrap().as_str(), "40001");
    assert_eq!(e.vendor_message(), Some("invalid credential"));
    stale.assert_calls(2);
    refresh.assert_calls(1);
}

#[tokio::test]
async fn forced_refresh_replaces_a_valid_stored_token() {
    let server = MockServer::start_async().await;
    let (client, store, _clock) = authorised(&server);
    let refresh = token_refresh(&server, "RT1", "AT2", "RT2");
    let info = client.oauth().refresh().await.unwrap();
    refresh.assert_calls(1);
    assert!(info.has_refresh_token);
    assert_eq!(
        store
            .load()
            .await
            .unwrap()
            .unwrap()
            .access()
            .expose_secret(),
        "AT2"
    );
    assert_eq!(
        client.oauth().cached_token().unwrap().generation,
        info.generation
    );
}

#[test]
fn config_from_env_names_what_is_missing_and_defaults_the_rest() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let e = Config::from_lookup(vars(&[("WUKONG_APPSECRET", "s")])).unwrap_err();
    assert!(
        e.is_config() && e.to_string().contains("WUKONG_APPID"),
        "{e}"
    );
    let e =
        Config::from_lookup(vars(&[("WUKONG_APPID", "a"), ("WUKONG_APPSECRET", " ")])).unwrap_err();
    assert!(e.to_string().contains("WUKONG_APPSECRET"), "{e}");

    let config = Config::from_lookup(vars(&[
        ("WUKONG_APPID", "a"),
        ("WUKONG_APPSECRET", "very-secret"),
        ("WUKONG_TOKEN_FILE", "/tmp/wk.json"),
    ]))
    .unwrap();
    assert_eq!(config.appid, "a");
    assert_eq!(
        config.token_file.as_deref(),
        Some(std::path::Path::new("/tmp/wk.json"))
    );
    assert!(!format!("{config:?}").contains("very-secret"));
    let client = config.into_builder().build().unwrap();
    assert_eq!(client.base_url().as_str(), format!("{DEFAULT_BASE_URL}/"));
    assert!(!format!("{client:?}").contains("very-secret"));

    let client = Config::from_lookup(vars(&[
        ("WUKONG_APPID", "a"),
        ("WUKONG_APPSECRET", "s"),
        ("WUKONG_BASE_URL", "open.wukongdata.com"),
    ]))
    .unwrap()
    .into_builder()
    .build()
    .unwrap();
    assert_eq!(client.base_url().as_str(), "https://open.wukongdata.com/");
}

#[test]
fn the_builder_needs_credentials_and_sane_settings() {
    assert!(
        Client::builder()
            .appsecret("s")
            .build()
            .unwrap_err()
            .is_config()
    );
    assert!(
        Client::builder()
            .appid("a")
            .build()
            .unwrap_err()
            .is_config()
    );
    assert!(
        Client::builder()
            .appid("a")
            .appsecret("s")
            .import_chunk_size(0)
            .build()
            .unwrap_err()
            .is_config()
    );
    assert!(
        Client::builder()
            .appid("a")
            .appsecret("s")
            .base_url("ftp://x")
            .build()
            .unwrap_err()
            .is_config()
    );
}

#[tokio::test]
async fn secrets_never_reach_errors() {
    let server = MockServer::start_async().await;
    let clock = ManualClock::new(t0());
    let store = Arc::new(MemoryStore::with_token(token(
        "AT-SECRET",
        "RT-SECRET",
        t0(),
    )));
    let client = builder(&server, &clock)
        .shared_token_store(store)
        .build()
        .unwrap();
    server.mock(|when, then| {
        when.path("/openv1/list");
        then.status(200)
            .json_body(json!({"code": 500123, "msg": "boom"}));
    });
    let e = client.leads().list().send().await.unwrap_err();
    let shown = format!("{e} {e:?} {client:?}");
    for secret in ["AT-SECRET", "RT-SECRET", APPSECRET] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

#[test]
fn every_missing_variable_is_named_in_one_error() {
    let err = wukong_client::Config::from_lookup(|_| None).expect_err("nothing set");
    assert!(err.is_config(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("`WUKONG_APPID` (not set)"), "{text}");
    assert!(text.contains("`WUKONG_APPSECRET` (not set)"), "{text}");
}

#[test]
fn blank_credentials_given_in_code_are_refused_at_build() {
    let err = Client::builder()
        .appid(" ")
        .appsecret("")
        .build()
        .expect_err("blank credentials");
    assert!(err.is_config(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Wukong credentials are blank: `appid`, `appsecret`"
    );
    let err = Client::builder()
        .appid(APPID)
        .appsecret("\t")
        .build()
        .expect_err("blank secret");
    assert_eq!(err.to_string(), "Wukong credential is blank: `appsecret`");
}
