//! Fuzzes the XML reader and writer (smithy-xml-runtime): arbitrary bytes are read event by
//! event (balanced, depths within the limit, errors inside the input and repeated), walked by
//! the decoder helpers, written again when they read (the same tree reads back), and written
//! as text and attribute value (read back unchanged). Any panic is a bug. The checks live in
//! `runtime/xml/tests/fuzz_checks`, which `runtime/xml/tests/fuzz_regressions.rs` runs too.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../runtime/xml/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

fuzz_target!(|data: &[u8]| fuzz_checks::check(data));
