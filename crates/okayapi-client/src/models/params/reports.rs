//! ABuildExcel (生成多Sheet的Excel文件) and AJdyyReportData (获取阶段运营报告数据).

use crate::models::InputType;

params! {
    /// ABuildExcel (生成多Sheet的Excel文件): takes only the common parameters; the document lists
    /// no response fields, so the `data` is returned as JSON. Not safe to repeat (it builds a file).
    pub struct BuildExcelParams {
        method: "ABuildExcel",
        safe_to_repeat: false,
        response: serde_json::Value,
        required: {},
        optional: {},
    }
}

params! {
    /// AJdyyReportData (获取阶段运营报告数据): the stage operation report. The document lists no
    /// response fields, so the `data` is returned as JSON.
    pub struct JdyyReportDataParams {
        method: "AJdyyReportData",
        safe_to_repeat: true,
        response: serde_json::Value,
        required: {},
        optional: {
            /// input_type: 输入类型 (1-kng, …).
            input_type: InputType,
            /// webhook: 回送.
            webhook: String,
        },
    }
}
