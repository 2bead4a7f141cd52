//! The case lists: ANrkhCaseDetail (内容客户案例), ANrdadanCaseDetail (内容打单方案),
//! APtjdCaseDetail (平台竞对切换案例), ALieBiaoProductprocuredetail (内容产品采购明细) and
//! ARjkhSaleCaseDetail (软件客户售卖案例).

use client_core::paging::ItemStream;

use crate::models::{
    NrdadanCase, NrdadanCaseDetailParams, NrdadanCaseList, NrkhCaseDetailParams, ProductProcure,
    ProductProcureDetailParams, ProductProcureList, PtjdCase, PtjdCaseDetailParams, PtjdCaseList,
    SaleCase, SaleCaseDetailParams, SaleCaseList,
};
use crate::{Client, Result};

client_core::handler! {
    /// Case lists ([`Client::cases`]). All are reads, safe to repeat.
    pub struct Cases => Client;
}

impl<'a> Cases<'a> {
    /// ANrkhCaseDetail (内容客户案例明细数据列表). The document lists no response fields: the
    /// `data` is returned as JSON (use [`Client::call`] with your own type to type it).
    pub async fn nrkh_detail(&self, params: NrkhCaseDetailParams) -> Result<serde_json::Value> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ANrdadanCaseDetail (内容打单方案明细数据列表): one page (`lie_biao`, `zong_shu`).
    pub async fn nrdadan_detail(&self, params: NrdadanCaseDetailParams) -> Result<NrdadanCaseList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ANrdadanCaseDetail as a stream of items, page after page until `zong_shu`.
    pub fn nrdadan_detail_stream(
        &self,
        params: NrdadanCaseDetailParams,
    ) -> ItemStream<NrdadanCase> {
        self.client.stream_with(params, Some(self.options.clone()))
    }

    /// APtjdCaseDetail (平台竞对切换案例明细数据列表): one page (`lie_biao`, `zong_shu`).
    pub async fn ptjd_detail(&self, params: PtjdCaseDetailParams) -> Result<PtjdCaseList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// APtjdCaseDetail as a stream of items, page after page until `zong_shu`.
    pub fn ptjd_detail_stream(&self, params: PtjdCaseDetailParams) -> ItemStream<PtjdCase> {
        self.client.stream_with(params, Some(self.options.clone()))
    }

    /// ALieBiaoProductprocuredetail (21-24年内容产品采购明细数据列表): one page.
    pub async fn product_procure_detail(
        &self,
        params: ProductProcureDetailParams,
    ) -> Result<ProductProcureList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ALieBiaoProductprocuredetail as a stream of items, page after page until `zong_shu`.
    pub fn product_procure_detail_stream(
        &self,
        params: ProductProcureDetailParams,
    ) -> ItemStream<ProductProcure> {
        self.client.stream_with(params, Some(self.options.clone()))
    }

    /// ARjkhSaleCaseDetail (软件客户售卖案例明细数据列表): one page.
    pub async fn sale_case_detail(&self, params: SaleCaseDetailParams) -> Result<SaleCaseList> {
        self.client
            .send_with(&params, Some(self.options.clone()))
            .await
    }

    /// ARjkhSaleCaseDetail as a stream of items, page after page until `zong_shu`.
    pub fn sale_case_detail_stream(&self, params: SaleCaseDetailParams) -> ItemStream<SaleCase> {
        self.client.stream_with(params, Some(self.options.clone()))
    }
}
