//! The PDF writer: turns laid-out [`Document`]s into PDF bytes, with `printpdf`
//! writing the content streams.
//!
//! One file per concern, as krilla splits its serializer:
//! - [`writer`]: the document being written (object numbers, page tree, catalog),
//!   fed part by part so that a batch never holds more than one recipe's layout;
//! - [`validate`]: what printpdf would index blindly (and panic on);
//! - [`font`]: the faces a document uses and the glyphs drawn with each, numbered in
//!   the order drawn, and their `/ToUnicode` texts;
//! - [`cid`]: the faces as Type 0 fonts, subset (glyf by `fontfile`, CFF by
//!   `subsetter`);
//! - [`page`]: frames to content-stream `Op`s, and the printpdf document holding them;
//! - [`text`]: shaped glyphs as `TJ` runs and `/ActualText` spans;
//! - [`image`]: image XObjects (each distinct one once) and their placement;
//! - [`outline`]: bookmarks and page labels;
//! - [`serialize`]: printpdf → lopdf for a part's pages, dates, compression, digest;
//! - [`sink`]: the file, each object written in PDF syntax as soon as it is complete.
//!
//! printpdf writes the content streams: `Op`s to operators, the one thing it does for
//! us. The rest of the file is ours, and each reason is measured:
//! - fonts: printpdf re-parsed every face and every subset for every document (most of
//!   a card's time), names them from a process-wide counter (subset tags and resource
//!   names would differ run to run and between `--jobs` values), and subsets only when
//!   it has seen the whole document; here faces are read once, glyphs are numbered as
//!   they are drawn, and text goes out as `TJ` through `Op::Unknown` (printpdf wrote
//!   one hex string per glyph);
//! - images: printpdf's `RawImage` always decodes, downscales and re-encodes; JPEGs
//!   pass through here byte for byte, and a photo shared by many recipes is embedded
//!   once;
//! - the document: printpdf holds every page until it writes them all, then lopdf holds
//!   them again and writes only whole documents; the writer writes each page as it
//!   comes ([`sink`]). It also writes what printpdf
//!   does not, or not as PDF readers need: Info, `/Lang`, `/ViewerPreferences`, trim
//!   boxes as `[llx lly urx ury]` (printpdf writes `[x y w h]`), the nested outline,
//!   page labels, and a trailer `/ID` that is a digest of the file, not random;
//! - streams are compressed at the fastest level (lopdf's `compress` uses the slowest).
//!
//! Coordinates: the frame is top-left origin with y down; [`page`] flips y exactly once
//! (`pdf_y = page_height - y`) and writes items as they are, never measuring text.

mod cid;
mod font;
mod image;
mod outline;
mod page;
mod primitive;
mod serialize;
mod sink;
mod text;
mod validate;
mod writer;

use crate::error::Error;
use crate::frame::Document;

pub use writer::PdfWriter;

/// What the PDF says about who made it. Everything else comes from the [`Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// The Info dictionary's `/Producer`.
    pub producer: String,
    /// Creation and modification date, in seconds since the Unix epoch. Never the wall
    /// clock: [`RenderOptions::default`] takes `SOURCE_DATE_EPOCH` if set, else 0.
    pub date_epoch: i64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            producer: concat!("cardgen ", env!("CARGO_PKG_VERSION")).to_string(),
            date_epoch: source_date_epoch().unwrap_or(0),
        }
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds convention), if set to a valid integer.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Writes `doc` as a PDF. The same document and options always give the same bytes,
/// whichever thread renders it and however many documents were rendered before.
pub fn render(doc: &Document, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    let mut writer = PdfWriter::new(opts.clone());
    writer.add(doc)?;
    writer.finish()
}

/// A renderer failure: a broken document or a printpdf/lopdf failure. Either is a bug of
/// ours (layout made the document; nothing here reads the user's files).
fn render_error(message: impl Into<String>) -> Error {
    Error::Internal(format!("PDF renderer: {}", message.into()))
}
