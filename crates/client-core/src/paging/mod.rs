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

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::stream::FusedStream;
use pin_project_lite::pin_project;

use crate::error::{Error, Result};

/// The default advice in a limit error when the caller gives none.
const DEFAULT_LIMIT_HINT: &str = "narrow the query so that it matches fewer items";

/// The longest cursor quoted in an error message.
const CURSOR_IN_ERROR: usize = 64;

/// One page as the fetch closure returns it.
///
/// Only `items` is required; set what the vendor's response says with the `with_*` methods. A
/// signal that is absent is simply not used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items, in server order.
    pub items: Vec<T>,
    /// The cursor for the next page (cursor paging). Absent or empty means "no more pages".
    pub next_cursor: Option<String>,
    /// The total number of items across all pages, if the server says.
    pub total_items: Option<u64>,
    /// The total number of pages, if the server says.
    pub total_pages: Option<u64>,
    /// Whether the server says more pages follow.
    pub has_more: Option<bool>,
}

impl<T> Page<T> {
    /// A page with `items` and no other signals.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            next_cursor: None,
            total_items: None,
            total_pages: None,
            has_more: None,
        }
    }

    /// Sets the cursor of the next page (`None` or an empty string: no more pages).
    pub fn with_next_cursor(mut self, cursor: Option<impl Into<String>>) -> Self {
        self.next_cursor = cursor.map(Into::into);
        self
    }

    /// Sets the total number of items across all pages.
    pub fn with_total_items(mut self, total: u64) -> Self {
        self.total_items = Some(total);
        self
    }

    /// Sets the total number of pages.
    pub fn with_total_pages(mut self, total: u64) -> Self {
        self.total_pages = Some(total);
        self
    }

    /// Sets whether more pages follow.
    pub fn with_has_more(mut self, has_more: bool) -> Self {
        self.has_more = Some(has_more);
        self
    }
}

/// What the fetch closure is asked to fetch. Each strategy fills the fields it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageRequest<K = ()> {
    /// How many requests this stream made before this one (0 for the first).
    pub index: u64,
    /// The page number to ask for (page-number paging): the first page number plus `index`.
    pub number: u64,
    /// The page size to ask for.
    pub size: u32,
    /// The cursor to send (cursor paging); `None` on the first request unless a start cursor
    /// was given.
    pub cursor: Option<String>,
    /// The id of the last item already received (last-id paging); `None` (or the given start)
    /// on the first request.
    pub last_id: Option<K>,
}

/// Which pages to fetch and where to stop. Build one, then pick a strategy with
/// [`by_page_number`](Self::by_page_number), [`by_cursor`](Self::by_cursor) or
/// [`by_last_id`](Self::by_last_id).
#[derive(Debug, Clone)]
pub struct Paging {
    size: u32,
    first_page: u64,
    max_pages: Option<u64>,
    max_items: Option<u64>,
    hint: Cow<'static, str>,
    stop_on_short_page: Option<bool>,
    stop_on_empty_page: bool,
    start_cursor: Option<String>,
}

impl Paging {
    /// Pages of `size` items, page numbers from 1, no limits.
    pub fn new(size: u32) -> Self {
        Self {
            size,
            first_page: 1,
            max_pages: None,
            max_items: None,
            hint: Cow::Borrowed(DEFAULT_LIMIT_HINT),
            stop_on_short_page: None,
            stop_on_empty_page: true,
            start_cursor: None,
        }
    }

    /// The number of the first page (default 1; Linkflow's `page` starts at 0).
    pub fn first_page(mut self, number: u64) -> Self {
        self.first_page = number;
        self
    }

    /// A documented cap on the number of pages (Linkflow orders: 100). Needing page
    /// `max + 1` ends the stream with a limit error.
    pub fn max_pages(mut self, max: u64) -> Self {
        self.max_pages = Some(max);
        self
    }

    /// A documented cap on how deep the listing may reach (Linkflow bulk ids: `page × size ≤
    /// 10,000`). A request that would reach past it ends the stream with a limit error. For
    /// page-number paging the depth is positional (`index × size`); for the other strategies it
    /// is the number of items received. Choose a page size that divides the cap, or the last
    /// partial page before the cap cannot be fetched.
    pub fn max_items(mut self, max: u64) -> Self {
        self.max_items = Some(max);
        self
    }

    /// The caller's way on, appended to a limit error (e.g. `"narrow the time window"`).
    pub fn on_limit(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Whether a page with fewer than `size` items ends the stream (unless the page says
    /// `has_more`). Default: on for page-number paging, off for cursor and last-id paging (which
    /// have exact end signals). Turn it off when a server may cap the page size below the size
    /// asked for.
    pub fn stop_on_short_page(mut self, stop: bool) -> Self {
        self.stop_on_short_page = Some(stop);
        self
    }

    /// Cursor paging: whether an empty page ends the stream even if it carries a cursor (default
    /// on). Turn it off for servers that return empty pages mid-listing.
    pub fn stop_on_empty_page(mut self, stop: bool) -> Self {
        self.stop_on_empty_page = stop;
        self
    }

    /// Cursor paging: the cursor of the first request (default none).
    pub fn start_cursor(mut self, cursor: impl Into<String>) -> Self {
        self.start_cursor = Some(cursor.into());
        self
    }

    /// Page-number paging: asks for `first_page`, `first_page + 1`, …
    pub fn by_page_number<T, F, Fut>(self, fetch: F) -> Pages<T, (), F, Fut>
    where
        F: FnMut(PageRequest) -> Fut,
        Fut: Future<Output = Result<Page<T>>>,
    {
        let stop_short = self.stop_on_short_page.unwrap_or(true);
        Pages::new(self, stop_short, Mode::Number, fetch)
    }

    /// Cursor paging: sends each page's `next_cursor` with the next request.
    pub fn by_cursor<T, F, Fut>(mut self, fetch: F) -> Pages<T, (), F, Fut>
    where
        F: FnMut(PageRequest) -> Fut,
        Fut: Future<Output = Result<Page<T>>>,
    {
        let stop_short = self.stop_on_short_page.unwrap_or(false);
        let start = self.start_cursor.take();
        let hasher = RandomState::new();
        let mut seen = HashSet::new();
        if let Some(c) = &start {
            seen.insert(hasher.hash_one(c));
        }
        Pages::new(
            self,
            stop_short,
            Mode::Cursor {
                cursor: start,
                seen,
                hasher,
            },
            fetch,
        )
    }

    /// Last-id paging: sends the id of the last item received (`key` reads it) with the next
    /// request, starting after `start_after` (e.g. `Some(0)` for Linkflow's `lastMaxId=0`).
    pub fn by_last_id<T, K, G, F, Fut>(
        self,
        start_after: Option<K>,
        key: G,
        fetch: F,
    ) -> Pages<T, K, F, Fut>
    where
        K: Clone + PartialEq + fmt::Debug,
        G: Fn(&T) -> K + Send + Sync + 'static,
        F: FnMut(PageRequest<K>) -> Fut,
        Fut: Future<Output = Result<Page<T>>>,
    {
        let stop_short = self.stop_on_short_page.unwrap_or(false);
        Pages::new(
            self,
            stop_short,
            Mode::LastId {
                last: start_after,
                key: Box::new(key),
            },
            fetch,
        )
    }
}

type KeyFn<T, K> = Box<dyn Fn(&T) -> K + Send + Sync>;

enum Mode<T, K> {
    Number,
    Cursor {
        cursor: Option<String>,
        seen: HashSet<u64>,
        hasher: RandomState,
    },
    LastId {
        last: Option<K>,
        key: KeyFn<T, K>,
    },
}

enum Next {
    Fetch,
    Done,
    Fail(Error),
}

struct State<T, K> {
    config: Paging,
    stop_short: bool,
    mode: Mode<T, K>,
    next: Next,
    /// Requests made so far.
    index: u64,
    /// Items received so far.
    received: u64,
}

pin_project! {
    /// A stream of pages (`Result<Page<T>>`); see the [module docs](self). Turn it into a stream
    /// of items with [`Pages::items`]. Empty pages are not yielded.
    #[must_use = "streams do nothing unless polled"]
    pub struct Pages<T, K, F, Fut> {
        fetch: F,
        #[pin]
        in_flight: Option<Fut>,
        state: State<T, K>,
    }
}

impl<T, K, F, Fut> Pages<T, K, F, Fut> {
    fn new(config: Paging, stop_short: bool, mode: Mode<T, K>, fetch: F) -> Self {
        Self {
            fetch,
            in_flight: None,
            state: State {
                config,
                stop_short,
                mode,
                next: Next::Fetch,
                index: 0,
                received: 0,
            },
        }
    }

    /// A stream of the pages' items.
    pub fn items(self) -> Items<T, K, F, Fut> {
        Items {
            pages: self,
            current: Vec::new().into_iter(),
        }
    }

    /// How many pages were requested so far.
    pub fn requests(&self) -> u64 {
        self.state.index
    }

    /// How many items were received so far.
    pub fn received(&self) -> u64 {
        self.state.received
    }
}

impl<T, K: Clone + PartialEq + fmt::Debug> State<T, K> {
    fn limit_error(&self) -> Option<Error> {
        let size = u64::from(self.config.size);
        let hint = &self.config.hint;
        if let Some(max) = self.config.max_pages
            && self.index >= max
        {
            return Some(Error::limit(format!(
                "the listing stopped after {max} pages, the documented maximum, and more items may exist; {hint}"
            )));
        }
        if let Some(max) = self.config.max_items {
            let depth = match self.mode {
                Mode::Number => self.index.saturating_mul(size),
                _ => self.received,
            };
            if depth.saturating_add(size) > max {
                return Some(Error::limit(format!(
                    "the listing stopped after {depth} items: the documented limit is {max} items \
                     ({size} per page), and more items may exist; {hint}"
                )));
            }
        }
        None
    }

    fn request(&self) -> PageRequest<K> {
        let (cursor, last_id) = match &self.mode {
            Mode::Number => (None, None),
            Mode::Cursor { cursor, .. } => (cursor.clone(), None),
            Mode::LastId { last, .. } => (None, last.clone()),
        };
        PageRequest {
            index: self.index,
            number: self.config.first_page.saturating_add(self.index),
            size: self.config.size,
            cursor,
            last_id,
        }
    }

    /// Decides what follows `page` (the request count already includes it).
    fn after(&mut self, page: &Page<T>) -> Next {
        let n = page.items.len() as u64;
        self.received = self.received.saturating_add(n);
        let more_claimed = page.has_more == Some(true);
        let end_signalled = page.has_more == Some(false)
            || page.total_items.is_some_and(|total| self.received >= total)
            || page.total_pages.is_some_and(|total| self.index >= total);
        let short = self.stop_short && !more_claimed && n < u64::from(self.config.size);
        match &mut self.mode {
            Mode::Number => {
                if n == 0 || end_signalled || short {
                    Next::Done
                } else {
                    Next::Fetch
                }
            }
            Mode::Cursor {
                cursor,
                seen,
                hasher,
            } => {
                if end_signalled || (n == 0 && self.config.stop_on_empty_page && !more_claimed) {
                    return Next::Done;
                }
                match page.next_cursor.as_deref().filter(|c| !c.is_empty()) {
                    None if more_claimed => Next::Fail(Error::api(
                        None,
                        format!(
                            "the server said more pages follow page {} but sent no cursor",
                            self.index
                        ),
                    )),
                    None => Next::Done,
                    Some(next) => {
                        if !seen.insert(hasher.hash_one(next)) {
                            Next::Fail(Error::api(
                                None,
                                format!(
                                    "the server repeated cursor `{}` (page {}); stopping instead of looping",
                                    quote_cursor(next),
                                    self.index
                                ),
                            ))
                        } else if short {
                            Next::Done
                        } else {
                            *cursor = Some(next.to_owned());
                            Next::Fetch
                        }
                    }
                }
            }
            Mode::LastId { last, key } => {
                let Some(item) = page.items.last() else {
                    return Next::Done;
                };
                if end_signalled {
                    return Next::Done;
                }
                let id = key(item);
                if last.as_ref() == Some(&id) {
                    Next::Fail(Error::api(
                        None,
                        format!(
                            "the last id did not advance ({id:?} again on page {}); stopping instead of looping",
                            self.index
                        ),
                    ))
                } else if short {
                    Next::Done
                } else {
                    *last = Some(id);
                    Next::Fetch
                }
            }
        }
    }
}

fn quote_cursor(cursor: &str) -> Cow<'_, str> {
    match cursor.char_indices().nth(CURSOR_IN_ERROR) {
        Some((at, _)) => Cow::Owned(format!("{}…", &cursor[..at])),
        None => Cow::Borrowed(cursor),
    }
}

impl<T, K, F, Fut> Stream for Pages<T, K, F, Fut>
where
    K: Clone + PartialEq + fmt::Debug,
    F: FnMut(PageRequest<K>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    type Item = Result<Page<T>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut this = self.project();
        loop {
            if let Some(fetching) = this.in_flight.as_mut().as_pin_mut() {
                let result = ready!(fetching.poll(cx));
                this.in_flight.set(None);
                match result {
                    Err(error) => {
                        this.state.next = Next::Done;
                        return Poll::Ready(Some(Err(error)));
                    }
                    Ok(page) => {
                        this.state.next = this.state.after(&page);
                        if page.items.is_empty() {
                            continue;
                        }
                        return Poll::Ready(Some(Ok(page)));
                    }
                }
            }
            match mem::replace(&mut this.state.next, Next::Done) {
                Next::Done => return Poll::Ready(None),
                Next::Fail(error) => return Poll::Ready(Some(Err(error))),
                Next::Fetch => {
                    if let Some(error) = this.state.limit_error() {
                        return Poll::Ready(Some(Err(error)));
                    }
                    let request = this.state.request();
                    this.state.index += 1;
                    this.in_flight.set(Some((this.fetch)(request)));
                }
            }
        }
    }
}

impl<T, K, F, Fut> FusedStream for Pages<T, K, F, Fut>
where
    K: Clone + PartialEq + fmt::Debug,
    F: FnMut(PageRequest<K>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    fn is_terminated(&self) -> bool {
        self.in_flight.is_none() && matches!(self.state.next, Next::Done)
    }
}

impl<T, K, F, Fut> fmt::Debug for Pages<T, K, F, Fut> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("config", &self.state.config)
            .field("requests", &self.state.index)
            .field("received", &self.state.received)
            .field("fetching", &self.in_flight.is_some())
            .finish_non_exhaustive()
    }
}

pin_project! {
    /// A stream of items (`Result<T>`) over [`Pages`]; holds at most one page.
    #[must_use = "streams do nothing unless polled"]
    pub struct Items<T, K, F, Fut> {
        #[pin]
        pages: Pages<T, K, F, Fut>,
        current: std::vec::IntoIter<T>,
    }
}

impl<T, K, F, Fut> Items<T, K, F, Fut> {
    /// How many pages were requested so far.
    pub fn requests(&self) -> u64 {
        self.pages.requests()
    }

    /// How many items were received so far (including those not yet yielded).
    pub fn received(&self) -> u64 {
        self.pages.received()
    }
}

impl<T, K, F, Fut> Stream for Items<T, K, F, Fut>
where
    K: Clone + PartialEq + fmt::Debug,
    F: FnMut(PageRequest<K>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    type Item = Result<T>;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut this = self.project();
        if let Some(item) = this.current.next() {
            return Poll::Ready(Some(Ok(item)));
        }
        loop {
            // Drop the used-up page before fetching the next: at most one page is held.
            *this.current = Vec::new().into_iter();
            match ready!(this.pages.as_mut().poll_next(cx)) {
                Some(Ok(page)) => {
                    *this.current = page.items.into_iter();
                    if let Some(item) = this.current.next() {
                        return Poll::Ready(Some(Ok(item)));
                    }
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.current.len(), None)
    }
}

impl<T, K, F, Fut> FusedStream for Items<T, K, F, Fut>
where
    K: Clone + PartialEq + fmt::Debug,
    F: FnMut(PageRequest<K>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    fn is_terminated(&self) -> bool {
        self.current.len() == 0 && self.pages.is_terminated()
    }
}

impl<T, K, F, Fut> fmt::Debug for Items<T, K, F, Fut> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .finish()
    }
}
