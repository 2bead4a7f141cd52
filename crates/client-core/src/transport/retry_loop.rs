//! The retry loop, as three steps after every failed attempt: classify the failure, decide
//! whether and how long to wait, then wait.
//!
//! The four time limits, from the strongest:
//!
//! 1. the **whole-operation timeout** (client default, or `RequestOptions::with_timeout`): the
//!    call ends with a timeout when it passes, whatever is in flight; a wait that would not end
//!    before it is not started: the call stops at once with the error that asked for the wait;
//! 2. [`RetryPolicy::max_elapsed`]: no wait starts that would end after this much time since
//!    the first attempt;
//! 3. the **attempt timeout** (`TransportBuilder::attempt_timeout`, off by default): one attempt
//!    ends with a (retryable when safe) timeout when it passes;
//! 4. [`RetryPolicy::max_retry_after`]: a server's `Retry-After` longer than this ends the
//!    retries.
//!
//! Every stop keeps the error that caused it (status, vendor code, `retry_after()`), with a note
//! saying which rule stopped.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use super::attempt::{Failure, Stage};
use super::metrics;
use super::{OutgoingRequest, Payload, Request, Transport, Vendor};
use crate::error::{Error, Result};
use crate::retry::{self, Decision, RequestTraits, RetryPolicy};

/// Why a wait was refused because the operation's time would run out during it.
pub const WAIT_DOES_NOT_FIT: &str =
    "the wait before the next attempt would not end before the operation's timeout";
/// Why a wait was refused because of [`RetryPolicy::max_elapsed`].
pub const PAST_MAX_ELAPSED: &str = "the retry time cap (max_elapsed) would be passed";
/// Why a wait was refused because of [`RetryPolicy::max_retry_after`].
pub const RETRY_AFTER_TOO_LONG: &str = "the server's Retry-After is longer than the policy allows";

/// How many attempts of one call may have reached the server; read after an operation timeout
/// cancelled the loop.
#[derive(Debug, Default)]
pub(super) struct Progress {
    reached: AtomicU32,
}

impl Progress {
    /// An attempt starts to send.
    pub(super) fn sent(&self) {
        let _ = self
            .reached
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1));
    }

    /// The attempt failed to connect: it never arrived.
    pub(super) fn never_arrived(&self) {
        let _ = self
            .reached
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
    }

    /// Attempts that may have reached the server.
    pub(super) fn reached(&self) -> u32 {
        self.reached.load(Ordering::Relaxed)
    }
}

/// What the loop remembers between attempts.
struct LoopState {
    started: Instant,
    attempt: u32,
    retries: u32,
    replayed_for_token: bool,
}

/// What the classify step says.
enum Step {
    /// Replay at once (fresh credentials), without counting a retry.
    Replay,
    /// Retry after a wait, if the decide step allows it.
    Retry(Error),
    /// Stop with this error.
    Stop(Error),
}

impl<V: Vendor> Transport<V> {
    pub(super) async fn run(
        &self,
        request: &Request,
        deadline: Option<Instant>,
        progress: &Progress,
        decode: &mut (dyn FnMut(Payload) -> Result<()> + Send),
    ) -> Result<()> {
        let policy = request.options.retry.as_ref().unwrap_or(&self.inner.retry);
        let max_bytes = request
            .options
            .max_response_bytes
            .unwrap_or(self.inner.max_response_bytes);
        let mut state = LoopState {
            started: Instant::now(),
            attempt: 0,
            retries: 0,
            replayed_for_token: false,
        };
        loop {
            state.attempt = state.attempt.saturating_add(1);
            let mut out = OutgoingRequest::for_attempt(request, state.attempt);
            let failure = match self.attempt(&mut out, max_bytes, progress).await {
                Ok(payload) => match decode(payload) {
                    Ok(()) => {
                        self.inner.budget.deposit();
                        return Ok(());
                    }
                    Err(error) => Failure {
                        error,
                        stage: Stage::Exchange,
                        reached: true,
                    },
                },
                Err(failure) => failure,
            };
            let error = self.finish_error(failure.error, request, progress);
            let error = match self.classify(
                error,
                failure.stage,
                failure.reached,
                &out,
                request,
                &mut state,
            ) {
                Step::Replay => continue,
                Step::Stop(error) => return Err(error),
                Step::Retry(error) => error,
            };
            let delay = match self.decide(error, policy, &mut state, deadline) {
                Ok(delay) => delay,
                Err(error) => return Err(error),
            };
            tokio::time::sleep(delay).await;
        }
    }

    /// Adds what every error of this call carries, and drops the body of a response that may
    /// hold credentials.
    fn finish_error(&self, error: Error, request: &Request, progress: &Progress) -> Error {
        let error = error
            .or_operation(request.operation)
            .with_attempts(progress.reached());
        if request.secret_response {
            error.without_body()
        } else {
            error
        }
    }

    /// Step 1: what kind of failure is this?
    fn classify(
        &self,
        error: Error,
        stage: Stage,
        reached: bool,
        out: &OutgoingRequest,
        request: &Request,
        state: &mut LoopState,
    ) -> Step {
        // Credentials could not be obtained: the token fetch behind `authorize` has made its own
        // attempts, so retrying here would multiply them.
        if stage == Stage::Authorize {
            return Step::Stop(error);
        }
        let vendor = &self.inner.vendor;
        if !state.replayed_for_token && vendor.is_token_error(&error) {
            // Invalidate first, whatever happens next: the token is stale for every later call.
            vendor.invalidate_credentials(out.credential_generation);
            if !request.body.is_replayable() {
                return Step::Stop(error.with_retry_note(retry::NOT_REPLAYABLE));
            }
            if request.single_use && reached {
                return Step::Stop(error.with_retry_note(retry::SINGLE_USE_SPENT));
            }
            state.replayed_for_token = true;
            metrics::retrying(vendor.name(), request.operation, "stale_token");
            self.inner.events.replaying_with_fresh_credentials();
            return Step::Replay;
        }
        let traits = RequestTraits {
            safe_to_repeat: request.safe_to_repeat,
            replayable: request.body.is_replayable(),
            single_use: request.single_use,
        };
        match retry::classify(&error, traits, reached) {
            Decision::Retry => Step::Retry(error),
            Decision::Stop(None) => Step::Stop(error),
            Decision::Stop(Some(note)) => Step::Stop(error.with_retry_note(note)),
        }
    }

    /// Step 2: may we wait, and how long? Every refusal keeps the error.
    fn decide(
        &self,
        error: Error,
        policy: &RetryPolicy,
        state: &mut LoopState,
        deadline: Option<Instant>,
    ) -> std::result::Result<Duration, Error> {
        state.retries = state.retries.saturating_add(1);
        if state.retries >= policy.max_attempts {
            return Err(error);
        }
        let delay = match error.retry_after() {
            Some(after) if after > policy.max_retry_after => {
                return Err(error.with_retry_note(RETRY_AFTER_TOO_LONG));
            }
            Some(after) => after,
            None => policy.backoff.delay(state.retries.saturating_sub(1)),
        };
        if let Some(max) = policy.max_elapsed {
            let ends = state.started.elapsed().checked_add(delay);
            if ends.is_none_or(|t| t > max) {
                return Err(error.with_retry_note(PAST_MAX_ELAPSED));
            }
        }
        if let Some(deadline) = deadline {
            let ends = Instant::now().checked_add(delay);
            if ends.is_none_or(|t| t >= deadline) {
                return Err(error.with_retry_note(WAIT_DOES_NOT_FIT));
            }
        }
        if !self.inner.budget.try_withdraw(&error) {
            return Err(error.with_retry_note(retry::BUDGET_EXHAUSTED));
        }
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        metrics::retrying(
            self.inner.vendor.name(),
            error.operation().unwrap_or_default(),
            metrics::retry_reason(&error),
        );
        self.inner.events.retrying(state.attempt, delay_ms, &error);
        Ok(delay)
    }
}
