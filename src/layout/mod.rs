//! Layout: recipes in, frames out. Pure and testable; never touches the PDF crate.

pub mod frame;

pub use frame::*;
