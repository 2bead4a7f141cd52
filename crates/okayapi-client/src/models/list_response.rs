//! [`ListResponse`] for the `data` of the documented list methods: their items and total.

use client_core::number_or_string::NumberOrString;

use super::{
    NrdadanCase, NrdadanCaseList, ProductProcure, ProductProcureList, PromptStep, PromptStepList,
    PtjdCase, PtjdCaseList, ReportPrompt, ReportPromptList, SaleCase, SaleCaseList, UseRecord,
    UseRecordStatistics,
};
use crate::method::ListResponse;

/// The page count's basis: `total` / `zong_shu`, sent as a number or as its text (`"12"`); absent,
/// negative or not a number means the server gave no total.
fn total_of(total: Option<&NumberOrString>) -> Option<u64> {
    total.and_then(NumberOrString::as_u64)
}

macro_rules! list_response {
    ($($list:ty => $item:ty, $items:ident);* $(;)?) => {
        $(
            impl ListResponse for $list {
                type Item = $item;
                fn into_page(self) -> (Vec<$item>, Option<u64>) {
                    let total = total_of(self.total.as_ref());
                    (self.$items, total)
                }
            }
        )*
    };
}

list_response! {
    UseRecordStatistics => UseRecord, items;
    NrdadanCaseList => NrdadanCase, list;
    PtjdCaseList => PtjdCase, list;
    ProductProcureList => ProductProcure, list;
    ReportPromptList => ReportPrompt, list;
    PromptStepList => PromptStep, list;
    SaleCaseList => SaleCase, list;
}
