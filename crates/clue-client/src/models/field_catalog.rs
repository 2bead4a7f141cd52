//! [`FieldCatalog`] and [`JoinKey`]: the tenant's field definitions, indexed to name a clue's
//! fields and label its select values.

use std::collections::HashMap;

use super::{Clue, ClueField, CustomerField, CustomerFieldList, FieldId, ResolvedField};

/// Which member of a field definition a clue's `fields[].field` key is matched against.
///
/// The documents do not say. The clue example's keys are names such as `mobile` and
/// `customer_stage`; the vendor's `list-fields` example has numeric `id`s and `outerField: null`.
/// The default tries `outerField` first, then `id`; add explicit pairs with
/// [`FieldCatalog::with_alias`] when a tenant's keys match neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum JoinKey {
    /// `outerField == field`, else `id == field` (default).
    #[default]
    OuterFieldThenId,
    /// Only `outerField == field`.
    OuterField,
    /// Only `id == field`.
    Id,
}

/// The tenant's field definitions, indexed to name a clue's fields and label its select values.
///
/// ```
/// use clue_client::models::{CustomerField, FieldCatalog, ClueField, FieldValue};
/// let fields: Vec<CustomerField> = serde_json::from_str(r#"[
///   {"id": 436, "name": "性别", "type": 2, "outerField": "gender",
///    "items": [{"id": 1, "name": "男"}, {"id": 2, "name": "女"}],
///    "stable": true, "customerImportRequired": false}
/// ]"#)?;
/// let catalog = FieldCatalog::new(fields);
/// let entry = ClueField { field: "gender".into(), kind: 2, value_as_text: Some("2".into()) };
/// let resolved = catalog.resolve_field(&entry);
/// assert_eq!(resolved.display_name(), "性别");
/// assert_eq!(resolved.display_value().as_deref(), Some("女"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FieldCatalog {
    fields: Vec<CustomerField>,
    join: JoinKey,
    by_outer: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    aliases: HashMap<String, usize>,
}

impl FieldCatalog {
    /// A catalog of `fields` (from [`CustomerFields::list`](crate::api::customer_fields::CustomerFields::list)).
    pub fn new(fields: impl Into<Vec<CustomerField>>) -> Self {
        let fields = fields.into();
        let mut by_outer = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, f) in fields.iter().enumerate() {
            if let Some(outer) = f.outer_field.as_deref().filter(|o| !o.is_empty()) {
                by_outer.entry(outer.to_owned()).or_insert(i);
            }
            by_id.entry(f.id.as_str().to_owned()).or_insert(i);
        }
        Self {
            fields,
            join: JoinKey::default(),
            by_outer,
            by_id,
            aliases: HashMap::new(),
        }
    }

    /// Chooses which member a clue's field key is matched against (default
    /// [`JoinKey::OuterFieldThenId`]).
    pub fn with_join_key(mut self, join: JoinKey) -> Self {
        self.join = join;
        self
    }

    /// Maps the clue field key `clue_field` (e.g. `"mobile"`) to the definition whose `id` is
    /// `field_id` (e.g. `429`). Aliases win over the join key. Unknown ids are ignored.
    pub fn with_alias(
        mut self,
        clue_field: impl Into<String>,
        field_id: impl Into<FieldId>,
    ) -> Self {
        let id = field_id.into();
        if let Some(&i) = self.by_id.get(id.as_str()) {
            self.aliases.insert(clue_field.into(), i);
        }
        self
    }

    /// Every definition, in the server's order.
    pub fn fields(&self) -> &[CustomerField] {
        &self.fields
    }

    /// The definition for a clue's field key, if any.
    pub fn definition(&self, key: &str) -> Option<&CustomerField> {
        let index = self.aliases.get(key).copied().or_else(|| match self.join {
            JoinKey::OuterFieldThenId => self
                .by_outer
                .get(key)
                .or_else(|| self.by_id.get(key))
                .copied(),
            JoinKey::OuterField => self.by_outer.get(key).copied(),
            JoinKey::Id => self.by_id.get(key).copied(),
        })?;
        self.fields.get(index)
    }

    /// The definition named `name` (字段名称), if any.
    pub fn by_name(&self, name: &str) -> Option<&CustomerField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// One `fields[]` entry, decoded and resolved.
    pub fn resolve_field(&self, entry: &ClueField) -> ResolvedField<'_> {
        ResolvedField {
            definition: self.definition(&entry.field),
            decoded: entry.decode(),
        }
    }

    /// Every `fields[]` entry of `clue`, decoded and resolved, in the clue's order.
    pub fn resolve(&self, clue: &Clue) -> Vec<ResolvedField<'_>> {
        clue.fields.iter().map(|f| self.resolve_field(f)).collect()
    }

    /// The entry of `clue` whose definition is named `name` (字段名称, e.g. `"手机号"`).
    pub fn value_by_name(&self, clue: &Clue, name: &str) -> Option<ResolvedField<'_>> {
        clue.fields
            .iter()
            .map(|f| self.resolve_field(f))
            .find(|r| r.name() == Some(name))
    }
}

impl From<Vec<CustomerField>> for FieldCatalog {
    fn from(value: Vec<CustomerField>) -> Self {
        Self::new(value)
    }
}

impl From<CustomerFieldList> for FieldCatalog {
    fn from(value: CustomerFieldList) -> Self {
        Self::new(value.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FieldType, ItemId};
    use super::*;

    fn catalog() -> FieldCatalog {
        let fields: CustomerFieldList = serde_json::from_str(
            r#"{"fields":[
              {"id":429,"name":"电话","type":8,"outerField":null,"stable":true,"customerImportRequired":true},
              {"id":436,"name":"性别","type":2,"outerField":null,"items":[{"id":0,"name":"其它"},{"id":1,"name":"男"},{"id":2,"name":"女"}],"stable":true,"customerImportRequired":false},
              {"id":"customer_stage","name":"客户阶段","type":2,"outerField":"stage","items":[{"id":"396823724189760","name":"初步接触"}]},
              {"id":"x","name":"意向","type":6,"outerField":"intent","items":null}
            ]}"#,
        )
        .unwrap();
        FieldCatalog::from(fields)
    }

    #[test]
    fn decodes_the_vendors_numeric_ids() {
        let c = catalog();
        assert_eq!(c.fields()[0].id, FieldId::from(429));
        assert_eq!(c.fields()[1].items[2].id, "2");
        assert_eq!(c.fields()[1].item_label(&ItemId::from("2")), Some("女"));
        assert!(c.fields()[0].is_stable() && c.fields()[0].is_import_required());
        assert!(!c.fields()[2].is_stable());
        assert!(c.fields()[3].items.is_empty());
        assert_eq!(c.fields()[0].kind, FieldType::Phone);
    }

    #[test]
    fn join_order_and_aliases() {
        let c = catalog();
        assert_eq!(
            c.definition("stage").map(|d| d.name.as_str()),
            Some("客户阶段")
        );
        assert_eq!(
            c.definition("customer_stage").map(|d| d.name.as_str()),
            Some("客户阶段")
        );
        assert!(c.definition("mobile").is_none());
        let c = c.with_alias("mobile", 429).with_alias("gender", "436");
        assert_eq!(
            c.definition("mobile").map(|d| d.name.as_str()),
            Some("电话")
        );
        let only_outer = catalog().with_join_key(JoinKey::OuterField);
        assert!(only_outer.definition("customer_stage").is_none());
        let only_id = catalog().with_join_key(JoinKey::Id);
        assert!(only_id.definition("stage").is_none());
        assert!(only_id.definition("429").is_some());
    }

    #[test]
    fn labels_selects_and_falls_back_to_ids() {
        let c = catalog().with_alias("gender", 436);
        let gender = ClueField {
            field: "gender".into(),
            kind: 2,
            value_as_text: Some("1".into()),
        };
        let r = c.resolve_field(&gender);
        assert_eq!(r.display_name(), "性别");
        assert_eq!(r.display_value().as_deref(), Some("男"));
        let unknown_item = ClueField {
            field: "gender".into(),
            kind: 2,
            value_as_text: Some("9".into()),
        };
        let r = c.resolve_field(&unknown_item);
        assert_eq!(r.item_labels(), vec![(&ItemId::from("9"), None)]);
        assert_eq!(r.display_value().as_deref(), Some("9"));
        let unknown_field = ClueField {
            field: "nope".into(),
            kind: 1,
            value_as_text: Some("t".into()),
        };
        let r = c.resolve_field(&unknown_field);
        assert_eq!((r.name(), r.display_name()), (None, "nope"));
    }
}
