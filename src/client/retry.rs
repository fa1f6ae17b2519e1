//! When to send a request again, and how long to wait first.
//!
//! - 429: Okta says when its bucket refills (`X-Rate-Limit-Reset`, epoch seconds). The wait is measured
//!   against the response's own `Date`, not the local clock, as Okta's SDKs do, plus jitter so that parallel
//!   flows don't all return in the same second. A 429 means the request was not processed, so any request,
//!   a creating POST included, may be sent again.
//! - 500/502/503/504, timeouts and broken connections: exponential backoff with full jitter, only for
//!   requests that are safe to repeat (a POST that creates is never sent twice).

use std::time::Duration;

use super::transport::{HttpResponse, TransportError};

#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff step for 5xx and connection failures.
    pub base_delay: Duration,
    /// Upper bound of one backoff step.
    pub max_delay: Duration,
    /// Longest wait for a rate-limit reset; a later reset is reported as `RateLimited` instead.
    pub max_rate_limit_wait: Duration,
    /// Whether the exponent grows with jitter (false: every wait is exactly `base_delay`).
    pub exponential: bool,
    /// Retry every non-2xx answer, not only 429 and 5xx (a raw request's "Retry On All Errors").
    pub retry_all_errors: bool,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_rate_limit_wait: Duration::from_secs(90),
            exponential: true,
            retry_all_errors: false,
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Stop and hand the outcome to the caller.
    Done,
    /// Wait, then send again.
    RetryAfter(Duration),
}

impl RetryPolicy {
    /// Decides after a response. `attempt` counts from 0; `jitter` is a random number.
    pub fn after_response(
        &self,
        response: &HttpResponse,
        idempotent: bool,
        attempt: u32,
        jitter: u64,
    ) -> Decision {
        if attempt >= self.max_retries {
            return Decision::Done;
        }
        match response.status {
            429 => match rate_limit_wait(response) {
                Some(wait) if wait <= self.max_rate_limit_wait => {
                    Decision::RetryAfter(wait + Duration::from_millis(jitter % 1000))
                }
                Some(_) => Decision::Done,
                // No usable reset header: back off as for a 503.
                None => Decision::RetryAfter(self.backoff(attempt, jitter)),
            },
            500 | 502 | 503 | 504 if idempotent => {
                Decision::RetryAfter(self.backoff(attempt, jitter))
            }
            // Even when asked to retry everything, a 5xx to a request that is not safe to repeat may have
            // been applied; a 4xx was refused, so sending it again creates nothing twice.
            status
                if self.retry_all_errors
                    && !(200..300).contains(&status)
                    && (idempotent || status < 500) =>
            {
                Decision::RetryAfter(self.backoff(attempt, jitter))
            }
            _ => Decision::Done,
        }
    }

    /// Decides after a failed exchange. A connection that was never made is safe to retry for any request.
    pub fn after_failure(
        &self,
        error: &TransportError,
        idempotent: bool,
        attempt: u32,
        jitter: u64,
    ) -> Decision {
        let safe = match error {
            TransportError::Connect(_) => true,
            TransportError::Timeout | TransportError::Broken(_) => idempotent,
            TransportError::Refused(_) | TransportError::TooLarge(_) => false,
        };
        if attempt >= self.max_retries || !safe {
            return Decision::Done;
        }
        Decision::RetryAfter(self.backoff(attempt, jitter))
    }

    /// Full jitter: a random wait between half the step and the step, the step doubling per attempt.
    fn backoff(&self, attempt: u32, jitter: u64) -> Duration {
        if !self.exponential {
            return self.base_delay;
        }
        let step = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.max_delay);
        let step_ms = u64::try_from(step.as_millis()).unwrap_or(u64::MAX).max(1);
        Duration::from_millis(step_ms / 2 + jitter % (step_ms / 2 + 1))
    }
}

/// Seconds until the rate limit resets, by the server's clock: `X-Rate-Limit-Reset − Date`, at least 1 s
/// (Okta's reset has one-second granularity, so "now" means "within the next second").
pub fn rate_limit_wait(response: &HttpResponse) -> Option<Duration> {
    let reset: u64 = response.header("x-rate-limit-reset")?.trim().parse().ok()?;
    let now = response.header("date").and_then(parse_http_date)?;
    Some(Duration::from_secs(reset.saturating_sub(now).max(1)))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form Okta sends, to epoch seconds.
pub fn parse_http_date(text: &str) -> Option<u64> {
    let mut parts = text.split_whitespace().skip(1);
    let day: u64 = parts.next()?.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| Some(*m) == parts.clone().next())? as u64
        + 1;
    parts.next();
    let year: u64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT"
        || !(1..=31).contains(&day)
        || h > 23
        || m > 59
        || s > 60
        || year < 1970
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    #[test]
    fn parses_the_recorded_date() {
        // From okta-fixtures test_agent_pools_it: reset 1757607758 arrived with this Date.
        assert_eq!(
            parse_http_date("Thu, 11 Sep 2025 16:22:35 GMT"),
            Some(1_757_607_755)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn waits_for_the_reset_by_the_servers_clock() {
        let r = response(
            429,
            &[
                ("Date", "Thu, 11 Sep 2025 16:22:35 GMT"),
                ("X-Rate-Limit-Reset", "1757607758"),
            ],
        );
        let policy = RetryPolicy::default();
        assert_eq!(rate_limit_wait(&r), Some(Duration::from_secs(3)));
        assert_eq!(
            policy.after_response(&r, false, 0, 250),
            Decision::RetryAfter(Duration::from_millis(3250))
        );
        assert_eq!(
            policy.after_response(&r, false, policy.max_retries, 250),
            Decision::Done
        );
    }

    #[test]
    fn a_reset_too_far_away_is_not_waited_for() {
        let r = response(
            429,
            &[
                ("Date", "Thu, 01 Jan 1970 00:00:00 GMT"),
                ("X-Rate-Limit-Reset", "3600"),
            ],
        );
        assert_eq!(
            RetryPolicy::default().after_response(&r, true, 0, 0),
            Decision::Done
        );
    }

    #[test]
    fn server_errors_are_retried_only_when_idempotent() {
        let policy = RetryPolicy::default();
        for status in [500, 502, 503, 504] {
            assert!(matches!(
                policy.after_response(&response(status, &[]), true, 0, 7),
                Decision::RetryAfter(_)
            ));
            assert_eq!(
                policy.after_response(&response(status, &[]), false, 0, 7),
                Decision::Done
            );
        }
        assert_eq!(
            policy.after_response(&response(501, &[]), true, 0, 7),
            Decision::Done
        );
        assert_eq!(
            policy.after_response(&response(404, &[]), true, 0, 7),
            Decision::Done
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        let wait =
            |attempt| match policy.after_failure(&TransportError::Timeout, true, attempt, u64::MAX)
            {
                Decision::RetryAfter(d) => d,
                Decision::Done => panic!("no retry"),
            };
        assert!(wait(0) <= Duration::from_millis(500) && wait(0) >= Duration::from_millis(250));
        assert!(wait(2) > wait(0));
        assert!(wait(3) <= policy.max_delay);
        assert_eq!(
            policy.after_failure(&TransportError::Timeout, false, 0, 1),
            Decision::Done
        );
        assert!(matches!(
            policy.after_failure(&TransportError::Connect("x".into()), false, 0, 1),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn a_raw_request_policy_can_retry_everything_at_a_fixed_pace() {
        let policy = RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(1500),
            exponential: false,
            retry_all_errors: true,
            ..RetryPolicy::default()
        };
        for attempt in 0..2 {
            let decision = policy.after_response(&response(404, &[]), false, attempt, 999);
            assert_eq!(decision, Decision::RetryAfter(Duration::from_millis(1500)));
        }
        assert_eq!(
            policy.after_response(&response(404, &[]), false, 2, 0),
            Decision::Done
        );
        assert_eq!(
            policy.after_response(&response(200, &[]), false, 0, 0),
            Decision::Done
        );
        // A POST answered 500 may have been applied: not sent again, whatever the caller asked.
        assert_eq!(
            policy.after_response(&response(500, &[]), false, 0, 0),
            Decision::Done
        );
        assert!(matches!(
            policy.after_response(&response(500, &[]), true, 0, 0),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn a_refused_or_oversized_exchange_is_never_retried() {
        let policy = RetryPolicy::default();
        for error in [
            TransportError::Refused("header".into()),
            TransportError::TooLarge("answer".into()),
        ] {
            assert_eq!(policy.after_failure(&error, true, 0, 0), Decision::Done);
        }
    }
}
