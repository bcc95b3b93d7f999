//! Every Rust name in generated code is decided here, and nowhere else.
//!
//! Policy: types are PascalCase, members and functions snake_case (via `heck`); a name that is a
//! Rust keyword gets a `_` suffix (no raw identifiers in users' code); names that would collide
//! within one scope get a numeric suffix, first come first served in model order.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict, reserved and edition-2024 keywords, plus `_`.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Enum values are arbitrary strings: anything but ASCII letters and digits separates words,
/// so every name is a valid identifier whatever the model says.
fn ascii_words(name: &str) -> String {
    let chars: Vec<char> = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    // A plural acronym (`IDs`, `ARNs`, `URLs`) is one word, as aws-sdk-rust reads it:
    // `importIDs` -> `import_ids`, not `import_i_ds`.
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let plural = run >= 2
            && chars.get(i) == Some(&'s')
            && chars.get(i + 1).is_none_or(|c| !c.is_ascii_lowercase());
        if plural {
            out.push(chars[start]);
            out.extend(chars[start + 1..i].iter().map(char::to_ascii_lowercase));
        } else {
            out.extend(&chars[start..i]);
        }
        if i < chars.len() && i == start {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Makes `name` a usable identifier: keywords get `_`, a leading digit gets `prefix`.
fn sanitize(name: String, prefix: &str) -> String {
    let name = if name.is_empty() {
        prefix.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// The Rust type name for a Smithy shape name: `S3BucketSource`, `SelfValue`.
pub fn type_name(shape_name: &str) -> String {
    pascal(ascii_words(shape_name).to_upper_camel_case(), "Shape")
}

/// PascalCase names stay PascalCase: `Self` (the one such keyword) becomes `SelfValue`.
fn pascal(name: String, prefix: &str) -> String {
    match sanitize(name, prefix) {
        keyword if keyword.ends_with('_') => format!("{}Value", keyword.trim_end_matches('_')),
        name => name,
    }
}

/// The Rust field name for a member: `importID` -> `import_id`, `type` -> `type_`.
pub fn field_name(member_name: &str) -> String {
    sanitize(ascii_words(member_name).to_snake_case(), "member_")
}

/// The Rust variant name for an enum value or union member: `PENDING` -> `Pending`.
pub fn variant_name(name: &str) -> String {
    pascal(ascii_words(name).to_upper_camel_case(), "Value")
}

/// The method name of an operation on the client: `StartImport` -> `start_import`.
pub fn operation_fn_name(operation: &str) -> String {
    field_name(operation)
}

/// The module-level names derived from an operation.
pub fn operation_input(operation: &str) -> String {
    format!("{}Input", type_name(operation))
}

pub fn operation_output(operation: &str) -> String {
    format!("{}Output", type_name(operation))
}

pub fn operation_error(operation: &str) -> String {
    format!("{}Error", type_name(operation))
}

pub fn fluent_builder(operation: &str) -> String {
    format!("{}FluentBuilder", type_name(operation))
}

/// The builder type of a structure.
pub fn builder_name(type_name: &str) -> String {
    format!("{type_name}Builder")
}

/// A builder's replacing setter of a field: `set_tags`, `set_type` (no keyword suffix needed).
pub fn set_setter(field_name: &str) -> String {
    format!("set_{}", field_name.trim_end_matches('_'))
}

/// A builder's getter of a field: `get_tags`, `get_type`.
pub fn getter(field_name: &str) -> String {
    format!("get_{}", field_name.trim_end_matches('_'))
}

/// The module of a generated crate re-exporting the runtime's primitives (`DateTime`, `Blob`,
/// ...), as aws-sdk-rust names it.
pub const PRIMITIVES_MODULE: &str = "primitives";

/// The `is_conflict_exception` helper of an error enum variant.
pub fn is_variant_fn(variant: &str) -> String {
    format!("is_{}", variant.to_snake_case())
}

/// Hands out unique names within one scope (a module, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Returns `wanted`, or `wanted2`, `wanted3`, ... if taken, and marks it taken.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        // `foo2`, `s3_2`, and `Ec2V2` so that PascalCase names stay PascalCase.
        let separator = match wanted.chars().last() {
            Some(c)
                if c.is_ascii_digit() && wanted.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                "V"
            }
            Some(c) if c.is_ascii_digit() => "_",
            _ => "",
        };
        (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(wanted)
    }
}

/// The variant of `aws_client_runtime::checksum::Algorithm` of a checksum algorithm as
/// `aws.protocols#httpChecksum` names it, if the runtime computes it.
pub fn checksum_algorithm_variant(name: &str) -> Option<&'static str> {
    Some(match name {
        "CRC32" => "Crc32",
        "CRC32C" => "Crc32c",
        "CRC64NVME" => "Crc64Nvme",
        "SHA1" => "Sha1",
        "SHA256" => "Sha256",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_table() {
        type Case = (fn(&str) -> String, &'static str, &'static str);
        let cases: &[Case] = &[
            (field_name, "importID", "import_id"),
            (field_name, "s3BucketOwner", "s3_bucket_owner"),
            (field_name, "s3Bucket", "s3_bucket"),
            (field_name, "clientToken", "client_token"),
            (field_name, "type", "type_"),
            (field_name, "self", "self_"),
            (field_name, "Self", "self_"),
            (field_name, "crate", "crate_"),
            (field_name, "match", "match_"),
            (field_name, "async", "async_"),
            (field_name, "Option", "option"),
            (field_name, "FOO", "foo"),
            (field_name, "importIDs", "import_ids"),
            (field_name, "resourceARNs", "resource_arns"),
            (field_name, "IDsList", "ids_list"),
            (field_name, "IDs", "ids"),
            (field_name, "sourceServerIDs", "source_server_ids"),
            (field_name, "AWSService", "aws_service"),
            (field_name, "URLs3", "urls3"),
            (type_name, "ListImportIDs", "ListImportIds"),
            (type_name, "S3BucketSource", "S3BucketSource"),
            (type_name, "Self", "SelfValue"),
            (type_name, "self", "SelfValue"),
            (type_name, "type", "Type"),
            (type_name, "Option", "Option"),
            (type_name, "crate", "Crate"),
            (variant_name, "PENDING", "Pending"),
            (variant_name, "IN_PROGRESS", "InProgress"),
            (variant_name, "1x", "Value1x"),
            (variant_name, "Self", "SelfValue"),
            (variant_name, "t2.micro", "T2Micro"),
            (variant_name, "*", "Value"),
            (variant_name, "\u{301}é-x", "X"),
            (variant_name, "über", "Ber"),
            (operation_fn_name, "StartImport", "start_import"),
            (operation_fn_name, "Match", "match_"),
            (operation_input, "StartImport", "StartImportInput"),
            (operation_error, "StartImport", "StartImportError"),
            (set_setter, "tag_keys", "set_tag_keys"),
            (set_setter, "type_", "set_type"),
            (getter, "tags", "get_tags"),
            (getter, "match_", "get_match"),
        ];
        for (f, input, expected) in cases {
            assert_eq!(f(input), *expected, "naming {input}");
        }
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = Scope::with_reserved(&["build"]);
        assert_eq!(scope.claim("foo".into()), "foo");
        assert_eq!(scope.claim("foo".into()), "foo2");
        assert_eq!(scope.claim("foo".into()), "foo3");
        assert_eq!(scope.claim("build".into()), "build2");
        assert_eq!(scope.claim("s3".into()), "s3");
        assert_eq!(scope.claim("s3".into()), "s3_2");
        assert_eq!(scope.claim("Ec2".into()), "Ec2");
        assert_eq!(scope.claim("Ec2".into()), "Ec2V2");
    }
}
