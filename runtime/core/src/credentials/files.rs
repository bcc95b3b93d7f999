//! Reading the small local files of the chains (profiles, token files, the SSO token cache)
//! on tokio's blocking pool, as `tokio::fs` does, without tokio's `fs` feature and the code
//! it compiles into every program.

use std::io;
use std::path::Path;

/// The whole file.
pub(crate) async fn read(path: &Path) -> io::Result<Vec<u8>> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)))
}

/// The whole file, which must be UTF-8.
pub(crate) async fn read_to_string(path: &Path) -> io::Result<String> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)))
}
