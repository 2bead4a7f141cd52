//! 线索&待分配: clue details, clues by creation time, and follow-up records.
//!
//! * `POST /api/v3/clue/get` — [`Clues::get`]
//! * `POST /api/v3/clue/list-by-create-time-asc` — [`Clues::list_by_create_time_asc`]
//!   ([`ListByCreateTime::send`] for one page, [`ListByCreateTime::stream`] for every clue)
//! * `POST /api/v3/clue/list-follow-up` — [`Clues::list_follow_up`]
//!   ([`ListFollowUp::send`], [`ListFollowUp::stream`])
//!
//! All three are reads: retried on transient failures although they are `POST`s.
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the [`Clues`] handler and `clue/get` |
//! | `list_by_create_time.rs` | [`ListByCreateTime`] |
//! | `list_follow_up.rs` | [`ListFollowUp`] |
//! | `checks.rs` | the checks of ids, sizes and cursors before sending |

mod checks;
mod list_by_create_time;
mod list_follow_up;

pub use list_by_create_time::ListByCreateTime;
pub use list_follow_up::ListFollowUp;

use client_core::Error;
use client_core::time::VendorTime;
use client_core::transport::Request;
use serde::Serialize;

use crate::Client;
use crate::models::{Clue, CustomerId, FollowUp};
use checks::check_customer_id;

/// The documented route of `clue/get`.
pub const GET: &str = "POST /api/v3/clue/get";
/// The documented route of `clue/list-by-create-time-asc`.
pub const LIST_BY_CREATE_TIME_ASC: &str = "POST /api/v3/clue/list-by-create-time-asc";
/// The documented route of `clue/list-follow-up`.
pub const LIST_FOLLOW_UP: &str = "POST /api/v3/clue/list-follow-up";

/// A stream of clues (see [`ListByCreateTime::stream`]).
pub type ClueStream = client_core::paging::ItemStream<Clue>;
/// A stream of follow-up records (see [`ListFollowUp::stream`]).
pub type FollowUpStream = client_core::paging::ItemStream<FollowUp>;

client_core::handler! {
    /// The 线索&待分配 handler ([`Client::clues`]).
    pub struct Clues => Client;
}

impl<'a> Clues<'a> {
    /// `POST /api/v3/clue/get` (获取线索&待分配客户详情): one clue by `customerId`.
    ///
    /// Decode its field values with [`Clue::decoded_fields`] / [`Clue::field`]. A `data: null`
    /// answer (no such clue) is an [`Error::is_api`] error.
    pub async fn get(&self, customer_id: impl Into<CustomerId>) -> client_core::Result<Clue> {
        let customer_id = customer_id.into();
        check_customer_id(customer_id)?;
        #[derive(Serialize)]
        struct Body {
            #[serde(rename = "customerId")]
            customer_id: CustomerId,
        }
        let request = Request::post(GET, "/api/v3/clue/get")
            .json(&Body { customer_id })?
            .safe_to_repeat(true)
            .options(self.options.clone());
        let clue: Option<Clue> = self.client.execute(request).await?;
        clue.ok_or_else(|| {
            Error::api(
                None,
                format!("Tanma answered no clue (`data: null`) for customerId {customer_id}"),
            )
            .with_operation(GET)
        })
    }

    /// `POST /api/v3/clue/list-by-create-time-asc` (按创建时间列出线索&待分配客户): clues created
    /// in `[since, before)`, oldest first.
    ///
    /// The document types `since` and `before` as strings without a format; they are sent as
    /// the vendor's usual `yyyy-MM-dd HH:mm:ss` in UTC+8 (a `DateTime` in any zone converts).
    pub fn list_by_create_time_asc(
        &self,
        since: impl Into<VendorTime>,
        before: impl Into<VendorTime>,
    ) -> ListByCreateTime {
        ListByCreateTime::new(
            self.client.clone(),
            since.into(),
            before.into(),
            self.options.clone(),
        )
    }

    /// `POST /api/v3/clue/list-follow-up` (列出线索&待分配客户跟进记录): the follow-up records of
    /// one clue.
    pub fn list_follow_up(&self, customer_id: impl Into<CustomerId>) -> ListFollowUp {
        ListFollowUp::new(
            self.client.clone(),
            customer_id.into(),
            self.options.clone(),
        )
    }
}
