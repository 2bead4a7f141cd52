//! [`SandboxBuilder`]: the settings of a [`Sandbox`], and starting it.

use std::time::Duration;

use client_core::sandbox::Method;
use client_core::sandbox::Sandbox as Base;
use secrecy::SecretString;
use serde_json::Value;

use super::clue_routes::{clue_get, clue_list, follow_up_list};
use super::responses::ok;
use super::signature_check::check_signature;
use super::state::default_state;
use super::{APP_ID, APP_KEY, DEFAULT_MAX_SKEW, Sandbox};

/// Configures a [`Sandbox`].
#[derive(Debug)]
pub struct SandboxBuilder {
    app_id: String,
    app_key: String,
    max_skew: Duration,
    extra_clues: Vec<Value>,
    extra_follow_ups: Vec<(i64, Value)>,
}

impl Default for SandboxBuilder {
    /// The default credentials ([`APP_ID`], [`APP_KEY`]), skew and data.
    fn default() -> Self {
        Self {
            app_id: APP_ID.to_owned(),
            app_key: APP_KEY.to_owned(),
            max_skew: DEFAULT_MAX_SKEW,
            extra_clues: Vec::new(),
            extra_follow_ups: Vec::new(),
        }
    }
}

impl SandboxBuilder {
    /// The appId and appKey the sandbox accepts (default [`APP_ID`], [`APP_KEY`]).
    pub fn credentials(mut self, app_id: impl Into<String>, app_key: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self.app_key = app_key.into();
        self
    }

    /// How far a `timestamp` may be from the sandbox's clock (default [`DEFAULT_MAX_SKEW`]).
    pub fn max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Adds a clue (the JSON of `clue/get`'s `data`; it needs `customerId` and `createTime`).
    pub fn clue(mut self, clue: Value) -> Self {
        self.extra_clues.push(clue);
        self
    }

    /// Adds a follow-up record (`{id, type, content, createTime, operator}`) to a clue.
    pub fn follow_up(mut self, customer_id: i64, record: Value) -> Self {
        self.extra_follow_ups.push((customer_id, record));
        self
    }

    /// Starts the server on a random loopback port.
    pub fn start(self) -> client_core::Result<Sandbox> {
        let mut state = default_state(
            self.app_id.clone(),
            SecretString::from(self.app_key.clone()),
        )?;
        state.max_skew = self.max_skew;
        state.clues.extend(self.extra_clues);
        for (customer, record) in self.extra_follow_ups {
            state.follow_ups.entry(customer).or_default().push(record);
        }
        let inner = Base::builder(state)
            .name("tanma-clue")
            .credentials(check_signature)
            .route(Method::POST, "/api/v3/clue/get", clue_get)
            .route(
                Method::POST,
                "/api/v3/clue/list-by-create-time-asc",
                clue_list,
            )
            .route(Method::POST, "/api/v3/clue/list-follow-up", follow_up_list)
            .route(Method::POST, "/api/v2/customer/list-fields", |_, state| {
                ok(state.fields.clone())
            })
            .start()?;
        Ok(Sandbox {
            inner,
            app_id: self.app_id,
            app_key: self.app_key,
        })
    }
}
