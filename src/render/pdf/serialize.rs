//! The pieces of writing below the document: printpdf's lopdf conversion of a part's
//! pages, the Info dictionary and its dates, fast compression, and the file digest the
//! trailer `/ID` is made of.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Object};
use printpdf::{PdfDocument, PdfSaveOptions};

use super::primitive::text_string;
use super::{render_error, RenderOptions};
use crate::error::Error;
use crate::frame::Metadata;

pub(super) fn to_lopdf(pdf: &PdfDocument) -> Result<lopdf::Document, Error> {
    let opts = PdfSaveOptions {
        optimize: false,     // compressed by the writer, at the fastest level
        subset_fonts: false, // the writer embeds the fonts
        // Writes `Op::Unknown`: the `TJ` operators of `show_glyphs`, the only ones made.
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = catch_unwind(AssertUnwindSafe(|| {
        pdf.to_lopdf_document(&opts, &mut warnings)
    }))
    .map_err(|panic| render_error(format!("printpdf failed: {}", panic_message(&panic))))?;
    let errors: Vec<&str> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.as_str())
        .collect();
    if !errors.is_empty() {
        return Err(render_error(format!("printpdf: {}", errors.join("; "))));
    }
    Ok(lo)
}

pub(super) fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "internal error".to_string()
    }
}

pub(super) fn info_dictionary(meta: &Metadata, opts: &RenderOptions) -> Dictionary {
    let mut info = Dictionary::new();
    if !meta.title.is_empty() {
        info.set("Title", text_string(&meta.title));
    }
    if let Some(author) = meta.author.as_deref().filter(|s| !s.is_empty()) {
        info.set("Author", text_string(author));
    }
    if let Some(subject) = meta.subject.as_deref().filter(|s| !s.is_empty()) {
        info.set("Subject", text_string(subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string("cardgen"));
    info.set("Producer", text_string(&opts.producer));
    let date = pdf_date(opts.date_epoch);
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    info
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the Unix epoch (UTC).
pub(super) fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub(super) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// zlib-compresses `data` at the fastest level with one compressor per thread: setting
/// up a fresh deflate state for each of a card's dozen streams cost more than the
/// compression itself.
pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, Error> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), true));
    }
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(compressor.total_in())
                .unwrap_or(data.len())
                .min(data.len());
            let status = compressor
                .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
                .map_err(|e| render_error(format!("cannot compress a stream: {e}")))?;
            if status == Status::StreamEnd {
                // Kept until the file is written: no slack from the first guess.
                out.shrink_to_fit();
                return Ok(out);
            }
            out.reserve(out.capacity().max(1024));
        }
    })
}

/// 128 bits of two FNV-style lanes over 8-byte words, as 32 hex digits.
pub(super) fn file_digest(bytes: &[u8]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut lanes = [0xcbf2_9ce4_8422_2325u64, 0x9e37_79b9_7f4a_7c15u64];
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        lanes[0] = (lanes[0] ^ word).wrapping_mul(PRIME);
        lanes[1] = (lanes[1] ^ word.rotate_left(29))
            .wrapping_mul(PRIME)
            .rotate_left(17);
    }
    for &b in chunks.remainder() {
        lanes[0] = (lanes[0] ^ u64::from(b)).wrapping_mul(PRIME);
        lanes[1] = (lanes[1] ^ u64::from(b))
            .wrapping_mul(PRIME)
            .rotate_left(17);
    }
    let len = bytes.len() as u64;
    lanes[0] = (lanes[0] ^ len).wrapping_mul(PRIME);
    lanes[1] = (lanes[1] ^ len.rotate_left(7)).wrapping_mul(PRIME);
    format!("{:016X}{:016X}", lanes[0], lanes[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_pdf_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
        assert_eq!(pdf_date(-1), "D:19691231235959Z");
    }
}
