//! Decoding with limits (PNG, WebP, and JPEGs that must be re-encoded): sizes read from
//! the headers first, an allocation cap on the decoder, 8-bit RGB (+ alpha) out.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::resample::downscale;
use super::source::Source;
use super::MAX_ALLOC;
use crate::error::Diagnostic;
use crate::frame::{Image, ImageData};

/// Width and height from a PNG's IHDR chunk.
pub(super) fn png_size(b: &[u8]) -> Result<(u32, u32), &'static str> {
    let chunk = b.get(8..24).ok_or("the file ends inside the PNG header")?;
    if &chunk[4..8] != b"IHDR" {
        return Err("the PNG header (IHDR) is missing");
    }
    let w = u32::from_be_bytes([chunk[8], chunk[9], chunk[10], chunk[11]]);
    let h = u32::from_be_bytes([chunk[12], chunk[13], chunk[14], chunk[15]]);
    Ok((w, h))
}

/// Width and height from a WebP's first chunk (VP8, VP8L or VP8X).
pub(super) fn webp_size(b: &[u8]) -> Result<(u32, u32), &'static str> {
    const SHORT: &str = "the file ends inside the WebP header";
    let fourcc = b.get(12..16).ok_or(SHORT)?;
    let data = b.get(20..).ok_or(SHORT)?;
    let u24 = |d: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_le_bytes([
            *d.get(at)?,
            *d.get(at + 1)?,
            *d.get(at + 2)?,
            0,
        ]))
    };
    match fourcc {
        b"VP8 " => {
            let d = data.get(..10).ok_or(SHORT)?;
            if d[3..6] != [0x9D, 0x01, 0x2A] {
                return Err("the WebP (VP8) header is invalid");
            }
            let w = u32::from(u16::from_le_bytes([d[6], d[7]]) & 0x3FFF);
            let h = u32::from(u16::from_le_bytes([d[8], d[9]]) & 0x3FFF);
            Ok((w, h))
        }
        b"VP8L" => {
            let d = data.get(..5).ok_or(SHORT)?;
            if d[0] != 0x2F {
                return Err("the WebP (VP8L) header is invalid");
            }
            let bits = u32::from_le_bytes([d[1], d[2], d[3], d[4]]);
            Ok((1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)))
        }
        b"VP8X" => {
            let w = u24(data, 4).ok_or(SHORT)? + 1;
            let h = u24(data, 7).ok_or(SHORT)? + 1;
            Ok((w, h))
        }
        _ => Err("the WebP header is invalid"),
    }
}

pub(super) fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Decodes with limits; also returns the orientation the container declares, and the
/// share of the run's decode budget to hold while the pixels are in use.
pub(super) fn decode(
    ctx: &Source,
    bytes: &[u8],
    format: ImageFormat,
    (width, height): (u32, u32),
) -> Result<
    (
        DynamicImage,
        Orientation,
        crate::budget::Reservation<'static>,
    ),
    Diagnostic,
> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    reader.limits(limits());
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| ctx.image_error(e, width, height))?;
    // The decoded buffer (and its conversion to 8 bits) must fit the budget: refuse 16-bit
    // giants here, with a clear message, rather than with a decoder's limit error.
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(ctx
            .diag(format!(
                "photo is too large to decode: {width}×{height} pixels at {} bits per channel",
                decoder.color_type().bits_per_pixel()
                    / u16::from(decoder.color_type().channel_count()).max(1)
            ))
            .with_help("export it with 8 bits per channel, or smaller"));
    }
    let held = super::DECODE_BUDGET.reserve(decoder.total_bytes().saturating_mul(2));
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(|e| ctx.image_error(e, width, height))?;
    Ok((img, orientation, held))
}

pub(super) fn load_pixels(
    ctx: &Source,
    bytes: &[u8],
    format: ImageFormat,
    max_side: u32,
) -> Result<Image, Diagnostic> {
    let size = match format {
        ImageFormat::Png => png_size(bytes),
        _ => webp_size(bytes),
    };
    let (width, height) = size.map_err(|detail| ctx.corrupt(detail))?;
    ctx.check_pixels(u64::from(width), u64::from(height))?;

    let (img, orientation, _held) = decode(ctx, bytes, format, (width, height))?;
    // Keep alpha only when some pixel is not opaque.
    let mut img = match img {
        img if img.color().has_alpha() => {
            let rgba = img.into_rgba8();
            if all_opaque(rgba.as_raw()) {
                DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
            } else {
                DynamicImage::ImageRgba8(rgba)
            }
        }
        img => DynamicImage::ImageRgb8(img.into_rgb8()),
    };
    img = downscale(img, max_side);
    img.apply_orientation(orientation);

    let (w, h) = (img.width(), img.height());
    let (pixels, alpha) = match img {
        DynamicImage::ImageRgba8(rgba) => split_alpha(rgba.as_raw()),
        other => (other.into_rgb8().into_raw(), None),
    };
    Ok(Image {
        width: w,
        height: h,
        data: ImageData::Rgb { pixels, alpha },
        orientation: 1,
    })
}

pub(super) fn all_opaque(rgba: &[u8]) -> bool {
    let mut i = 3;
    while i < rgba.len() {
        if rgba[i] != 255 {
            return false;
        }
        i += 4;
    }
    true
}

/// Splits RGBA into RGB and alpha; the alpha is `None` when every pixel is opaque.
pub(super) fn split_alpha(rgba: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let n = rgba.len() / 4;
    let mut pixels = vec![0u8; n * 3];
    let mut alpha = vec![0u8; n];
    let mut opaque = true;
    let mut i = 0;
    while i < n {
        pixels[i * 3] = rgba[i * 4];
        pixels[i * 3 + 1] = rgba[i * 4 + 1];
        pixels[i * 3 + 2] = rgba[i * 4 + 2];
        let a = rgba[i * 4 + 3];
        alpha[i] = a;
        opaque &= a == 255;
        i += 1;
    }
    (pixels, (!opaque).then_some(alpha))
}
