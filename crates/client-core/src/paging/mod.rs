//! Lazy streams over paged list operations.
//!
//! Every list operation of the vendor crates also exists as a [`Stream`] of items built here.
//! The vendor supplies a fetch closure that turns a [`PageRequest`] into one [`Page`]; a
//! [`Paging`] configuration picks the strategy and the documented limits:
//!
//! | strategy | next request | ends when |
//! |---|---|---|
//! | [`Paging::by_page_number`] | `number + 1` (first number configurable: Linkflow counts from 0, others from 1) | empty page, short page, `has_more == false`, or the known total is reached |
//! | [`Paging::by_cursor`] | the page's `next_cursor` | no (or an empty) cursor, `has_more == false`, an empty page; **error** if a cursor repeats or `has_more` comes without a cursor |
//! | [`Paging::by_last_id`] | the last item's id | empty page or `has_more == false`; **error** if the last id does not change |
//!
//! The streams
//!
//! * fetch lazily: nothing is requested until the stream is polled, and the next page only when
//!   the current one is used up;
//! * hold at most one page: [`Items`] walks the current page with a `Vec` iterator and drops it
//!   before asking for the next, so per-item overhead is one iterator step;
//! * stop at a documented hard limit ([`Paging::max_pages`], [`Paging::max_items`]) with an
//!   [`Error::is_limit`] error naming the limit and the caller's way on
//!   ([`Paging::on_limit`]), never by silently truncating. The error comes only when another
//!   page is needed — the last page was full and no total or `has_more` said the listing had
//!   ended — never after a natural end;
//! * yield a fetch error once, then end.
//!
//! ```
//! # async fn demo() -> client_core::Result<()> {
//! use futures::TryStreamExt;
//! use client_core::paging::{Page, Paging};
//!
//! // A server with 450 items, answering `page` (from 0) and `size`.
//! let items = Paging::new(200)
//!     .first_page(0)
//!     .max_items(10_000)
//!     .on_limit("narrow the time window (minUpdateTime/maxUpdateTime)")
//!     .by_page_number(|request| async move {
//!         let start = request.number * u64::from(request.size);
//!         let end = (start + u64::from(request.size)).min(450);
//!         Ok(Page::new((start..end).collect::<Vec<u64>>()))
//!     })
//!     .items();
//! let all: Vec<u64> = items.try_collect().await?;
//! assert_eq!(all.len(), 450);
//! # Ok(()) }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo()).unwrap();
//! ```

mod config;
mod page;
mod state;
mod stream;

pub use config::Paging;
pub use page::{Fingerprint, Page, PageRequest};
pub use stream::{Items, Pages};
