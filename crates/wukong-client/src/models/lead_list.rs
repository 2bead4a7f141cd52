//! [`LeadList`]: the lead list of §2.1 / §2.2, read from any of the shapes the server may send.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::lead::Lead;
use super::lenient::opt_text;

/// The lead list of §2.1 / §2.2: the leads, and a total when the server sends one.
///
/// Accepts `data` as an array of leads, or as an object holding the array under `list`, `items`,
/// `rows`, `records`, `leads` or `data` with an optional `total`/`count` — the response shape is
/// not documented, so the generated wire model `PotentialsResponse` (an array in `data`) is only
/// one of the shapes read here.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct LeadList {
    /// The leads.
    pub leads: Vec<Lead>,
    /// The total the server reports, if any.
    pub total: Option<u64>,
}

const LIST_KEYS: &[&str] = &["list", "items", "rows", "records", "leads", "data"];
const TOTAL_KEYS: &[&str] = &["total", "count", "total_count"];

impl<'de> Deserialize<'de> for LeadList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LeadList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of leads or an object holding one")
            }
            fn visit_unit<E: de::Error>(self) -> Result<LeadList, E> {
                Ok(LeadList::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<LeadList, E> {
                Ok(LeadList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LeadList, A::Error> {
                let mut leads = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(lead) = seq.next_element::<Lead>()? {
                    leads.push(lead);
                }
                Ok(LeadList { leads, total: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LeadList, A::Error> {
                let mut out = LeadList::default();
                let mut found_list = false;
                while let Some(key) = map.next_key::<String>()? {
                    if !found_list && LIST_KEYS.contains(&key.as_str()) {
                        out.leads = map.next_value::<Option<Vec<Lead>>>()?.unwrap_or_default();
                        found_list = true;
                    } else if TOTAL_KEYS.contains(&key.as_str()) {
                        out.total = opt_text(map.next_value::<serde_json::Value>()?)
                            .ok()
                            .flatten()
                            .and_then(|t| t.parse().ok());
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::super::WkUid;
    use super::*;

    #[test]
    fn lead_list_shapes() {
        let a: LeadList = serde_json::from_str(r#"[{"name":"x","wk_uid":7}]"#).unwrap();
        assert_eq!(a.leads[0].wk_uid.as_ref().map(WkUid::as_str), Some("7"));
        let b: LeadList =
            serde_json::from_str(r#"{"total":"3","list":[{"mobile":13800138000,"zz":1}]}"#)
                .unwrap();
        assert_eq!(b.total, Some(3));
        assert_eq!(b.leads[0].mobile.as_deref(), Some("13800138000"));
        assert_eq!(b.leads[0].extra["zz"], 1);
        let c: LeadList = serde_json::from_str("null").unwrap();
        assert!(c.leads.is_empty());
    }
}
