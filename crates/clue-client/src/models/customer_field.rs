//! [`CustomerField`] helpers and [`FieldId`]: a field definition of `list-fields`.

use client_core::number_or_string::NumberOrString;

use super::{CustomerField, ItemId};

/// The id of a field definition (`list-fields` → `fields[].id`): the vendor's example sends a
/// number (`429`), other tenants a name (`customer_stage`). Compared by text; written back in the
/// form it was read.
pub type FieldId = NumberOrString;

/// Helpers on the generated field definition ([`CustomerField`]: `id`, `name`, `type`,
/// `outerField`, `items`, `stable`, `customerImportRequired`).
impl CustomerField {
    /// The label of item `id`, if this field has it (item ids compare by text: the item `2`
    /// matches the select value `"2"`).
    pub fn item_label(&self, id: &ItemId) -> Option<&str> {
        self.items
            .iter()
            .find(|i| i.id.as_str() == id.as_str())
            .map(|i| i.name.as_str())
    }

    /// 是否系统固定字段 (`stable`; `false` when the server leaves it out).
    pub fn is_stable(&self) -> bool {
        self.stable.unwrap_or(false)
    }

    /// 导入客户时是否必填 (`customerImportRequired`; `false` when the server leaves it out).
    pub fn is_import_required(&self) -> bool {
        self.customer_import_required.unwrap_or(false)
    }
}
