//! [`Client`]: one app of an account, its handlers, and calls of any method.

use std::fmt;
use std::sync::Arc;

use client_core::transport::{Payload, RequestOptions, Transport};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{OkayApiVendor, PathStyle};
use crate::call::Call;
use crate::decode::decode;
use crate::reserved::params_of;
use crate::routes::{Routes, Target};
use crate::{ApiMethod, ClientBuilder, RawData, Result, api};

/// An OkayAPI client for one app. Cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Transport<OkayApiVendor>,
    pub(crate) routes: Arc<Routes>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.transport.base_url().as_str())
            .field("app", &self.routes.app)
            .field("path_style", &self.routes.style)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    client_core::env_constructors!(
        ClientBuilder,
        "`OKAYAPI_BASE_URL`, `OKAYAPI_APP`, `OKAYAPI_APP_KEY` and `OKAYAPI_APP_SECRET`, with the default settings"
    );

    fn builder_from(vars: client_core::env_vars::EnvVars<'_>) -> Result<ClientBuilder> {
        let builder = ClientBuilder::from_env_vars(vars);
        match builder.error {
            Some(error) => Err(error),
            None => Ok(builder),
        }
    }

    /// The app name.
    pub fn app(&self) -> &str {
        &self.routes.app
    }

    /// The path style requests use.
    pub fn path_style(&self) -> PathStyle {
        self.routes.style
    }

    /// AAndyUseRecordStatistics (使用情况记录统计).
    pub fn usage(&self) -> api::usage::Usage<'_> {
        api::usage::Usage::new(self)
    }

    /// ASaveAndyVardDtas and AGetAndyVarDatas (过程数据存储表).
    pub fn process_data(&self) -> api::process_data::ProcessData<'_> {
        api::process_data::ProcessData::new(self)
    }

    /// The DingTalk robot callbacks: AReceiveMsg, ACpsReceiveSearch, ARjkhSaleCaseReceiveSearch.
    pub fn robot(&self) -> api::robot::Robot<'_> {
        api::robot::Robot::new(self)
    }

    /// The case lists: ANrkhCaseDetail, ANrdadanCaseDetail, APtjdCaseDetail,
    /// ALieBiaoProductprocuredetail, ARjkhSaleCaseDetail.
    pub fn cases(&self) -> api::cases::Cases<'_> {
        api::cases::Cases::new(self)
    }

    /// The prompt tables: ALieBiaoAndyReportPromts, ALieBiaoAndypromptsteps.
    pub fn prompts(&self) -> api::prompts::Prompts<'_> {
        api::prompts::Prompts::new(self)
    }

    /// The reports: ABuildExcel, AJdyyReportData.
    pub fn reports(&self) -> api::reports::Reports<'_> {
        api::reports::Reports::new(self)
    }

    /// Any method of the app: typed ([`ApiMethod`], [`ListMethod`](crate::ListMethod)) or by
    /// name ([`Call`]). [`Client::send`], [`Client::stream`], [`Client::call`],
    /// [`Client::call_raw`] and [`Client::method`] are its shorthands without per-call options.
    pub fn methods(&self) -> api::methods::Methods<'_> {
        api::methods::Methods::new(self)
    }

    /// Calls the method `M` of the configured app and decodes its `data`.
    ///
    /// The parameters are checked ([`ApiMethod::validate`]) before anything is sent. Per-call
    /// options: `client.methods().with_options(…).send(params)`.
    pub async fn send<M: ApiMethod>(&self, params: &M) -> Result<M::Response> {
        self.send_with(params, None).await
    }

    /// Calls any method by name and decodes its `data` as `T`.
    ///
    /// `method` is a method of the configured app (`"AGetAndyVarDatas"`) or a full service name
    /// (`"SVIP.<app>.<Method>"`); `params` is any struct or map (`serde_json::json!({...})`,
    /// `()` for none). The call is treated as not safe to repeat; use [`Client::method`] to say
    /// otherwise. Per-call options: `client.methods().with_options(…).call(method, params)`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: impl Serialize,
    ) -> Result<T> {
        self.method(method).params(&params).send().await
    }

    /// [`Client::call`], returning `data` as its exact JSON text.
    pub async fn call_raw(&self, method: &str, params: impl Serialize) -> Result<RawData> {
        self.method(method).params(&params).send_raw().await
    }

    /// A call of any method by name, to configure before sending (per-call options:
    /// [`Call::with_options`]).
    pub fn method(&self, method: impl Into<String>) -> Call<'_> {
        Call::new(self, method.into(), None)
    }

    /// Checks `params`, calls the method `M` with `options` and decodes its `data`.
    pub(crate) async fn send_with<M: ApiMethod>(
        &self,
        params: &M,
        options: Option<RequestOptions>,
    ) -> Result<M::Response> {
        decode(&self.payload_of(params, options).await?)
    }

    /// Checks `params`, calls the method `M` with `options` and returns its `data` undecoded.
    pub(crate) async fn payload_of<M: ApiMethod>(
        &self,
        params: &M,
        options: Option<RequestOptions>,
    ) -> Result<Payload> {
        params.validate()?;
        let pairs = params_of(params)?;
        let request = self.routes.request(
            M::OPERATION,
            Target::Method(M::METHOD),
            pairs,
            M::SAFE_TO_REPEAT,
            options,
        );
        self.transport.execute_payload(request).await
    }
}
