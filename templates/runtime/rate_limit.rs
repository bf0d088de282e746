//! Client-side rate limits, so that a batch job slows down instead of
//! collecting `429 Too Many Requests`.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Sliding windows: at most `limit` requests start in any `period`.
pub(crate) struct RateLimiter {
    windows: tokio::sync::Mutex<Vec<Window>>,
}

struct Window {
    limit: usize,
    period: Duration,
    /// When the requests of the current window started, oldest first.
    started: VecDeque<Instant>,
}

impl RateLimiter {
    /// A limiter enforcing every `(limit, period)` pair; `None` for none.
    pub(crate) fn new(limits: &[(u32, Duration)]) -> Option<RateLimiter> {
        if limits.is_empty() {
            return None;
        }
        let windows = limits
            .iter()
            .map(|(limit, period)| Window {
                limit: (*limit).max(1) as usize,
                period: *period,
                started: VecDeque::new(),
            })
            .collect();
        Some(RateLimiter { windows: tokio::sync::Mutex::new(windows) })
    }

    /// Waits until a request may start under every limit, and counts it.
    /// Waiters are served in the order they came.
    pub(crate) async fn acquire(&self) {
        let mut windows = self.windows.lock().await;
        loop {
            let now = Instant::now();
            let mut until = None;
            for window in windows.iter_mut() {
                while window
                    .started
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= window.period)
                {
                    window.started.pop_front();
                }
                if window.started.len() >= window.limit {
                    let free = window.started[0] + window.period;
                    until = Some(until.map_or(free, |until: Instant| until.max(free)));
                }
            }
            match until {
                Some(until) => tokio::time::sleep_until(until.into()).await,
                None => {
                    for window in windows.iter_mut() {
                        window.started.push_back(now);
                    }
                    return;
                }
            }
        }
    }
}
