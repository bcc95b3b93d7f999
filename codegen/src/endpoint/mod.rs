//! Compiles `smithy.rules#endpointRuleSet` into Rust.
