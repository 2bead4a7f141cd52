//! ASaveAndyVardDtas (保存过程数据存储表) and AGetAndyVarDatas (获取过程数据存储表数据详情).

use crate::models::{SaveVarDataParams, SavedVarData, VarDataList, VarDatasParams};
use crate::{Client, Result};

client_core::handler! {
    /// The process-data table ([`Client::process_data`]).
    pub struct ProcessData => Client;
}

impl<'a> ProcessData<'a> {
    /// ASaveAndyVardDtas (保存过程数据存储表): creates a row (`operate_type` 1) or updates row `id`
    /// (`operate_type` 2); answers the row id and the rows affected.
    ///
    /// Not safe to repeat: a server error or timeout after sending is returned, not retried.
    pub async fn save(&self, params: SaveVarDataParams) -> Result<SavedVarData> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// AGetAndyVarDatas (根据UserID,获取过程数据存储表数据详情): the rows of `user_id`.
    pub async fn get(&self, params: VarDatasParams) -> Result<VarDataList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }
}
