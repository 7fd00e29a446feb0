//! A memory budget shared by the whole run: work that needs a lot of memory at once (decoding
//! a photo) reserves it first and waits while others hold it, so that the run's peak stays
//! within one budget however many workers run in parallel.

use std::sync::{Condvar, Mutex};

/// Bytes that may be reserved at once, and how many are.
#[derive(Debug)]
pub struct Budget {
    total: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Held while the memory is in use; gives it back when dropped.
#[derive(Debug)]
pub struct Reservation<'b> {
    budget: &'b Budget,
    bytes: u64,
}

impl Budget {
    pub const fn new(total: u64) -> Budget {
        Budget {
            total,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Reserves `bytes` (at most the whole budget), waiting until they are free.
    pub fn reserve(&self, bytes: u64) -> Reservation<'_> {
        let bytes = bytes.min(self.total);
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used + bytes > self.total {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += bytes;
        Reservation {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.bytes;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn holders_never_exceed_the_budget() {
        static BUDGET: Budget = Budget::new(100);
        static HELD: AtomicU64 = AtomicU64::new(0);
        static PEAK: AtomicU64 = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..20 {
                        let _r = BUDGET.reserve(60);
                        let now = HELD.fetch_add(60, Ordering::SeqCst) + 60;
                        PEAK.fetch_max(now, Ordering::SeqCst);
                        std::thread::yield_now();
                        HELD.fetch_sub(60, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(PEAK.load(Ordering::SeqCst), 60);
        assert_eq!(*BUDGET.used.lock().unwrap(), 0);
    }
}
