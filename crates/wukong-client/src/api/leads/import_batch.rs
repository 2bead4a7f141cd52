//! §2.3 加入悟空潜客, batch form: [`ImportBatch`], sent in chunks and reported per chunk and per
//! lead.

use std::mem;

use client_core::Error;
use client_core::transport::{Request, RequestOptions};

use super::{MAX_CHUNK_SIZE, OP_IMPORT};
use crate::Client;
use crate::envelope;
use crate::models::{
    ApiResponse, BatchImportReport, ChunkOutcome, ChunkReport, LeadOutcome, NewLead,
    PotentialImport, PotentialImportBatchRequest, WkUid, lead_outcomes,
};

/// §2.3, batch form: any number of leads, sent as consecutive requests of at most
/// [`chunk_size`](Self::chunk_size) leads (default: the client's
/// [`import_chunk_size`](crate::ClientBuilder::import_chunk_size), itself
/// [`DEFAULT_CHUNK_SIZE`](super::DEFAULT_CHUNK_SIZE) unless set).
///
/// Every lead is validated before the first request; one bad lead fails the whole call with
/// [`Error::invalid_input`] naming it (`data[7].mobile`) and nothing is sent.
///
/// The [`BatchImportReport`] says for each chunk whether its request was
/// [accepted](ChunkOutcome::Accepted), [rejected](ChunkOutcome::Rejected) by the server (with the
/// vendor's code and message), [indeterminate](ChunkOutcome::Indeterminate) (it may have reached
/// the server but no answer came), or [not sent](ChunkOutcome::NotSent); and for each lead, in
/// the caller's order, its [`LeadOutcome`]: accepted, rejected with the vendor's reason, unknown,
/// or not sent, read from whatever per-lead answer the chunk's reply carries (see
/// [`ChunkReport::lead_outcomes`](crate::models::ChunkReport::lead_outcomes)). Chunks are never
/// repeated after they may have reached the server, so nothing is silently imported twice.
///
/// One failed chunk does not cost the others: after a rejected or indeterminate chunk the next
/// chunk is still sent. Only a failure that every later chunk would meet too (no authorisation,
/// no connection, a configuration error) reports the remaining chunks as not sent.
/// [`fail_fast(true)`](Self::fail_fast) stops at the first chunk with a lead not accepted.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ImportBatch<'c> {
    client: &'c Client,
    leads: Vec<NewLead>,
    wk_uid: Option<WkUid>,
    chunk_size: Option<usize>,
    fail_fast: bool,
    options: RequestOptions,
}

impl<'c> ImportBatch<'c> {
    pub(super) fn new(client: &'c Client, leads: Vec<NewLead>, options: RequestOptions) -> Self {
        Self {
            client,
            leads,
            wk_uid: None,
            chunk_size: None,
            fail_fast: false,
            options,
        }
    }

    /// The Wukong user to import for (`wk_uid`).
    pub fn wk_uid(mut self, wk_uid: impl Into<WkUid>) -> Self {
        self.wk_uid = Some(wk_uid.into());
        self
    }

    /// Leads per request, 1 to [`MAX_CHUNK_SIZE`].
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Whether the first chunk with a lead not accepted (a rejected or indeterminate chunk, or an
    /// accepted chunk whose answer refuses a lead or leaves one unknown) stops the batch: the
    /// remaining chunks are then reported as not sent. Default `false`: every chunk is sent
    /// unless a failure that every chunk would meet stops the batch.
    pub fn fail_fast(mut self, fail_fast: bool) -> Self {
        self.fail_fast = fail_fast;
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for each chunk's request,
    /// replacing those set on the handler ([`Leads::with_options`](super::Leads::with_options)).
    /// The timeout bounds each chunk's request, not the whole batch.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// Validates every lead, then sends the chunks in order.
    ///
    /// Returns `Err` only when nothing was sent (invalid input); every other outcome is in the
    /// report.
    pub async fn send(mut self) -> Result<BatchImportReport, Error> {
        let size = self.chunk_size.unwrap_or(self.client.inner.chunk_size);
        if !(1..=MAX_CHUNK_SIZE).contains(&size) {
            return Err(Error::invalid_input(
                "chunk_size",
                format!("must be between 1 and {MAX_CHUNK_SIZE}"),
            ));
        }
        if self.leads.is_empty() {
            return Err(Error::invalid_input(
                "data",
                "a batch import needs at least one lead",
            ));
        }
        for (i, lead) in self.leads.iter().enumerate() {
            lead.validate_at(&format!("data[{i}]."))?;
        }
        let leads: Vec<PotentialImport> = mem::take(&mut self.leads)
            .into_iter()
            .map(to_generated)
            .collect();
        let wk_uid = self.wk_uid.as_ref().map(ToString::to_string);

        let mut report = BatchImportReport::default();
        let mut stopped = false;
        for (index, chunk) in leads.chunks(size).enumerate() {
            let start = index.saturating_mul(size);
            let range = start..start.saturating_add(chunk.len());
            if stopped {
                report.chunks.push(ChunkReport {
                    index,
                    leads: range,
                    outcome: ChunkOutcome::NotSent(None),
                    lead_outcomes: vec![LeadOutcome::NotSent; chunk.len()],
                });
                continue;
            }
            let outcome = self.send_chunk(chunk, wk_uid.clone()).await;
            let per_lead = outcomes_per_lead(&outcome, chunk);
            stopped = match &outcome {
                ChunkOutcome::NotSent(_) => true,
                // Refusals that every later chunk would get too.
                ChunkOutcome::Rejected(e) => e.is_auth() || e.is_config(),
                _ => false,
            } || (self.fail_fast && per_lead.iter().any(|o| *o != LeadOutcome::Accepted));
            report.chunks.push(ChunkReport {
                index,
                leads: range,
                outcome,
                lead_outcomes: per_lead,
            });
        }
        Ok(report)
    }

    /// Sends one chunk; never repeated once it may have reached the server.
    async fn send_chunk(&self, chunk: &[PotentialImport], wk_uid: Option<String>) -> ChunkOutcome {
        // `access_token` stays first; the client writes the token into it on every attempt.
        let body = PotentialImportBatchRequest {
            access_token: String::new(),
            wk_uid,
            data: chunk.to_vec(),
        };
        // Get a valid token first: a failure here (no authorisation, token endpoint down) is
        // then known not to have sent the chunk.
        let ready = self.client.cache().token().await;
        match ready.and_then(|_| Request::post(OP_IMPORT, "/importv1/potential").json(&body)) {
            Err(e) => ChunkOutcome::NotSent(Some(e)),
            Ok(request) => {
                let request = request.safe_to_repeat(false).options(self.options.clone());
                let result = match self.client.transport().execute_payload(request).await {
                    Ok(payload) => envelope::decode::<serde_json::Value>(payload),
                    Err(e) => Err(e),
                };
                classify(result)
            }
        }
    }
}

/// Each lead's outcome in a chunk, from the chunk's outcome and its answer's per-lead part.
fn outcomes_per_lead(outcome: &ChunkOutcome, chunk: &[PotentialImport]) -> Vec<LeadOutcome> {
    match outcome {
        ChunkOutcome::Accepted(reply) => lead_outcomes(reply.data(), chunk, &LeadOutcome::Accepted),
        ChunkOutcome::Rejected(error) => {
            let overall = LeadOutcome::Rejected {
                code: error.vendor_code().cloned(),
                reason: error.vendor_message().map(str::to_owned),
            };
            match error
                .body()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
            {
                Some(answer) => lead_outcomes(&answer, chunk, &overall),
                None => vec![overall; chunk.len()],
            }
        }
        ChunkOutcome::Indeterminate(_) => vec![LeadOutcome::Unknown; chunk.len()],
        ChunkOutcome::NotSent(_) => vec![LeadOutcome::NotSent; chunk.len()],
    }
}

/// A validated lead as the generated batch item (contact fields trimmed).
fn to_generated(lead: NewLead) -> PotentialImport {
    PotentialImport {
        name: lead.name,
        mobile: lead.mobile.map(|m| m.trim().to_owned()),
        email: lead.email.map(|e| e.trim().to_owned()),
        wechat: lead.wechat,
        qq: lead.qq.map(|q| q.trim().to_owned()),
    }
}

/// Sorts one chunk's result into accepted / rejected / indeterminate / not sent.
fn classify(result: Result<ApiResponse<serde_json::Value>, Error>) -> ChunkOutcome {
    let error = match result {
        Ok(reply) => return ChunkOutcome::Accepted(reply),
        Err(e) => e,
    };
    if error.is_connect()
        || error.is_invalid_input()
        || error.is_config()
        || error.is_reauthorization_required()
    {
        // Never left the client: no connection, or nothing to send it with.
        return ChunkOutcome::NotSent(Some(error));
    }
    if error.is_api() {
        let status = error.status().map(|s| s.as_u16());
        // A vendor code is an explicit refusal. 5xx without one (except 503) may come after the
        // server acted (a gateway timing out on a slow import).
        let server_may_have_acted = error.vendor_code().is_none()
            && matches!(status, Some(500..=599))
            && status != Some(503);
        return if server_may_have_acted {
            ChunkOutcome::Indeterminate(error)
        } else {
            ChunkOutcome::Rejected(error)
        };
    }
    // Timeouts, dropped connections, unreadable 2xx bodies.
    ChunkOutcome::Indeterminate(error)
}
