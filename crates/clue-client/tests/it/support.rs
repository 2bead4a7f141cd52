//! Shared test setup: a client on a mock server with a stopped clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use client_core::backoff::Backoff;
use client_core::clock::{Clock, ManualClock};
use client_core::retry::RetryPolicy;
use clue_client::{Client, ClientBuilder};
use httpmock::MockServer;

pub const APP_ID: &str = "app-1";
pub const APP_KEY: &str = "key-1";
/// 2024-05-20T08:00:00Z in milliseconds.
pub const TS: &str = "1716192000000";

pub const CLUE_GET: &str = include_str!("../../fixtures/clue_get.response.json");
pub const CLUE_LIST: &str =
    include_str!("../../fixtures/clue_list_by_create_time_asc.response.json");
pub const FOLLOW_UPS: &str = include_str!("../../fixtures/clue_list_follow_up.response.json");
pub const FIELDS: &str = include_str!("../../fixtures/customer_list_fields.response.json");

pub fn start() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(1_716_192_000_000).unwrap()
}

/// Fast retries, so retry tests take milliseconds.
pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .credentials(APP_ID, APP_KEY)
        .clock(ManualClock::new(start()))
        .retry_policy(fast_retries(3))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// A clock that moves one second forward every time it is read.
#[derive(Debug, Clone)]
pub struct TickingClock(Arc<Mutex<DateTime<Utc>>>);

impl TickingClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(start)))
    }
}

impl Clock for TickingClock {
    fn now(&self) -> DateTime<Utc> {
        let mut now = self.0.lock().unwrap();
        let current = *now;
        *now = current + TimeDelta::seconds(1);
        current
    }
}
