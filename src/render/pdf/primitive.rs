//! The small vocabulary every part of the PDF writer shares: lengths rounded for content
//! streams and text strings for dictionaries. It imports nothing of the writer, so the
//! writer's files depend on it and never on each other for these.

use lopdf::{Object, StringFormat};
use printpdf::Pt;

use crate::units::Abs;

/// A length as printpdf wants it, rounded to 1/1000 pt so the content stream stays short.
pub(super) fn pt(a: Abs) -> Pt {
    Pt(round3(a.to_pt()))
}

/// A number rounded to 1/1000, the precision of every coordinate we write.
pub(super) fn round3(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with BOM.
pub(super) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::string_literal(text)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}
