//! `Content-Encoding: aws-chunked` with an unsigned checksum trailer, as aws-sdk-rust sends
//! streaming uploads over HTTPS: the payload in chunks of [`CHUNK_SIZE`] bytes (the last one
//! shorter), each `<hex length>\r\n<bytes>\r\n`, then `0\r\n`, the trailer
//! `x-amz-checksum-<alg>:<base64>\r\n` and a final `\r\n`. The checksum is computed as the
//! bytes pass; at most one chunk is held in memory. The encoded length is known up front (the
//! payload's length must be), so the request carries a `Content-Length`.

use super::Algorithm;
use super::algorithm::Hasher;
use crate::error::BoxError;
use bytes::{Bytes, BytesMut};
use http_body::{Body, Frame, SizeHint};
use smithy_types_runtime::ByteStream;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Payload bytes per chunk (64 KiB, aws-sdk-rust's default).
pub(crate) const CHUNK_SIZE: usize = 64 * 1024;

/// An `aws-chunked` body over a payload of a declared length, with its checksum as a trailer.
pub(crate) struct AwsChunkedBody {
    inner: ByteStream,
    hasher: Option<Hasher>,
    algorithm: Algorithm,
    /// Payload bytes read but not yet sent (gathered into chunks: one copy).
    pending: BytesMut,
    /// Pieces of a framed chunk still to send: its data and its final CRLF, sent as they are
    /// (no second copy).
    ready: VecDeque<Bytes>,
    /// The payload's declared length, and how much of it has been read.
    declared: u64,
    read: u64,
    inner_done: bool,
    finished: bool,
}

impl AwsChunkedBody {
    pub(crate) fn new(inner: ByteStream, algorithm: Algorithm, declared: u64) -> Self {
        AwsChunkedBody {
            inner,
            hasher: Some(Hasher::new(algorithm)),
            algorithm,
            pending: BytesMut::new(),
            ready: VecDeque::new(),
            declared,
            read: 0,
            inner_done: false,
            finished: false,
        }
    }

    /// Bytes on the wire for a payload of `length` bytes with `algorithm`'s trailer.
    pub(crate) fn encoded_length(length: u64, algorithm: Algorithm) -> u64 {
        let chunk = CHUNK_SIZE as u64;
        let framed = |size: u64| hex_len(size) + 2 + size + 2;
        let full = length / chunk;
        let rest = length % chunk;
        let chunks = full * framed(chunk) + if rest > 0 { framed(rest) } else { 0 };
        // `0\r\n`, `name:value\r\n`, `\r\n`.
        let trailer = algorithm.header_name().len() as u64 + 1 + algorithm.encoded_len() as u64 + 2;
        chunks + 3 + trailer + 2
    }

    /// Frames the next `size` pending bytes: returns the size line, queues the data and CRLF.
    fn take_chunk(&mut self, size: usize) -> Bytes {
        let data = self.pending.split_to(size).freeze();
        self.ready.push_back(data);
        self.ready.push_back(Bytes::from_static(b"\r\n"));
        Bytes::from(format!("{size:x}\r\n"))
    }

    fn trailer(&mut self) -> Result<Bytes, BoxError> {
        let hasher = self
            .hasher
            .take()
            .ok_or_else(|| BoxError::from("aws-chunked body polled after its end"))?;
        let value = hasher.finish_base64()?;
        Ok(Bytes::from(format!(
            "0\r\n{}:{value}\r\n\r\n",
            self.algorithm.header_name()
        )))
    }
}

fn hex_len(size: u64) -> u64 {
    format!("{size:x}").len() as u64
}

impl Body for AwsChunkedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        loop {
            if let Some(piece) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(Frame::data(piece))));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            if this.pending.len() >= CHUNK_SIZE {
                return Poll::Ready(Some(Ok(Frame::data(this.take_chunk(CHUNK_SIZE)))));
            }
            if this.inner_done {
                if !this.pending.is_empty() {
                    let size = this.pending.len();
                    return Poll::Ready(Some(Ok(Frame::data(this.take_chunk(size)))));
                }
                this.finished = true;
                return Poll::Ready(Some(this.trailer().map(Frame::data)));
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(e))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Some(Ok(frame))) => {
                    // Trailers of the payload itself carry no bytes to send.
                    let Ok(data) = frame.into_data() else {
                        continue;
                    };
                    this.read += data.len() as u64;
                    if this.read > this.declared {
                        this.finished = true;
                        return Poll::Ready(Some(Err(BoxError::from(format!(
                            "the upload stream is longer than its declared length of {} bytes",
                            this.declared
                        )))));
                    }
                    if let Some(hasher) = this.hasher.as_mut() {
                        hasher.update(&data);
                    }
                    this.pending.extend_from_slice(&data);
                }
                Poll::Ready(None) => {
                    if this.read != this.declared {
                        this.finished = true;
                        return Poll::Ready(Some(Err(BoxError::from(format!(
                            "the upload stream ended after {} bytes, but its length was declared as {}",
                            this.read, this.declared
                        )))));
                    }
                    this.inner_done = true;
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.finished && self.ready.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(Self::encoded_length(self.declared, self.algorithm))
    }
}
