//! 客户设置 → 列出客户数据字段 (`POST /api/v2/customer/list-fields`).

use client_core::transport::Request;

use crate::Client;
use crate::models::{CustomerField, CustomerFieldList};

/// The documented route of `list-fields`.
pub const LIST_FIELDS: &str = "POST /api/v2/customer/list-fields";

client_core::handler! {
    /// The customer-fields handler ([`Client::customer_fields`]).
    pub struct CustomerFields => Client;
}

impl<'a> CustomerFields<'a> {
    /// `POST /api/v2/customer/list-fields` (列出客户数据字段), body `{}`: the tenant's field
    /// definitions (id, name, type, outerField, items, stable, customerImportRequired). A read:
    /// retried on transient failures although it is a `POST`.
    ///
    /// Feed the result to [`FieldCatalog::new`](crate::models::FieldCatalog::new) to name a
    /// clue's fields and label its select values.
    pub async fn list(&self) -> client_core::Result<Vec<CustomerField>> {
        let request = Request::post(LIST_FIELDS, "/api/v2/customer/list-fields")
            .json(&serde_json::json!({}))?
            .safe_to_repeat(true)
            .options(self.options.clone());
        let list: Option<CustomerFieldList> = self.client.execute(request).await?;
        Ok(list.map(|l| l.fields).unwrap_or_default())
    }
}
