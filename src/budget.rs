//! Budgets that keep small inputs from taking unbounded time or memory.
//!
//! - [`Budget`]: memory shared by the whole run. Work that needs a lot at once (decoding a
//!   photo) reserves it first and waits while others hold it, so that the run's peak stays
//!   within one budget however many workers run in parallel.
//! - [`Expansion`]: what expanding one recipe may produce. References (JSON-LD `@id`) and
//!   templates (Tandoor's `{{ ingredients[0] }}`) repeat text; they are charged for the
//!   bytes they produce and the nodes they visit, not for the bytes they were written in,
//!   so that a small file cannot expand into gigabytes or loop through a cyclic graph.

use std::cell::Cell;
use std::sync::{Condvar, Mutex};

/// The most text expanding one recipe's references and templates may produce (4 MiB: a
/// recipe's text is a few KiB, and the largest recipe file we read is 1 MiB of YAML).
pub const MAX_EXPANDED_BYTES: usize = 4 << 20;
/// The most nodes expanding one recipe may visit, following references.
pub const MAX_VISITS: usize = 1_000_000;

/// Bytes and visits left for expanding one recipe; once spent, it stays exceeded.
#[derive(Debug)]
pub struct Expansion {
    bytes: Cell<usize>,
    visits: Cell<usize>,
    exceeded: Cell<bool>,
}

impl Default for Expansion {
    fn default() -> Self {
        Expansion::new(MAX_EXPANDED_BYTES, MAX_VISITS)
    }
}

impl Expansion {
    pub fn new(bytes: usize, visits: usize) -> Expansion {
        Expansion {
            bytes: Cell::new(bytes),
            visits: Cell::new(visits),
            exceeded: Cell::new(false),
        }
    }

    /// Charges `n` bytes produced; `false` (from then on) when the budget is spent.
    pub fn produce(&self, n: usize) -> bool {
        Self::spend(&self.bytes, n, &self.exceeded)
    }

    /// Charges one node visited; `false` (from then on) when the budget is spent.
    pub fn visit(&self) -> bool {
        Self::spend(&self.visits, 1, &self.exceeded)
    }

    pub fn exceeded(&self) -> bool {
        self.exceeded.get()
    }

    fn spend(left: &Cell<usize>, n: usize, exceeded: &Cell<bool>) -> bool {
        if exceeded.get() {
            return false;
        }
        match left.get().checked_sub(n) {
            Some(rest) => {
                left.set(rest);
                true
            }
            None => {
                exceeded.set(true);
                false
            }
        }
    }
}

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
    fn expansion_stays_spent() {
        let e = Expansion::new(10, 2);
        assert!(e.produce(10));
        assert!(e.visit());
        assert!(!e.produce(1));
        assert!(!e.visit());
        assert!(e.exceeded());
    }

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
