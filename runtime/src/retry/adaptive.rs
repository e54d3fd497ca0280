//! The "adaptive" retry mode's client-side rate limiter (AWS retry behaviour).
//!
//! Off until the first throttling response. From then on every attempt takes a token from a
//! bucket whose fill rate follows CUBIC: cut to 70 % of the measured sending rate on each
//! throttle, then grown back along a cubic curve towards (and past) the rate that was throttled.

use std::sync::Mutex;
use std::time::{Duration, Instant};

const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const SMOOTH: f64 = 0.8;
const MIN_FILL_RATE: f64 = 0.5;
const MIN_CAPACITY: f64 = 1.0;

/// A CUBIC-controlled token bucket shared by a client's calls.
#[derive(Debug)]
pub struct RateLimiter {
    state: Mutex<State>,
    start: Instant,
}

#[derive(Debug)]
struct State {
    enabled: bool,
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_refill: Option<f64>,
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: f64,
    last_max_rate: f64,
    last_throttle_time: f64,
    time_window: f64,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            state: Mutex::new(State {
                enabled: false,
                fill_rate: 0.0,
                max_capacity: 0.0,
                current_capacity: 0.0,
                last_refill: None,
                measured_tx_rate: 0.0,
                last_tx_rate_bucket: 0.0,
                request_count: 0.0,
                last_max_rate: 0.0,
                last_throttle_time: 0.0,
                time_window: 0.0,
            }),
            start: Instant::now(),
        }
    }
}

impl RateLimiter {
    fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// How long the caller must wait before sending one attempt (zero while not throttled).
    pub fn acquire_delay(&self) -> Duration {
        let now = self.now();
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if !s.enabled {
            return Duration::ZERO;
        }
        s.refill(now);
        // The token is taken now; the wait pays back the deficit at the fill rate.
        let wait = if s.current_capacity >= 1.0 {
            0.0
        } else {
            (1.0 - s.current_capacity) / s.fill_rate.max(MIN_FILL_RATE)
        };
        s.current_capacity -= 1.0;
        Duration::from_secs_f64(wait.min(20.0))
    }

    /// Records a response: throttling cuts the rate, anything else lets it grow.
    pub fn on_response(&self, throttled: bool) {
        let now = self.now();
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.update_measured_rate(now);
        let new_rate = if throttled {
            let rate = if s.enabled {
                s.measured_tx_rate.min(s.fill_rate)
            } else {
                s.measured_tx_rate
            };
            s.last_max_rate = rate;
            s.time_window = s.cubic_window();
            s.last_throttle_time = now;
            s.enabled = true;
            rate * BETA
        } else {
            s.time_window = s.cubic_window();
            let cubic = SCALE_CONSTANT * (now - s.last_throttle_time - s.time_window).powi(3)
                + s.last_max_rate;
            cubic.min(2.0 * s.measured_tx_rate)
        };
        s.refill(now);
        s.fill_rate = new_rate.max(MIN_FILL_RATE);
        s.max_capacity = new_rate.max(MIN_CAPACITY);
        s.current_capacity = s.current_capacity.min(s.max_capacity);
    }

    /// The current fill rate in attempts per second (0 until the first throttle).
    pub fn fill_rate(&self) -> f64 {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.enabled {
            s.fill_rate
        } else {
            0.0
        }
    }
}

impl State {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            let fill = (now - last) * self.fill_rate;
            self.current_capacity = (self.current_capacity + fill).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn cubic_window(&self) -> f64 {
        (self.last_max_rate * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
    }

    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1.0;
        if bucket > self.last_tx_rate_bucket {
            let rate = self.request_count / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = rate * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0.0;
            self.last_tx_rate_bucket = bucket;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_throttled_then_limits_and_recovers() {
        let limiter = RateLimiter::default();
        for _ in 0..50 {
            assert_eq!(limiter.acquire_delay(), Duration::ZERO);
            limiter.on_response(false);
        }
        assert_eq!(limiter.fill_rate(), 0.0);
        limiter.on_response(true);
        let after_throttle = limiter.fill_rate();
        assert!(after_throttle >= MIN_FILL_RATE);
        // Bursting past the capacity makes callers wait.
        let waits: Vec<Duration> = (0..10).map(|_| limiter.acquire_delay()).collect();
        assert!(waits.iter().any(|w| *w > Duration::ZERO), "{waits:?}");
        // Repeated throttling never drops below the floor.
        for _ in 0..20 {
            limiter.on_response(true);
        }
        assert!(limiter.fill_rate() >= MIN_FILL_RATE);
    }
}
