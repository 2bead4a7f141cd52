//! The DingTalk robot callbacks: AReceiveMsg (接收来自群里@机器人的消息回调), ACpsReceiveSearch
//! (内容售卖案例想查就查) and ARjkhSaleCaseReceiveSearch (软件客户售卖案例查询).

use crate::models::{
    CpsReceiveSearchParams, ReceiveMsgParams, RecordId, RobotMessage, SaleCaseReceiveSearchParams,
};
use crate::{Client, Result};

client_core::handler! {
    /// Robot callbacks ([`Client::robot`]). Each answers the id of the record it stores, so none is
    /// retried after the server may have acted.
    pub struct Robot => Client;
}

impl<'a> Robot<'a> {
    /// AReceiveMsg (接收来自群里@机器人的消息回调): stores a callback.
    pub async fn receive_msg(&self, params: impl Into<ReceiveMsgParams>) -> Result<RecordId> {
        self.client
            .send_with(&params.into(), Some(self.options.clone()))
            .await
    }

    /// ACpsReceiveSearch (内容售卖案例想查就查): a content-sales case lookup from a callback.
    pub async fn cps_receive_search(&self, message: RobotMessage) -> Result<RecordId> {
        self.client
            .send_with(&CpsReceiveSearchParams(message), Some(self.options.clone()))
            .await
    }

    /// ARjkhSaleCaseReceiveSearch (软件客户售卖案例查询): a software-sales case lookup from a
    /// callback.
    pub async fn sale_case_receive_search(&self, message: RobotMessage) -> Result<RecordId> {
        self.client
            .send_with(
                &SaleCaseReceiveSearchParams(message),
                Some(self.options.clone()),
            )
            .await
    }
}
