//! The stop rules: what each strategy does after a page, and when a limit is reached.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};

use super::config::Paging;
use super::page::{Fingerprint, Page, PageRequest};
use crate::error::Error;

/// The longest cursor quoted in an error message.
const CURSOR_IN_ERROR: usize = 64;

type KeyFn<T, K> = Box<dyn Fn(&T) -> K + Send + Sync>;

/// The strategy and what it remembers between pages.
pub(super) enum Mode<T, K> {
    /// Page numbers; `previous` is the last non-empty page's fingerprint.
    Number { previous: Option<Fingerprint> },
    /// Cursors; `seen` holds the hashes of every cursor sent.
    Cursor {
        cursor: Option<String>,
        seen: HashSet<u64>,
        hasher: RandomState,
    },
    /// The last item's id.
    LastId { last: Option<K>, key: KeyFn<T, K> },
}

/// What the stream does next.
pub(super) enum Next {
    Fetch,
    Done,
    Fail(Error),
}

/// What becomes of a page just received.
pub(super) enum Verdict {
    /// Yield the page (unless empty), then do `Next`.
    Keep(Next),
    /// Drop the page (it repeats the previous one), yield the error and end.
    Drop(Error),
}

/// A stream's configuration and progress.
pub(super) struct State<T, K> {
    pub(super) config: Paging,
    pub(super) stop_short: bool,
    pub(super) mode: Mode<T, K>,
    pub(super) next: Next,
    /// Requests made so far.
    pub(super) index: u64,
    /// Items received so far.
    pub(super) received: u64,
    /// The latest total of items a page gave.
    total_items: Option<u64>,
    /// The latest total of pages a page gave.
    total_pages: Option<u64>,
}

impl<T, K> State<T, K> {
    pub(super) fn new(config: Paging, stop_short: bool, mode: Mode<T, K>) -> Self {
        Self {
            config,
            stop_short,
            mode,
            next: Next::Fetch,
            index: 0,
            received: 0,
            total_items: None,
            total_pages: None,
        }
    }

    /// The page number of the first request.
    fn start_page(&self) -> u64 {
        self.config.start_page.unwrap_or(self.config.first_page)
    }

    /// Pages before the start page (page-number paging), counted as full pages.
    fn skipped_pages(&self) -> u64 {
        match self.mode {
            Mode::Number { .. } => self.start_page().saturating_sub(self.config.first_page),
            _ => 0,
        }
    }

    /// Items counted toward a total: the skipped pages' and those received.
    fn counted(&self) -> u64 {
        self.skipped_pages()
            .saturating_mul(u64::from(self.config.size))
            .saturating_add(self.received)
    }
}

impl<T, K: Clone + PartialEq + fmt::Debug> State<T, K> {
    /// The limit error that forbids the next request, if any.
    pub(super) fn limit_error(&self) -> Option<Error> {
        let size = u64::from(self.config.size);
        let hint = &self.config.hint;
        // Page-number paging counts positions from the first page.
        let position = self.skipped_pages().saturating_add(self.index);
        if let Some(max) = self.config.max_pages
            && position >= max
        {
            return Some(Error::limit(format!(
                "the listing stopped after {max} pages, the documented maximum, and more items may exist; {hint}"
            )));
        }
        if let Some(max) = self.config.max_items {
            let depth = match self.mode {
                Mode::Number { .. } => position.saturating_mul(size),
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

    /// The next request.
    pub(super) fn request(&self) -> PageRequest<K> {
        let (cursor, last_id) = match &self.mode {
            Mode::Number { .. } => (None, None),
            Mode::Cursor { cursor, .. } => (cursor.clone(), None),
            Mode::LastId { last, .. } => (None, last.clone()),
        };
        PageRequest {
            index: self.index,
            number: self.start_page().saturating_add(self.index),
            size: self.config.size,
            cursor,
            last_id,
        }
    }

    /// Decides what becomes of `page` and what follows it (the request count already includes
    /// it).
    pub(super) fn after(&mut self, page: &Page<T>) -> Verdict {
        let n = page.items.len() as u64;
        if let Some(error) = self.repeated(page) {
            return Verdict::Drop(error);
        }
        self.received = self.received.saturating_add(n);
        if page.total_items.is_some() {
            self.total_items = page.total_items;
        }
        if page.total_pages.is_some() {
            self.total_pages = page.total_pages;
        }
        let position = self.skipped_pages().saturating_add(self.index);
        let counted = self.counted();
        let more_claimed = page.has_more == Some(true);
        let total_known = self.total_items.is_some() || self.total_pages.is_some();
        let end_signalled = page.has_more == Some(false)
            || self.total_items.is_some_and(|total| counted >= total)
            || self.total_pages.is_some_and(|total| position >= total);
        // A short page is an end only when nothing the server said contradicts it.
        let short =
            self.stop_short && !more_claimed && !total_known && n < u64::from(self.config.size);
        Verdict::Keep(match &mut self.mode {
            Mode::Number { .. } => {
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
                    return Verdict::Keep(Next::Done);
                }
                // A blank cursor is no cursor: the server's answer, never sent back (where the
                // vendor's own check would blame the caller for it).
                match page.next_cursor.as_deref().filter(|c| !c.trim().is_empty()) {
                    None if more_claimed => Next::Fail(Error::api(
                        None,
                        match page.next_cursor.as_deref() {
                            Some(blank) => format!(
                                "the server said more pages follow page {} but sent a blank cursor ({:?})",
                                self.index,
                                quote_cursor(blank)
                            ),
                            None => format!(
                                "the server said more pages follow page {} but sent no cursor",
                                self.index
                            ),
                        },
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
                    return Verdict::Keep(Next::Done);
                };
                if end_signalled {
                    return Verdict::Keep(Next::Done);
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
        })
    }

    /// Page-number paging: the error when `page` repeats the previous non-empty page.
    fn repeated(&mut self, page: &Page<T>) -> Option<Error> {
        let start = self.start_page();
        let Mode::Number { previous } = &mut self.mode else {
            return None;
        };
        if page.items.is_empty() {
            return None;
        }
        let fingerprint = page.fingerprint;
        if fingerprint.is_some() && fingerprint == *previous {
            let number = start.saturating_add(self.index.saturating_sub(1));
            return Some(Error::api(
                None,
                format!(
                    "the server answered page {number} with the same {} items as page {}; \
                     stopping instead of looping",
                    page.items.len(),
                    number.saturating_sub(1)
                ),
            ));
        }
        *previous = fingerprint;
        None
    }
}

/// A cursor cut to [`CURSOR_IN_ERROR`] characters for an error message.
fn quote_cursor(cursor: &str) -> Cow<'_, str> {
    match cursor.char_indices().nth(CURSOR_IN_ERROR) {
        Some((at, _)) => Cow::Owned(format!("{}…", cursor.get(..at).unwrap_or_default())),
        None => Cow::Borrowed(cursor),
    }
}
