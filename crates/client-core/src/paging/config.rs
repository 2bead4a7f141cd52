//! [`Paging`]: which pages to fetch and where to stop.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};

use super::page::{Page, PageRequest};
use super::state::Mode;
use super::stream::Pages;
use crate::error::Result;

/// The default advice in a limit error when the caller gives none.
const DEFAULT_LIMIT_HINT: &str = "narrow the query so that it matches fewer items";

/// Which pages to fetch and where to stop. Build one, then pick a strategy with
/// [`by_page_number`](Self::by_page_number), [`by_cursor`](Self::by_cursor) or
/// [`by_last_id`](Self::by_last_id).
#[derive(Debug, Clone)]
pub struct Paging {
    pub(super) size: u32,
    pub(super) first_page: u64,
    pub(super) start_page: Option<u64>,
    pub(super) max_pages: Option<u64>,
    pub(super) max_items: Option<u64>,
    pub(super) hint: Cow<'static, str>,
    pub(super) stop_on_short_page: Option<bool>,
    pub(super) stop_on_empty_page: bool,
    pub(super) start_cursor: Option<String>,
}

impl Paging {
    /// Pages of `size` items, page numbers from 1, no limits.
    pub fn new(size: u32) -> Self {
        Self {
            size,
            first_page: 1,
            start_page: None,
            max_pages: None,
            max_items: None,
            hint: Cow::Borrowed(DEFAULT_LIMIT_HINT),
            stop_on_short_page: None,
            stop_on_empty_page: true,
            start_cursor: None,
        }
    }

    /// The number the server gives its first page (default 1; Linkflow's `page` starts at 0).
    /// The stream starts there unless [`start_page`](Self::start_page) says otherwise.
    pub fn first_page(mut self, number: u64) -> Self {
        self.first_page = number;
        self
    }

    /// Page-number paging: start at page `number` instead of the first page (a caller resuming
    /// a listing). The pages before it are counted as full pages of the size asked for: toward
    /// a known total (so a listing of 57 items at 10 a page started at page 3 ends after page 6),
    /// toward [`max_pages`](Self::max_pages) and toward a positional
    /// [`max_items`](Self::max_items). A number below the first page counts nothing skipped.
    pub fn start_page(mut self, number: u64) -> Self {
        self.start_page = Some(number);
        self
    }

    /// A documented cap on the number of pages (Linkflow orders: 100). Needing page
    /// `max + 1` (counted from the first page) ends the stream with a limit error.
    pub fn max_pages(mut self, max: u64) -> Self {
        self.max_pages = Some(max);
        self
    }

    /// A documented cap on how deep the listing may reach (Linkflow bulk ids: `page × size ≤
    /// 10,000`). A request that would reach past it ends the stream with a limit error. For
    /// page-number paging the depth is positional (pages from the first page × size); for the
    /// other strategies it is the number of items received. Choose a page size that divides the
    /// cap, or the last partial page before the cap cannot be fetched.
    pub fn max_items(mut self, max: u64) -> Self {
        self.max_items = Some(max);
        self
    }

    /// The caller's way on, appended to a limit error (e.g. `"narrow the time window"`).
    pub fn on_limit(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Whether a page with fewer than `size` items ends the stream. Default: on for page-number
    /// paging, off for cursor and last-id paging (which have exact end signals).
    ///
    /// Even when on, a short page never ends the stream while the server's own signals say more
    /// items remain: `has_more == true`, or fewer items counted than a known total (of items or
    /// of pages). A short page ends the stream only when the server gives no such signal. Turn
    /// it off when a server that gives no total may cap the page size below the size asked for;
    /// the stream then ends on an empty page.
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

    /// Page-number paging: asks for the start page, then `+ 1`, `+ 2`, …
    pub fn by_page_number<T, F, Fut>(self, fetch: F) -> Pages<T, (), F, Fut>
    where
        F: FnMut(PageRequest) -> Fut,
        Fut: Future<Output = Result<Page<T>>>,
    {
        let stop_short = self.stop_on_short_page.unwrap_or(true);
        Pages::new(self, stop_short, Mode::Number { previous: None }, fetch)
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
