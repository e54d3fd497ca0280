//! Pagination: the pages of a paginated operation as a stream, and their items.

use crate::operation::Operation;
use crate::{Client, Error};
use futures_core::Stream;
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An operation whose output comes in pages linked by a token.
pub trait Paginated: Operation + Clone {
    /// One element of a page's item list.
    type Item: Send + 'static;
    /// Sets the input's page token (`None`: the first page).
    fn set_page_token(&mut self, token: Option<String>);
    /// The token of the page after `output`, if any.
    fn next_page_token(output: &Self::Output) -> Option<&str>;
    /// The items of one page.
    fn page_items(output: Self::Output) -> Vec<Self::Item>;
}

/// What an output's item member can be: a list or a map, required or optional. A map's items
/// are its entries, `(key, value)` pairs in no particular order.
pub trait IntoPageItems {
    /// The element type.
    type Item;
    /// The list (empty when absent).
    fn into_page_items(self) -> Vec<Self::Item>;
}

impl<T> IntoPageItems for Vec<T> {
    type Item = T;
    fn into_page_items(self) -> Vec<T> {
        self
    }
}

impl<T> IntoPageItems for Option<Vec<T>> {
    type Item = T;
    fn into_page_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

impl<K, V> IntoPageItems for HashMap<K, V> {
    type Item = (K, V);
    fn into_page_items(self) -> Vec<(K, V)> {
        self.into_iter().collect()
    }
}

impl<K, V> IntoPageItems for Option<HashMap<K, V>> {
    type Item = (K, V);
    fn into_page_items(self) -> Vec<(K, V)> {
        self.map(IntoPageItems::into_page_items).unwrap_or_default()
    }
}

/// What an output's token member can be: `String` or `Option<String>`.
pub trait PageToken {
    /// The token, if there is one.
    fn page_token(&self) -> Option<&str>;
}

impl PageToken for String {
    fn page_token(&self) -> Option<&str> {
        Some(self)
    }
}

impl PageToken for Option<String> {
    fn page_token(&self) -> Option<&str> {
        self.as_deref()
    }
}

type PageResult<O> = Result<<O as Operation>::Output, Error<<O as Operation>::Error>>;
type PageFuture<O> = Pin<Box<dyn Future<Output = PageResult<O>> + Send>>;

/// The pages of a paginated call, one call per page.
///
/// An operation marked `paginated(...)` implements [`Paginated`]; its generated `paginate()`
/// returns [`Pages`] and `items()` returns [`Items`]. Each page is one call (validated, signed,
/// retried like any other). The stream ends after a page whose next token is absent or empty,
/// or one the stream has already sent (a service that hands a token back would otherwise loop
/// forever), and after the first error, which it yields.
///
/// ```no_run
/// # use aws_op_runtime::{Paginated, Pages};
/// # async fn demo<O: Paginated>(client: aws_op_runtime::Client<O::Service>, input: O)
/// #     -> Result<(), aws_op_runtime::Error<O::Error>> {
/// let mut pages = Pages::new(&client, input); // what `input.paginate(&client)` returns
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     // ...
/// }
/// # Ok(()) }
/// ```
///
/// Both are `futures_core::Stream`s too, for stream combinators.
pub struct Pages<O: Paginated> {
    client: Client<O::Service>,
    /// The input of the next page; `None` once the stream has ended.
    next: Option<O>,
    in_flight: Option<PageFuture<O>>,
    sent_tokens: HashSet<String>,
}

// The stream never pins its fields: the input is moved into each call's future, which is boxed.
impl<O: Paginated> Unpin for Pages<O> {}

impl<O: Paginated> Pages<O> {
    /// The pages of `input`, starting from the token it carries (usually none).
    pub fn new(client: &Client<O::Service>, input: O) -> Self {
        Pages {
            client: client.clone(),
            next: Some(input),
            in_flight: None,
            sent_tokens: HashSet::new(),
        }
    }

    /// The next page, or `None` after the last (the `Stream` in an `async fn`, without
    /// `StreamExt`).
    pub async fn next(&mut self) -> Option<PageResult<O>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }
}

impl<O: Paginated> Stream for Pages<O> {
    type Item = PageResult<O>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(input) = this.next.clone() else {
                return Poll::Ready(None);
            };
            let client = this.client.clone();
            this.in_flight = Some(Box::pin(async move { client.call(input).await }));
        }
        let future = this.in_flight.as_mut().expect("set above");
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        match &result {
            Ok(output) => match O::next_page_token(output).filter(|t| !t.is_empty()) {
                Some(token) if this.sent_tokens.insert(token.to_owned()) => {
                    if let Some(next) = &mut this.next {
                        next.set_page_token(Some(token.to_owned()));
                    }
                }
                _ => this.next = None,
            },
            Err(_) => this.next = None,
        }
        Poll::Ready(Some(result))
    }
}

/// The items of every page of a paginated call. See [`Pages::items`].
pub struct Items<O: Paginated> {
    pages: Pages<O>,
    buffered: VecDeque<O::Item>,
}

impl<O: Paginated> Unpin for Items<O> {}

impl<O: Paginated> Items<O> {
    /// The next item, or `None` after the last (the `Stream` in an `async fn`, without
    /// `StreamExt`).
    pub async fn next(&mut self) -> Option<Result<O::Item, Error<O::Error>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O: Paginated> Stream for Items<O> {
    type Item = Result<O::Item, Error<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend(O::page_items(page)),
            }
        }
    }
}
