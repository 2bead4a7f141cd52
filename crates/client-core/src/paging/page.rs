//! What one fetch returns ([`Page`]) and what it is asked for ([`PageRequest`]).

use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::OnceLock;

/// One page as the fetch closure returns it.
///
/// Only `items` is required; set what the vendor's response says with the `with_*` methods. A
/// signal that is absent is simply not used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items, in server order.
    pub items: Vec<T>,
    /// The cursor for the next page (cursor paging). Absent, empty or blank (only whitespace)
    /// means "no more pages".
    pub next_cursor: Option<String>,
    /// The total number of items across all pages, if the server says.
    pub total_items: Option<u64>,
    /// The total number of pages, if the server says.
    pub total_pages: Option<u64>,
    /// Whether the server says more pages follow.
    pub has_more: Option<bool>,
    /// What identifies the page's content (its items' keys, or its bytes where items have no
    /// key): page-number paging stops with an error when two pages in a row carry the same one.
    /// Set it with [`with_fingerprint_of_keys`](Self::with_fingerprint_of_keys) or
    /// [`with_fingerprint_of_bytes`](Self::with_fingerprint_of_bytes).
    pub fingerprint: Option<Fingerprint>,
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
            fingerprint: None,
        }
    }

    /// Sets the cursor of the next page (`None`, an empty or a blank string: no more pages).
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

    /// Identifies the page by its items' keys (ids), in order.
    pub fn with_fingerprint_of_keys<K: Hash>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        self.fingerprint = Some(Fingerprint::of_keys(keys));
        self
    }

    /// Identifies the page by the bytes that carried its items (for items without a key; pass
    /// the list's bytes, not the whole response, if the response carries a timestamp or request
    /// id).
    pub fn with_fingerprint_of_bytes(mut self, bytes: &[u8]) -> Self {
        self.fingerprint = Some(Fingerprint::of_bytes(bytes));
        self
    }
}

/// A digest of a page's content (see [`Page::fingerprint`]), keyed per process so a server
/// cannot make two different pages look the same on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u64);

impl Fingerprint {
    /// The fingerprint of a page's item keys, in order.
    pub fn of_keys<K: Hash>(keys: impl IntoIterator<Item = K>) -> Self {
        let mut hasher = hasher();
        let mut count: u64 = 0;
        for key in keys {
            key.hash(&mut hasher);
            count = count.wrapping_add(1);
        }
        count.hash(&mut hasher);
        Self(hasher.finish())
    }

    /// The fingerprint of a page's bytes.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        let mut hasher = hasher();
        bytes.hash(&mut hasher);
        Self(hasher.finish())
    }
}

/// A hasher with this process's random keys.
fn hasher() -> impl Hasher {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    KEYS.get_or_init(RandomState::new).build_hasher()
}

/// What the fetch closure is asked to fetch. Each strategy fills the fields it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageRequest<K = ()> {
    /// How many requests this stream made before this one (0 for the first).
    pub index: u64,
    /// The page number to ask for (page-number paging): the start page
    /// ([`Paging::start_page`](super::Paging::start_page), by default the first page) plus
    /// `index`.
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
