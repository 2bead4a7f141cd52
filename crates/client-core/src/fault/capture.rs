//! A tracing subscriber that keeps every event and span field at every level, TRACE included,
//! as text lines a test can search (for a secret that must never be logged).

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Captured log lines. Clones share the lines.
///
/// Install it for the current thread with [`LogCapture::install`]; on a current-thread Tokio
/// runtime that covers the tasks the code under test spawns.
#[derive(Clone, Default)]
pub struct LogCapture {
    lines: Arc<Mutex<Vec<String>>>,
    next_span: Arc<AtomicU64>,
}

impl LogCapture {
    /// An empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes this the current thread's subscriber until the guard is dropped.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.clone())
    }

    /// Every line so far: `LEVEL target: field=value …` for events, `span name: fields` for
    /// spans and their later records.
    pub fn lines(&self) -> Vec<String> {
        self.lock().clone()
    }

    /// Removes and returns the lines so far.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, line: String) {
        self.lock().push(line);
    }
}

impl fmt::Debug for LogCapture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogCapture")
            .field("lines", &self.lock().len())
            .finish()
    }
}

/// Writes every field as ` name=value`.
struct Line(String);

impl Visit for Line {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let _ = write!(self.0, " {}={value} ({value:?})", field.name());
        let mut source = value.source();
        while let Some(cause) = source {
            let _ = write!(self.0, " caused by {cause} ({cause:?})");
            source = cause.source();
        }
    }
}

impl Subscriber for LogCapture {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = Line(format!("span {}:", span.metadata().name()));
        span.record(&mut line);
        self.push(line.0);
        Id::from_u64(
            self.next_span
                .fetch_add(1, Ordering::Relaxed)
                .saturating_add(1),
        )
    }

    fn record(&self, _span: &Id, values: &Record<'_>) {
        let mut line = Line("span record:".to_owned());
        values.record(&mut line);
        self.push(line.0);
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut line = Line(format!("{} {}:", metadata.level(), metadata.target()));
        event.record(&mut line);
        self.push(line.0);
    }

    fn enter(&self, _span: &Id) {}

    fn exit(&self, _span: &Id) {}
}

#[cfg(test)]
mod tests {
    use super::LogCapture;

    #[test]
    fn trace_events_and_span_fields_are_kept() {
        let capture = LogCapture::new();
        {
            let _guard = capture.install();
            let span = tracing::trace_span!("call", token = "s3cr3t");
            let _entered = span.enter();
            tracing::trace!(answer = 42, "hello");
        }
        tracing::error!("not captured: the guard is gone");
        let lines = capture.take();
        assert_eq!(
            lines,
            [
                "span call: token=s3cr3t",
                "TRACE client_core::fault::capture::tests: message=hello answer=42"
            ]
        );
        assert!(capture.lines().is_empty());
    }
}
