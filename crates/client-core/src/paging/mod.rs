//! Lazy streams over paged list operations.
//!
//! Every list operation of the vendor crates also exists as a [`Stream`](futures::Stream) of items built here.
//! The vendor supplies a fetch closure that turns a [`PageRequest`] into one [`Page`]; a
//! [`Paging`] configuration picks the strategy and the documented limits:
//!
//! | strategy | next request | ends when |
//! |---|---|---|
//! | [`Paging::by_page_number`] | `number + 1`, from [`Paging::start_page`] (default: the first page, [`Paging::first_page`]: Linkflow counts from 0, others from 1) | empty page, `has_more == false`, the known total (items or pages) is reached, or — only when the server gives neither a total nor `has_more` — a short page; **error** if a page repeats the previous one ([`Page::fingerprint`]) |
//! | [`Paging::by_cursor`] | the page's `next_cursor` | no (or an empty or blank) cursor, `has_more == false`, an empty page; **error** if a cursor repeats or `has_more` comes without a (non-blank) cursor |
//! | [`Paging::by_last_id`] | the last item's id | empty page or `has_more == false`; **error** if the last id does not change |
//!
//! Rules every strategy keeps:
//!
//! * **A known total wins over a short page.** A server may cap the page size below the size
//!   asked for (asked 200, sent 100): while fewer items are counted than a total a page gave
//!   (the latest one given, on any page), or fewer pages than a total of pages, the stream asks
//!   for the next page. A page-number stream started at a later page
//!   ([`Paging::start_page`]) counts the pages it skipped as full pages, so it reaches the total
//!   and asks no extra empty page.
//! * **A page-number listing never loops.** When two non-empty pages in a row carry the same
//!   [`Fingerprint`] (their items' keys, or the bytes that carried them where items have no
//!   key — the vendor sets it with [`Page::with_fingerprint_of_keys`] or
//!   [`Page::with_fingerprint_of_bytes`]), the repeated page is dropped and the stream ends
//!   with an [`Error::is_api`](crate::Error::is_api) error naming both page numbers.
//! * **What the server sends is never blamed on the caller.** A blank cursor (only whitespace)
//!   from the server is no cursor: it ends the stream, or, when the page says `has_more`, is an
//!   [`Error::is_api`](crate::Error::is_api) error quoting it — it is never sent back, where a
//!   vendor's own check of a caller's cursor would report it as invalid input.
//!
//! The streams
//!
//! * fetch lazily: nothing is requested until the stream is polled, and the next page only when
//!   the current one is used up;
//! * hold at most one page: [`Items`] walks the current page with a `Vec` iterator and drops it
//!   before asking for the next, so per-item overhead is one iterator step;
//! * stop at a documented hard limit ([`Paging::max_pages`], [`Paging::max_items`]) with an
//!   [`Error::is_limit`](crate::Error::is_limit) error naming the limit and the caller's way on
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

/// The stream every list operation of every vendor crate returns: boxed, `Send`, `Unpin`, so
/// `while let Some(item) = stream.try_next().await?` works with no `pin!`.
pub type ItemStream<T> = futures::stream::BoxStream<'static, crate::Result<T>>;
