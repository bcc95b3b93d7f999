//! [`stream_file`]: a file uploaded as a stream, read in chunks on the blocking pool as it is
//! sent (never whole into memory), with its length known up front, so the request carries a
//! `Content-Length` as S3's PutObject and UploadPart want.

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use smithy_types_runtime::ByteStream;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::task::JoinHandle;

/// How much of the file one read takes.
const CHUNK: usize = 64 * 1024;

/// A stream of the file at `path`, of its length when opened. The file must keep that length
/// until it is sent: a shorter file fails the upload (naming the path), a longer one is sent
/// up to that length, which is what the `Content-Length` said. The stream is sent once: a
/// call with it is not retried.
pub async fn stream_file(path: impl AsRef<Path>) -> io::Result<ByteStream> {
    let path = path.as_ref().to_path_buf();
    let (file, length, path) = tokio::task::spawn_blocking(move || {
        let opened = File::open(&path).and_then(|file| {
            let length = file.metadata()?.len();
            Ok((file, length))
        });
        match opened {
            Ok((file, length)) => Ok((file, length, path)),
            Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    })
    .await
    .map_err(io::Error::other)??;
    Ok(ByteStream::from_body(FileBody {
        path,
        file: Some(file),
        left: length,
        reading: None,
    }))
}

/// The body of [`stream_file`].
struct FileBody {
    path: PathBuf,
    /// `None` while a read holds it.
    file: Option<File>,
    /// Bytes still to send.
    left: u64,
    /// The read in progress on the blocking pool.
    reading: Option<JoinHandle<(File, io::Result<Vec<u8>>)>>,
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        if this.left == 0 {
            return Poll::Ready(None);
        }
        if this.reading.is_none() {
            let Some(mut file) = this.file.take() else {
                return Poll::Ready(Some(Err(io::Error::other(format!(
                    "{}: the file was lost after a failed read",
                    this.path.display()
                )))));
            };
            let want = usize::try_from(this.left).map_or(CHUNK, |left| left.min(CHUNK));
            this.reading = Some(tokio::task::spawn_blocking(move || {
                let mut buf = vec![0; want];
                let read = file.read(&mut buf).map(|n| {
                    buf.truncate(n);
                    buf
                });
                (file, read)
            }));
        }
        let Some(reading) = this.reading.as_mut() else {
            return Poll::Pending;
        };
        let (file, read) = match Pin::new(reading).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(joined) => {
                this.reading = None;
                joined.map_err(io::Error::other)?
            }
        };
        this.file = Some(file);
        let chunk = match read {
            Ok(chunk) => chunk,
            Err(e) => {
                return Poll::Ready(Some(Err(io::Error::new(
                    e.kind(),
                    format!("{}: {e}", this.path.display()),
                ))));
            }
        };
        if chunk.is_empty() {
            return Poll::Ready(Some(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{}: the file ended {} bytes short of the length it had when opened",
                    this.path.display(),
                    this.left
                ),
            ))));
        }
        this.left -= chunk.len() as u64;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(chunk)))))
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_streams_in_chunks_with_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("servers.csv");
        let data: Vec<u8> = (0..CHUNK * 3 + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut stream = stream_file(&path).await.unwrap();
        assert_eq!(Body::size_hint(&stream).exact(), Some(data.len() as u64));
        assert!(
            stream.bytes().is_none(),
            "read as it is sent, not into memory"
        );
        let mut chunks = 0;
        let mut read = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.unwrap();
            assert!(chunk.len() <= CHUNK);
            read.extend_from_slice(&chunk);
            chunks += 1;
        }
        assert_eq!(read, data);
        assert_eq!(chunks, 4);

        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        let stream = stream_file(&empty).await.unwrap();
        assert_eq!(Body::size_hint(&stream).exact(), Some(0));
        assert!(stream.collect().await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_missing_or_shrunk_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.csv");
        let error = stream_file(&missing).await.err().unwrap();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(error.to_string().contains("missing.csv"), "{error}");

        let path = dir.path().join("shrinks.csv");
        std::fs::write(&path, vec![b'x'; 1000]).unwrap();
        let stream = stream_file(&path).await.unwrap();
        std::fs::write(&path, vec![b'x'; 400]).unwrap();
        let error = stream.collect().await.unwrap_err().to_string();
        assert!(
            error.contains("shrinks.csv") && error.contains("600 bytes short"),
            "{error}"
        );

        // A file that grows is sent up to the length it had.
        let path = dir.path().join("grows.csv");
        std::fs::write(&path, b"abc").unwrap();
        let stream = stream_file(&path).await.unwrap();
        std::fs::write(&path, b"abcdef").unwrap();
        assert_eq!(&stream.collect().await.unwrap()[..], b"abc");
    }
}
