//! Poller: done, timed out, error, slow attempts, attempt cap — on paused Tokio time.

use std::time::Duration;

use client_core::Error;
use client_core::backoff::{Backoff, Jitter};
use client_core::poll::{PollOutcome, Poller, Status};
use tokio::time::Instant;

fn fixed(initial_ms: u64, max_ms: u64) -> Backoff {
    Backoff::new(
        Duration::from_millis(initial_ms),
        Duration::from_millis(max_ms),
    )
    .with_jitter(Jitter::None)
}

#[tokio::test(start_paused = true)]
async fn polls_with_backoff_until_done() {
    let started = Instant::now();
    let mut calls_at = Vec::new();
    let outcome = Poller::new(fixed(100, 1_000), Duration::from_secs(60))
        .run(|attempt| {
            calls_at.push(started.elapsed().as_millis());
            async move {
                Ok(if attempt == 4 {
                    Status::Done("finished")
                } else {
                    Status::Pending("running")
                })
            }
        })
        .await
        .unwrap();
    assert_eq!(outcome, PollOutcome::Done("finished"));
    // Delays 100, 200, 400, 800 ms between attempts.
    assert_eq!(calls_at, vec![0, 100, 300, 700, 1_500]);
}

#[tokio::test(start_paused = true)]
async fn says_when_the_deadline_came_first() {
    let started = Instant::now();
    let outcome = Poller::new(fixed(1_000, 1_000), Duration::from_millis(3_500))
        .run(|attempt| async move { Ok(Status::Pending(attempt)) })
        .await
        .unwrap();
    // Attempts at 0, 1, 2, 3 s; the next would start at 4 s, past the deadline: stop at once.
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: Some(3),
            attempts: 4
        }
    );
    assert_eq!(started.elapsed(), Duration::from_secs(3));
    let error = outcome.into_result("the import").unwrap_err();
    assert!(error.is_timeout());
    assert!(
        error
            .to_string()
            .contains("the import was still not finished after 4 polls"),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_slow_attempt_is_cut_at_the_deadline() {
    let started = Instant::now();
    let outcome = Poller::new(fixed(10, 10), Duration::from_secs(5))
        .run(|attempt| async move {
            if attempt == 0 {
                return Ok(Status::Pending("queued"));
            }
            tokio::time::sleep(Duration::from_secs(3_600)).await;
            Ok(Status::Done("never"))
        })
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: Some("queued"),
            attempts: 2
        }
    );
    assert_eq!(started.elapsed(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn an_error_stops_polling() {
    let mut calls = 0;
    let error = Poller::new(fixed(10, 10), Duration::from_secs(5))
        .run(|attempt| {
            calls += 1;
            async move {
                if attempt == 2 {
                    Err(Error::api(None, "job failed"))
                } else {
                    Ok(Status::<()>::Pending(()))
                }
            }
        })
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), "job failed");
    assert_eq!(calls, 3);
}

#[tokio::test(start_paused = true)]
async fn the_attempt_cap_and_initial_delay_apply() {
    let started = Instant::now();
    let mut first_call = None;
    let outcome = Poller::new(fixed(10, 10), Duration::from_secs(60))
        .max_attempts(3)
        .initial_delay(Duration::from_secs(2))
        .run(|_| {
            first_call.get_or_insert(started.elapsed());
            async { Ok(Status::Pending(())) }
        })
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: Some(()),
            attempts: 3
        }
    );
    assert_eq!(first_call, Some(Duration::from_secs(2)));
    assert!(!outcome.is_done());
}

#[tokio::test(start_paused = true)]
async fn an_initial_delay_past_the_deadline_makes_no_attempt() {
    let outcome = Poller::new(fixed(10, 10), Duration::from_secs(1))
        .initial_delay(Duration::from_secs(2))
        .run(|_| async { Ok(Status::Done(())) })
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: None,
            attempts: 0
        }
    );
}

#[tokio::test(start_paused = true)]
async fn the_attempt_cap_is_checked_before_sleeping() {
    // Issue 13 point 24: after the last allowed attempt the poller returns at once; it does not
    // sleep one more backoff that no attempt follows.
    let started = Instant::now();
    let mut calls_at = Vec::new();
    let outcome = Poller::new(fixed(1_000, 1_000), Duration::from_secs(60))
        .max_attempts(3)
        .run(|attempt| {
            calls_at.push(started.elapsed().as_millis());
            async move { Ok(Status::Pending(attempt)) }
        })
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: Some(2),
            attempts: 3
        }
    );
    assert_eq!(calls_at, vec![0, 1_000, 2_000]);
    assert_eq!(started.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn a_cap_of_zero_makes_no_attempt_and_no_wait() {
    let started = Instant::now();
    let mut calls = 0;
    let outcome = Poller::new(fixed(10, 10), Duration::from_secs(60))
        .max_attempts(0)
        .initial_delay(Duration::from_secs(5))
        .run(|_| {
            calls += 1;
            async { Ok(Status::Done(())) }
        })
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PollOutcome::TimedOut {
            last: None,
            attempts: 0
        }
    );
    assert_eq!(calls, 0);
    assert_eq!(started.elapsed(), Duration::ZERO);
}
