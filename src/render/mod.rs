//! Rendering: the only place that knows about the PDF crate. See [`pdf`] for how output
//! goes through printpdf and why each workaround around it exists.

mod fontfile;
pub mod pdf;

pub use pdf::{render, RenderOptions};
