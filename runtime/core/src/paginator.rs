//! Paginators: the pages of a paginated operation, one request at a time, and the items on
//! them. Generated code supplies how to send one page and where the tokens are.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::SdkError;

/// A boxed future of one page.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// A pagination token: a string for most services, a map of attribute values for DynamoDB's
/// `Query` and `Scan` (`ExclusiveStartKey` / `LastEvaluatedKey`).
pub trait Token: Clone + Send + 'static {
    /// Whether the token ends the pages: an empty one does, as in aws-sdk-rust.
    fn is_end(&self) -> bool;
    /// The token as text, to notice a token the service repeats.
    fn fingerprint(&self) -> String;
}

impl Token for String {
    fn is_end(&self) -> bool {
        self.is_empty()
    }
    fn fingerprint(&self) -> String {
        self.clone()
    }
}

impl<V: serde::Serialize + Clone + Send + 'static> Token for HashMap<String, V> {
    fn is_end(&self) -> bool {
        self.is_empty()
    }
    /// Its JSON through `serde_json::Value`, whose maps are ordered by key.
    fn fingerprint(&self) -> String {
        serde_json::to_value(self)
            .map(|v| v.to_string())
            .unwrap_or_default()
    }
}

/// The pages of one paginated call: each [`next`](Self::next) sends one request with the
/// previous page's token. It stops when a page has no token (or an empty one), and fails
/// when the service repeats a token, which would otherwise loop forever.
pub struct Pages<B, O, E, K = String> {
    builder: Option<B>,
    send: fn(B) -> PageFuture<O, E>,
    next_token: fn(&O) -> Option<&K>,
    with_token: fn(B, K) -> B,
    seen: HashSet<String>,
}

impl<B, O, E, K> fmt::Debug for Pages<B, O, E, K> {
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

impl<B: Clone, O, E, K: Token> Pages<B, O, E, K> {
    #[doc(hidden)]
    pub fn new(
        builder: B,
        send: fn(B) -> PageFuture<O, E>,
        next_token: fn(&O) -> Option<&K>,
        with_token: fn(B, K) -> B,
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
            Some(token) if !token.is_end() => {
                let fingerprint = token.fingerprint();
                let token_len = fingerprint.len();
                if !self.seen.insert(fingerprint) {
                    return Some(Err(SdkError::construction_failure(RepeatedTokenError {
                        token_len,
                    })));
                }
                self.builder = Some((self.with_token)(builder, token.clone()));
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
pub struct Items<B, O, E, T, K = String> {
    pages: Pages<B, O, E, K>,
    items: fn(O) -> Vec<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<B, O, E, T, K> fmt::Debug for Items<B, O, E, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).finish()
    }
}

impl<B: Clone, O, E, T, K: Token> Items<B, O, E, T, K> {
    #[doc(hidden)]
    pub fn new(pages: Pages<B, O, E, K>, items: fn(O) -> Vec<T>) -> Self {
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
