//! Types of "维度表数据上传" (`POST /open/dim/{dimensionId}/data`).

/// One row of a dimension table: a free-form map of column → value that must contain the
/// table's primary-key column (`B01205` otherwise), e.g. `{"id": "1", "color": "红色"}`.
pub type DimensionRow = serde_json::Map<String, serde_json::Value>;
