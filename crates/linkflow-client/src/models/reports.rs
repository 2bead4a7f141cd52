//! Types of the document area "报表" (reports): a report's result ("获取报表结果") and a
//! dashboard's definition ("获取仪表盘定义").
//!
//! "不同的报表类型返回的result结构并不一样": the shape of `result` depends on the chart type. The
//! document shows one shape, the date series of a `TWO_YAXIS` chart (`dateList` / `dimRsList`):
//! that one is typed ([`ReportResult::TwoYAxis`]); every other result is kept as JSON
//! ([`ReportResult::Json`]), and [`ReportResult::date_series`] tries the date-series shape on any
//! chart type.

use std::str::FromStr as _;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::lenient;

id_newtype!(
    /// A report's id (`reportId`).
    ReportId
);

id_newtype!(
    /// A dashboard's id (`dashboardId`).
    DashboardId
);

/// `status` of a report whose calculation is still running ("报表计算可能会转异步进行, 这个时候返回的
/// status为0").
pub const REPORT_COMPUTING: i64 = 0;
/// `status` of a finished report.
pub const REPORT_READY: i64 = 1;

string_enum!(
    /// A chart type ("图标样式"), `chartType` and `chart.type`.
    ChartType {
        /// `NUMBER`: 数字 (events and people).
        Number => "NUMBER",
        /// `PIE`: 饼图 (events and people).
        Pie => "PIE",
        /// `STACK_BAR`: 堆叠柱状图 (events and people).
        StackBar => "STACK_BAR",
        /// `LINE`: 折线 (events).
        Line => "LINE",
        /// `BAR`: 时间柱状图 (events).
        Bar => "BAR",
        /// `TWO_YAXIS`: 双轴图 (events).
        TwoYaxis => "TWO_YAXIS",
        /// `LINE_AREA`: 堆叠面积图 (events).
        LineArea => "LINE_AREA",
        /// `TABLE`: 表格 (events).
        Table => "TABLE",
    }
);

/// A report's result ("获取报表结果").
///
/// While the calculation runs, `status` is 0 and the other members may be missing; poll until
/// it is 1 ([`Reports::wait`](crate::api::reports::Reports::wait) does).
///
/// Hand-written rather than generated: the document says `result` differs per chart type, so
/// this type decodes it into [`ReportResult`] (typed where the document shows the shape, raw
/// JSON otherwise) with its own `Deserialize`/`Serialize`; [`Chart`], [`YAxisSetting`],
/// [`ReportDimension`], [`Dashboard`] and [`DashboardReport`] use the hand-written
/// [`ChartType`]/[`ReportId`] typing and the `kanBanName` → `name` rename. The manifest
/// (`fixtures/linkflow/manifest.toml`) names `Report` and `Dashboard` as hand-written types, so
/// codegen generates no twin of them and the fixture tests decode the document's examples into
/// these.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// `status`: 0 while computing ([`REPORT_COMPUTING`]), 1 when ready ([`REPORT_READY`]).
    pub status: i64,
    /// `reportName`.
    pub report_name: Option<String>,
    /// `chartType`.
    pub chart_type: Option<ChartType>,
    /// `chart`: the chart's type, display name and (two-axis charts) axis settings.
    pub chart: Option<Chart>,
    /// `measures`: the measures' display names.
    pub measures: Vec<String>,
    /// `dimensions`.
    pub dimensions: Vec<ReportDimension>,
    /// `result`: typed for `TWO_YAXIS`, JSON otherwise.
    pub result: ReportResult,
}

impl Report {
    /// Whether the report is ready (`status` 1).
    pub fn is_ready(&self) -> bool {
        self.status == REPORT_READY
    }

    /// Whether the calculation is still running (`status` 0).
    pub fn is_computing(&self) -> bool {
        self.status == REPORT_COMPUTING
    }
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportWire {
    #[serde(default, with = "lenient::opt_i64")]
    status: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    report_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chart_type: Option<ChartType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chart: Option<Chart>,
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    measures: Vec<String>,
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    dimensions: Vec<ReportDimension>,
    #[serde(default)]
    result: Value,
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = ReportWire::deserialize(d)?;
        let chart_type = wire
            .chart_type
            .or_else(|| wire.chart.as_ref().and_then(|c| c.kind.clone()));
        let result = ReportResult::from_json(chart_type.as_ref(), wire.result);
        Ok(Self {
            status: wire.status.unwrap_or(REPORT_READY),
            report_name: wire.report_name,
            chart_type,
            chart: wire.chart,
            measures: wire.measures,
            dimensions: wire.dimensions,
            result,
        })
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReportWire {
            status: Some(self.status),
            report_name: self.report_name.clone(),
            chart_type: self.chart_type.clone(),
            chart: self.chart.clone(),
            measures: self.measures.clone(),
            dimensions: self.dimensions.clone(),
            result: self.result.to_json(),
        }
        .serialize(s)
    }
}

/// A report's `result`, by chart type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReportResult {
    /// A `TWO_YAXIS` chart's date series (the shape the document shows).
    TwoYAxis(Vec<DateSeries>),
    /// Any other result (or a `TWO_YAXIS` result of another shape), as sent.
    Json(Value),
}

impl ReportResult {
    /// Types `result` when the chart type is `TWO_YAXIS` and the JSON has the documented shape;
    /// otherwise keeps the JSON.
    pub fn from_json(chart_type: Option<&ChartType>, json: Value) -> Self {
        if chart_type == Some(&ChartType::TwoYaxis)
            && let Ok(series) = Vec::<DateSeries>::deserialize(&json)
        {
            return Self::TwoYAxis(series);
        }
        Self::Json(json)
    }

    /// The result as JSON (typed results are re-encoded).
    pub fn to_json(&self) -> Value {
        match self {
            Self::TwoYAxis(series) => serde_json::to_value(series).unwrap_or(Value::Null),
            Self::Json(json) => json.clone(),
        }
    }

    /// The result as date series (`dateList` / `dimRsList`), whatever the chart type, if it has
    /// that shape (line, bar and area charts may share it; the document shows it only for
    /// `TWO_YAXIS`).
    pub fn date_series(&self) -> Option<Vec<DateSeries>> {
        match self {
            Self::TwoYAxis(series) => Some(series.clone()),
            Self::Json(json) => Vec::<DateSeries>::deserialize(json).ok(),
        }
    }
}

/// One entry of a date-series result: the dates and, per dimension value, one row of measures
/// per date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateSeries {
    /// `dateList`: the x axis (e.g. `2024-05-20`; text as sent, since the granularity varies).
    pub date_list: Vec<String>,
    /// `dimRsList`: one series per dimension value.
    pub dim_rs_list: Vec<DimensionSeries>,
}

/// One series of a [`DateSeries`]: a dimension value and its measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionSeries {
    /// `dim`: the dimension values (e.g. `["总体"]`, "overall").
    pub dim: Vec<String>,
    /// `rs`: per date (same order as `dateList`), the value of each measure, as text.
    pub rs: Vec<Vec<String>>,
    /// `summary`: per measure, the total.
    #[serde(default)]
    pub summary: Vec<String>,
}

impl DimensionSeries {
    /// `rs` as exact decimals (`None` where a cell is not a number).
    pub fn values(&self) -> Vec<Vec<Option<Decimal>>> {
        self.rs
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| Decimal::from_str(cell.trim()).ok())
                    .collect()
            })
            .collect()
    }
}

/// `chart`: the chart's style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chart {
    /// `type`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChartType>,
    /// `display`: the type's display name (e.g. `双轴图`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// `yaxisChartTypeSetting`: only two-axis charts have it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yaxis_chart_type_setting: Option<YAxisSetting>,
}

/// The two axes of a `TWO_YAXIS` chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YAxisSetting {
    /// `left`: the left axis's chart type (e.g. `BAR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<ChartType>,
    /// `right`: the right axis's chart type (e.g. `LINE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<ChartType>,
    /// `leftDisplay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_display: Option<String>,
    /// `rightDisplay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_display: Option<String>,
}

/// A report dimension (`dimensions[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportDimension {
    /// `field`, e.g. `#{contact.gender}`.
    #[serde(default)]
    pub field: String,
    /// `fieldType`, e.g. `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_type: Option<String>,
    /// `fieldLabel`, e.g. `性别`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_label: Option<String>,
}

/// A dashboard's definition ("获取仪表盘定义").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// `kanBanName`: the dashboard's name.
    #[serde(rename = "kanBanName", default)]
    pub name: String,
    /// `reports`: the reports it shows.
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    pub reports: Vec<DashboardReport>,
}

/// A report of a [`Dashboard`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DashboardReport {
    /// `id`.
    pub id: ReportId,
    /// `reportName`.
    #[serde(default)]
    pub report_name: String,
}
