//! Rust identifiers for rule-set names (parameters, variables, test cases).

use heck::ToSnakeCase;
use proc_macro2::{Ident, Span};

/// Words a snake_case name may not be as is; `params` is the resolver's own argument.
const RESERVED: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "params",
];

/// `UseFIPS` -> `use_fips`, with a trailing `_` for keywords and reserved names.
pub(crate) fn snake(name: &str) -> String {
    let mut snake = name.to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if RESERVED.contains(&snake.as_str()) {
        snake.push('_');
    }
    snake
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::snake;

    #[test]
    fn snake_names() {
        for (input, expected) in [
            ("Region", "region"),
            ("UseFIPS", "use_fips"),
            ("UseDualStack", "use_dual_stack"),
            ("Endpoint", "endpoint"),
            ("PartitionResult", "partition_result"),
            ("Type", "type_"),
            ("Params", "params_"),
            ("3x", "_3x"),
        ] {
            assert_eq!(snake(input), expected, "{input}");
        }
    }
}
