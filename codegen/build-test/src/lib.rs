//! Types generated at build time by `build.rs` (the build-script path of the generator).

/// StartImport's types from `model/mgn.json`.
pub mod mgn {
    include!(concat!(env!("OUT_DIR"), "/mgn.rs"));
}

/// Every Smithy shape type (`codegen/tests/fixtures/all_shapes.json`).
pub mod all_shapes {
    include!(concat!(env!("OUT_DIR"), "/all_shapes.rs"));
}

/// List and map members and their builders (`codegen/tests/fixtures/collections.json`).
pub mod collections {
    include!(concat!(env!("OUT_DIR"), "/collections.rs"));
}

/// Shapes that once failed `-D warnings` (`codegen/tests/fixtures/lint_traps.json`).
pub mod lint_traps {
    include!(concat!(env!("OUT_DIR"), "/lint_traps.rs"));
}

/// The naming obstacle course (`codegen/tests/fixtures/naming.json`).
pub mod naming {
    include!(concat!(env!("OUT_DIR"), "/naming.rs"));
}

/// Recursive structures and unions (`codegen/tests/fixtures/recursive.json`).
pub mod recursive {
    include!(concat!(env!("OUT_DIR"), "/recursive.rs"));
}
