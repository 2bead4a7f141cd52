//! 二、数据API: §2.1 获取潜客列表 (`POST /openv1/list`), §2.2 获取悟空潜客
//! (`POST /openv1/potential`) and §2.3 加入悟空潜客 (`POST /importv1/potential`).
//!
//! 潜客 ("potential customers") are called *leads* here.

use std::mem;

use chrono::NaiveDate;
use client_core::Error;
use client_core::transport::{Request, RequestOptions};

use crate::Client;
use crate::envelope;
use crate::models::generated::{PotentialImport, PotentialImportBatchRequest};
use crate::models::{
    ApiResponse, BatchImportReport, ChunkOutcome, ChunkReport, CompanyId, LeadFilter, LeadList,
    LeadOutcome, NewLead, WkUid, lead_outcomes,
};

/// `POST /openv1/list` (§2.1).
pub const OP_LIST: &str = "POST /openv1/list";
/// `POST /openv1/potential` (§2.2).
pub const OP_POTENTIAL: &str = "POST /openv1/potential";
/// `POST /importv1/potential` (§2.3).
pub const OP_IMPORT: &str = "POST /importv1/potential";

/// The most leads one import request may carry (a client-side guard; Wukong documents no limit).
pub const MAX_CHUNK_SIZE: usize = 1000;
/// The default number of leads per import request.
pub const DEFAULT_CHUNK_SIZE: usize = 100;

/// The data operations (§2). Get one with [`Client::leads`].
#[derive(Debug, Clone, Copy)]
pub struct Leads<'c> {
    client: &'c Client,
}

impl<'c> Leads<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// §2.1 获取潜客列表 — `POST /openv1/list`: the leads of the Wukong company accounts bound to
    /// this partner account. Filters are optional; see [`ListLeads`].
    pub fn list(&self) -> ListLeads<'c> {
        ListLeads::new(self.client, OP_LIST, "/openv1/list")
    }

    /// §2.2 获取悟空潜客 — `POST /openv1/potential`: Wukong's leads for the bound company accounts.
    /// Same filters as [`list`](Self::list).
    pub fn potential(&self) -> ListLeads<'c> {
        ListLeads::new(self.client, OP_POTENTIAL, "/openv1/potential")
    }

    /// §2.3 加入悟空潜客 — `POST /importv1/potential` with one lead as form parameters
    /// (`access_token`, `wk_uid`, `company_id`, `name`, `mobile`, `email`, `wechat`, `qq`).
    pub fn import(&self, lead: NewLead) -> ImportLead<'c> {
        ImportLead {
            client: self.client,
            lead,
            wk_uid: None,
            company_id: None,
            options: None,
        }
    }

    /// §2.3 加入悟空潜客, batch form — `POST /importv1/potential` with the JSON body
    /// `{"access_token", "wk_uid", "data": [{name, mobile, email, wechat, qq}, …]}` (the generated
    /// [`PotentialImportBatchRequest`]), split into chunks (see [`ImportBatch`]).
    pub fn import_batch(&self, leads: impl IntoIterator<Item = NewLead>) -> ImportBatch<'c> {
        ImportBatch {
            client: self.client,
            leads: leads.into_iter().collect(),
            wk_uid: None,
            chunk_size: None,
            fail_fast: false,
            options: None,
        }
    }
}

// ----- §2.1 / §2.2 ----------------------------------------------------------------------------

/// A request for §2.1 (`/openv1/list`) or §2.2 (`/openv1/potential`). Safe to repeat (a read).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ListLeads<'c> {
    client: &'c Client,
    operation: &'static str,
    path: &'static str,
    filter: LeadFilter,
    options: Option<RequestOptions>,
}

impl<'c> ListLeads<'c> {
    fn new(client: &'c Client, operation: &'static str, path: &'static str) -> Self {
        Self {
            client,
            operation,
            path,
            filter: LeadFilter::default(),
            options: None,
        }
    }

    /// Only this Wukong user's leads (`wk_uid`).
    pub fn wk_uid(mut self, wk_uid: impl Into<WkUid>) -> Self {
        self.filter.wk_uid = Some(wk_uid.into());
        self
    }

    /// Only leads created on this day (`create_at`, sent as `2017-1-1`).
    pub fn create_at(mut self, day: impl Into<NaiveDate>) -> Self {
        self.filter.create_at = Some(day.into());
        self
    }

    /// Only leads created on or after this day (`create_at_start`).
    pub fn create_at_start(mut self, day: impl Into<NaiveDate>) -> Self {
        self.filter.create_at_start = Some(day.into());
        self
    }

    /// Only leads created on or before this day (`create_at_end`).
    pub fn create_at_end(mut self, day: impl Into<NaiveDate>) -> Self {
        self.filter.create_at_end = Some(day.into());
        self
    }

    /// Only this bound company account (`company_id`, the older parameter; default: all).
    pub fn company_id(mut self, company_id: impl Into<CompanyId>) -> Self {
        self.filter.company_id = Some(company_id.into());
        self
    }

    /// Replaces the whole filter.
    pub fn filter(mut self, filter: impl Into<LeadFilter>) -> Self {
        self.filter = filter.into();
        self
    }

    /// Per-request timeout / retry overrides.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// Sends the request. The filter is checked first ([`LeadFilter::validate`]).
    pub async fn send(self) -> Result<ApiResponse<LeadList>, Error> {
        self.filter.validate()?;
        let mut request = Request::post(self.operation, self.path)
            .form(self.filter.form_pairs())
            .safe_to_repeat(true);
        if let Some(options) = self.options {
            request = request.options(options);
        }
        let payload = self.client.transport().execute_payload(request).await?;
        envelope::decode(payload)
    }
}

// ----- §2.3 one lead -----------------------------------------------------------------------------

/// §2.3 with one lead (form parameters). Validated before sending; **not** repeated after it may
/// have reached the server (an import is not idempotent). A stale access token is refreshed and
/// the import replayed once — the server refused the first attempt, so nothing was imported.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ImportLead<'c> {
    client: &'c Client,
    lead: NewLead,
    wk_uid: Option<WkUid>,
    company_id: Option<CompanyId>,
    options: Option<RequestOptions>,
}

impl ImportLead<'_> {
    /// The Wukong user to import for (`wk_uid`).
    pub fn wk_uid(mut self, wk_uid: impl Into<WkUid>) -> Self {
        self.wk_uid = Some(wk_uid.into());
        self
    }

    /// The bound company to import into (`company_id`; default: none).
    pub fn company_id(mut self, company_id: impl Into<CompanyId>) -> Self {
        self.company_id = Some(company_id.into());
        self
    }

    /// Per-request timeout / retry overrides.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// Sends the import.
    pub async fn send(self) -> Result<ApiResponse<serde_json::Value>, Error> {
        self.lead.validate()?;
        // `access_token` is added to every attempt (as the last parameter).
        let mut form: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                form.push((k.to_owned(), v));
            }
        };
        push("wk_uid", self.wk_uid.map(|w| w.to_string()));
        push("company_id", self.company_id.map(|c| c.to_string()));
        let NewLead {
            name,
            mobile,
            email,
            wechat,
            qq,
        } = self.lead;
        push("name", name);
        push("mobile", mobile.map(|m| m.trim().to_owned()));
        push("email", email.map(|e| e.trim().to_owned()));
        push("wechat", wechat);
        push("qq", qq.map(|q| q.trim().to_owned()));
        let mut request = Request::post(OP_IMPORT, "/importv1/potential")
            .form(form)
            .safe_to_repeat(false);
        if let Some(options) = self.options {
            request = request.options(options);
        }
        let payload = self.client.transport().execute_payload(request).await?;
        envelope::decode(payload)
    }
}

// ----- §2.3 batch ------------------------------------------------------------------------------

/// §2.3, batch form: any number of leads, sent as consecutive requests of at most
/// [`chunk_size`](Self::chunk_size) leads (default: the client's
/// [`import_chunk_size`](crate::ClientBuilder::import_chunk_size), itself
/// [`DEFAULT_CHUNK_SIZE`] unless set).
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
    options: Option<RequestOptions>,
}

impl ImportBatch<'_> {
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

    /// Per-request timeout / retry overrides (applied to each chunk).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
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
                let mut request = request.safe_to_repeat(false);
                if let Some(options) = &self.options {
                    request = request.options(options.clone());
                }
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
