//! Rendering: the only place that knows about the PDF crate and the 2D rasteriser. See
//! [`pdf`] for how output goes through printpdf and why each workaround around it exists.

mod fontfile;
pub mod format;
mod paint;
pub mod pdf;
pub mod raster;
pub mod svg;

pub use format::{render_as, Format, Rendering};
pub use pdf::{render, PdfWriter, RenderOptions};
