//! `Stream`s for tests: prepared items, and what a channel receives.

use aws_op::Stream;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A stream of prepared items, each ready at once.
pub struct Items<T>(pub VecDeque<T>);

impl<T: Unpin> Stream for Items<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.0.pop_front())
    }
}

/// The items a channel receives, as a stream.
pub struct Received<T>(pub tokio::sync::mpsc::Receiver<T>);

impl<T> Stream for Received<T> {
    type Item = T;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}
