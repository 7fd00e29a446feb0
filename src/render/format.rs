//! The output formats and how a rendered document maps onto files: a PDF is one file,
//! an image format writes one file per page.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::frame::Document;

/// What a document is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Pdf,
    Png,
    Svg,
}

/// The placeholder in an output name that the page number replaces (`card-{n}.png`).
pub const PAGE_PLACEHOLDER: &str = "{n}";

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        [Format::Pdf, Format::Png, Format::Svg]
            .into_iter()
            .find(|f| ext.eq_ignore_ascii_case(f.extension()))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// Whether each page becomes a file of its own.
    pub fn is_per_page(self) -> bool {
        self != Format::Pdf
    }
}

/// How to render: the format and, for PNG, the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendering {
    pub format: Format,
    pub dpi: u32,
}

impl Default for Rendering {
    fn default() -> Self {
        Rendering {
            format: Format::Pdf,
            dpi: super::raster::DEFAULT_DPI,
        }
    }
}

/// The document's files: one PDF, or one image per page.
pub fn render_as(doc: &Document, rendering: Rendering) -> Result<Vec<Vec<u8>>, Error> {
    match rendering.format {
        Format::Pdf => Ok(vec![super::pdf::render(
            doc,
            &super::pdf::RenderOptions::default(),
        )?]),
        Format::Png => super::raster::render_png(doc, rendering.dpi),
        Format::Svg => super::svg::render_svg(doc),
    }
}

/// The files `count` pages go to when the output is `path`: `path` itself for one page
/// (with `{n}` replaced by 1), else the number in place of `{n}`, or after the file stem
/// (`card.png` → `card-1.png`, `card-2.png`…).
pub fn page_paths(path: &Path, count: usize) -> Vec<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let numbered = |n: usize| -> PathBuf {
        let file = if name.contains(PAGE_PLACEHOLDER) {
            name.replace(PAGE_PLACEHOLDER, &n.to_string())
        } else {
            match name.rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() => format!("{stem}-{n}.{ext}"),
                _ => format!("{name}-{n}"),
            }
        };
        path.with_file_name(file)
    };
    match count {
        1 if !name.contains(PAGE_PLACEHOLDER) => vec![path.to_path_buf()],
        _ => (1..=count).map(numbered).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_after_the_stem_or_at_the_placeholder() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(page_paths(&p("out/card.png"), 1), [p("out/card.png")]);
        assert_eq!(
            page_paths(&p("out/card.png"), 2),
            [p("out/card-1.png"), p("out/card-2.png")]
        );
        assert_eq!(
            page_paths(&p("page{n}-of-pork.svg"), 2),
            [p("page1-of-pork.svg"), p("page2-of-pork.svg")]
        );
        assert_eq!(page_paths(&p("card-{n}.png"), 1), [p("card-1.png")]);
    }

    #[test]
    fn formats_follow_the_extension() {
        assert_eq!(Format::from_path(Path::new("a.PNG")), Some(Format::Png));
        assert_eq!(Format::from_path(Path::new("a.svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("a.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("a.yaml")), None);
    }
}
