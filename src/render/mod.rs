//! Rendering: the only place that knows about the PDF crate.

pub mod pdf;

pub use pdf::{render, RenderOptions};
