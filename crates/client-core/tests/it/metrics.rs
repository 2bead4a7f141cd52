//! Issue 17, point 12: the transport's metrics, read back through a recorder.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use client_core::transport::{Request, TransportBuilder};
use httpmock::prelude::*;
use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};

use crate::support::{CountingVendor, fast_retries};

/// Counters and histogram sample counts by `name{label=value,…}`.
#[derive(Default)]
struct TestRecorder {
    counters: Mutex<BTreeMap<String, Arc<AtomicU64>>>,
    histograms: Mutex<BTreeMap<String, Arc<Samples>>>,
}

#[derive(Default)]
struct Samples(Mutex<Vec<f64>>);

impl metrics::HistogramFn for Samples {
    fn record(&self, value: f64) {
        self.0.lock().unwrap().push(value);
    }
}

fn name_of(key: &Key) -> String {
    let labels: Vec<String> = key
        .labels()
        .map(|l| format!("{}={}", l.key(), l.value()))
        .collect();
    format!("{}{{{}}}", key.name(), labels.join(","))
}

impl Recorder for TestRecorder {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let mut map = self.counters.lock().unwrap();
        Counter::from_arc(map.entry(name_of(key)).or_default().clone())
    }
    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }
    fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
        let mut map = self.histograms.lock().unwrap();
        Histogram::from_arc(map.entry(name_of(key)).or_default().clone())
    }
}

impl TestRecorder {
    fn counter(&self, name: &str) -> u64 {
        self.counters
            .lock()
            .unwrap()
            .get(name)
            .map_or(0, |c| c.load(Ordering::SeqCst))
    }
    fn samples(&self, name: &str) -> usize {
        self.histograms
            .lock()
            .unwrap()
            .get(name)
            .map_or(0, |h| h.0.lock().unwrap().len())
    }
}

#[test]
fn requests_attempts_retries_and_latency_are_counted_by_vendor_and_operation() {
    let recorder = TestRecorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let server = MockServer::start_async().await;
            server
                .mock_async(|when, then| {
                    when.path("/ok");
                    then.status(200).body("{}");
                })
                .await;
            server
                .mock_async(|when, then| {
                    when.path("/busy");
                    then.status(503).header("retry-after", "0");
                })
                .await;
            server
                .mock_async(|when, then| {
                    when.path("/stale");
                    then.status(401);
                })
                .await;
            let t = TransportBuilder::new("t/1")
                .base_url(server.base_url())
                .retry_policy(fast_retries())
                .build(CountingVendor::default())
                .unwrap();
            t.execute::<serde_json::Value>(Request::get("GET /ok", "/ok"))
                .await
                .unwrap();
            let _ = t.execute::<()>(Request::get("GET /busy", "/busy")).await;
            let _ = t.execute::<()>(Request::get("GET /stale", "/stale")).await;
        });
    });
    let c = |name: &str| recorder.counter(name);
    assert_eq!(
        c("vendor_client_operations_total{vendor=counting,operation=GET /ok,outcome=ok}"),
        1
    );
    assert_eq!(
        c("vendor_client_operations_total{vendor=counting,operation=GET /busy,outcome=api}"),
        1
    );
    assert_eq!(
        c("vendor_client_attempts_total{vendor=counting,operation=GET /busy}"),
        3
    );
    assert_eq!(
        c("vendor_client_retries_total{vendor=counting,operation=GET /busy,reason=503}"),
        2
    );
    assert_eq!(
        c("vendor_client_retries_total{vendor=counting,operation=GET /stale,reason=stale_token}"),
        1
    );
    assert_eq!(
        recorder
            .samples("vendor_client_operation_duration_seconds{vendor=counting,operation=GET /ok}"),
        1
    );
    assert_eq!(
        recorder.samples(
            "vendor_client_attempt_duration_seconds{vendor=counting,operation=GET /stale}"
        ),
        2
    );
}

#[test]
fn docs_observability_md_names_every_metric() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/observability.md"
    ))
    .unwrap();
    for name in client_core::transport::metrics::ALL {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "{name} is not in docs/observability.md"
        );
    }
}
