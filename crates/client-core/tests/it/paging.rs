//! Paging streams: stop rules, limits, laziness, errors, and a million items.

use std::sync::{Arc, Mutex};

use client_core::Error;
use client_core::paging::{Page, PageRequest, Paging};
use futures::{StreamExt, TryStreamExt};

/// A server holding `0..total`, answering page numbers counted from `first`.
fn numbered(
    total: u64,
    first: u64,
    log: Arc<Mutex<Vec<u64>>>,
) -> impl FnMut(PageRequest) -> futures::future::Ready<client_core::Result<Page<u64>>> {
    move |request: PageRequest| {
        log.lock().unwrap().push(request.number);
        let start = (request.number - first) * u64::from(request.size);
        let end = (start + u64::from(request.size)).min(total);
        futures::future::ready(Ok(Page::new((start.min(end)..end).collect())))
    }
}

fn log() -> Arc<Mutex<Vec<u64>>> {
    Arc::new(Mutex::new(Vec::new()))
}

#[tokio::test]
async fn page_numbers_start_where_told_and_stop_on_a_short_page() {
    let asked = log();
    let items: Vec<u64> = Paging::new(200)
        .first_page(0)
        .by_page_number(numbered(450, 0, asked.clone()))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..450).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), vec![0, 1, 2]);

    let asked = log();
    let items: Vec<u64> = Paging::new(200)
        .by_page_number(numbered(450, 1, asked.clone()))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 450);
    assert_eq!(*asked.lock().unwrap(), vec![1, 2, 3]);
}

#[tokio::test]
async fn an_exact_multiple_ends_on_the_empty_page() {
    let asked = log();
    let count = Paging::new(100)
        .by_page_number(numbered(300, 1, asked.clone()))
        .items()
        .count()
        .await;
    assert_eq!(count, 300);
    assert_eq!(*asked.lock().unwrap(), vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn a_known_total_saves_the_last_request() {
    let asked = log();
    let mut inner = numbered(300, 1, asked.clone());
    let items: Vec<u64> = Paging::new(100)
        .by_page_number(move |r| {
            let page = inner(r).into_inner().map(|p| p.with_total_items(300));
            futures::future::ready(page)
        })
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 300);
    assert_eq!(*asked.lock().unwrap(), vec![1, 2, 3]);
}

#[tokio::test]
async fn has_more_overrides_a_short_page() {
    // A server that caps pages at 50 whatever size is asked, but says whether more follow.
    let items: Vec<u32> = Paging::new(100)
        .first_page(0)
        .by_page_number(|r: PageRequest| async move {
            let start = u32::try_from(r.number).unwrap() * 50;
            Ok(Page::new((start..start + 50).collect()).with_has_more(start + 50 < 200))
        })
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 200);
}

#[tokio::test]
async fn nothing_is_fetched_until_polled_and_one_page_at_a_time() {
    let asked = log();
    let stream = Paging::new(10)
        .by_page_number(numbered(1_000, 1, asked.clone()))
        .items();
    futures::pin_mut!(stream);
    assert!(asked.lock().unwrap().is_empty());
    assert_eq!(stream.next().await.unwrap().unwrap(), 0);
    assert_eq!(asked.lock().unwrap().len(), 1);
    for _ in 0..9 {
        stream.next().await.unwrap().unwrap();
    }
    assert_eq!(asked.lock().unwrap().len(), 1);
    stream.next().await.unwrap().unwrap();
    assert_eq!(asked.lock().unwrap().len(), 2);
    assert_eq!(stream.requests(), 2);
}

#[tokio::test]
async fn the_page_times_size_cap_ends_with_a_limit_error_naming_the_way_on() {
    // Linkflow `GET /open/contacts_bulk/ids`: page from 0, page × size ≤ 10,000.
    let asked = log();
    let stream = Paging::new(200)
        .first_page(0)
        .max_items(10_000)
        .on_limit("narrow the time window (minUpdateTime/maxUpdateTime)")
        .by_page_number(numbered(u64::MAX / 2, 0, asked.clone()))
        .items();
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 10_001);
    assert!(results[..10_000].iter().all(Result::is_ok));
    let error = results[10_000].as_ref().unwrap_err();
    assert!(error.is_limit(), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("10000"), "{text}");
    assert!(text.contains("narrow the time window"), "{text}");
    assert_eq!(asked.lock().unwrap().len(), 50);
}

#[tokio::test]
async fn the_cap_is_not_an_error_when_the_listing_ends_before_it() {
    let results: Vec<_> = Paging::new(200)
        .first_page(0)
        .max_items(10_000)
        .by_page_number(numbered(9_950, 0, log()))
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 9_950);
    assert!(results.iter().all(Result::is_ok));

    // Exactly at the cap with a known total: a clean end too.
    let results: Vec<_> = Paging::new(200)
        .first_page(0)
        .max_items(10_000)
        .by_page_number(|r: PageRequest| async move {
            let start = r.number * 200;
            Ok(Page::new((start..start + 200).collect::<Vec<u64>>()).with_total_items(10_000))
        })
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 10_000);
    assert!(results.iter().all(Result::is_ok));
}

#[tokio::test]
async fn a_page_count_cap_ends_with_a_limit_error() {
    // Linkflow orders: pages from 1, at most 100.
    let results: Vec<_> = Paging::new(10)
        .max_pages(100)
        .on_limit("split the order query by time")
        .by_page_number(numbered(5_000, 1, log()))
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 1_001);
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        error.is_limit() && error.to_string().contains("100 pages"),
        "{error}"
    );
}

#[tokio::test]
async fn a_fetch_error_is_yielded_once_then_the_stream_ends() {
    let stream = Paging::new(2)
        .by_page_number(|r: PageRequest| async move {
            if r.index == 1 {
                Err(Error::api(None, "boom"))
            } else {
                Ok(Page::new(vec![r.number; 2]))
            }
        })
        .items();
    let results: Vec<_> = stream.collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(results[2].as_ref().unwrap_err().to_string(), "boom");
}

#[tokio::test]
async fn the_pages_stream_yields_whole_pages() {
    let pages: Vec<Page<u64>> = Paging::new(100)
        .by_page_number(numbered(250, 1, log()))
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, vec![100, 100, 50]);
}

// ----- cursor ---------------------------------------------------------------------------------

fn cursor_server(
    pages: Vec<(Vec<u32>, Option<&'static str>)>,
) -> impl FnMut(PageRequest) -> futures::future::Ready<client_core::Result<Page<u32>>> {
    let mut pages = pages.into_iter();
    let mut expected: Option<String> = None;
    move |request: PageRequest| {
        assert_eq!(
            request.cursor, expected,
            "the stream sends the previous page's cursor"
        );
        let (items, next) = pages.next().expect("no request after the end");
        expected = next.map(str::to_owned);
        futures::future::ready(Ok(Page::new(items).with_next_cursor(next)))
    }
}

#[tokio::test]
async fn cursors_are_followed_until_absent() {
    let items: Vec<u32> = Paging::new(2)
        .by_cursor(cursor_server(vec![
            (vec![1, 2], Some("c1")),
            (vec![3, 4], Some("c2")),
            (vec![5], None),
        ]))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn an_empty_cursor_or_an_empty_page_ends_the_listing() {
    let items: Vec<u32> = Paging::new(2)
        .by_cursor(cursor_server(vec![
            (vec![1, 2], Some("c1")),
            (vec![3], Some("")),
        ]))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3]);
    let items: Vec<u32> = Paging::new(2)
        .by_cursor(cursor_server(vec![
            (vec![1, 2], Some("c1")),
            (vec![], Some("c2")),
        ]))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2]);
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_after_the_page_is_yielded() {
    let results: Vec<_> = Paging::new(2)
        .by_cursor(cursor_server(vec![
            (vec![1, 2], Some("c1")),
            (vec![3, 4], Some("c2")),
            (vec![5, 6], Some("c1")),
        ]))
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 7);
    assert!(results[..6].iter().all(Result::is_ok));
    let error = results[6].as_ref().unwrap_err();
    assert!(
        error.to_string().contains("repeated cursor `c1`"),
        "{error}"
    );
}

#[tokio::test]
async fn has_more_without_a_cursor_is_an_error() {
    let results: Vec<_> = Paging::new(2)
        .by_cursor(|_r: PageRequest| async { Ok(Page::new(vec![1, 2]).with_has_more(true)) })
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(
        results[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no cursor")
    );
}

#[tokio::test]
async fn cursor_paging_honours_its_item_cap() {
    let results: Vec<_> = Paging::new(10)
        .max_items(25)
        .on_limit("use a narrower filter")
        .by_cursor(|r: PageRequest| async move {
            Ok(Page::new(vec![0u8; 10]).with_next_cursor(Some(format!("c{}", r.index + 1))))
        })
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 21);
    assert!(results[20].as_ref().unwrap_err().is_limit());
}

// ----- last id --------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Contact {
    id: u64,
}

#[tokio::test]
async fn last_id_paging_sends_the_last_items_id() {
    // Linkflow `GET /open/contacts/cursor?lastMaxId=0&size=200`.
    let asked = log();
    let seen = asked.clone();
    let items: Vec<Contact> = Paging::new(3)
        .by_last_id(
            Some(0u64),
            |c: &Contact| c.id,
            move |r: PageRequest<u64>| {
                let after = r.last_id.unwrap();
                seen.lock().unwrap().push(after);
                let ids: Vec<Contact> = (after + 1..=7).take(3).map(|id| Contact { id }).collect();
                async move { Ok(Page::new(ids)) }
            },
        )
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(|c| c.id).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>()
    );
    assert_eq!(*asked.lock().unwrap(), vec![0, 3, 6, 7]);
}

#[tokio::test]
async fn a_last_id_that_does_not_advance_is_an_error() {
    let results: Vec<_> = Paging::new(2)
        .by_last_id(
            None,
            |c: &Contact| c.id,
            |_r: PageRequest<u64>| async {
                Ok(Page::new(vec![Contact { id: 1 }, Contact { id: 2 }]))
            },
        )
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 5);
    let error = results[4].as_ref().unwrap_err();
    assert!(error.to_string().contains("did not advance"), "{error}");
}

// ----- throughput -----------------------------------------------------------------------------

#[tokio::test]
async fn a_million_items_stream_through() {
    const TOTAL: u64 = 1_000_000;
    let mut sum = 0u64;
    let mut count = 0u64;
    let stream = Paging::new(1_000)
        .by_page_number(|r: PageRequest| async move {
            let start = (r.number - 1) * 1_000;
            let end = (start + 1_000).min(TOTAL);
            Ok(Page::new((start..end).collect::<Vec<u64>>()).with_total_items(TOTAL))
        })
        .items();
    futures::pin_mut!(stream);
    while let Some(item) = stream.next().await {
        sum += item.unwrap();
        count += 1;
    }
    assert_eq!(count, TOTAL);
    assert_eq!(sum, TOTAL * (TOTAL - 1) / 2);
    assert_eq!(stream.requests(), 1_000);
}
