//! The case lists: ANrkhCaseDetail, ANrdadanCaseDetail, APtjdCaseDetail,
//! ALieBiaoProductprocuredetail, ARjkhSaleCaseDetail.

use futures::TryStreamExt as _;
use httpmock::prelude::*;
use okayapi_client::models::{
    NrdadanCaseDetailParams, NrkhCaseDetailParams, ProductProcureDetailParams,
    PtjdCaseDetailParams, SaleCaseDetailParams,
};
use rust_decimal::Decimal;
use serde_json::json;

use crate::support::{self, envelope, fixture_data, path};

const NRKH: &str = include_str!("../../fixtures/nrkh_case_detail.response.json");
const NRDADAN: &str = include_str!("../../fixtures/nrdadan_case_detail.response.json");
const PTJD: &str = include_str!("../../fixtures/ptjd_case_detail.response.json");
const PROCURE: &str = include_str!("../../fixtures/lie_biao_productprocuredetail.response.json");
const SALE: &str = include_str!("../../fixtures/rjkh_sale_case_detail.response.json");

#[tokio::test]
async fn nrkh_detail_returns_the_undocumented_data_as_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ANrkhCaseDetail"))
                .body(support::body(&[
                    ("page", "1"),
                    ("perpage", "20"),
                    ("train_target", "新任经理"),
                    ("kh_industry_more", "制造 汽车"),
                ]));
            then.status(200).body(envelope(&fixture_data(NRKH)));
        })
        .await;
    let data = support::client(&server)
        .cases()
        .nrkh_detail(
            NrkhCaseDetailParams::new()
                .page(1u32)
                .perpage(20u32)
                .train_target("新任经理")
                .kh_industry_more("制造 汽车"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(data, json!({}));
}

#[tokio::test]
async fn nrdadan_detail_reads_a_text_total_and_streams() {
    let server = MockServer::start_async().await;
    let page = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ANrdadanCaseDetail"))
                .body(support::body(&[
                    ("page", "1"),
                    ("perpage", "100"),
                    ("kh_name", "某城商银行"),
                ]));
            then.status(200).body(envelope(&fixture_data(NRDADAN)));
        })
        .await;
    let client = support::client(&server);
    let list = client
        .cases()
        .nrdadan_detail(
            NrdadanCaseDetailParams::new()
                .page(1u32)
                .perpage(100u32)
                .kh_name("某城商银行"),
        )
        .await
        .unwrap();
    assert_eq!(list.total.as_ref().map(|t| t.as_str()), Some("1"));
    assert_eq!(list.list[0].xm_name.as_deref(), Some("合规文化年度学习"));
    // The stream asks with the default page size (100) and stops at zong_shu = "1".
    let all: Vec<_> = client
        .cases()
        .nrdadan_detail_stream(NrdadanCaseDetailParams::new().kh_name("某城商银行"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(page.calls_async().await, 2);
}

#[tokio::test]
async fn ptjd_detail() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("APtjdCaseDetail"))
                .body(support::body(&[
                    ("perpage", "10"),
                    ("area", "华东"),
                    ("staff_size_min", "1000"),
                    ("competitor_name", "某学习平台"),
                ]));
            then.status(200).body(envelope(&fixture_data(PTJD)));
        })
        .await;
    let list = support::client(&server)
        .cases()
        .ptjd_detail(
            PtjdCaseDetailParams::new()
                .perpage(10u32)
                .area("华东")
                .staff_size_min("1000")
                .competitor_name("某学习平台"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(list.total.as_ref().and_then(|t| t.as_i64()), Some(1));
    assert_eq!(
        list.list[0].replace_reason.as_deref(),
        Some("内容更新慢, 运营服务不足")
    );
    let err = support::client(&server)
        .cases()
        .ptjd_detail(PtjdCaseDetailParams::new().perpage(10_001u32))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn product_procure_detail_sends_money_exactly() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ALieBiaoProductprocuredetail"))
                .body(support::body(&[
                    ("page", "3"),
                    ("money", "100.240"),
                    ("product_name", "数字化转型课程包"),
                ]));
            then.status(200).body(envelope(&fixture_data(PROCURE)));
        })
        .await;
    let list = support::client(&server)
        .cases()
        .product_procure_detail(
            ProductProcureDetailParams::new()
                .page(3u32)
                .money(Decimal::new(100_240, 3))
                .product_name("数字化转型课程包"),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(list.list[0].org_name.as_deref(), Some("某省电力公司"));
}

#[tokio::test]
async fn sale_case_detail_stream_from_a_later_page() {
    let server = MockServer::start_async().await;
    let data = fixture_data(SALE);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("ARjkhSaleCaseDetail"))
                .body(support::body(&[
                    ("page", "4"),
                    ("perpage", "5"),
                    ("customer_province", "江苏"),
                ]));
            then.status(200).body(envelope(&data));
        })
        .await;
    let all: Vec<_> = support::client(&server)
        .cases()
        .sale_case_detail_stream(
            SaleCaseDetailParams::new()
                .page(4u32)
                .perpage(5u32)
                .customer_province("江苏"),
        )
        .try_collect()
        .await
        .unwrap();
    // The total (1) is reached: pages 1–3 count as 15 rows read, so no further page is asked.
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].account_count.as_deref(), Some("6000"));
    assert_eq!(mock.calls_async().await, 1);
    let one = support::client(&server)
        .cases()
        .sale_case_detail(
            SaleCaseDetailParams::new()
                .page(4u32)
                .perpage(5u32)
                .customer_province("江苏"),
        )
        .await
        .unwrap();
    assert_eq!(one.total.as_ref().and_then(|t| t.as_i64()), Some(1));
}
