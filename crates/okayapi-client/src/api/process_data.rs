//! ASaveAndyVardDtas (保存过程数据存储表) and AGetAndyVarDatas (获取过程数据存储表数据详情).

use crate::models::{SaveVarDataParams, SavedVarData, VarDataList, VarDatasParams};
use crate::{Client, RequestOptions, Result};

/// The process-data table ([`Client::process_data`]).
#[derive(Debug, Clone)]
pub struct ProcessData<'a> {
    client: &'a Client,
    options: Option<RequestOptions>,
}

impl<'a> ProcessData<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self {
            client,
            options: None,
        }
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for every operation called
    /// through this handler, including each page request of its streams.
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// ASaveAndyVardDtas (保存过程数据存储表): creates a row (`operate_type` 1) or updates row `id`
    /// (`operate_type` 2); answers the row id and the rows affected.
    ///
    /// Not safe to repeat: a server error or timeout after sending is returned, not retried.
    pub async fn save(&self, params: SaveVarDataParams) -> Result<SavedVarData> {
        self.client.send_with(&params, self.options.clone()).await
    }

    /// AGetAndyVarDatas (根据UserID,获取过程数据存储表数据详情): the rows of `user_id`.
    pub async fn get(&self, params: VarDatasParams) -> Result<VarDataList> {
        self.client.send_with(&params, self.options.clone()).await
    }
}
