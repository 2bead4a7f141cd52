//! Polling: repeat a call with backoff until it reports a terminal state or a deadline passes.
//!
//! Some vendor operations finish asynchronously (an import, a report): the client asks again
//! until the answer is final. A [`Poller`] does the asking: it calls the caller's closure, which
//! classifies each answer as [`Status::Done`] (stop, return it), [`Status::Pending`] (ask again
//! after a backoff delay) or an `Err` (stop, return the error), and reports which way it ended as a
//! [`PollOutcome`]. Delays come from [`Backoff`]; time is Tokio time, so tests can run with
//! `tokio::time::pause()` and never really wait.
//!
//! ```
//! # async fn demo() -> client_core::Result<()> {
//! use std::time::Duration;
//! use client_core::backoff::{Backoff, Jitter};
//! use client_core::poll::{PollOutcome, Poller, Status};
//!
//! let poller = Poller::new(
//!     Backoff::new(Duration::from_millis(100), Duration::from_secs(2)).with_jitter(Jitter::None),
//!     Duration::from_secs(30),
//! );
//! let outcome = poller
//!     .run(|attempt| async move {
//!         // … ask the server for the job's state …
//!         let state = if attempt < 3 { "RUNNING" } else { "FINISHED" };
//!         Ok(if state == "FINISHED" { Status::Done(state) } else { Status::Pending(state) })
//!     })
//!     .await?;
//! assert_eq!(outcome, PollOutcome::Done("FINISHED"));
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(demo()).unwrap();
//! ```

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::backoff::Backoff;
use crate::error::{Error, Result};

/// How the caller classifies one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status<T> {
    /// Terminal: stop polling and return this value.
    Done(T),
    /// Not finished: ask again after a delay. The value is kept as the latest seen.
    Pending(T),
}

/// How polling ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum PollOutcome<T> {
    /// The closure reported a terminal state.
    Done(T),
    /// The deadline (or the attempt cap) came first.
    TimedOut {
        /// The latest pending answer, if any attempt completed.
        last: Option<T>,
        /// How many attempts were started.
        attempts: u32,
    },
}

impl<T> PollOutcome<T> {
    /// Whether a terminal state was reached.
    pub fn is_done(&self) -> bool {
        matches!(self, PollOutcome::Done(_))
    }

    /// The terminal value, or a timeout [`Error`] saying what was waited for (`what`, e.g.
    /// `"the contact import"`) and how many attempts were made.
    pub fn into_result(self, what: &str) -> Result<T> {
        match self {
            PollOutcome::Done(value) => Ok(value),
            PollOutcome::TimedOut { attempts, .. } => Err(Error::timeout(format!(
                "{what} was still not finished after {attempts} polls"
            ))
            .with_attempts(attempts)),
        }
    }
}

/// Repeats a call with [`Backoff`] delays until a terminal state, a deadline, or an attempt cap.
///
/// * The first attempt starts at once (or after [`initial_delay`](Self::initial_delay)).
/// * After a [`Status::Pending`] answer that used up the attempt cap
///   ([`max_attempts`](Self::max_attempts)), it returns [`PollOutcome::TimedOut`] at once,
///   without a last backoff.
/// * After any other [`Status::Pending`] answer, the poller waits `backoff.delay(n)` for the `n`-th retry
///   (0-based). If that would start the next attempt at or after the deadline, it returns
///   [`PollOutcome::TimedOut`] at once instead of sleeping in vain.
/// * An attempt still running at the deadline is cancelled (dropped) and the poller returns
///   `TimedOut`; a slow call can therefore not hold it past the deadline.
/// * An `Err` from the closure ends polling with that error. To tolerate transient errors, map them
///   to `Status::Pending` in the closure (the transport already retries retryable ones).
#[derive(Debug, Clone)]
pub struct Poller {
    backoff: Backoff,
    timeout: Duration,
    max_attempts: Option<u32>,
    initial_delay: Duration,
}

impl Poller {
    /// Polls with `backoff` delays for at most `timeout` in total.
    pub fn new(backoff: Backoff, timeout: Duration) -> Self {
        Self {
            backoff,
            timeout,
            max_attempts: None,
            initial_delay: Duration::ZERO,
        }
    }

    /// Stops after `max` attempts even before the deadline; the last attempt's answer is
    /// returned at once (no backoff follows it). `0` makes no attempt.
    pub fn max_attempts(mut self, max: u32) -> Self {
        self.max_attempts = Some(max);
        self
    }

    /// Waits this long before the first attempt (for jobs that are never done at once).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Polls: calls `attempt(n)` (n = 0, 1, …) until it reports [`Status::Done`], fails, or the
    /// deadline or attempt cap is reached.
    pub async fn run<T, F, Fut>(&self, mut attempt: F) -> Result<PollOutcome<T>>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<Status<T>>>,
    {
        let start = Instant::now();
        let deadline = start.checked_add(self.timeout);
        let mut last = None;
        let mut attempts: u32 = 0;
        let mut wait = self.initial_delay;
        if self.max_attempts == Some(0) {
            return Ok(PollOutcome::TimedOut { last, attempts });
        }
        loop {
            if !wait.is_zero() {
                let wake = Instant::now().checked_add(wait);
                match (wake, deadline) {
                    (Some(wake), Some(deadline)) if wake >= deadline => {
                        return Ok(PollOutcome::TimedOut { last, attempts });
                    }
                    (None, _) => return Ok(PollOutcome::TimedOut { last, attempts }),
                    (Some(wake), _) => tokio::time::sleep_until(wake).await,
                }
            }
            let call = attempt(attempts);
            attempts = attempts.saturating_add(1);
            let answer = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, call).await {
                    Ok(answer) => answer,
                    Err(_elapsed) => return Ok(PollOutcome::TimedOut { last, attempts }),
                },
                None => call.await,
            };
            match answer? {
                Status::Done(value) => return Ok(PollOutcome::Done(value)),
                Status::Pending(value) => last = Some(value),
            }
            // The cap is checked before the backoff: no sleep that no attempt follows.
            if self.max_attempts.is_some_and(|max| attempts >= max) {
                return Ok(PollOutcome::TimedOut { last, attempts });
            }
            wait = self.backoff.delay(attempts.saturating_sub(1));
            if wait.is_zero() && deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(PollOutcome::TimedOut { last, attempts });
            }
        }
    }
}
