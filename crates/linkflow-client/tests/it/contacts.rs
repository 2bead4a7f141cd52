//! "联系人": lists, cursor, ids (the 10,000 rule), bulk fan-out, identities, tag values, unbind.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use client_core::time::VendorTime;
use futures::TryStreamExt as _;
use httpmock::prelude::*;
use httpmock::{HttpMockRequest, HttpMockResponse};
use linkflow_client::models::{AnonymousFilter, ContactId, Identity, IdentityType};

use crate::support::*;

const CONTACTS: &str = include_str!("../../fixtures/contacts.response.json");
const BULK: &str = include_str!("../../fixtures/contacts_bulk.response.json");
const IDENTITIES_ANSWER: &str = include_str!("../../fixtures/contacts_identities.response.json");
const IDENTITIES_REQUEST: &str = include_str!("../../fixtures/contacts_identities.request.json");
const TAGS: &str = include_str!("../../fixtures/contacts_tags.response.json");
const UNBIND: &str = include_str!("../../fixtures/contacts_identities_unbind.request.json");
const CONTACT_IDENTITIES: &str = include_str!("../../fixtures/contact_identities.response.json");

fn contact_json(id: i64) -> serde_json::Value {
    serde_json::json!({ "id": id, "name": format!("c{id}"), "dateCreated": "2017-08-22 13:50:51" })
}

#[tokio::test]
async fn sparse_contacts_decode_into_the_generated_model() {
    // Real contacts lack most of what the document's example fills: only `id` is required; a
    // missing or `null` list or map decodes as empty, anything else missing as `None`.
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts")
            .query_param("page", "3");
        then.status(200).body(
            r#"[{"id": 5},
                {"id": "6", "name": null, "gender": null, "utm": null, "props": null,
                 "openIds": null, "isAnonymous": true, "dateCreated": "2020-01-02 03:04:05",
                 "somethingNew": {"x": 1}}]"#,
        );
    });
    let contacts = client_for(&server)
        .contacts()
        .list()
        .page(3)
        .send()
        .await
        .expect("sparse contacts");
    mock.assert_calls(1);
    let bare: &linkflow_client::models::Contact = &contacts[0];
    assert_eq!(bare.id, ContactId(5));
    assert_eq!((bare.name.as_deref(), bare.gender.as_deref()), (None, None));
    assert!(bare.utm.is_none() && bare.props.is_empty() && bare.open_ids.is_empty());
    assert_eq!(
        (bare.date_created.as_ref(), bare.is_anonymous),
        (None, None)
    );
    let nulls = &contacts[1];
    assert_eq!(nulls.id, ContactId(6));
    assert!(nulls.props.is_empty() && nulls.open_ids.is_empty());
    assert_eq!(nulls.is_anonymous, Some(true));
    assert_eq!(
        nulls.date_created.as_ref().map(VendorTime::as_str),
        Some("2020-01-02 03:04:05")
    );

    // Without an id there is no contact: that stays an error.
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/contacts");
        then.status(200).body(r#"[{"name": "no id"}]"#);
    });
    let err = client_for(&server)
        .contacts()
        .list()
        .send()
        .await
        .expect_err("a contact without id");
    assert!(err.is_decode(), "{err:?}");
}

#[tokio::test]
async fn list_sends_page_size_group_and_search() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts")
            .header("x-openapi-token", TOKEN)
            .query_param("page", "0")
            .query_param("size", "1")
            .query_param("groupId", "1")
            .query_param("search", "13774202819");
        then.status(200).body(CONTACTS);
    });
    let client = client_for(&server);
    let contacts = client
        .contacts()
        .list()
        .page(0)
        .size(1)
        .group_id(1)
        .search("13774202819")
        .send()
        .await
        .expect("contacts");
    mock.assert_calls(1);
    assert_eq!(contacts.len(), 1);
    let c = &contacts[0];
    assert_eq!(c.id, ContactId(2865));
    assert_eq!(c.name.as_deref(), Some("peter pan"));
    assert_eq!(c.mobile_phone.as_deref(), Some("13774202819"));
    assert_eq!(c.email, None);
    assert_eq!(c.utm.as_ref().and_then(|u| u.term.as_deref()), Some("term"));
    assert_eq!(c.props.get("attr2"), Some(&serde_json::json!(10000)));
    assert_eq!(c.is_anonymous, Some(false));
    assert_eq!(
        c.date_created.as_ref().map(VendorTime::as_str),
        Some("2017-08-22 13:50:51")
    );
}

#[tokio::test]
async fn list_without_options_sends_no_query() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts")
            .query_param_missing("page")
            .query_param_missing("size")
            .query_param_missing("groupId")
            .query_param_missing("search");
        then.status(200).body("[]");
    });
    let client = client_for(&server);
    assert!(
        client
            .contacts()
            .list()
            .send()
            .await
            .expect("ok")
            .is_empty()
    );
    mock.assert_calls(1);
}

#[tokio::test]
async fn list_stream_walks_pages_from_zero_until_a_short_page() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let page = |n: &str, ids: std::ops::Range<i64>| {
        let body: Vec<_> = ids.map(contact_json).collect();
        server.mock(move |when, then| {
            when.method(GET)
                .path("/open/contacts")
                .query_param("page", n)
                .query_param("size", "2")
                .query_param("search", "x");
            then.status(200).json_body(serde_json::Value::Array(body));
        })
    };
    let p0 = page("0", 1..3);
    let p1 = page("1", 3..5);
    let p2 = page("2", 5..6);
    let client = client_for(&server);
    let ids: Vec<i64> = client
        .contacts()
        .list()
        .size(2)
        .search("x")
        .stream()
        .map_ok(|c| c.id.get())
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    p0.assert_calls(1);
    p1.assert_calls(1);
    p2.assert_calls(1);
}

#[tokio::test]
async fn cursor_sends_last_max_id_and_size() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts/cursor")
            .query_param("lastMaxId", "0")
            .query_param("size", "200");
        then.status(200).body(CONTACTS);
    });
    let client = client_for(&server);
    let contacts = client
        .contacts()
        .cursor()
        .size(200)
        .send()
        .await
        .expect("page");
    assert_eq!(contacts[0].id, ContactId(2865));
    mock.assert_calls(1);
}

#[tokio::test]
async fn cursor_stream_passes_the_last_id_and_ends_at_an_empty_page() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let page = |last: &str, ids: Vec<i64>| {
        let body: Vec<_> = ids.into_iter().map(contact_json).collect();
        server.mock(move |when, then| {
            when.method(GET)
                .path("/open/contacts/cursor")
                .query_param("lastMaxId", last)
                .query_param("size", "3");
            then.status(200).json_body(serde_json::Value::Array(body));
        })
    };
    let a = page("0", vec![10, 20, 30]);
    let b = page("30", vec![40]);
    let c = page("40", vec![]);
    let client = client_for(&server);
    let ids: Vec<i64> = client
        .contacts()
        .cursor()
        .size(3)
        .stream()
        .map_ok(|c| c.id.get())
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(ids, [10, 20, 30, 40]);
    a.assert_calls(1);
    b.assert_calls(1);
    c.assert_calls(1);
}

#[tokio::test]
async fn ids_sends_every_filter() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("page", "0")
            .query_param("size", "5")
            .query_param("minUpdateTime", "2017-01-01")
            .query_param("maxUpdateTime", "2018-01-01")
            .query_param("anonymous", "-1");
        then.status(200).body("[1,3,5,7,8]");
    });
    let client = client_for(&server);
    let ids = client
        .contacts()
        .ids()
        .page(0)
        .size(5)
        .min_update_time(VendorTime::parse("2017-01-01").expect("date"))
        .max_update_time(VendorTime::parse("2018-01-01").expect("date"))
        .anonymous(AnonymousFilter::All)
        .send()
        .await
        .expect("ids");
    assert_eq!(ids, [1, 3, 5, 7, 8].map(ContactId));
    mock.assert_calls(1);
}

#[tokio::test]
async fn ids_sends_update_times_in_the_documents_layout() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("page", "0")
            .query_param("size", "1000")
            .query_param("minUpdateTime", "2018-01-01 00:00:00")
            .query_param("maxUpdateTime", "2018-02-01");
        then.status(200).body("[3]");
    });
    let client = client_for(&server);
    let ids = client
        .contacts()
        .ids()
        // A zoned time is converted to UTC+8; a date stays a date (the document's example).
        .min_update_time(VendorTime::parse("2017-12-31T16:00:00Z").expect("time"))
        .max_update_time(VendorTime::parse(" 2018-02-01").expect("date"))
        .send()
        .await
        .expect("ids");
    assert_eq!(ids, [ContactId(3)]);
    let streamed: Vec<ContactId> = client
        .contacts()
        .ids()
        .min_update_time(VendorTime::parse("2018-01-01T00:00:00+08:00").expect("time"))
        .max_update_time(VendorTime::parse("2018-02-01").expect("date"))
        .stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(streamed, [ContactId(3)]);
    mock.assert_calls(2);
}

#[tokio::test]
async fn ids_refuses_page_times_size_above_10000_before_sending() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let err = client
        .contacts()
        .ids()
        .page(11)
        .size(1000)
        .send()
        .await
        .expect_err("11 × 1000 > 10000");
    assert!(err.is_invalid_input());
    assert!(err.to_string().contains("minUpdateTime"), "{err}");
    // 10 × 1000 = 10,000 is allowed by the document's rule.
    let ok = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("page", "10");
        then.status(200).body("[]");
    });
    client
        .contacts()
        .ids()
        .page(10)
        .size(1000)
        .send()
        .await
        .expect("allowed");
    ok.assert_calls(1);
    token.assert_calls(1);
}

#[tokio::test]
async fn ids_maps_the_server_b00030() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(GET).path("/open/contacts_bulk/ids");
        then.status(420)
            .json_body(error_body("B00030", "page*size必须小于等于10000"));
    });
    let client = client_for(&server);
    let err = client
        .contacts()
        .ids()
        .size(100)
        .send()
        .await
        .expect_err("refused");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(420));
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00030"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("GET /open/contacts_bulk/ids")
    );
}

#[tokio::test]
async fn ids_stream_stops_with_a_limit_error_naming_the_time_window() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    // Every page is full: the listing would go on past 10,000.
    let pages = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("size", "2500");
        then.respond_with(|req: &HttpMockRequest| {
            let page: i64 = req
                .query_params()
                .iter()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let ids: Vec<i64> = (page * 2500..(page + 1) * 2500).collect();
            HttpMockResponse::builder()
                .status(200)
                .body(serde_json::to_vec(&ids).unwrap_or_default())
                .build()
        });
    });
    let client = client_for(&server);
    let mut stream = client.contacts().ids().size(2500).stream();
    let mut received = 0;
    let err = loop {
        match stream.try_next().await {
            Ok(Some(_)) => received += 1,
            Ok(None) => panic!("the stream must not end silently"),
            Err(e) => break e,
        }
    };
    // Pages 0..=4 satisfy page × size ≤ 10,000 (4 × 2500 = 10,000); page 5 would not.
    assert_eq!(received, 5 * 2500);
    pages.assert_calls(5);
    assert!(err.is_limit(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("minUpdateTime") && text.contains("maxUpdateTime"),
        "{text}"
    );
    assert!(stream.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn ids_stream_ends_cleanly_at_a_short_page() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let first = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("page", "0")
            .query_param("size", "3")
            .query_param("anonymous", "1");
        then.status(200).body("[1,2,3]");
    });
    let second = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk/ids")
            .query_param("page", "1")
            .query_param("size", "3");
        then.status(200).body("[4]");
    });
    let client = client_for(&server);
    let ids: Vec<ContactId> = client
        .contacts()
        .ids()
        .size(3)
        .anonymous(AnonymousFilter::Anonymous)
        .stream()
        .try_collect()
        .await
        .expect("ids");
    assert_eq!(ids, [1, 2, 3, 4].map(ContactId));
    first.assert_calls(1);
    second.assert_calls(1);
}

#[tokio::test]
async fn bulk_decodes_the_document_example_with_open_ids() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk")
            .query_param("ids", "1,3,5,7,8")
            .query_param("needOpenId", "1");
        then.status(200).body(BULK);
    });
    let client = client_for(&server);
    let result = client
        .contacts()
        .bulk([1, 3, 5, 7, 8])
        .need_open_id(true)
        .send()
        .await
        .expect("bulk");
    mock.assert_calls(1);
    let ids: Vec<i64> = result.contacts.iter().map(|c| c.id.get()).collect();
    assert_eq!(ids, [1, 3, 5]);
    assert_eq!(result.missing, [ContactId(7), ContactId(8)]);
    assert!(result.duplicates.is_empty());
    assert!(!result.is_complete());
    let open_ids = &result.contacts[0].open_ids;
    assert_eq!(open_ids.len(), 2);
    assert_eq!(
        open_ids[0].channel_id.as_deref(),
        Some("wx5a39a02868a39999")
    );
    assert_eq!(
        result.contacts[0]
            .date_of_birthday
            .as_ref()
            .map(VendorTime::as_str),
        Some("1991-11-11 00:00:00")
    );
}

#[tokio::test]
async fn bulk_splits_into_calls_of_100_keeps_order_and_reports_duplicates() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let calls = Arc::new(Mutex::new(Vec::<Vec<i64>>::new()));
    let seen = Arc::clone(&calls);
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk")
            .query_param_missing("needOpenId");
        then.respond_with(move |req: &HttpMockRequest| {
            let params: HashMap<String, String> = req.query_params().into_iter().collect();
            let ids: Vec<i64> = params["ids"]
                .split(',')
                .map(|s| s.parse().expect("id"))
                .collect();
            seen.lock().expect("lock").push(ids.clone());
            // Answer in descending id order, skipping multiples of 7.
            let mut found: Vec<serde_json::Value> = ids
                .iter()
                .filter(|id| *id % 7 != 0)
                .map(|id| contact_json(*id))
                .collect();
            found.reverse();
            HttpMockResponse::builder()
                .status(200)
                .body(serde_json::to_vec(&found).unwrap_or_default())
                .build()
        });
    });
    let client = builder_for(&server)
        .bulk_concurrency(3)
        .build()
        .expect("client");
    // 250 distinct ids in a scrambled order, plus repeats.
    let mut ids: Vec<i64> = (1..=250).map(|i| (i * 37) % 251).collect();
    ids.push(ids[0]);
    ids.push(ids[5]);
    ids.push(ids[0]);
    let result = client
        .contacts()
        .bulk(ids.clone())
        .send()
        .await
        .expect("bulk");

    mock.assert_calls(3);
    let calls = calls.lock().expect("lock");
    let mut sizes: Vec<usize> = calls.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100]);

    let unique: Vec<i64> = ids[..250].to_vec();
    let expected: Vec<i64> = unique.iter().copied().filter(|id| id % 7 != 0).collect();
    let got: Vec<i64> = result.contacts.iter().map(|c| c.id.get()).collect();
    assert_eq!(got, expected, "contacts come back in the caller's order");
    let missing: Vec<i64> = unique.iter().copied().filter(|id| id % 7 == 0).collect();
    assert_eq!(
        result.missing,
        missing.into_iter().map(ContactId).collect::<Vec<_>>()
    );
    assert_eq!(result.duplicates, [ContactId(ids[0]), ContactId(ids[5])]);
}

#[tokio::test]
async fn bulk_of_nothing_sends_nothing_and_fail_fast_fails_the_whole() {
    let server = MockServer::start_async().await;
    let token = mock_token(&server);
    let client = client_for(&server);
    let empty = client
        .contacts()
        .bulk(Vec::<i64>::new())
        .send()
        .await
        .expect("empty");
    assert!(empty.contacts.is_empty() && empty.is_complete());
    assert!(empty.chunks.is_empty());
    token.assert_calls(0);

    let mock = server.mock(|when, then| {
        when.method(GET).path("/open/contacts_bulk");
        then.status(500)
            .json_body(error_body("B00010", "参数不合法"));
    });
    let err = client
        .contacts()
        .bulk(1..=150)
        .concurrency(1)
        .fail_fast(true)
        .send()
        .await
        .expect_err("fails");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B00010"));
    assert_eq!(err.operation(), Some("GET /open/contacts_bulk"));
    // One call in flight, a documented (final) code: the first failure stops the fetch.
    mock.assert_calls(1);

    // Without fail-fast every call is made and each failure is reported with its ids.
    let all_failed = client
        .contacts()
        .bulk(1..=150)
        .send()
        .await
        .expect("a report");
    mock.assert_calls(3);
    assert!(all_failed.contacts.is_empty() && all_failed.missing.is_empty());
    assert!(!all_failed.is_complete() && all_failed.has_failures());
    assert_eq!(all_failed.failed().count(), 2);
    assert_eq!(
        all_failed.failed_ids(),
        (1..=150).map(ContactId).collect::<Vec<_>>()
    );
    assert_eq!(
        all_failed
            .first_error()
            .and_then(|e| e.vendor_code())
            .map(|c| c.as_str()),
        Some("B00010")
    );
}

#[tokio::test]
async fn bulk_keeps_every_other_chunk_when_one_fails_and_its_ids_can_be_retried() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let calls = Arc::new(Mutex::new(Vec::<String>::new()));
    let (seen, fail) = (Arc::clone(&calls), Arc::clone(&failing));
    let mock = server.mock(|when, then| {
        when.method(GET).path("/open/contacts_bulk");
        then.respond_with(move |req: &HttpMockRequest| {
            let params: HashMap<String, String> = req.query_params().into_iter().collect();
            let ids_param = params["ids"].clone();
            seen.lock().expect("lock").push(ids_param.clone());
            let ids: Vec<i64> = ids_param
                .split(',')
                .map(|s| s.parse().expect("id"))
                .collect();
            // The second chunk (ids 101..=200) answers 502 on every attempt while failing.
            if ids[0] == 101 && fail.load(std::sync::atomic::Ordering::SeqCst) {
                return HttpMockResponse::builder().status(502).build();
            }
            let found: Vec<serde_json::Value> = ids
                .iter()
                .filter(|id| *id % 50 != 0)
                .map(|id| contact_json(*id))
                .collect();
            HttpMockResponse::builder()
                .status(200)
                .body(serde_json::to_vec(&found).unwrap_or_default())
                .build()
        });
    });
    let client = builder_for(&server)
        .bulk_concurrency(3)
        .build()
        .expect("client");
    let result = client
        .contacts()
        .bulk(1..=250)
        .send()
        .await
        .expect("a partial result, not an error");

    // Three chunks; the failing one was tried three times (the retry policy), the others once.
    let joined = |ids: std::ops::RangeInclusive<i64>| {
        ids.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
    };
    let sent = calls.lock().expect("lock").clone();
    for (chunk, times) in [(1..=100, 1), (101..=200, 3), (201..=250, 1)] {
        let text = joined(chunk.clone());
        assert_eq!(
            sent.iter().filter(|s| **s == text).count(),
            times,
            "{chunk:?}"
        );
    }
    mock.assert_calls(5);

    let kept: Vec<i64> = (1..=100)
        .chain(201..=250)
        .filter(|id| id % 50 != 0)
        .collect();
    let got: Vec<i64> = result.contacts.iter().map(|c| c.id.get()).collect();
    assert_eq!(got, kept, "the other chunks' contacts are kept, in order");
    assert_eq!(result.missing, [50, 100, 250].map(ContactId));
    assert!(!result.is_complete());
    let failed: Vec<_> = result.failed().collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].ids,
        (101..=200).map(ContactId).collect::<Vec<_>>()
    );
    let error = failed[0].error().expect("typed error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(error.operation(), Some("GET /open/contacts_bulk"));
    let outcomes: Vec<Option<usize>> = result
        .chunks
        .iter()
        .map(|c| c.outcome.as_ref().ok().copied())
        .collect();
    assert_eq!(outcomes, [Some(98), None, Some(49)]);

    // Fetching only the failed ids again, once the server recovers.
    failing.store(false, std::sync::atomic::Ordering::SeqCst);
    let retried = client
        .contacts()
        .bulk(result.failed_ids())
        .send()
        .await
        .expect("retry");
    assert!(!retried.has_failures());
    assert_eq!(retried.contacts.len(), 98);
    assert_eq!(retried.missing, [150, 200].map(ContactId));
    assert_eq!(calls.lock().expect("lock").last(), Some(&joined(101..=200)));
}

#[tokio::test]
async fn bulk_reports_an_undecodable_answer_as_that_chunks_failure() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let garbage = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk")
            .query_param("ids", "3,4");
        then.status(200).body("{\"not\": \"a list\"}");
    });
    let good = server.mock(|when, then| {
        when.method(GET)
            .path("/open/contacts_bulk")
            .query_param("ids", "1,2");
        then.status(200)
            .json_body(serde_json::json!([contact_json(2), contact_json(1)]));
    });
    let client = client_for(&server);
    // A hostile answer (an object, not a list) is that call's typed decode error.
    let first = client.contacts().bulk([1, 2]).send().await.expect("first");
    let second = client.contacts().bulk([3, 4]).send().await.expect("second");
    good.assert_calls(1);
    garbage.assert_calls(1);
    assert_eq!(
        first
            .contacts
            .iter()
            .map(|c| c.id.get())
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(first.is_complete());
    assert!(second.contacts.is_empty() && second.missing.is_empty());
    assert_eq!(second.failed_ids(), [3, 4].map(ContactId));
    assert!(
        second
            .first_error()
            .is_some_and(client_core::Error::is_decode)
    );
    let err = client
        .contacts()
        .bulk([3, 4])
        .fail_fast(true)
        .send()
        .await
        .expect_err("fail fast");
    assert!(err.is_decode());
}

#[tokio::test]
async fn identities_by_posts_identity_and_types() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(IDENTITIES_REQUEST).expect("fixture");
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/contacts/identities")
            .header("x-openapi-token", TOKEN)
            .json_body(expected);
        then.status(200).body(IDENTITIES_ANSWER);
    });
    let client = client_for(&server);
    let answer = client
        .contacts()
        .identities_by(Identity::new(IdentityType::Phone, "13888888888"))
        .identity_types(["idcard", "email"])
        .send()
        .await
        .expect("identities");
    mock.assert_calls(1);
    assert_eq!(answer.contact_id, ContactId(29));
    assert_eq!(answer.identities[0].kind, IdentityType::Email);
    assert_eq!(answer.identities[0].id, "123456@qq.com");
}

#[tokio::test]
async fn identities_by_is_retried_like_a_read() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST).path("/open/contacts/identities");
        then.status(502);
    });
    let client = client_for(&server);
    client
        .contacts()
        .identities_by(Identity::new("phone", "1"))
        .send()
        .await
        .expect_err("keeps failing");
    mock.assert_calls(3);
}

#[tokio::test]
async fn tag_values_post_the_identity() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let mock = server.mock(|when, then| {
        when.method(POST)
            .path("/open/contacts/tags")
            .json_body(serde_json::json!({"id": "13888888888", "type": "phone"}));
        then.status(200).body(TAGS);
    });
    let client = client_for(&server);
    let tags = client
        .contacts()
        .tag_values(Identity::new("phone", "13888888888"))
        .await
        .expect("tags");
    mock.assert_calls(1);
    assert_eq!(tags[0].tag_key.as_deref(), Some("tag_yhxb"));
    assert_eq!(tags[0].value, Some(serde_json::json!("男")));
}

#[tokio::test]
async fn tag_values_of_any_data_type_decode() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(POST).path("/open/contacts/tags");
        then.status(200).body(
            r#"[{"tagId": 2, "value": 42}, {"tagId": 3, "value": ["a", "b"]},
                {"tagId": 4, "value": null}, {"tagId": 5}]"#,
        );
    });
    let tags = client_for(&server)
        .contacts()
        .tag_values(Identity::new("phone", "13888888888"))
        .await
        .expect("tags");
    let values: Vec<_> = tags.iter().map(|t| (t.tag_id, t.value.clone())).collect();
    assert_eq!(
        values,
        [
            (2, Some(serde_json::json!(42))),
            (3, Some(serde_json::json!(["a", "b"]))),
            (4, None),
            (5, None),
        ]
    );
    assert!(tags.iter().all(|t| t.tag_name.is_none()));
}

#[tokio::test]
async fn unbind_sends_a_json_body_with_delete() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let expected: serde_json::Value = serde_json::from_str(UNBIND).expect("fixture");
    let mock = server.mock(|when, then| {
        when.method(DELETE)
            .path("/open/contacts/identities/unbind")
            .header("content-type", "application/json")
            .json_body(expected);
        then.status(200);
    });
    let client = client_for(&server);
    client
        .contacts()
        .unbind_identities(
            29,
            [Identity::new(IdentityType::MobilePhone, "17624321576")],
        )
        .await
        .expect("unbound");
    mock.assert_calls(1);
}

#[tokio::test]
async fn unbind_errors_are_typed_per_operation() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    server.mock(|when, then| {
        when.method(DELETE).path("/open/contacts/identities/unbind");
        then.status(500)
            .json_body(error_body("B01402", "解绑后联系人身份数量小于1"));
    });
    let client = client_for(&server);
    let err = client
        .contacts()
        .unbind_identities(29, [Identity::new("mobilePhone", "1")])
        .await
        .expect_err("refused");
    assert_eq!(err.vendor_code().map(|c| c.as_str()), Some("B01402"));
    assert_eq!(
        err.code_entry().and_then(|e| e.operation),
        Some("DELETE /open/contacts/identities/unbind")
    );
    let err = client
        .contacts()
        .unbind_identities(29, Vec::new())
        .await
        .expect_err("nothing to unbind");
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn identities_of_a_contact_and_b00008() {
    let server = MockServer::start_async().await;
    mock_token(&server);
    let ok = server.mock(|when, then| {
        when.method(GET).path("/open/contacts/29/identities");
        then.status(200).body(CONTACT_IDENTITIES);
    });
    let missing = server.mock(|when, then| {
        when.method(GET).path("/open/contacts/30/identities");
        then.status(404)
            .json_body(error_body("B00008", "No [contact] found with id [30]"));
    });
    let client = client_for(&server);
    let identities = client.contacts().identities(29).await.expect("identities");
    assert_eq!(identities.len(), 2);
    assert_eq!(identities[0].kind, IdentityType::WorkwechatExternalUserId);
    assert_eq!(identities[1].kind, IdentityType::WechatUnionId);
    let err = client.contacts().identities(30).await.expect_err("missing");
    let entry = err.code_entry().expect("documented");
    assert_eq!(entry.operation, Some("GET /open/contacts/{id}/identities"));
    assert!(entry.meaning_zh.contains("联系人"), "{entry:?}");
    ok.assert_calls(1);
    missing.assert_calls(1);
}
