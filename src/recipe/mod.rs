//! Recipes: the typed model and how it is read from YAML, with located diagnostics.

pub mod model;

pub use model::*;
