//! The case lists: ANrkhCaseDetail (内容客户案例), ANrdadanCaseDetail (内容打单方案),
//! APtjdCaseDetail (平台竞对切换案例), ALieBiaoProductprocuredetail (内容产品采购明细) and
//! ARjkhSaleCaseDetail (软件客户售卖案例).

use rust_decimal::Decimal;

use super::{MAX_PER_PAGE, check};
use crate::models::{NrdadanCaseList, ProductProcureList, PtjdCaseList, SaleCaseList};

params! {
    /// ANrkhCaseDetail (内容客户案例明细数据列表): content customer cases. The document lists no
    /// response fields, so the `data` is returned as JSON.
    pub struct NrkhCaseDetailParams {
        method: "ANrkhCaseDetail",
        safe_to_repeat: true,
        response: serde_json::Value,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// train_target: 培训对象.
            train_target: String,
            /// yxt_industry_1: 行业.
            yxt_industry_1: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// case_name: 案例名称.
            case_name: String,
            /// yxt_industry_more: 行业,传入的是拆好词的文本.
            yxt_industry_more: String,
            /// content_product: 内容产品.
            content_product: String,
            /// case_time: 案例时间.
            case_time: String,
            /// product_series: 产品系列.
            product_series: String,
            /// kh_name: 客户名称.
            kh_name: String,
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// xm_crowd: 项目人群.
            xm_crowd: String,
            /// xm_name: 项目名称.
            xm_name: String,
            /// kh_industry_more: 客户行业,传入的是拆好词的文本.
            kh_industry_more: String,
        },
    }
}

params! {
    /// ANrdadanCaseDetail (内容打单方案明细数据列表): content deal plans, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct NrdadanCaseDetailParams {
        method: "ANrdadanCaseDetail",
        safe_to_repeat: true,
        response: NrdadanCaseList,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// kh_name: 客户名称.
            kh_name: String,
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// xm_crowd: 项目人群.
            xm_crowd: String,
            /// xm_name: 项目名称.
            xm_name: String,
            /// case_url: 方案链接.
            case_url: String,
            /// kh_industry_more: 行业,传入的是拆好词的文本.
            kh_industry_more: String,
            /// params_more: 综合参数.
            params_more: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// content_product: 内容产品.
            content_product: String,
            /// case_time: 案例时间.
            case_time: String,
            /// product_series: 产品系列.
            product_series: String,
        },
    }
}

params! {
    /// APtjdCaseDetail (平台竞对切换案例明细数据列表): competitor switch cases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct PtjdCaseDetailParams {
        method: "APtjdCaseDetail",
        safe_to_repeat: true,
        response: PtjdCaseList,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// kh_industry_1: 客户行业.
            kh_industry_1: String,
            /// area: 地区.
            area: String,
            /// staff_size: 人员规模.
            staff_size: String,
            /// staff_size_min: 人员规模-最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模-最大值.
            staff_size_max: String,
            /// competitor_name: 竞品名称.
            competitor_name: String,
            /// kh_name: 客户名称.
            kh_name: String,
            /// replace_year: 替换年份.
            replace_year: String,
            /// replace_reason: 替换原因.
            replace_reason: String,
            /// enterprise_type: 企业性质.
            enterprise_type: String,
            /// sign_sales: 签约销售.
            sign_sales: String,
            /// kh_industry_more: 行业,传入的是拆好词的文本.
            kh_industry_more: String,
        },
    }
}

params! {
    /// ALieBiaoProductprocuredetail (21-24年内容产品采购明细数据列表): product purchases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct ProductProcureDetailParams {
        method: "ALieBiaoProductprocuredetail",
        safe_to_repeat: true,
        response: ProductProcureList,
        required: {},
        optional: {
            /// page: 第几页 (from 1; default 1).
            page: u32 [check::page],
            /// perpage: 分页数量 (1–10,000; default 10).
            perpage: u32 [check::perpage],
            /// org_name: 机构名称.
            org_name: String,
            /// yxt_industry_1: 行业分类.
            yxt_industry_1: String,
            /// enterprise_type: 企业类型.
            enterprise_type: String,
            /// staff_size: 人员规模.
            staff_size: String,
            /// money: 金额 (money, sent as its exact decimal text).
            #[serde(serialize_with = "crate::form::display_opt")]
            money: Decimal,
            /// class_type: 班型.
            class_type: String,
            /// product_name: 产品名称.
            product_name: String,
            /// source_type: 来源类型.
            source_type: String,
            /// staff_size_min: 人员规模_最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模_最大值.
            staff_size_max: String,
            /// yxt_industry_more: 行业,传入的是拆好词的文本.
            yxt_industry_more: String,
        },
    }
}

params! {
    /// ARjkhSaleCaseDetail (软件客户售卖案例明细数据列表): software sales cases, paged
    /// (`lie_biao` / `zong_shu`).
    pub struct SaleCaseDetailParams {
        method: "ARjkhSaleCaseDetail",
        safe_to_repeat: true,
        response: SaleCaseList,
        required: {},
        optional: {
            /// page: 第几页.
            page: u32 [check::page],
            /// perpage: 分页数量.
            perpage: u32 [check::page],
            /// archive_name: 档案名称.
            archive_name: String,
            /// yxt_industry_1: 一级行业.
            yxt_industry_1: String,
            /// yxt_industry_2: 二级行业.
            yxt_industry_2: String,
            /// enterprise_type: 企业类型.
            enterprise_type: String,
            /// staff_size_min: 人员规模_最小值.
            staff_size_min: String,
            /// staff_size_max: 人员规模_最大值.
            staff_size_max: String,
            /// customer_province: 客户所在省.
            customer_province: String,
            /// customer_keywords: 客户关键字.
            customer_keywords: String,
            /// account_count_gt: 帐号数大于.
            account_count_gt: String,
            /// account_count_lt: 帐号数小于.
            account_count_lt: String,
            /// yxt_industry_more: 二级行业,传入的是拆好词的文本.
            yxt_industry_more: String,
        },
    }
}

list_method! {
    NrdadanCaseDetailParams => None,
    PtjdCaseDetailParams => Some(MAX_PER_PAGE),
    ProductProcureDetailParams => Some(MAX_PER_PAGE),
    SaleCaseDetailParams => None,
}
