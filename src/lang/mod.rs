//! The language front end: source text to a checked syntax tree with spans and diagnostics.

pub mod ast;
pub mod registry;
