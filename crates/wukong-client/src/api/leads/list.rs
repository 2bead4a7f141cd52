//! §2.1 获取潜客列表 and §2.2 获取悟空潜客: [`ListLeads`].

use chrono::NaiveDate;
use client_core::Error;
use client_core::transport::{Request, RequestOptions};

use crate::Client;
use crate::envelope;
use crate::models::{ApiResponse, CompanyId, LeadFilter, LeadList, WkUid};

/// A request for §2.1 (`/openv1/list`) or §2.2 (`/openv1/potential`). Safe to repeat (a read).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `send` is awaited"]
pub struct ListLeads<'c> {
    client: &'c Client,
    operation: &'static str,
    path: &'static str,
    filter: LeadFilter,
    options: RequestOptions,
}

impl<'c> ListLeads<'c> {
    pub(super) fn new(
        client: &'c Client,
        operation: &'static str,
        path: &'static str,
        options: RequestOptions,
    ) -> Self {
        Self {
            client,
            operation,
            path,
            filter: LeadFilter::default(),
            options,
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

    /// Per-call overrides (timeout, retry policy, response size cap) for this request,
    /// replacing those set on the handler ([`Leads::with_options`](super::Leads::with_options)).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
        self
    }

    /// Sends the request. The filter is checked first ([`LeadFilter::validate`]).
    pub async fn send(self) -> Result<ApiResponse<LeadList>, Error> {
        self.filter.validate()?;
        let request = Request::post(self.operation, self.path)
            .form(self.filter.form_pairs())
            .safe_to_repeat(true)
            .options(self.options);
        let payload = self.client.transport().execute_payload(request).await?;
        envelope::decode(payload)
    }
}
