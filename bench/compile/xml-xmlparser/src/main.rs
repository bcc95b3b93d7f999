//! `decode-sts`: the program shared by the XML decoder builds (`../../xml-common/main.rs`),
//! over this crate's decoder.

use xml_xmlparser as decoder;

include!("../../xml-common/main.rs");
