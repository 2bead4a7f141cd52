//! [`Client::stream`]: a list method, page after page, as a stream of items.

use client_core::paging::{Page, PageRequest, Paging};
use client_core::transport::RequestOptions;
use futures::StreamExt as _;

use crate::decode::decode;
use crate::{Client, Error, ItemStream, ListMethod, ListResponse};

impl Client {
    /// The list method `M`, page after page from `params`' `page` (default 1), as a stream of
    /// items. Holds one page at a time; `perpage` defaults to [`Config::stream_page_size`](crate::Config::stream_page_size). The
    /// parameters are checked before the first request; an error ends the stream.
    ///
    /// The stream ends when the items counted reach `total` (the pages before a later start
    /// page count as full), or on an empty page. A short page ends it only when the server gives
    /// no total: a server that caps `perpage` below the size asked for does not end a listing
    /// early. A page whose `data` repeats the previous page's byte for byte (a server ignoring
    /// `page`) ends the stream with an [`Error::is_api`] error instead of looping.
    ///
    /// Per-call options: `client.methods().with_options(…).stream(params)` (they apply to every
    /// page's request).
    pub fn stream<M: ListMethod>(
        &self,
        params: M,
    ) -> ItemStream<<M::Response as ListResponse>::Item> {
        self.stream_with(params, None)
    }

    /// [`Client::stream`] with per-call `options`, sent with every page's request.
    pub(crate) fn stream_with<M: ListMethod>(
        &self,
        params: M,
        options: Option<RequestOptions>,
    ) -> ItemStream<<M::Response as ListResponse>::Item> {
        let size = params.perpage().unwrap_or(self.routes.page_size);
        let start = params.page().unwrap_or(1);
        let client = self.clone();
        Paging::new(size)
            .first_page(1)
            .start_page(u64::from(start))
            .by_page_number(move |request: PageRequest| {
                let client = client.clone();
                let page = u32::try_from(request.number);
                let params = params.clone();
                let options = options.clone();
                async move {
                    let page = page.map_err(|_| {
                        Error::limit("the page number passed the largest value `page` can hold")
                    })?;
                    let params = params.with_page(page, request.size);
                    let payload = client.payload_of(&params, options).await?;
                    let (items, total) = decode::<M::Response>(&payload)?.into_page();
                    let page = Page::new(items).with_fingerprint_of_bytes(payload.bytes());
                    Ok(match total {
                        Some(total) => page.with_total_items(total),
                        None => page,
                    })
                }
            })
            .items()
            .boxed()
    }
}
