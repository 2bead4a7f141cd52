//! Exponential backoff with full jitter, shared by retries and pollers.

use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

/// How a backoff delay is randomised.
#[derive(Clone, Default)]
pub enum Jitter {
    /// Full jitter: a uniform delay between zero and the exponential cap (the default; spreads
    /// out clients that failed together).
    #[default]
    Full,
    /// No randomness: always the exponential cap. For tests and pollers that want fixed steps.
    None,
    /// Full jitter from a seeded generator: deterministic, for tests. Made by [`Jitter::seeded`];
    /// clones share the generator.
    Seeded(SeededRng),
}

/// The generator of [`Jitter::Seeded`] (opaque; clones share one sequence).
#[derive(Clone)]
pub struct SeededRng(Arc<Mutex<fastrand::Rng>>);

impl Jitter {
    /// Full jitter from a generator seeded with `seed`.
    pub fn seeded(seed: u64) -> Self {
        Jitter::Seeded(SeededRng(Arc::new(Mutex::new(fastrand::Rng::with_seed(
            seed,
        )))))
    }

    fn apply(&self, cap: Duration) -> Duration {
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        match self {
            Jitter::None => cap,
            Jitter::Full => Duration::from_nanos(fastrand::u64(0..=nanos)),
            Jitter::Seeded(SeededRng(rng)) => {
                // A poisoned lock only means another thread panicked mid-draw; the generator state
                // is still a valid generator.
                let mut guard = rng
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                Duration::from_nanos(guard.u64(0..=nanos))
            }
        }
    }
}

impl std::fmt::Debug for Jitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Jitter::Full => "Full",
            Jitter::None => "None",
            Jitter::Seeded(_) => "Seeded",
        })
    }
}

/// Exponential backoff: the cap for attempt `n` (0-based) is `initial × multiplier^n`, bounded by
/// `max`; the delay is drawn under that cap by the [`Jitter`].
#[derive(Debug, Clone)]
pub struct Backoff {
    /// The cap before the first retry.
    pub initial: Duration,
    /// The largest cap.
    pub max: Duration,
    /// Growth factor per attempt (2.0 doubles).
    pub multiplier: f64,
    /// How the delay is drawn under the cap.
    pub jitter: Jitter,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(200),
            max: Duration::from_secs(10),
            multiplier: 2.0,
            jitter: Jitter::Full,
        }
    }
}

impl Backoff {
    /// A backoff from `initial` up to `max`, doubling, with full jitter.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max,
            ..Self::default()
        }
    }

    /// Replaces the jitter.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The exponential cap for attempt `n` (0-based), before jitter.
    pub fn cap(&self, n: u32) -> Duration {
        let factor = self
            .multiplier
            .max(1.0)
            .powi(i32::try_from(n).unwrap_or(i32::MAX));
        let secs = self.initial.as_secs_f64() * factor;
        if !secs.is_finite() || secs >= self.max.as_secs_f64() {
            self.max
        } else {
            Duration::from_secs_f64(secs)
        }
    }

    /// The delay before retry `n` (0-based).
    pub fn delay(&self, n: u32) -> Duration {
        self.jitter.apply(self.cap(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_grow_then_flatten() {
        let b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1))
            .with_jitter(Jitter::None);
        let caps: Vec<_> = (0..6).map(|n| b.delay(n).as_millis()).collect();
        assert_eq!(caps, vec![100, 200, 400, 800, 1000, 1000]);
        assert_eq!(b.delay(10_000), Duration::from_secs(1));
    }

    #[test]
    fn seeded_jitter_is_deterministic_and_bounded() {
        let a = Backoff::default().with_jitter(Jitter::seeded(7));
        let b = Backoff::default().with_jitter(Jitter::seeded(7));
        for n in 0..8 {
            let (da, db) = (a.delay(n), b.delay(n));
            assert_eq!(da, db);
            assert!(da <= a.cap(n));
        }
    }
}
