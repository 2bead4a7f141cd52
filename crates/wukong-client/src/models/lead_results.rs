//! Reading a batch import answer's per-lead part into one [`LeadOutcome`] per lead.
//!
//! `wukong.md` gives no response for §2.3 (`~~返回结果示例~~`), and the fixture's answer is only
//! `{"code": 0, "msg": "success"}`. In the spirit of the tolerant envelope, the client reads the
//! answer's `data` (or the whole body when there is no `data`) in any of these shapes:
//!
//! * **a result list** — an array (bare, or under `results`/`result`/`list`/`items`/`details`/
//!   `records`) of one entry per lead. An entry says its outcome by a boolean
//!   (`success`/`ok`/`succeed`/`succeeded`/`imported`), a code (`code`/`errcode`/`err_code`/
//!   `error_code`, success as in the envelope) or a word (`status`/`state`/`result`:
//!   `success`/`ok`/… or `fail`/`error`/`duplicate`/…), or is a bare boolean or word. Its lead is the one
//!   named by `index`/`idx` (0-based within the chunk) or by a contact field
//!   (`mobile`/`email`/`wechat`/`qq`); without either, entries are taken by position when the list
//!   has one entry per lead. An entry with none of these signals (an echo of the lead) takes the
//!   chunk's outcome; one with a signal the client does not know is unknown. A lead the list does
//!   not cover is unknown.
//! * **split lists** — `success`/`succeeded`/`success_list`/`accepted`/`imported` and
//!   `fail`/`failed`/`failure`/`fail_list`/`failed_list`/`errors`/`error_list`/`rejected`, whose
//!   entries name their lead as above, or are a bare contact value or index. A lead named in
//!   neither list takes the other side's outcome only when the chunk's code agrees (only a failure
//!   list under a success code: the rest were accepted; only a success list under an error code:
//!   the rest were rejected); otherwise it is unknown.
//! * **counts** — `success_count`/`succ_count`/`success_num` and `fail_count`/`failed_count`/
//!   `fail_num`/`error_count`: all-or-nothing counts decide every lead; anything in between leaves
//!   them unknown (the answer does not say which).
//!
//! The reason of a refusal is the entry's `msg`/`errmsg`/`message`/`err_msg`/`reason`/`error`/
//! `error_msg`/`fail_reason`, else the chunk's message. An entry that names no lead of the chunk
//! makes every lead the answer does not name unknown. An answer in none of these shapes leaves
//! every lead with the chunk's outcome.

use client_core::code::VendorCode;
use serde_json::{Map, Value};

use super::LeadOutcome;
use super::generated::PotentialImport;
use crate::codes::is_success_code;

const RESULT_KEYS: &[&str] = &["results", "result", "list", "items", "details", "records"];
const SUCCESS_LIST_KEYS: &[&str] = &[
    "success",
    "succeeded",
    "success_list",
    "accepted",
    "imported",
];
const FAILURE_LIST_KEYS: &[&str] = &[
    "fail",
    "failed",
    "failure",
    "fail_list",
    "failed_list",
    "errors",
    "error_list",
    "rejected",
];
const SUCCESS_COUNT_KEYS: &[&str] = &["success_count", "succ_count", "success_num"];
const FAILURE_COUNT_KEYS: &[&str] = &["fail_count", "failed_count", "fail_num", "error_count"];
const FLAG_KEYS: &[&str] = &["success", "ok", "succeed", "succeeded", "imported"];
const CODE_KEYS: &[&str] = &["code", "errcode", "err_code", "error_code"];
const WORD_KEYS: &[&str] = &["status", "state", "result"];
const SUCCESS_WORDS: &[&str] = &["success", "succeeded", "ok", "imported", "done"];
const FAILURE_WORDS: &[&str] = &[
    "fail",
    "failed",
    "failure",
    "error",
    "rejected",
    "duplicate",
    "exists",
    "invalid",
];
const REASON_KEYS: &[&str] = &[
    "msg",
    "errmsg",
    "message",
    "err_msg",
    "reason",
    "error",
    "error_msg",
    "fail_reason",
];
const INDEX_KEYS: &[&str] = &["index", "idx"];
const CONTACT_KEYS: &[&str] = &["mobile", "email", "wechat", "qq"];
/// How deep `data`/`result` wrappers are followed (an error body's `data`, then a `result`).
const MAX_WRAPPERS: usize = 3;

/// One outcome per lead of `chunk`, read from the chunk's `answer` (its `data`, or the whole body
/// without one). `overall` is the chunk's outcome from its code: [`LeadOutcome::Accepted`] or a
/// [`LeadOutcome::Rejected`] with the chunk's code and message.
pub(crate) fn lead_outcomes(
    answer: &Value,
    chunk: &[PotentialImport],
    overall: &LeadOutcome,
) -> Vec<LeadOutcome> {
    let mut reading = Reading {
        chunk,
        found: vec![None; chunk.len()],
        unattributed: false,
    };
    let rest = reading.read(per_lead_part(answer), overall);
    reading
        .found
        .into_iter()
        .map(|o| o.unwrap_or_else(|| rest.clone()))
        .collect()
}

/// Follows `data`/`result` wrappers (`{"data": {...}}`, `{"data": [...]}`) down to the
/// per-lead part.
fn per_lead_part(mut answer: &Value) -> &Value {
    for _ in 0..MAX_WRAPPERS {
        let Value::Object(map) = answer else { break };
        if has_per_lead_part(map) {
            break;
        }
        let inner = ["data", "result"]
            .iter()
            .filter_map(|k| map.get(*k))
            .find(|v| v.is_object() || v.is_array());
        match inner {
            Some(inner) => answer = inner,
            None => break,
        }
    }
    answer
}

fn has_per_lead_part(map: &Map<String, Value>) -> bool {
    [
        RESULT_KEYS,
        SUCCESS_LIST_KEYS,
        FAILURE_LIST_KEYS,
        SUCCESS_COUNT_KEYS,
        FAILURE_COUNT_KEYS,
    ]
    .iter()
    .flat_map(|keys| keys.iter())
    .any(|k| {
        map.get(*k)
            .is_some_and(|v| v.is_array() || count_of(v).is_some())
    })
}

struct Reading<'a> {
    chunk: &'a [PotentialImport],
    /// What the answer says of each lead.
    found: Vec<Option<LeadOutcome>>,
    /// Whether some entry named no lead of the chunk.
    unattributed: bool,
}

impl Reading<'_> {
    /// Reads the per-lead part; returns the outcome of the leads it does not name.
    fn read(&mut self, answer: &Value, overall: &LeadOutcome) -> LeadOutcome {
        let map = match answer {
            Value::Array(entries) => return self.results(entries, overall),
            Value::Object(map) => map,
            _ => return overall.clone(),
        };
        if let Some(entries) = first_array(map, RESULT_KEYS) {
            return self.results(entries, overall);
        }
        let successes = first_array(map, SUCCESS_LIST_KEYS);
        let failures = first_array(map, FAILURE_LIST_KEYS);
        if successes.is_some() || failures.is_some() {
            return self.split(successes, failures, overall);
        }
        let succeeded = first_count(map, SUCCESS_COUNT_KEYS);
        let failed = first_count(map, FAILURE_COUNT_KEYS);
        if succeeded.is_some() || failed.is_some() {
            return counts(self.chunk.len(), succeeded, failed, overall);
        }
        overall.clone()
    }

    /// A result list: one entry per lead, each with its own outcome.
    fn results(&mut self, entries: &[Value], overall: &LeadOutcome) -> LeadOutcome {
        let by_position = entries.len() == self.chunk.len();
        for (position, entry) in entries.iter().enumerate() {
            let lead = self.locate(entry).or(by_position.then_some(position));
            self.record(lead, entry_outcome(entry, overall));
        }
        LeadOutcome::Unknown
    }

    /// Split lists of accepted and refused leads.
    fn split(
        &mut self,
        successes: Option<&Vec<Value>>,
        failures: Option<&Vec<Value>>,
        overall: &LeadOutcome,
    ) -> LeadOutcome {
        for entry in successes.into_iter().flatten() {
            let lead = self.locate(entry);
            self.record(lead, LeadOutcome::Accepted);
        }
        for entry in failures.into_iter().flatten() {
            let lead = self.locate(entry);
            // In a failure list, whatever the entry says besides: refused.
            let code = match signal(entry) {
                Some(Signal::Refused(code)) => code,
                _ => None,
            };
            self.record(lead, rejection(entry, code, overall));
        }
        if self.unattributed {
            return LeadOutcome::Unknown;
        }
        match (successes.is_some(), failures.is_some(), overall) {
            (false, true, LeadOutcome::Accepted) => LeadOutcome::Accepted,
            (true, false, rejected @ LeadOutcome::Rejected { .. }) => rejected.clone(),
            _ => LeadOutcome::Unknown,
        }
    }

    fn record(&mut self, lead: Option<usize>, outcome: LeadOutcome) {
        match lead.and_then(|i| self.found.get_mut(i)) {
            None => self.unattributed = true,
            Some(slot @ None) => *slot = Some(outcome),
            // Two different answers for one lead: it is not known which holds.
            Some(Some(earlier)) if *earlier != outcome => *earlier = LeadOutcome::Unknown,
            Some(Some(_)) => {}
        }
    }

    /// The lead an entry names: by `index`, by a contact field, or a bare contact value/index.
    fn locate(&self, entry: &Value) -> Option<usize> {
        match entry {
            Value::Object(map) => {
                if let Some(index) = INDEX_KEYS
                    .iter()
                    .find_map(|k| map.get(*k).and_then(count_of))
                {
                    return usize::try_from(index)
                        .ok()
                        .filter(|i| *i < self.chunk.len());
                }
                CONTACT_KEYS.iter().find_map(|key| {
                    let value = text_of(map.get(*key)?)?;
                    self.by_contact(Some(key), &value)
                })
            }
            Value::String(s) => self.by_contact(None, s.trim()),
            Value::Number(n) => {
                let text = n.to_string();
                self.by_contact(None, &text).or_else(|| {
                    n.as_u64()
                        .and_then(|i| usize::try_from(i).ok())
                        .filter(|i| *i < self.chunk.len())
                })
            }
            _ => None,
        }
    }

    /// The first lead whose contact `field` (any contact field when `None`) is `value`.
    fn by_contact(&self, field: Option<&str>, value: &str) -> Option<usize> {
        if value.is_empty() {
            return None;
        }
        self.chunk.iter().position(|lead| {
            let fields = [
                ("mobile", &lead.mobile),
                ("email", &lead.email),
                ("wechat", &lead.wechat),
                ("qq", &lead.qq),
            ];
            fields.iter().any(|(name, v)| {
                field.is_none_or(|f| f == *name) && v.as_deref().map(str::trim) == Some(value)
            })
        })
    }
}

/// What an entry says of its lead's outcome.
enum Signal {
    Accepted,
    /// Refused, with the entry's own code if it gave one.
    Refused(Option<VendorCode>),
    /// It says something, but nothing the client understands.
    Unrecognised,
}

/// An entry's signal: a bare boolean or word, a flag, a code or a status word; `None` when it
/// carries none.
fn signal(entry: &Value) -> Option<Signal> {
    let map = match entry {
        Value::Bool(true) => return Some(Signal::Accepted),
        Value::Bool(false) => return Some(Signal::Refused(None)),
        Value::String(word) => return Some(word_signal(word)),
        Value::Object(map) => map,
        _ => return None,
    };
    if let Some(ok) = FLAG_KEYS
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_bool))
    {
        return Some(if ok {
            Signal::Accepted
        } else {
            Signal::Refused(None)
        });
    }
    if let Some(code) = CODE_KEYS.iter().find_map(|k| map.get(*k).and_then(code_of)) {
        return Some(if is_success_code(&code) {
            Signal::Accepted
        } else {
            Signal::Refused(Some(code))
        });
    }
    WORD_KEYS
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .map(word_signal)
}

fn word_signal(word: &str) -> Signal {
    let word = word.trim().to_ascii_lowercase();
    if SUCCESS_WORDS.contains(&word.as_str()) {
        Signal::Accepted
    } else if FAILURE_WORDS.contains(&word.as_str()) {
        Signal::Refused(None)
    } else {
        Signal::Unrecognised
    }
}

/// A result-list entry's outcome. An entry that carries no signal (an echo of the lead, say)
/// takes the chunk's outcome; one whose signal the client does not understand is unknown.
fn entry_outcome(entry: &Value, overall: &LeadOutcome) -> LeadOutcome {
    match signal(entry) {
        Some(Signal::Accepted) => LeadOutcome::Accepted,
        Some(Signal::Refused(code)) => rejection(entry, code, overall),
        Some(Signal::Unrecognised) => LeadOutcome::Unknown,
        None => match overall {
            LeadOutcome::Rejected { .. } => rejection(entry, None, overall),
            other => other.clone(),
        },
    }
}

/// A refusal with the entry's code and reason, else the chunk's.
fn rejection(entry: &Value, code: Option<VendorCode>, overall: &LeadOutcome) -> LeadOutcome {
    let (chunk_code, chunk_reason) = match overall {
        LeadOutcome::Rejected { code, reason } => (code.clone(), reason.clone()),
        _ => (None, None),
    };
    let own_code = code.or_else(|| {
        entry.as_object().and_then(|map| {
            CODE_KEYS
                .iter()
                .find_map(|k| map.get(*k).and_then(code_of))
                .filter(|c| !is_success_code(c))
        })
    });
    let own_reason = entry.as_object().and_then(|map| {
        REASON_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
    });
    LeadOutcome::Rejected {
        code: own_code.or(chunk_code),
        reason: own_reason.or(chunk_reason),
    }
}

/// Every lead decided by counts, when they leave no doubt.
fn counts(
    leads: usize,
    succeeded: Option<u64>,
    failed: Option<u64>,
    overall: &LeadOutcome,
) -> LeadOutcome {
    let all = u64::try_from(leads).unwrap_or(u64::MAX);
    let none_failed = failed == Some(0) && succeeded.is_none_or(|s| s == all);
    let all_succeeded = succeeded == Some(all) && failed.is_none_or(|f| f == 0);
    let none_succeeded = succeeded == Some(0) && failed.is_none_or(|f| f == all);
    let all_failed = failed == Some(all) && succeeded.is_none_or(|s| s == 0);
    if none_failed || all_succeeded {
        LeadOutcome::Accepted
    } else if none_succeeded || all_failed {
        rejection(&Value::Null, None, overall)
    } else {
        LeadOutcome::Unknown
    }
}

fn first_array<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Vec<Value>> {
    keys.iter()
        .find_map(|k| map.get(*k).and_then(Value::as_array))
}

fn first_count(map: &Map<String, Value>, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| map.get(*k).and_then(count_of))
}

/// A non-negative integer from a JSON number or a numeric string.
fn count_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A code from a JSON number or a non-blank string.
fn code_of(value: &Value) -> Option<VendorCode> {
    match value {
        Value::Number(n) => Some(VendorCode::new(&n.to_string())),
        Value::String(s) if !s.trim().is_empty() => Some(VendorCode::new(s)),
        _ => None,
    }
}

/// A contact value from a JSON string or number.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
