//! [`SandboxLead`]: a lead as the sandbox stores it.

use chrono::{DateTime, Utc};

/// A lead as the sandbox stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxLead {
    /// The id the sandbox gave it.
    pub id: u64,
    /// `wk_uid`, if given.
    pub wk_uid: Option<String>,
    /// `company_id`, if given.
    pub company_id: Option<String>,
    /// The contact fields, as received.
    pub name: Option<String>,
    /// `mobile`.
    pub mobile: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `wechat`.
    pub wechat: Option<String>,
    /// `qq`.
    pub qq: Option<String>,
    /// When it was created (sandbox clock).
    pub created: DateTime<Utc>,
    /// Whether Wukong found it (seeded) rather than the partner importing it.
    pub found_by_wukong: bool,
}
