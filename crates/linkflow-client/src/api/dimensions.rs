//! Document section "维度表" (dimension tables): "维度表数据上传",
//! `POST /open/dim/{dimensionId}/data`.

use client_core::Error;
use client_core::transport::Request;
use serde::de::IgnoredAny;

use crate::Client;
use crate::api::path_segment;
use crate::models::DimensionRow;

/// `POST /open/dim/{dimensionId}/data`.
pub const UPLOAD_DIMENSION_ROWS: &str = "POST /open/dim/{dimensionId}/data";

client_core::handler! {
    /// Handler of the area "维度表" (`client.dimensions()`).
    pub struct Dimensions => Client;
}

impl Client {
    /// Dimension tables ("维度表").
    pub fn dimensions(&self) -> Dimensions<'_> {
        Dimensions::new(self)
    }
}

impl Dimensions<'_> {
    /// "维度表数据上传": `POST /open/dim/{dimensionId}/data` with the rows as a JSON array of
    /// objects. `dimension` is the table's alias ("维度表alias"); every row must hold the table's
    /// primary-key column.
    ///
    /// Rows are keyed by the table's primary key, so sending the same rows twice leaves the same
    /// table: the upload is retried like a read after an ambiguous failure.
    ///
    /// Errors: 500 `B01206` (too many rows; the document gives no number, so the client does not
    /// split), `B00043` (no such table), `B01201` (the table has no primary key), `B01205` (a
    /// row lacks the primary-key column). Refused before sending: a blank alias, no rows.
    pub async fn upload(
        &self,
        dimension: impl AsRef<str>,
        rows: impl IntoIterator<Item = DimensionRow>,
    ) -> client_core::Result<()> {
        let alias = path_segment("dimensionId", dimension.as_ref())?;
        let rows: Vec<DimensionRow> = rows.into_iter().collect();
        if rows.is_empty() {
            return Err(Error::invalid_input("rows", "at least one row is required"));
        }
        let request = Request::post(UPLOAD_DIMENSION_ROWS, format!("/open/dim/{alias}/data"))
            .json(&rows)?
            .safe_to_repeat(true)
            .options(self.options.clone());
        let _: IgnoredAny = self.client.execute(request).await?;
        Ok(())
    }
}
