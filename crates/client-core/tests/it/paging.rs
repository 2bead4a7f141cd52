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

/// A server holding `0..total` that serves at most `cap` items a page whatever size is asked,
/// counting pages from 1 in its own page size, and saying its total.
fn capped(
    total: u64,
    cap: u64,
    log: Arc<Mutex<Vec<(u64, u32)>>>,
    say: fn(Page<u64>, u64, u64) -> Page<u64>,
) -> impl FnMut(PageRequest) -> futures::future::Ready<client_core::Result<Page<u64>>> {
    move |request: PageRequest| {
        log.lock().unwrap().push((request.number, request.size));
        let per_page = cap.min(u64::from(request.size));
        let start = (request.number - 1) * per_page;
        let end = (start + per_page).min(total);
        let page = Page::new((start.min(end)..end).collect());
        futures::future::ready(Ok(say(page, total, total.div_ceil(per_page))))
    }
}

#[tokio::test]
async fn a_short_page_never_ends_the_listing_below_a_known_total() {
    // Issue 13 point 23: asked for 200, the server caps pages at 100; its total says 450.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let items: Vec<u64> = Paging::new(200)
        .by_page_number(capped(450, 100, asked.clone(), |p, items, _| {
            p.with_total_items(items)
        }))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..450).collect::<Vec<_>>());
    // Pages 1–5 at the size asked; the total ends it: no sixth (empty) request.
    assert_eq!(
        *asked.lock().unwrap(),
        vec![(1, 200), (2, 200), (3, 200), (4, 200), (5, 200)]
    );

    // The same with a total of pages.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let items: Vec<u64> = Paging::new(200)
        .by_page_number(capped(450, 100, asked.clone(), |p, _, pages| {
            p.with_total_pages(pages)
        }))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 450);
    assert_eq!(asked.lock().unwrap().len(), 5);
}

#[tokio::test]
async fn a_total_given_once_is_still_known_on_later_pages() {
    // Only the first page says the total; the later short pages must not end the listing.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let items: Vec<u64> = Paging::new(50)
        .by_page_number(capped(120, 30, asked.clone(), |p, items, _| {
            if p.items.first() == Some(&0) {
                p.with_total_items(items)
            } else {
                p
            }
        }))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..120).collect::<Vec<_>>());
    let numbers: Vec<u64> = asked.lock().unwrap().iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn without_a_total_a_short_page_still_ends_the_listing() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let items: Vec<u64> = Paging::new(200)
        .by_page_number(capped(450, 100, asked.clone(), |p, _, _| p))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (0..100).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), vec![(1, 200)]);
}

#[tokio::test]
async fn the_same_keys_twice_in_a_row_is_an_error_not_a_loop() {
    // A server that ignores `page`: every answer is page 1 again, and its total says 1,000.
    let asked = log();
    let seen = asked.clone();
    let results: Vec<_> = Paging::new(100)
        .by_page_number(move |r: PageRequest| {
            seen.lock().unwrap().push(r.number);
            let items: Vec<u64> = (0..100).collect();
            let page = Page::new(items.clone())
                .with_total_items(1_000)
                .with_fingerprint_of_keys(items);
            async move { Ok(page) }
        })
        .items()
        .collect()
        .await;
    assert_eq!(*asked.lock().unwrap(), vec![1, 2]);
    // Page 1's items, then the error; page 2's copies are not yielded.
    assert_eq!(results.len(), 101);
    let items: Vec<u64> = results[..100]
        .iter()
        .map(|r| *r.as_ref().unwrap())
        .collect();
    assert_eq!(items, (0..100).collect::<Vec<_>>());
    let error = results[100].as_ref().unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the server answered page 2 with the same 100 items as page 1; stopping instead of looping"
    );
}

#[tokio::test]
async fn the_same_bytes_twice_in_a_row_is_an_error_but_equal_items_apart_are_not() {
    // Items without a key: the page's bytes identify it. Pages 1 and 3 are equal (not in a row,
    // fine); page 4 repeats page 3.
    let bodies = [
        "[\"a\",\"b\"]",
        "[\"c\",\"d\"]",
        "[\"a\",\"b\"]",
        "[\"a\",\"b\"]",
    ];
    let asked = log();
    let seen = asked.clone();
    let results: Vec<_> = Paging::new(2)
        .by_page_number(move |r: PageRequest| {
            seen.lock().unwrap().push(r.number);
            let body = bodies[usize::try_from(r.index).unwrap()];
            let items: Vec<String> = serde_json::from_str(body).unwrap();
            let page = Page::new(items)
                .with_total_items(100)
                .with_fingerprint_of_bytes(body.as_bytes());
            async move { Ok(page) }
        })
        .items()
        .collect()
        .await;
    assert_eq!(*asked.lock().unwrap(), vec![1, 2, 3, 4]);
    let items: Vec<&str> = results[..6]
        .iter()
        .map(|r| r.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(items, ["a", "b", "c", "d", "a", "b"]);
    assert_eq!(results.len(), 7);
    let error = results[6].as_ref().unwrap_err();
    assert!(
        error.is_api()
            && error
                .to_string()
                .contains("page 4 with the same 2 items as page 3"),
        "{error}"
    );
}

#[tokio::test]
async fn a_later_start_page_counts_the_skipped_pages_toward_the_total() {
    // Issue 14 point 7: 57 rows, 10 a page, start at page 3 → pages 3, 4, 5, 6 only.
    let asked = log();
    let mut inner = numbered(57, 1, asked.clone());
    let items: Vec<u64> = Paging::new(10)
        .start_page(3)
        .by_page_number(move |r| {
            futures::future::ready(inner(r).into_inner().map(|p| p.with_total_items(57)))
        })
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (20..57).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), vec![3, 4, 5, 6]);

    // Pages counted from 0 (Linkflow): start at page 2 of 0.. → pages 2..=5.
    let asked = log();
    let mut inner = numbered(57, 0, asked.clone());
    let items: Vec<u64> = Paging::new(10)
        .first_page(0)
        .start_page(2)
        .by_page_number(move |r| {
            futures::future::ready(inner(r).into_inner().map(|p| p.with_total_pages(6)))
        })
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, (20..57).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), vec![2, 3, 4, 5]);
}

#[tokio::test]
async fn a_later_start_page_counts_toward_the_page_cap() {
    // A cap of 5 pages from page 1; starting at page 4 leaves pages 4 and 5.
    let asked = log();
    let results: Vec<_> = Paging::new(10)
        .start_page(4)
        .max_pages(5)
        .by_page_number(numbered(1_000, 1, asked.clone()))
        .items()
        .collect()
        .await;
    assert_eq!(*asked.lock().unwrap(), vec![4, 5]);
    assert_eq!(results.len(), 21);
    assert!(results[20].as_ref().unwrap_err().is_limit());
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
async fn a_blank_cursor_from_the_server_ends_the_listing() {
    // Issue 14 point 8: `"  "` is no cursor; it is never sent back (the server closure panics on
    // a request after the end, and checks each request's cursor).
    let items: Vec<u32> = Paging::new(2)
        .by_cursor(cursor_server(vec![
            (vec![1, 2], Some("c1")),
            (vec![3, 4], Some("  ")),
        ]))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4]);
    let items: Vec<u32> = Paging::new(2)
        .by_cursor(cursor_server(vec![(vec![1, 2], Some("\t\n "))]))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2]);
}

#[tokio::test]
async fn a_blank_cursor_with_more_pages_promised_is_the_servers_error() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = asked.clone();
    let results: Vec<_> = Paging::new(2)
        .by_cursor(move |r: PageRequest| {
            seen.lock().unwrap().push(r.cursor.clone());
            async {
                Ok(Page::new(vec![1, 2])
                    .with_next_cursor(Some("  "))
                    .with_has_more(true))
            }
        })
        .items()
        .collect()
        .await;
    assert_eq!(*asked.lock().unwrap(), vec![None]);
    assert_eq!(results.len(), 3);
    let error = results[2].as_ref().unwrap_err();
    assert!(error.is_api() && !error.is_invalid_input(), "{error:?}");
    assert_eq!(error.field(), None);
    assert_eq!(
        error.to_string(),
        "the server said more pages follow page 1 but sent a blank cursor (\"  \")"
    );
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
