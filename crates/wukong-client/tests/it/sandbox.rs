//! The sandbox (feature `testing`): whole flows against a loopback Wukong with short-lived codes
//! and tokens and rotating refresh tokens.

use std::time::Duration;

use client_core::clock::ManualClock;
use client_core::store::MemoryStore;
use client_core::token::Token;
use wukong_client::models::{ChunkOutcome, NewLead};
use wukong_client::testing::Sandbox;

use crate::support::{fast_retries, t0};

fn manual_sandbox() -> (Sandbox, ManualClock) {
    let clock = ManualClock::new(t0());
    let sandbox = Sandbox::builder().clock(clock.clone()).start().unwrap();
    (sandbox, clock)
}

#[tokio::test]
async fn authorize_exchange_list_and_import() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client_builder().build().unwrap();
    client
        .oauth()
        .request_code("https://app.example.com/cb?from=test")
        .await
        .unwrap();
    let redirect = sandbox.last_redirect().unwrap();
    assert!(
        redirect.starts_with("https://app.example.com/cb?from=test&code=sbx-code-"),
        "{redirect}"
    );
    client.oauth().exchange_redirect(&redirect).await.unwrap();

    let all = client.leads().list().send().await.unwrap();
    assert_eq!(all.data().leads.len(), 3);
    let mine = client
        .leads()
        .potential()
        .wk_uid("10086")
        .send()
        .await
        .unwrap();
    assert_eq!(mine.data().leads.len(), 2);
    assert_eq!(mine.data().leads[0].name.as_deref(), Some("张三"));

    let report = client
        .leads()
        .import_batch([
            NewLead::new().name("赵六").mobile("13700137000"),
            NewLead::new().name("钱七").email("qianqi@example.com"),
            NewLead::new().name("孙八").qq("10001"),
        ])
        .wk_uid("10086")
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(sandbox.import_requests(), 2);
    client
        .leads()
        .import(NewLead::new().wechat("zhouwu"))
        .wk_uid("10010")
        .send()
        .await
        .unwrap();

    let all = client.leads().list().send().await.unwrap();
    assert_eq!(all.data().leads.len(), 7);
    // Imports are the partner's, not Wukong's finds.
    let found = client.leads().potential().send().await.unwrap();
    assert_eq!(found.data().leads.len(), 3);
    assert_eq!(sandbox.token_requests(), 1);
}

#[tokio::test]
async fn short_tokens_are_refreshed_and_refresh_tokens_rotate() {
    let (sandbox, clock) = manual_sandbox();
    let store = MemoryStore::new();
    let client = sandbox
        .client_builder()
        .token_store(store.clone())
        .build()
        .unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    let first = client_core::store::TokenStore::load(&store)
        .await
        .unwrap()
        .unwrap();

    client.leads().list().send().await.unwrap();
    clock.advance(Duration::from_secs(90)); // past half of the 120 s lifetime
    client.leads().list().send().await.unwrap();
    assert_eq!(sandbox.token_requests(), 2);
    assert_eq!(sandbox.rejected_tokens(), 0);

    // The first refresh token was spent by the refresh: a client still holding it must
    // authorise again.
    let stale_store = MemoryStore::with_token(
        Token::expiring_in(
            "gone",
            t0() - chrono::Duration::hours(1),
            Duration::from_secs(60),
        )
        .with_refresh(first.refresh().unwrap().clone()),
    );
    let stale = sandbox
        .client_builder()
        .token_store(stale_store)
        .build()
        .unwrap();
    let e = stale.leads().list().send().await.unwrap_err();
    assert!(e.is_reauthorization_required(), "{e}");
    assert_eq!(e.vendor_code().unwrap().as_str(), "40030");
}

#[tokio::test]
async fn an_expired_access_token_is_rejected_by_the_sandbox() {
    let (sandbox, clock) = manual_sandbox();
    // No margin: the client keeps using its token until the sandbox says it is stale.
    let client = sandbox
        .client_builder()
        .refresh_margin(Duration::ZERO)
        .build()
        .unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    clock.advance(Duration::from_secs(119));
    client.leads().list().send().await.unwrap();
    assert_eq!(sandbox.rejected_tokens(), 0);

    // Revoked server-side: the sandbox answers 40014, the client refreshes and replays once.
    sandbox.revoke_access_tokens();
    client.leads().list().send().await.unwrap();
    assert_eq!(sandbox.rejected_tokens(), 1);
    assert_eq!(sandbox.token_requests(), 2);
    assert_eq!(sandbox.hits("/openv1/list"), 3);
}

#[tokio::test]
async fn concurrent_requests_share_one_refresh_against_the_sandbox() {
    let (sandbox, clock) = manual_sandbox();
    let client = sandbox.client_builder().build().unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    clock.advance(Duration::from_secs(200)); // expired
    let calls: Vec<_> = (0..25)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.leads().list().send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sandbox.token_requests(), 2); // the exchange and one refresh
    assert_eq!(sandbox.rejected_tokens(), 0);
}

#[tokio::test]
async fn codes_are_single_use_and_short_lived() {
    let (sandbox, clock) = manual_sandbox();
    let client = sandbox.client_builder().build().unwrap();
    let code = sandbox.issue_code();
    client.oauth().exchange_code(code.clone()).await.unwrap();
    let e = client.oauth().exchange_code(code).await.unwrap_err();
    assert!(e.is_reauthorization_required());
    assert_eq!(e.vendor_code().unwrap().as_str(), "40029");

    let late = sandbox.issue_code();
    clock.advance(Duration::from_secs(61));
    let e = client.oauth().exchange_code(late).await.unwrap_err();
    assert_eq!(e.vendor_code().unwrap().as_str(), "42003");
}

#[tokio::test]
async fn revoked_refresh_tokens_require_reauthorization_without_a_loop() {
    let (sandbox, clock) = manual_sandbox();
    let client = sandbox
        .client_builder()
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    sandbox.revoke_refresh_tokens();
    clock.advance(Duration::from_secs(200));
    for _ in 0..3 {
        let e = client.leads().list().send().await.unwrap_err();
        assert!(e.is_reauthorization_required(), "{e}");
    }
    assert_eq!(sandbox.token_requests(), 2); // the exchange and one refused refresh
    assert_eq!(sandbox.hits("/openv1/list"), 0);
}

#[tokio::test]
async fn a_restarted_process_resumes_against_the_sandbox() {
    let (sandbox, clock) = manual_sandbox();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wukong.json");
    {
        let first = sandbox.client_builder().token_file(&file).build().unwrap();
        first
            .oauth()
            .exchange_code(sandbox.issue_code())
            .await
            .unwrap();
    }
    clock.advance(Duration::from_secs(600)); // the access token has expired meanwhile
    let second = sandbox.client_builder().token_file(&file).build().unwrap();
    second.leads().list().send().await.unwrap();
    assert_eq!(sandbox.token_requests(), 2);
    // And the rotated pair was saved: a third process uses it without any token request.
    let third = sandbox.client_builder().token_file(&file).build().unwrap();
    third.leads().list().send().await.unwrap();
    assert_eq!(sandbox.token_requests(), 2);
}

#[tokio::test]
async fn a_rejected_import_chunk_is_reported_by_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let client = sandbox.client_builder().build().unwrap();
    client
        .oauth()
        .exchange_code(sandbox.issue_code())
        .await
        .unwrap();
    sandbox.reject_next_import(45009, "接口调用超过限制");
    let leads: Vec<_> = (0..4)
        .map(|i| NewLead::new().mobile(format!("1370013700{i}")))
        .collect();
    let report = client
        .leads()
        .import_batch(leads)
        .chunk_size(2)
        .send()
        .await
        .unwrap();
    match &report.chunks[0].outcome {
        ChunkOutcome::Rejected(e) => assert_eq!(e.vendor_message(), Some("接口调用超过限制")),
        other => panic!("expected rejected, got {other:?}"),
    }
    assert!(matches!(
        report.chunks[1].outcome,
        ChunkOutcome::Accepted(_)
    ));
    assert_eq!(report.safe_to_resend(), vec![0, 1]);
    assert_eq!(sandbox.leads().len(), 5);
}
