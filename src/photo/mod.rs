//! Loading and checking a recipe's photo.
//!
//! JPEGs are parsed (not decoded) to get their size, component count and EXIF
//! orientation, checked for truncation, and embedded byte-for-byte (the PDF applies the
//! orientation); only a large file far above print resolution, or a flavour PDF viewers
//! cannot show, is decoded, oriented, downscaled and re-encoded. PNG and WebP
//! are decoded (with limits), oriented and downscaled into 8-bit RGB (+ alpha).
//!
//! Every input is checked against [`MAX_PIXELS`] from its header before anything is
//! allocated, and decoders run with an allocation cap, so a decompression bomb is
//! refused in microseconds and memory stays well below 512 MiB.

mod cache;
mod decode;
mod jpeg;
mod resample;
mod sniff;
mod source;

use std::path::Path;

use image::ImageFormat;

use crate::error::Diagnostic;
use crate::frame::Image;
use crate::recipe::model::PhotoRef;

pub use cache::PhotoCache;
use decode::load_pixels;
use jpeg::{load_jpeg, parse_jpeg};
use sniff::{sniff, Sniffed};
use source::Source;

/// The largest photo (in pixels, width × height) that is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The largest photo file that is read at all.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The allocation cap handed to the decoders.
pub(super) const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Memory for decoding photos across the whole run, however many recipes are exported in
/// parallel: a decode reserves its decoded size twice (the buffer and its 8-bit copy).
pub(super) static DECODE_BUDGET: crate::budget::Budget = crate::budget::Budget::new(MAX_ALLOC);
/// JPEG quality for re-encoded (downscaled) photos.
pub(super) const JPEG_QUALITY: u8 = 88;

/// Whether a 4-component JPEG stores inverted CMYK (written by Adobe software, marked by an
/// `APP14 Adobe` segment). PDF viewers need `/Decode [1 0 1 0 1 0 1 0]` for those.
pub fn jpeg_cmyk_inverted(bytes: &[u8]) -> bool {
    matches!(parse_jpeg(bytes), Ok(info) if info.components == 4 && info.adobe)
}

/// Loads and checks a recipe's photo. `recipe_file` is for the diagnostic; `max_side_px`
/// is the longer side print needs (~300 dpi): JPEGs are embedded as they are unless they
/// are far larger than that and a large file; PNG and WebP are decoded and downscaled
/// to it.
pub fn load(photo: &PhotoRef, recipe_file: &Path, max_side_px: u32) -> Result<Image, Diagnostic> {
    let source = Source { photo, recipe_file };
    let bytes = source.bytes()?;
    decode_bytes(&source, bytes, max_side_px)
}

/// [`load`] once the bytes are read.
fn decode_bytes(ctx: &Source, bytes: Vec<u8>, max_side_px: u32) -> Result<Image, Diagnostic> {
    let max_side = max_side_px.max(1);
    match sniff(&bytes) {
        Sniffed::Jpeg => load_jpeg(ctx, bytes, max_side),
        Sniffed::Png => load_pixels(ctx, &bytes, ImageFormat::Png, max_side),
        Sniffed::WebP => load_pixels(ctx, &bytes, ImageFormat::WebP, max_side),
        Sniffed::Other(what) => Err(ctx.unsupported(what)),
    }
}

#[cfg(test)]
mod tests;
