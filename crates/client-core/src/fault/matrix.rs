//! The fault matrix: every fault of [`cases`] against each operation (column) a vendor test
//! declares, each cell checked against the same invariants, rendered as a Markdown table.
//!
//! Invariants of every cell (a cell that breaks one fails the test, unless it is listed in
//! [`super::known_defects::KNOWN_DEFECTS`]):
//!
//! 1. the call ends, `Ok` or `Err`, within the operation timeout plus [`SLACK`];
//! 2. nothing panics, on any thread of the test or the server;
//! 3. an `Ok` result equals the fault-free run's result (no silently wrong data);
//! 4. a write is applied at most once; a request spending a single-use credential is sent at
//!    most once;
//! 5. nothing carrying a credential reaches the other origin;
//! 6. the canary secret is in no error (`Display`, `Debug`, each `source()`) and no log line
//!    at any level (TRACE included);
//! 7. the server receives at most the column's stated number of requests.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;

use super::arrival::Origin;
use super::capture::LogCapture;
use super::faults::{Fault, RetryAfter};
use super::known_defects::{KNOWN_DEFECTS, KnownDefect};
use super::panics::{install_panic_recorder, recorded_panics};
use super::responder::Responder;
use super::rule::Rule;
use super::server::FaultServer;
use super::wire::WireResponse;
use crate::error::{Error, Result};

/// How much longer than its operation timeout a call may take.
pub const SLACK: Duration = Duration::from_millis(500);
/// The operation timeout the matrix clients use.
pub const OPERATION_TIMEOUT: Duration = Duration::from_millis(2000);
/// The environment variable that makes a matrix test rewrite its table in the document.
pub const UPDATE_ENV: &str = "UPDATE_RELIABILITY";
/// The environment variable that makes a matrix test run the known-defect cells too (they are
/// reported, not failed), to see which ones a fix has emptied.
pub const RUN_KNOWN_ENV: &str = "FAULT_MATRIX_RUN_KNOWN";

/// One operation of a vendor: a column of its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name in the table: `read`, `write`, `stream`, `token refresh`.
    pub name: &'static str,
    /// The method of the requests the faults target.
    pub method: &'static str,
    /// The path of the requests the faults target (for the token column: the token endpoint).
    pub path: &'static str,
    /// Whether it is a write (checked: applied at most once).
    pub write: bool,
    /// Whether it pages (the token-revoked fault hits its second request).
    pub stream: bool,
    /// Whether its target request spends a single-use credential (a refresh token, an
    /// authorization code): checked sent at most once, whatever the answer.
    pub single_use: bool,
    /// The most requests one call of it may send (token requests included).
    pub max_requests: usize,
}

/// A vendor's token endpoint and its answers, for the token faults.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    /// Its method.
    pub method: &'static str,
    /// Its path.
    pub path: &'static str,
    /// A well-formed answer whose token has already expired.
    pub expired: WireResponse,
    /// What a data endpoint answers to a token that was revoked.
    pub revoked: WireResponse,
}

/// What one cell of the matrix gives the vendor test.
#[derive(Debug)]
pub struct CellContext<'a> {
    /// The column being run.
    pub column: &'a Column,
    /// The fault server's main origin: the client's base URL.
    pub base_url: &'a str,
    /// The operation timeout to configure.
    pub timeout: Duration,
    /// The canary secret to use as every credential the vendor has.
    pub canary: &'a str,
}

/// A vendor under the matrix.
pub trait MatrixVendor: Sync {
    /// What must live while a cell runs (the vendor's sandbox).
    type Upstream: Send + Sync;

    /// The vendor's name (its table heading and known-defect key).
    fn name(&self) -> &'static str;

    /// Its columns, in table order.
    fn columns(&self) -> Vec<Column>;

    /// Its token endpoint, if it has tokens.
    fn token(&self) -> Option<TokenEndpoint>;

    /// Query, form, JSON or header names that carry a credential (lower-case).
    fn credential_names(&self) -> Vec<&'static str>;

    /// Starts a fresh upstream for one cell, returning it and the responder that reaches it
    /// (typically [`Responder::forward_to`] its base URL; where the upstream cannot be told
    /// the canary, [`Responder::replacing`] swaps it for the upstream's own secret).
    fn start_upstream(&self, canary: &str) -> Result<(Self::Upstream, Responder)>;

    /// Runs the column's operation once with a fresh client configured from `cell`, returning
    /// a short summary of the decoded result (compared with the fault-free run's).
    fn run<'a>(
        &'a self,
        upstream: &'a Self::Upstream,
        cell: &'a CellContext<'a>,
    ) -> BoxFuture<'a, Result<String>>;
}

/// One row of the matrix: a fault and how it is scripted for a column.
#[derive(Debug, Clone)]
pub struct Case {
    /// The row's name.
    pub name: &'static str,
    script: Script,
}

#[derive(Debug, Clone)]
enum Script {
    /// No fault: the baseline.
    None,
    /// `fault` on the first request of the column's method and path.
    First(Fault),
    /// `fault` on every request to the token endpoint (n/a without one).
    Token(TokenFault),
    /// The revoked-token answer on the column's second request if it streams, else its first.
    Revoked,
}

#[derive(Debug, Clone, Copy)]
enum TokenFault {
    Down,
    Garbage,
    Expired,
}

/// The rows every vendor runs, in table order.
pub fn cases() -> Vec<Case> {
    let first = |name, fault| Case {
        name,
        script: Script::First(fault),
    };
    let retry_after = |status, after| Fault::RetryAfter { status, after };
    vec![
        Case {
            name: "none",
            script: Script::None,
        },
        first("reset before the status line", Fault::ResetBeforeStatus),
        first("reset after the headers", Fault::ResetAfterHeaders),
        first("reset mid-body", Fault::ResetMidBody),
        first(
            "Content-Length longer than the body",
            Fault::ContentLengthLonger { extra: 1024 },
        ),
        first(
            "headers never finish (slow loris)",
            Fault::SlowLorisHeaders { every_ms: 100 },
        ),
        first("body stalls", Fault::StallBody),
        first("HTML 200", Fault::Html200),
        first(
            "302 to another origin",
            Fault::RedirectToOtherOrigin { status: 302 },
        ),
        first(
            "307 to another origin",
            Fault::RedirectToOtherOrigin { status: 307 },
        ),
        first(
            "429, Retry-After: 1",
            retry_after(429, RetryAfter::Seconds(1)),
        ),
        first(
            "503, Retry-After: HTTP date (+1 s)",
            retry_after(503, RetryAfter::HttpDateIn(1)),
        ),
        first(
            "429, Retry-After: 20 (beyond the deadline)",
            retry_after(429, RetryAfter::Seconds(20)),
        ),
        first(
            "429, Retry-After: 18446744073709551615",
            retry_after(429, RetryAfter::Raw(u64::MAX.to_string())),
        ),
        first(
            "503, Retry-After: -5",
            retry_after(503, RetryAfter::Raw("-5".to_owned())),
        ),
        first(
            "429, Retry-After: garbage",
            retry_after(429, RetryAfter::Raw("soon, maybe".to_owned())),
        ),
        first("500 after the write was applied", Fault::AppliedThen500),
        first(
            "300 MiB body",
            Fault::HugeBody {
                bytes: 300 * 1024 * 1024,
            },
        ),
        first(
            "300 MiB chunked body, no length",
            Fault::HugeChunkedBody {
                bytes: 300 * 1024 * 1024,
            },
        ),
        first(
            "4 MiB of headers",
            Fault::HugeHeaders {
                bytes: 4 * 1024 * 1024,
            },
        ),
        first("invalid UTF-8", Fault::InvalidUtf8),
        first(
            "JSON nested 100,000 deep",
            Fault::DeepJson { depth: 100_000 },
        ),
        Case {
            name: "token endpoint down (503)",
            script: Script::Token(TokenFault::Down),
        },
        Case {
            name: "token endpoint answers garbage",
            script: Script::Token(TokenFault::Garbage),
        },
        Case {
            name: "token endpoint answers an expired token",
            script: Script::Token(TokenFault::Expired),
        },
        Case {
            name: "token revoked mid-stream",
            script: Script::Revoked,
        },
    ]
}

impl Case {
    /// The rules for `column`, or `None` where the case does not apply.
    fn rules(
        &self,
        column: &Column,
        token: Option<&TokenEndpoint>,
        canary: &str,
    ) -> Option<Vec<Rule>> {
        let first = |fault: Fault| {
            Rule::path(column.path, fault)
                .on_method(column.method)
                .nth(1)
        };
        match &self.script {
            Script::None => Some(Vec::new()),
            Script::First(fault) => Some(vec![first(fault.clone())]),
            Script::Token(kind) => {
                let token = token?;
                let fault = match kind {
                    TokenFault::Down => Fault::RetryAfter {
                        status: 503,
                        after: RetryAfter::Seconds(0),
                    },
                    // A changed format around a fresh token: the token must not reach any text.
                    TokenFault::Garbage => Fault::Respond(WireResponse::json(
                        200,
                        format!("{{\"tok\u{0}en\": \"{canary}\", \"expires\": [1, 2,, garbage"),
                    )),
                    TokenFault::Expired => Fault::Respond(token.expired.clone()),
                };
                Some(vec![Rule::path(token.path, fault).on_method(token.method)])
            }
            Script::Revoked => {
                let token = token?;
                if column.path == token.path {
                    return None;
                }
                let nth = if column.stream { 2 } else { 1 };
                Some(vec![
                    Rule::path(column.path, Fault::Respond(token.revoked.clone()))
                        .on_method(column.method)
                        .nth(nth),
                ])
            }
        }
    }
}

/// The outcome of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The case does not apply to the column.
    NotApplicable,
    /// Not run: a known defect.
    Skipped(&'static KnownDefect),
    /// Run: `ok` or the error's kind and status; and what it broke.
    Ran {
        /// `ok`, or e.g. `Timeout`, `Api 503`.
        result: String,
        /// The invariants it broke (empty: all held).
        violations: Vec<String>,
        /// The known defect it is listed under, when run anyway.
        known: Option<&'static KnownDefect>,
    },
}

impl Outcome {
    fn cell_text(&self) -> String {
        match self {
            Self::NotApplicable => "n/a".to_owned(),
            Self::Skipped(defect) => format!("known defect, issue 13 point {}", defect.point),
            // Run anyway (RUN_KNOWN_ENV): the table stays as committed.
            Self::Ran {
                known: Some(defect),
                ..
            } => format!("known defect, issue 13 point {}", defect.point),
            Self::Ran { result, .. } => result.clone(),
        }
    }
}

/// The result of a matrix run.
#[derive(Debug)]
pub struct Report {
    vendor: &'static str,
    columns: Vec<Column>,
    rows: Vec<(&'static str, Vec<Outcome>)>,
    elapsed: Duration,
}

impl Report {
    /// Every cell that broke an invariant and is not a known defect, as text.
    pub fn failures(&self) -> Vec<String> {
        self.cells()
            .filter_map(|(fault, column, outcome)| match outcome {
                Outcome::Ran {
                    violations,
                    known: None,
                    ..
                } if !violations.is_empty() => Some(format!(
                    "{} × {fault} × {column}: {}",
                    self.vendor,
                    violations.join("; ")
                )),
                _ => None,
            })
            .collect()
    }

    /// Known defects that were run (with [`RUN_KNOWN_ENV`]) and broke nothing: fixed.
    pub fn fixed_known_defects(&self) -> Vec<String> {
        self.cells()
            .filter_map(|(fault, column, outcome)| match outcome {
                Outcome::Ran {
                    violations,
                    known: Some(_),
                    ..
                } if violations.is_empty() => Some(format!("{} × {fault} × {column}", self.vendor)),
                _ => None,
            })
            .collect()
    }

    /// Known defects that were run and still break an invariant, as text.
    pub fn known_failures(&self) -> Vec<String> {
        self.cells()
            .filter_map(|(fault, column, outcome)| match outcome {
                Outcome::Ran {
                    violations,
                    known: Some(_),
                    ..
                } if !violations.is_empty() => Some(format!(
                    "{} × {fault} × {column}: {}",
                    self.vendor,
                    violations.join("; ")
                )),
                _ => None,
            })
            .collect()
    }

    /// How long the run took.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    fn cells(&self) -> impl Iterator<Item = (&'static str, &'static str, &Outcome)> + '_ {
        self.rows.iter().flat_map(move |(fault, outcomes)| {
            self.columns
                .iter()
                .zip(outcomes)
                .map(move |(column, outcome)| (*fault, column.name, outcome))
        })
    }

    /// The vendor's block of `docs/reliability.md`, between its markers.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", begin_marker(self.vendor));
        let _ = writeln!(out, "### {}\n", self.vendor);
        let bounds: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("{} ≤ {}", c.name, c.max_requests))
            .collect();
        let _ = writeln!(
            out,
            "Operation timeout {} ms, deadline slack {} ms; requests per call: {}.\n",
            OPERATION_TIMEOUT.as_millis(),
            SLACK.as_millis(),
            bounds.join(", ")
        );
        let _ = write!(out, "| fault |");
        for column in &self.columns {
            let _ = write!(out, " {} |", column.name);
        }
        let _ = write!(out, "\n|---|");
        for _ in &self.columns {
            let _ = write!(out, "---|");
        }
        out.push('\n');
        for (fault, outcomes) in &self.rows {
            let _ = write!(out, "| {fault} |");
            for outcome in outcomes {
                let _ = write!(out, " {} |", outcome.cell_text());
            }
            out.push('\n');
        }
        let known: Vec<String> = KNOWN_DEFECTS
            .iter()
            .filter(|d| d.vendor == self.vendor)
            .map(|d| {
                format!(
                    "- {} × {}: breaks \"{}\" (issue 13 point {})",
                    d.fault, d.operation, d.invariant, d.point
                )
            })
            .collect();
        if !known.is_empty() {
            let _ = writeln!(out, "\nKnown defects (not run):\n\n{}", known.join("\n"));
        }
        let _ = writeln!(out, "{}", end_marker(self.vendor));
        out
    }
}

fn begin_marker(vendor: &str) -> String {
    format!("<!-- fault-matrix:{vendor}:begin (generated by the {vendor} fault_matrix test) -->")
}

fn end_marker(vendor: &str) -> String {
    format!("<!-- fault-matrix:{vendor}:end -->")
}

/// The known defect listed for this cell, if any.
fn known_defect(vendor: &str, fault: &str, column: &str) -> Option<&'static KnownDefect> {
    KNOWN_DEFECTS.iter().find(|d| {
        d.vendor == vendor && d.fault == fault && (d.operation == column || d.operation == "*")
    })
}

/// The text of `error` as a caller could see it: `Display`, `Debug`, and both for every
/// `source()`.
pub fn error_texts(error: &Error) -> Vec<String> {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        texts.push(format!("{cause:?}"));
        source = cause.source();
    }
    texts
}

/// `ok`, or the error's kind and status.
fn describe(result: &Result<String>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(error) => match error.status() {
            Some(status) => format!("{:?} {}", error.kind(), status.as_u16()),
            None => format!("{:?}", error.kind()),
        },
    }
}

/// Runs the whole matrix for `vendor`, one cell at a time, on the current runtime (which should
/// be a current-thread one, so the log capture sees the tasks the client spawns).
pub async fn run<V: MatrixVendor>(vendor: &V, canary: &str) -> Report {
    run_cases(vendor, canary, cases()).await
}

/// [`run`] with only `cases` (the first should be `none`, the fault-free baseline).
pub async fn run_cases<V: MatrixVendor>(vendor: &V, canary: &str, cases: Vec<Case>) -> Report {
    install_panic_recorder();
    let capture = LogCapture::new();
    let _guard = capture.install();
    let started = Instant::now();
    let columns = vendor.columns();
    let token = vendor.token();
    let run_known = std::env::var_os(RUN_KNOWN_ENV).is_some();
    let me = std::thread::current().name().unwrap_or_default().to_owned();
    let mut baseline: Vec<Option<String>> = vec![None; columns.len()];
    let mut rows = Vec::new();
    for case in cases {
        let mut outcomes = Vec::new();
        for (index, column) in columns.iter().enumerate() {
            let Some(rules) = case.rules(column, token.as_ref(), canary) else {
                outcomes.push(Outcome::NotApplicable);
                continue;
            };
            let known = known_defect(vendor.name(), case.name, column.name);
            if let Some(defect) = known
                && !run_known
            {
                outcomes.push(Outcome::Skipped(defect));
                continue;
            }
            let panics_before = recorded_panics().len();
            capture.take();
            let (result, mut violations) = run_cell(vendor, column, rules, canary).await;
            for line in capture.take() {
                if line.contains(canary) {
                    violations.push(format!(
                        "the canary is in a log line: {}",
                        line.replace(canary, "<CANARY>")
                    ));
                }
            }
            for panic in recorded_panics().into_iter().skip(panics_before) {
                if panic.thread == me
                    || panic.thread.starts_with("fault-")
                    || panic.thread.starts_with("tokio")
                {
                    violations.push(format!(
                        "panicked on {}: {} at {}",
                        panic.thread, panic.message, panic.location
                    ));
                }
            }
            match (&result, baseline.get_mut(index)) {
                (Ok(summary), Some(slot)) if matches!(case.script, Script::None) => {
                    *slot = Some(summary.clone());
                }
                (Err(error), _) if matches!(case.script, Script::None) => {
                    violations.push(format!("the fault-free run failed: {error}"));
                }
                (Ok(summary), Some(Some(expected))) if summary != expected => {
                    violations.push(format!(
                        "ok with another result: {summary:?}, fault-free {expected:?}"
                    ));
                }
                _ => {}
            }
            outcomes.push(Outcome::Ran {
                result: describe(&result),
                violations,
                known,
            });
        }
        rows.push((case.name, outcomes));
    }
    Report {
        vendor: vendor.name(),
        columns,
        rows,
        elapsed: started.elapsed(),
    }
}

async fn run_cell<V: MatrixVendor>(
    vendor: &V,
    column: &Column,
    rules: Vec<Rule>,
    canary: &str,
) -> (Result<String>, Vec<String>) {
    let mut violations = Vec::new();
    let (upstream, responder) = match vendor.start_upstream(canary) {
        Ok(started) => started,
        Err(error) => return (Err(error), vec!["the upstream did not start".to_owned()]),
    };
    let server = match FaultServer::start(responder) {
        Ok(server) => server,
        Err(error) => {
            return (
                Err(error),
                vec!["the fault server did not start".to_owned()],
            );
        }
    };
    server.set_rules(rules);
    let cell = CellContext {
        column,
        base_url: server.base_url(),
        timeout: OPERATION_TIMEOUT,
        canary,
    };
    let deadline = OPERATION_TIMEOUT + SLACK;
    let started = Instant::now();
    let result = match tokio::time::timeout(deadline, vendor.run(&upstream, &cell)).await {
        Ok(result) => result,
        Err(_) => {
            violations.push(format!("did not end within {} ms", deadline.as_millis()));
            Err(Error::timeout("the fault matrix's deadline"))
        }
    };
    let elapsed = started.elapsed();
    if elapsed > deadline {
        violations.push(format!(
            "ended after {} ms, deadline {} ms",
            elapsed.as_millis(),
            deadline.as_millis()
        ));
    }
    if let Err(error) = &result
        && error_texts(error).iter().any(|t| t.contains(canary))
    {
        violations.push("the canary is in the error's text".to_owned());
    }
    if column.write {
        let applied = server.applied(column.method, column.path);
        if applied > 1 {
            violations.push(format!("the write was applied {applied} times"));
        }
    }
    if column.single_use {
        let sent = server
            .arrivals_at(Origin::Main)
            .iter()
            .filter(|a| a.method.eq_ignore_ascii_case(column.method) && a.path == column.path)
            .count();
        if sent > 1 {
            violations.push(format!("the single-use credential was sent {sent} times"));
        }
    }
    let names = vendor.credential_names();
    for arrival in server.arrivals_at(Origin::Other) {
        let leaked: Vec<String> = arrival
            .parameter_names()
            .into_iter()
            .filter(|n| names.contains(&n.as_str()))
            .collect();
        if arrival.contains(canary) || !leaked.is_empty() {
            violations.push(format!(
                "a credential reached the other origin ({} {}; {})",
                arrival.method,
                arrival.path,
                if leaked.is_empty() {
                    "the canary".to_owned()
                } else {
                    leaked.join(", ")
                }
            ));
        }
    }
    let sent = server.arrivals_at(Origin::Main).len();
    if sent > column.max_requests {
        violations.push(format!(
            "{sent} requests, more than the bound {}",
            column.max_requests
        ));
    }
    drop(server);
    drop(upstream);
    (result, violations)
}

/// Runs the matrix, checks the vendor's table in `doc` (rewriting it when [`UPDATE_ENV`] is
/// set), and panics listing every broken invariant outside the known defects.
pub async fn run_and_check<V: MatrixVendor>(vendor: &V, canary: &str, doc: &std::path::Path) {
    let report = run(vendor, canary).await;
    let fixed = report.fixed_known_defects();
    if !fixed.is_empty() {
        eprintln!(
            "known defects that now hold every invariant (remove them from KNOWN_DEFECTS):\n  {}",
            fixed.join("\n  ")
        );
    }
    let known = report.known_failures();
    if !known.is_empty() {
        eprintln!("known defects, still failing:\n  {}", known.join("\n  "));
    }
    let failures = report.failures();
    assert!(
        failures.is_empty(),
        "{} cell(s) of the {} fault matrix broke an invariant:\n  {}",
        failures.len(),
        report.vendor,
        failures.join("\n  ")
    );
    check_doc(&report, doc);
    eprintln!(
        "{} fault matrix: {} s",
        report.vendor,
        report.elapsed().as_secs_f32()
    );
}

/// Compares (or with [`UPDATE_ENV`], rewrites) the vendor's block in `doc`.
fn check_doc(report: &Report, doc: &std::path::Path) {
    let rendered = report.render();
    let on_disk = std::fs::read_to_string(doc).ok();
    let begin = begin_marker(report.vendor);
    let end = end_marker(report.vendor);
    let current = on_disk.as_deref().and_then(|text| {
        let start = text.find(&begin)?;
        let stop = text[start..].find(&end)? + start + end.len();
        Some((start, stop + usize::from(text[stop..].starts_with('\n'))))
    });
    if std::env::var_os(UPDATE_ENV).is_some() {
        let text = on_disk.unwrap_or_default();
        let updated = match current {
            Some((start, stop)) => format!("{}{rendered}{}", &text[..start], &text[stop..]),
            None => insert_block(&text, &rendered),
        };
        if let Err(error) = std::fs::write(doc, updated) {
            panic!("could not write {}: {error}", doc.display());
        }
        return;
    }
    let Some(text) = on_disk else {
        // Packaged crate: the workspace docs are not there.
        return;
    };
    let found = current.map(|(start, stop)| &text[start..stop]);
    assert!(
        found == Some(rendered.as_str()),
        "the {} table of {} is stale: run {UPDATE_ENV}=1 cargo test -p {}-client --all-features fault_matrix\n--- expected ---\n{rendered}",
        report.vendor,
        doc.display(),
        report.vendor,
    );
}

/// `text` with `block` at the end of its `## Fault matrix` section (created if missing).
fn insert_block(text: &str, block: &str) -> String {
    const HEADING: &str = "## Fault matrix";
    let Some(at) = text.find(HEADING) else {
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(HEADING);
        out.push_str("\n\n");
        out.push_str(block);
        return out;
    };
    let after = at + HEADING.len();
    let section_end = text[after..]
        .find("\n## ")
        .map_or(text.len(), |i| after + i + 1);
    let mut out = text[..section_end].trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(block);
    if section_end < text.len() {
        out.push('\n');
        out.push_str(&text[section_end..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_goes_at_the_end_of_the_fault_matrix_section() {
        let text = "# R\n\n## Fault matrix\n\nintro\n\n## Fuzzing\n\nfigures\n";
        assert_eq!(
            insert_block(text, "BLOCK\n"),
            "# R\n\n## Fault matrix\n\nintro\n\nBLOCK\n\n## Fuzzing\n\nfigures\n"
        );
        assert_eq!(insert_block("", "B\n"), "## Fault matrix\n\nB\n");
    }
}
