//! §2.3 加入悟空潜客 with one lead: [`ImportLead`].

use client_core::Error;
use client_core::transport::{Request, RequestOptions};

use super::OP_IMPORT;
use crate::Client;
use crate::envelope;
use crate::models::{ApiResponse, CompanyId, NewLead, WkUid};

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
    options: RequestOptions,
}

impl<'c> ImportLead<'c> {
    pub(super) fn new(client: &'c Client, lead: NewLead, options: RequestOptions) -> Self {
        Self {
            client,
            lead,
            wk_uid: None,
            company_id: None,
            options,
        }
    }

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

    /// Per-call overrides (timeout, retry policy, response size cap) for this request,
    /// replacing those set on the handler ([`Leads::with_options`](super::Leads::with_options)).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = options.into();
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
        let request = Request::post(OP_IMPORT, "/importv1/potential")
            .form(form)
            .safe_to_repeat(false)
            .options(self.options);
        let payload = self.client.transport().execute_payload(request).await?;
        envelope::decode(payload)
    }
}
