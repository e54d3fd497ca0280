//! Scripted errors: queued by a test with [`Emulator::fail_next`](crate::Emulator::fail_next),
//! served once each, first in first out per operation.

use crate::reply::ApiError;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

/// The queues of scripted errors, by operation name.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queues: Mutex<HashMap<String, VecDeque<ApiError>>>,
}

impl Faults {
    /// Queues an error for the next request to `operation`.
    pub fn push(&self, operation: &str, error: ApiError) {
        self.queues
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(operation.to_owned())
            .or_default()
            .push_back(error);
    }

    /// Takes the oldest error queued for `operation`, if any.
    pub fn pop(&self, operation: &str) -> Option<ApiError> {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        let queue = queues.get_mut(operation)?;
        let error = queue.pop_front();
        if queue.is_empty() {
            queues.remove(operation);
        }
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_served_once_in_order_per_operation() {
        let faults = Faults::default();
        faults.push("A", ApiError::new(500, "InternalServerException", "one"));
        faults.push("A", ApiError::new(429, "ThrottlingException", "two"));
        faults.push("B", ApiError::new(503, "ServiceUnavailableException", "b"));
        assert_eq!(faults.pop("A").map(|e| e.message), Some("one".to_owned()));
        assert_eq!(faults.pop("A").map(|e| e.message), Some("two".to_owned()));
        assert_eq!(faults.pop("A"), None);
        assert_eq!(faults.pop("B").map(|e| e.status), Some(503));
    }
}
