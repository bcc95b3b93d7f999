//! Time to decode one response with each reader (bench/compile/xml-*): an STS AssumeRole
//! response (~1 KB) and IAM ListUsers responses of 10 and 100 users (100: ~60 KB, 600+
//! elements).

use std::sync::LazyLock;

use xml_decode_bench::{STS_ASSUME_ROLE, list_users};

fn main() {
    divan::main();
}

static LIST_USERS: LazyLock<[String; 2]> = LazyLock::new(|| [list_users(10), list_users(100)]);

const SIZES: [usize; 2] = [0, 1];

mod assume_role {
    use super::*;

    #[divan::bench]
    fn ours() -> xml_ours::AssumeRole {
        xml_ours::decode_assume_role(divan::black_box(STS_ASSUME_ROLE)).expect("decodes")
    }

    #[divan::bench]
    fn quick_xml() -> xml_quick_xml::AssumeRole {
        xml_quick_xml::decode_assume_role(divan::black_box(STS_ASSUME_ROLE)).expect("decodes")
    }

    #[divan::bench]
    fn xmlparser() -> xml_xmlparser::AssumeRole {
        xml_xmlparser::decode_assume_role(divan::black_box(STS_ASSUME_ROLE)).expect("decodes")
    }
}

/// `args`: 0 for 10 users, 1 for 100.
mod list_users {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn ours(size: usize) -> xml_ours::ListUsers {
        xml_ours::decode_list_users(divan::black_box(&LIST_USERS[size])).expect("decodes")
    }

    #[divan::bench(args = SIZES)]
    fn quick_xml(size: usize) -> xml_quick_xml::ListUsers {
        xml_quick_xml::decode_list_users(divan::black_box(&LIST_USERS[size])).expect("decodes")
    }

    #[divan::bench(args = SIZES)]
    fn xmlparser(size: usize) -> xml_xmlparser::ListUsers {
        xml_xmlparser::decode_list_users(divan::black_box(&LIST_USERS[size])).expect("decodes")
    }
}
