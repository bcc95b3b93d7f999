//! [`ByteStream`]: a `@streaming` blob payload, in memory or read as it arrives.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// A boxed error that can cross threads.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

type DynBody = Pin<Box<dyn Body<Data = Bytes, Error = BoxError> + Send>>;

/// A streaming payload: bytes in memory, or a body read chunk by chunk without being buffered
/// whole (an upload from a file or a channel, a download as it arrives).
///
/// Read it with [`next`](Self::next) (chunk by chunk) or [`collect`](Self::collect) (all of
/// it); it is also an [`http_body::Body`], so it plugs into HTTP stacks as is.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// In memory; `None` once read.
    Bytes(Option<Bytes>),
    /// A body read as it arrives. The mutex makes the stream `Sync`; it is only ever reached
    /// through `&mut self`, so it is never locked.
    Body(std::sync::Mutex<DynBody>),
}

impl ByteStream {
    /// A stream of these bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            inner: Inner::Bytes(Some(bytes.into())),
        }
    }

    /// A stream read from an HTTP body as it arrives.
    pub fn from_body<B>(body: B) -> Self
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let body = MapErr(Box::pin(body));
        Self {
            inner: Inner::Body(std::sync::Mutex::new(Box::pin(body))),
        }
    }

    /// The bytes, when the stream holds them in memory (and has not been read).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(Some(bytes)) => Some(bytes),
            Inner::Bytes(None) => Some(&[]),
            Inner::Body(_) => None,
        }
    }

    /// The bytes, when the stream holds them in memory (no copy); the stream itself otherwise.
    pub fn into_bytes(self) -> Result<Bytes, ByteStream> {
        match self.inner {
            Inner::Bytes(bytes) => Ok(bytes.unwrap_or_default()),
            inner @ Inner::Body(_) => Err(ByteStream { inner }),
        }
    }

    /// A second stream of the same bytes, when they are in memory (a request is sent again
    /// on a retry only if its body can be).
    pub fn try_clone(&self) -> Option<ByteStream> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(ByteStream {
                inner: Inner::Bytes(bytes.clone()),
            }),
            Inner::Body(_) => None,
        }
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, BoxError>> {
        loop {
            let frame = poll_fn(|cx| Pin::new(&mut *self).poll_frame(cx)).await?;
            match frame {
                Ok(frame) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => return Some(Ok(data)),
                    // Trailers carry no payload bytes.
                    Err(_) => continue,
                },
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Every remaining byte, in memory.
    pub async fn collect(mut self) -> Result<Bytes, BoxError> {
        if let Inner::Bytes(bytes) = &mut self.inner {
            return Ok(bytes.take().unwrap_or_default());
        }
        let mut all = bytes::BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }
}

impl Default for ByteStream {
    /// An empty stream.
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => f
                .debug_struct("ByteStream")
                .field("in_memory_len", &bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Inner::Body(_) => f.write_str("ByteStream(streaming)"),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(text)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl Body for ByteStream {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.get_mut().inner {
            Inner::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Body(body) => match body.get_mut() {
                Ok(body) => body.as_mut().poll_frame(cx),
                // Never locked, so never poisoned; an error rather than a panic regardless.
                Err(_) => Poll::Ready(Some(Err("the stream's body is unusable".into()))),
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Bytes(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
            Inner::Body(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Inner::Body(body) => match body.lock() {
                Ok(body) => body.size_hint(),
                Err(_) => SizeHint::default(),
            },
        }
    }
}

/// A body whose errors are boxed (the body pinned in its own box, so this is `Unpin`).
struct MapErr<B>(Pin<Box<B>>);

impl<B> Body for MapErr<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.get_mut()
            .0
            .as_mut()
            .poll_frame(cx)
            .map(|f| f.map(|r| r.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.0.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body of `chunks` chunks, produced one poll at a time.
    struct Chunks(usize);

    impl Body for Chunks {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            let this = self.get_mut();
            if this.0 == 0 {
                return Poll::Ready(None);
            }
            this.0 -= 1;
            if this.0 == 1 {
                return Poll::Ready(Some(Err(std::io::Error::other("cut"))));
            }
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"abc")))))
        }
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        // The bodies here never pend, so one poll with a no-op waker completes them.
        let mut f = std::pin::pin!(f);
        let waker = std::task::Waker::noop();
        match f.as_mut().poll(&mut Context::from_waker(waker)) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("pending"),
        }
    }

    #[test]
    fn in_memory_streams_clone_and_collect() {
        let s = ByteStream::from("hello");
        assert_eq!(s.bytes(), Some(&b"hello"[..]));
        let copy = s.try_clone().unwrap();
        assert_eq!(copy.try_clone().unwrap().into_bytes().unwrap(), "hello");
        assert!(ByteStream::from_body(Chunks(0)).into_bytes().is_err());
        assert_eq!(block_on(copy.collect()).unwrap(), "hello");
        assert_eq!(block_on(s.collect()).unwrap(), "hello");
        assert_eq!(block_on(ByteStream::default().collect()).unwrap(), "");
        assert!(format!("{:?}", ByteStream::from("x")).contains("in_memory_len: 1"));
    }

    #[test]
    fn bodies_stream_chunk_by_chunk_and_report_errors() {
        let mut s = ByteStream::from_body(Chunks(4));
        assert!(s.bytes().is_none() && s.try_clone().is_none());
        assert_eq!(block_on(s.next()).unwrap().unwrap(), "abc");
        assert_eq!(block_on(s.next()).unwrap().unwrap(), "abc");
        assert_eq!(block_on(s.next()).unwrap().unwrap_err().to_string(), "cut");
        let ok = ByteStream::from_body(Chunks(0));
        assert_eq!(block_on(ok.collect()).unwrap(), "");
    }
}
