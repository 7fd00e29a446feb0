//! Rendering: the only place that knows about the PDF crate.

mod fontfile;
pub mod pdf;

pub use pdf::{render, RenderOptions};
