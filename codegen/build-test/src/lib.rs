//! Types generated at build time.
