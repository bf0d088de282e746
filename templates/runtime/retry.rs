//! Retries: which failures are worth another attempt, and how long to wait
//! before it.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When, and how often, a failed request is sent again.
///
/// A request is retried after a connection error, and after answers `429`,
/// `502`, `503` and `504`, when its method is idempotent (`GET`, `HEAD`,
/// `OPTIONS`, `PUT`, `DELETE`, `TRACE`) or
/// [`retry_non_idempotent`](Self::retry_non_idempotent) allows it. The wait
/// is the answer's `Retry-After` (seconds or an HTTP date) when it has one,
/// and otherwise grows exponentially, with jitter, from
/// [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff). No retry starts once
/// [`max_elapsed`](Self::max_elapsed) would be passed by waiting for it.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Four attempts at most, waits from 250 ms to 30 s, two minutes in all,
    /// idempotent methods only.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(120),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// The most attempts a request gets, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, without jitter.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts, without jitter.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest time from the first attempt to the start of the last.
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// Whether `POST` and `PATCH` requests are retried too. Off by default:
    /// the server may have acted on a request whose answer was lost.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// Whether requests with this method may be retried at all.
    pub(crate) fn allows(&self, method: &reqwest::Method) -> bool {
        use reqwest::Method;
        let idempotent = [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::PUT,
            Method::DELETE,
            Method::TRACE,
        ]
        .contains(method);
        self.max_attempts > 1 && (idempotent || self.non_idempotent)
    }

    /// Whether another attempt may follow attempt number `attempt`.
    pub(crate) fn attempts_left(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }

    /// Whether a retry that starts after `wait` still fits the time budget.
    pub(crate) fn fits(&self, elapsed: Duration, wait: Duration) -> bool {
        elapsed + wait <= self.max_elapsed
    }

    /// The wait after attempt number `attempt` failed: half the exponential
    /// backoff, plus a random part of the other half.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let full = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        full / 2 + (full / 2).mul_f64(random_fraction())
    }
}

/// Whether an answer with this status is worth another attempt.
pub(crate) fn retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait an answer's `Retry-After` header asks for: delay seconds, or an
/// HTTP date (a date in the past means no wait).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let date = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) that differs from call to call, for jitter. It needs
/// no quality beyond spreading clients apart.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, retry_after.parse().expect("a header value"));
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after(&headers("3"), now), Some(Duration::from_secs(3)));
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        let date = "Sun, 06 Nov 1994 08:49:40 GMT";
        assert_eq!(retry_after(&headers(date), now), Some(Duration::from_secs(3)));
        let past = "Sun, 06 Nov 1994 08:49:30 GMT";
        assert_eq!(retry_after(&headers(past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(300));
        for (attempt, full) in [(1, 100), (2, 200), (3, 300), (10, 300)] {
            let wait = policy.backoff(attempt);
            let full = Duration::from_millis(full);
            assert!(wait >= full / 2 && wait <= full, "attempt {attempt}: {wait:?}");
        }
    }

    #[test]
    fn only_idempotent_methods_are_retried_by_default() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&reqwest::Method::GET));
        assert!(policy.allows(&reqwest::Method::PUT));
        assert!(!policy.allows(&reqwest::Method::POST));
        assert!(policy.clone().retry_non_idempotent(true).allows(&reqwest::Method::POST));
        assert!(!RetryPolicy::none().allows(&reqwest::Method::GET));
    }
}
