//! The streams: [`Pages`] (one page per item) and [`Items`] (one item per item).

use std::fmt;
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::stream::FusedStream;
use pin_project_lite::pin_project;

use super::config::Paging;
use super::page::{Page, PageRequest};
use super::state::{Mode, Next, State, Verdict};
use crate::error::Result;

pin_project! {
    /// A stream of pages (`Result<Page<T>>`); see the [module docs](crate::paging). Turn it
    /// into a stream of items with [`Pages::items`]. Empty pages are not yielded.
    #[must_use = "streams do nothing unless polled"]
    pub struct Pages<T, K, F, Fut> {
        fetch: F,
        #[pin]
        in_flight: Option<Fut>,
        state: State<T, K>,
    }
}

impl<T, K, F, Fut> Pages<T, K, F, Fut> {
    pub(super) fn new(config: Paging, stop_short: bool, mode: Mode<T, K>, fetch: F) -> Self {
        Self {
            fetch,
            in_flight: None,
            state: State::new(config, stop_short, mode),
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
                    Ok(page) => match this.state.after(&page) {
                        Verdict::Drop(error) => {
                            this.state.next = Next::Done;
                            return Poll::Ready(Some(Err(error)));
                        }
                        Verdict::Keep(next) => {
                            this.state.next = next;
                            if page.items.is_empty() {
                                continue;
                            }
                            return Poll::Ready(Some(Ok(page)));
                        }
                    },
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
