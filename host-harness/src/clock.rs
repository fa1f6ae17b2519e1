//! Time that follows tokio's clock, so that `#[tokio::test(start_paused = true)]` controls every clock involved:
//! the guest's WASI clocks, its sleeps (wasmtime-wasi already sleeps with `tokio::time::sleep_until`) and the fake
//! org's `Date` and `X-Rate-Limit-Reset` headers. Outside a paused runtime these read the real time.

use crate::fake_org::Clock;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use wasmtime_wasi::{HostMonotonicClock, HostWallClock};

/// The wall-clock time as tokio's clock sees it.
///
/// It is the real wall time shifted by how far tokio's clock is from the real monotonic clock: zero in a normal
/// runtime, and the virtual time advanced so far in a paused one. Needs no global state, so every test runtime has
/// its own consistent time. Callable anywhere, including inside the HTTP hook (outside a runtime it is the real time).
pub fn tokio_system_now() -> SystemTime {
    let virtual_now = tokio::time::Instant::now().into_std();
    let real_now = std::time::Instant::now();
    let wall = SystemTime::now();
    if virtual_now >= real_now {
        wall.checked_add(virtual_now - real_now).unwrap_or(wall)
    } else {
        wall.checked_sub(real_now - virtual_now).unwrap_or(wall)
    }
}

/// A fake-org [`Clock`] that follows tokio's clock (see [`tokio_system_now`]).
pub fn tokio_clock() -> Clock {
    Arc::new(tokio_system_now)
}

/// The guest's `wasi:clocks/wall-clock`.
pub(crate) struct GuestWallClock;

impl HostWallClock for GuestWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }

    fn now(&self) -> Duration {
        tokio_system_now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
    }
}

/// The guest's `wasi:clocks/monotonic-clock`: nanoseconds since the call started, on tokio's clock, so that a
/// guest computing a deadline from `now()` agrees with the tokio sleeps that wait for it.
pub(crate) struct GuestMonotonicClock {
    start: tokio::time::Instant,
}

impl GuestMonotonicClock {
    pub(crate) fn new() -> Self {
        GuestMonotonicClock {
            start: tokio::time::Instant::now(),
        }
    }
}

impl HostMonotonicClock for GuestMonotonicClock {
    fn resolution(&self) -> u64 {
        1
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}
