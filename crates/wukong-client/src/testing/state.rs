//! [`State`]: what the sandbox holds (codes, tokens, leads) and how it issues them.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use client_core::clock::Clock;
use serde_json::{Value, json};

use super::SandboxLead;

/// The sandbox's state (opaque; use [`Sandbox`](super::Sandbox)'s methods).
pub struct State {
    pub(super) appid: String,
    pub(super) appsecret: String,
    pub(super) code_lifetime: TimeDelta,
    pub(super) access_lifetime: TimeDelta,
    pub(super) refresh_lifetime: TimeDelta,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) issued: u64,
    pub(super) codes: HashMap<String, DateTime<Utc>>,
    pub(super) access: HashMap<String, DateTime<Utc>>,
    pub(super) refresh: HashMap<String, DateTime<Utc>>,
    pub(super) last_redirect: Option<String>,
    pub(super) code_in_json: bool,
    pub(super) leads: Vec<SandboxLead>,
    pub(super) reject_next_import: Option<(i64, String)>,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("codes", &self.codes.len())
            .field("access", &self.access.len())
            .field("refresh", &self.refresh.len())
            .field("leads", &self.leads.len())
            .finish_non_exhaustive()
    }
}

impl State {
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(super) fn next(&mut self, prefix: &str) -> String {
        self.issued += 1;
        format!(
            "{prefix}-{}-{:08x}",
            self.issued,
            fastish_hash(self.issued, self.now())
        )
    }

    pub(super) fn new_code(&mut self) -> String {
        let code = self.next("sbx-code");
        let expires = self.now() + self.code_lifetime;
        self.codes.insert(code.clone(), expires);
        code
    }

    pub(super) fn issue_tokens(&mut self) -> Value {
        let access = self.next("sbx-at");
        let refresh = self.next("sbx-rt");
        let now = self.now();
        self.access
            .insert(access.clone(), now + self.access_lifetime);
        self.refresh
            .insert(refresh.clone(), now + self.refresh_lifetime);
        // The bare shape of `fixtures/oauth_token.response.json`.
        json!({
            "access_token": access,
            "expires_in": self.access_lifetime.num_seconds(),
            "refresh_token": refresh,
        })
    }

    pub(super) fn seed(&mut self) {
        let day = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2024, 5, d)
                .and_then(|x| x.and_hms_opt(h, 0, 0))
                .map(|x| x.and_utc())
                .unwrap_or_default()
        };
        let seeded = [
            (
                "10086",
                "张三",
                Some("13800138000"),
                None,
                Some("zhangsan_wx"),
                day(1, 2),
            ),
            (
                "10086",
                "李四",
                None,
                Some("lisi@example.com"),
                None,
                day(10, 3),
            ),
            ("10010", "王五", Some("13900139000"), None, None, day(20, 4)),
        ];
        for (uid, name, mobile, email, wechat, created) in seeded {
            self.issued += 1;
            self.leads.push(SandboxLead {
                id: self.issued,
                wk_uid: Some(uid.to_owned()),
                company_id: Some("1".to_owned()),
                name: Some(name.to_owned()),
                mobile: mobile.map(str::to_owned),
                email: email.map(str::to_owned),
                wechat: wechat.map(str::to_owned),
                qq: None,
                created,
                found_by_wukong: true,
            });
        }
    }
}

/// A cheap, non-cryptographic mix so issued values do not look sequential.
fn fastish_hash(n: u64, now: DateTime<Utc>) -> u32 {
    let mut x = n
        ^ (now.timestamp_nanos_opt().unwrap_or_default() as u64).rotate_left(17)
        ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x & 0xffff_ffff) as u32
}
