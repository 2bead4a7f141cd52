//! A panic hook that records every panic (thread, message, place) before the previous hook
//! runs, so a test can fail on a panic that a runtime or a server thread swallowed.

use std::sync::{Mutex, Once, PoisonError};

/// One recorded panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedPanic {
    /// The name of the thread that panicked (`<unnamed>` if it has none).
    pub thread: String,
    /// The panic message.
    pub message: String,
    /// `file:line` of the panic, if known.
    pub location: String,
}

static PANICS: Mutex<Vec<RecordedPanic>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// Installs the recording hook (once per process; later calls do nothing). The previous hook
/// still runs, so panics print as usual.
pub fn install_panic_recorder() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            let thread = std::thread::current()
                .name()
                .unwrap_or("<unnamed>")
                .to_owned();
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            PANICS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(RecordedPanic {
                    thread,
                    message,
                    location,
                });
            previous(info);
        }));
    });
}

/// Every panic recorded since the hook was installed.
pub fn recorded_panics() -> Vec<RecordedPanic> {
    PANICS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}
