//! Paginators: the pages of a paginated operation, one request at a time, and the items on
//! them. Generated code supplies how to send one page and where the tokens are.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::SdkError;

/// A boxed future of one page.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// The pages of one paginated call: each [`next`](Self::next) sends one request with the
/// previous page's token. It stops when a page has no token (or an empty one), and fails
/// when the service repeats a token, which would otherwise loop forever.
pub struct Pages<B, O, E> {
    builder: Option<B>,
    send: fn(B) -> PageFuture<O, E>,
    next_token: fn(&O) -> Option<&str>,
    with_token: fn(B, String) -> B,
    seen: HashSet<String>,
}

impl<B, O, E> fmt::Debug for Pages<B, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("done", &self.builder.is_none())
            .field("pages_with_tokens", &self.seen.len())
            .finish()
    }
}

/// The error for a service that answers a page with a token it sent before.
#[derive(Debug)]
pub struct RepeatedTokenError {
    token_len: usize,
}

impl fmt::Display for RepeatedTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the service repeated a pagination token ({} characters); stopping instead of \
             looping forever",
            self.token_len
        )
    }
}

impl std::error::Error for RepeatedTokenError {}

impl<B: Clone, O, E> Pages<B, O, E> {
    #[doc(hidden)]
    pub fn new(
        builder: B,
        send: fn(B) -> PageFuture<O, E>,
        next_token: fn(&O) -> Option<&str>,
        with_token: fn(B, String) -> B,
    ) -> Self {
        Self {
            builder: Some(builder),
            send,
            next_token,
            with_token,
            seen: HashSet::new(),
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        let builder = self.builder.take()?;
        let page = match (self.send)(builder.clone()).await {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        match (self.next_token)(&page) {
            Some(token) if !token.is_empty() => {
                if !self.seen.insert(token.to_owned()) {
                    return Some(Err(SdkError::construction_failure(RepeatedTokenError {
                        token_len: token.len(),
                    })));
                }
                self.builder = Some((self.with_token)(builder, token.to_owned()));
            }
            _ => {}
        }
        Some(Ok(page))
    }

    /// Every page, or the first error.
    pub async fn collect(mut self) -> Result<Vec<O>, SdkError<E>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

/// The items of every page, in order.
pub struct Items<B, O, E, T> {
    pages: Pages<B, O, E>,
    items: fn(O) -> Vec<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<B, O, E, T> fmt::Debug for Items<B, O, E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).finish()
    }
}

impl<B: Clone, O, E, T> Items<B, O, E, T> {
    #[doc(hidden)]
    pub fn new(pages: Pages<B, O, E>, items: fn(O) -> Vec<T>) -> Self {
        Self {
            pages,
            items,
            buffer: Vec::new().into_iter(),
        }
    }

    /// The next item, or `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.buffer = (self.items)(page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every item, or the first error.
    pub async fn collect(mut self) -> Result<Vec<T>, SdkError<E>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}
