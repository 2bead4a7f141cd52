//! 二、数据API: §2.1 获取潜客列表 (`POST /openv1/list`), §2.2 获取悟空潜客
//! (`POST /openv1/potential`) and §2.3 加入悟空潜客 (`POST /importv1/potential`).
//!
//! 潜客 ("potential customers") are called *leads* here.
//!
//! | file | operation |
//! |---|---|
//! | `list.rs` | [`ListLeads`]: §2.1 and §2.2 |
//! | `import.rs` | [`ImportLead`]: §2.3 with one lead |
//! | `import_batch.rs` | [`ImportBatch`]: §2.3 in chunks |

mod import;
mod import_batch;
mod list;

pub use import::ImportLead;
pub use import_batch::ImportBatch;
pub use list::ListLeads;

use crate::Client;
use crate::models::NewLead;

/// `POST /openv1/list` (§2.1).
pub const OP_LIST: &str = "POST /openv1/list";
/// `POST /openv1/potential` (§2.2).
pub const OP_POTENTIAL: &str = "POST /openv1/potential";
/// `POST /importv1/potential` (§2.3).
pub const OP_IMPORT: &str = "POST /importv1/potential";

/// The most leads one import request may carry (a client-side guard; Wukong documents no limit).
pub const MAX_CHUNK_SIZE: usize = 1000;
/// The default number of leads per import request.
pub const DEFAULT_CHUNK_SIZE: usize = 100;

client_core::handler! {
    /// The data operations (§2). Get one with [`Client::leads`].
    pub struct Leads => Client;
}

impl<'c> Leads<'c> {
    /// §2.1 获取潜客列表 — `POST /openv1/list`: the leads of the Wukong company accounts bound to
    /// this partner account. Filters are optional; see [`ListLeads`].
    pub fn list(&self) -> ListLeads<'c> {
        ListLeads::new(self.client, OP_LIST, "/openv1/list", self.options.clone())
    }

    /// §2.2 获取悟空潜客 — `POST /openv1/potential`: Wukong's leads for the bound company accounts.
    /// Same filters as [`list`](Self::list).
    pub fn potential(&self) -> ListLeads<'c> {
        ListLeads::new(
            self.client,
            OP_POTENTIAL,
            "/openv1/potential",
            self.options.clone(),
        )
    }

    /// §2.3 加入悟空潜客 — `POST /importv1/potential` with one lead as form parameters
    /// (`access_token`, `wk_uid`, `company_id`, `name`, `mobile`, `email`, `wechat`, `qq`).
    pub fn import(&self, lead: NewLead) -> ImportLead<'c> {
        ImportLead::new(self.client, lead, self.options.clone())
    }

    /// §2.3 加入悟空潜客, batch form — `POST /importv1/potential` with the JSON body
    /// `{"access_token", "wk_uid", "data": [{name, mobile, email, wechat, qq}, …]}` (the generated
    /// `PotentialImportBatchRequest`), split into chunks (see [`ImportBatch`]).
    pub fn import_batch(&self, leads: impl IntoIterator<Item = NewLead>) -> ImportBatch<'c> {
        ImportBatch::new(
            self.client,
            leads.into_iter().collect(),
            self.options.clone(),
        )
    }
}
