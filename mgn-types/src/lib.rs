//! Generated types (placeholder until `cargo xtask codegen` writes this crate).
