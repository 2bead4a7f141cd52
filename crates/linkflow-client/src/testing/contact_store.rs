//! The sandbox's contact store, shared by every area: contacts with their identities, tag values,
//! channel accounts and events, seeded from the fixtures.
//!
//! Seed (from the fixtures): contacts 1, 3, 5 (`contacts_bulk`), 2865 (`contacts`), 17760 and
//! 17771 (members of group 252), 29 (identities `phone` 13888888888, `email` 123456@qq.com,
//! `mobilePhone` 17624321576, tag values of `contacts_tags`), and 703941987164160 (identity
//! `idCard` 321100199012203412, the identities of `contact_identities` and the channel accounts
//! of `contact_channel_identities`).

use std::collections::BTreeMap;

use client_core::time::VendorTime;
use serde_json::{Map, Value, json};

use super::SandboxState;

const CONTACTS: &str = include_str!("../../fixtures/contacts.response.json");
const CONTACTS_BULK: &str = include_str!("../../fixtures/contacts_bulk.response.json");
const CONTACT_IDENTITIES: &str = include_str!("../../fixtures/contact_identities.response.json");
const CONTACTS_IDENTITIES: &str = include_str!("../../fixtures/contacts_identities.response.json");
const CONTACT_TAGS: &str = include_str!("../../fixtures/contacts_tags.response.json");
const CHANNEL_IDENTITIES: &str =
    include_str!("../../fixtures/contact_channel_identities.response.json");

/// The contact of the document's identity examples.
pub(crate) const EXAMPLE_CONTACT: i64 = 703_941_987_164_160;

/// One identity of a stored contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredIdentity {
    pub(crate) kind: String,
    pub(crate) id: String,
    pub(crate) date_created: String,
}

impl StoredIdentity {
    pub(super) fn to_json(&self) -> Value {
        json!({ "id": self.id, "type": self.kind, "dateCreated": self.date_created })
    }
}

/// A stored contact: the record as listed, plus what other routes answer about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredContact {
    /// The contact as `GET /open/contacts` lists it (`id`, attributes, timestamps).
    pub(crate) record: Map<String, Value>,
    /// `openIds` (answered by `/open/contacts_bulk` with `needOpenId=1`).
    pub(crate) open_ids: Vec<Value>,
    pub(crate) identities: Vec<StoredIdentity>,
    pub(crate) tags: Vec<Value>,
    pub(crate) channel_identities: Vec<Value>,
    /// Events tracked for this contact (`POST /open/messages`).
    pub(crate) events: Vec<Value>,
}

impl StoredContact {
    pub(super) fn last_updated(&self) -> Option<VendorTime> {
        self.record
            .get("lastUpdated")
            .and_then(Value::as_str)
            .and_then(|t| VendorTime::parse(t).ok())
    }

    pub(super) fn is_anonymous(&self) -> bool {
        self.record
            .get("isAnonymous")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub(super) fn text(&self, field: &str) -> Option<&str> {
        self.record.get(field).and_then(Value::as_str)
    }
}

/// The contact store.
#[derive(Debug)]
pub(crate) struct ContactsState {
    pub(crate) contacts: BTreeMap<i64, StoredContact>,
    pub(crate) next_id: i64,
}

impl Default for ContactsState {
    fn default() -> Self {
        Self {
            contacts: BTreeMap::new(),
            next_id: 800_000_000_000_000,
        }
    }
}

impl ContactsState {
    /// The contact holding identity `kind`/`id`.
    pub(crate) fn find_by_identity(&self, kind: &str, id: &str) -> Option<i64> {
        self.contacts
            .iter()
            .find(|(_, c)| c.identities.iter().any(|i| i.kind == kind && i.id == id))
            .map(|(k, _)| *k)
    }

    /// Creates an empty contact and returns its id.
    pub(crate) fn create(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let now = VendorTime::now().as_str().to_owned();
        let mut record = Map::new();
        record.insert("id".into(), json!(id));
        record.insert("isAnonymous".into(), json!(false));
        record.insert("utm".into(), json!({}));
        record.insert("props".into(), json!({}));
        record.insert("dateCreated".into(), json!(now));
        record.insert("lastUpdated".into(), json!(now));
        self.contacts.insert(
            id,
            StoredContact {
                record,
                ..StoredContact::default()
            },
        );
        id
    }

    /// Binds identity `kind`/`id` to `contact` (if not bound yet).
    pub(crate) fn bind(&mut self, contact: i64, kind: &str, id: &str) {
        if let Some(c) = self.contacts.get_mut(&contact)
            && !c.identities.iter().any(|i| i.kind == kind && i.id == id)
        {
            c.identities.push(StoredIdentity {
                kind: kind.to_owned(),
                id: id.to_owned(),
                date_created: VendorTime::now().as_str().to_owned(),
            });
        }
    }

    fn insert_record(&mut self, mut record: Map<String, Value>) -> Option<i64> {
        let id = record.get("id")?.as_i64()?;
        let open_ids = match record.remove("openIds") {
            Some(Value::Array(ids)) => ids,
            _ => Vec::new(),
        };
        self.contacts.insert(
            id,
            StoredContact {
                record,
                open_ids,
                ..StoredContact::default()
            },
        );
        Some(id)
    }
}

fn parse_array(text: &str) -> client_core::Result<Vec<Value>> {
    serde_json::from_str(text)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))
}

fn minimal(id: i64, name: &str) -> Map<String, Value> {
    let mut record = Map::new();
    record.insert("id".into(), json!(id));
    record.insert("name".into(), json!(name));
    record.insert("isAnonymous".into(), json!(false));
    record.insert("dateCreated".into(), json!("2018-04-19 11:19:41"));
    record.insert("lastUpdated".into(), json!("2018-04-19 11:19:41"));
    record
}

pub(super) fn seed(state: &mut SandboxState) -> client_core::Result<()> {
    let store = &mut state.contacts;
    for text in [CONTACTS_BULK, CONTACTS] {
        for value in parse_array(text)? {
            if let Value::Object(record) = value {
                store.insert_record(record);
            }
        }
    }
    store.insert_record(minimal(17760, "tiger"));
    store.insert_record(minimal(17771, "'非常满意'&*-^!@#$%{}[]\\|、\"\"「」【】"));

    // Contact 29: the identities and tag-value examples.
    let mut c29 = minimal(29, "contact 29");
    c29.insert("mobilePhone".into(), json!("17624321576"));
    store.insert_record(c29);
    let answer: Value = serde_json::from_str(CONTACTS_IDENTITIES)
        .map_err(|e| client_core::Error::config(format!("sandbox fixture: {e}")))?;
    if let Some(c) = store.contacts.get_mut(&29) {
        c.identities.push(StoredIdentity {
            kind: "phone".into(),
            id: "13888888888".into(),
            date_created: "2023-02-20 15:47:30".into(),
        });
        c.identities.push(StoredIdentity {
            kind: "mobilePhone".into(),
            id: "17624321576".into(),
            date_created: "2023-02-20 15:47:30".into(),
        });
        for identity in answer["identities"].as_array().into_iter().flatten() {
            c.identities.push(identity_from_json(identity));
        }
        c.tags = parse_array(CONTACT_TAGS)?;
    }

    // The contact of "查询联系人" and "根据联系人查询渠道账号".
    let mut example = minimal(EXAMPLE_CONTACT, "example contact");
    example.insert("dateCreated".into(), json!("2022-05-23 11:27:08"));
    example.insert("lastUpdated".into(), json!("2022-05-23 11:27:08"));
    store.insert_record(example);
    let channel_identities = parse_array(CHANNEL_IDENTITIES)?;
    let identities = parse_array(CONTACT_IDENTITIES)?;
    if let Some(c) = store.contacts.get_mut(&EXAMPLE_CONTACT) {
        c.identities.push(StoredIdentity {
            kind: "idCard".into(),
            id: "321100199012203412".into(),
            date_created: "2022-05-23 11:27:08".into(),
        });
        c.identities
            .extend(identities.iter().map(identity_from_json));
        c.channel_identities = channel_identities;
    }
    Ok(())
}

fn identity_from_json(value: &Value) -> StoredIdentity {
    StoredIdentity {
        kind: value["type"].as_str().unwrap_or_default().to_owned(),
        id: value["id"].as_str().unwrap_or_default().to_owned(),
        date_created: value["dateCreated"]
            .as_str()
            .unwrap_or("2024-01-26 14:47:16")
            .to_owned(),
    }
}
