//! The StartImport client.
pub use mgn_types as types;
