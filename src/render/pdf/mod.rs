//! The PDF writer: turns a laid-out [`Document`] into PDF bytes with `printpdf`.
//!
//! One file per concern, as krilla splits its serializer:
//! - [`validate`]: what printpdf would index blindly (and panic on);
//! - [`font`]: the faces a document uses, their glyph sets, `/ToUnicode` texts and tags;
//! - [`cid`]: Type 0 fonts for the faces subset here;
//! - [`page`]: frames to content-stream `Op`s, and the printpdf document holding them;
//! - [`text`]: shaped glyphs as `TJ` runs and `/ActualText` spans;
//! - [`image`]: image XObjects and their placement;
//! - [`outline`]: bookmarks and page labels;
//! - [`serialize`]: printpdf → lopdf → bytes, with what printpdf does not write.
//!
//! printpdf writes the page content and the document skeleton. Where it does something
//! we cannot ship, this module works around it, and each workaround says why:
//! - fonts and images go into `doc.resources` under fixed ids, because printpdf names
//!   them from a process-wide counter (resource names and subset tags would differ run
//!   to run and between `--jobs` values);
//! - TrueType faces are subset in `fontfile` and written as Type 0 fonts with lopdf
//!   (`cid`), their text as `TJ` through `Op::Unknown`: printpdf re-parsed every face and
//!   every subset for every document, which was most of the time of a card, and wrote one
//!   hex string per glyph. printpdf still subsets faces `fontfile` cannot read (CFF);
//! - JPEGs are embedded byte-for-byte as an external image XObject (`image`), because
//!   printpdf's `RawImage` always decodes, downscales and re-encodes;
//! - Info dictionary, `/Lang`, `/ViewerPreferences`, trim boxes, the nested outline,
//!   page labels and the trailer `/ID` are set with lopdf after printpdf has built its
//!   document (`serialize`, `outline`): printpdf writes a flat outline, boxes as
//!   `[x y w h]`, random ids and no viewer preferences;
//! - streams are compressed here at the fastest level, because lopdf's `compress`
//!   always uses the slowest.
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
mod text;
mod validate;

use crate::error::Error;
use crate::frame::Document;

use cid::{add_subset_fonts, slim_font_programs};
use font::prepare_fonts;
use page::build_pdf_document;
use serialize::{finish_document, save, to_lopdf};
use validate::validate;

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
    validate(doc)?;
    let fonts = prepare_fonts(doc)?;
    let pdf = build_pdf_document(doc, &fonts)?;
    let mut lo = to_lopdf(&pdf)?;
    drop(pdf);
    slim_font_programs(&mut lo);
    add_subset_fonts(&mut lo, doc, fonts)?;
    finish_document(&mut lo, doc, opts)?;
    save(&mut lo)
}

/// A renderer failure: a broken document or a printpdf/lopdf failure. Either is a bug of
/// ours (layout made the document; nothing here reads the user's files).
fn render_error(message: impl Into<String>) -> Error {
    Error::Internal(format!("PDF renderer: {}", message.into()))
}
