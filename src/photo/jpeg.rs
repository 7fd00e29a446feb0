//! JPEG without decoding: the headers' size, components and flavour, the EXIF
//! orientation, and a check that every segment and scan is complete. Embedded as they are
//! unless they really need re-encoding.

use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat};

use super::decode::decode;
use super::resample::{downscale, fit_size};
use super::source::Source;
use super::JPEG_QUALITY;
use crate::error::Diagnostic;
use crate::frame::{Image, ImageData};

/// What the JPEG headers say.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct JpegInfo {
    pub(super) width: u16,
    pub(super) height: u16,
    pub(super) components: u8,
    pub(super) precision: u8,
    /// The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, others exotic.
    pub(super) sof: u8,
    /// EXIF orientation 1–8 (1 when absent or invalid).
    pub(super) orientation: u8,
    /// An `APP14 Adobe` segment is present.
    pub(super) adobe: bool,
}

impl JpegInfo {
    /// Whether PDF viewers can be expected to show it with DCTDecode.
    fn pdf_compatible(&self) -> bool {
        matches!(self.sof, 0..=2) && self.precision == 8 && matches!(self.components, 1 | 3 | 4)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum JpegError {
    Truncated(&'static str),
    Corrupt(String),
}

pub(super) fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Walks the JPEG's segments from SOI to EOI without decoding: reads the frame header and
/// EXIF orientation, and checks that every segment and every scan is complete.
pub(super) fn parse_jpeg(b: &[u8]) -> Result<JpegInfo, JpegError> {
    use JpegError::*;
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(Corrupt("it does not start with a JPEG marker".into()));
    }
    let mut pos = 2;
    let mut info: Option<JpegInfo> = None;
    let mut orientation = None;
    let mut adobe = false;
    let mut scans = 0u32;
    let mut entropy_bytes = 0usize;
    loop {
        // A marker: 0xFF (possibly repeated as fill), then the code.
        match b.get(pos) {
            None => {
                return Err(Truncated(if scans == 0 {
                    "the file ends before the image data"
                } else {
                    "the file ends before the end-of-image marker"
                }))
            }
            Some(0xFF) => {}
            Some(_) => return Err(Corrupt(format!("expected a JPEG marker at byte {pos}"))),
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = b.get(pos) else {
            return Err(Truncated("the file ends inside a marker"));
        };
        pos += 1;
        match marker {
            0xD9 => {
                if scans == 0 {
                    return Err(Corrupt("it has no image data".into()));
                }
                break;
            }
            0xD8 => return Err(Corrupt("it has a second start-of-image marker".into())),
            // Standalone markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let len = usize::from(be16(b, pos).ok_or(Truncated("the file ends inside a header"))?);
        if len < 2 {
            return Err(Corrupt(format!(
                "a segment at byte {pos} has an invalid length"
            )));
        }
        let body = b
            .get(pos + 2..pos + len)
            .ok_or(Truncated("the file ends inside a header"))?;
        pos += len;
        match marker {
            // SOFn, except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) && info.is_none() => {
                if body.len() < 6 {
                    return Err(Corrupt("the frame header is too short".into()));
                }
                let height = be16(body, 1).unwrap_or(0);
                let width = be16(body, 3).unwrap_or(0);
                let components = body[5];
                if body.len() < 6 + 3 * usize::from(components) || components == 0 {
                    return Err(Corrupt("the frame header is invalid".into()));
                }
                info = Some(JpegInfo {
                    width,
                    height,
                    components,
                    precision: body[0],
                    sof: marker & 0x0F,
                    orientation: 1,
                    adobe: false,
                });
            }
            0xE1 if orientation.is_none() && body.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&body[6..]);
            }
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            0xDA => {
                if info.is_none() {
                    return Err(Corrupt("image data comes before the frame header".into()));
                }
                scans += 1;
                let end = skip_entropy_data(b, pos)
                    .ok_or(Truncated("the file ends inside the image data"))?;
                entropy_bytes += end - pos;
                pos = end;
            }
            _ => {}
        }
    }
    let mut info = info.ok_or_else(|| Corrupt("it has no frame header".into()))?;
    // Every 8×8 block of a component costs at least one bit (its DC code) in some scan, and
    // a component covers at least one block per 32×32 pixels (subsampled 4×): less data than
    // that means the image data was cut short, though the markers around it are intact (a
    // header claiming 6300×6300 with one block of data).
    let blocks = u64::from(info.width).div_ceil(32) * u64::from(info.height).div_ceil(32);
    if (entropy_bytes as u64) < blocks / 8 {
        return Err(Truncated(
            "the image data is far shorter than the image size needs",
        ));
    }
    info.orientation = orientation.unwrap_or(1);
    info.adobe = adobe;
    Ok(info)
}

/// From the start of entropy-coded data, finds the next real marker (skipping stuffed
/// `FF 00`, restart markers and fill bytes); `None` if the data runs to the end of the file.
pub(super) fn skip_entropy_data(b: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        let ff = pos + b.get(pos..)?.iter().position(|&x| x == 0xFF)?;
        let mut next = ff + 1;
        while b.get(next) == Some(&0xFF) {
            next += 1;
        }
        match *b.get(next)? {
            0x00 | 0xD0..=0xD7 => pos = next + 1,
            _ => return Some(next - 1),
        }
    }
}

/// The orientation tag (0x0112) from IFD0 of a TIFF structure (an EXIF block after its
/// `Exif\0\0` header). `None` if absent or not 1–8.
pub(super) fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let bytes = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if le {
            u16::from_le_bytes(bytes)
        } else {
            u16::from_be_bytes(bytes)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let bytes: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(bytes)
        } else {
            u32::from_be_bytes(bytes)
        })
    };
    if u16_at(2)? != 42 {
        return None;
    }
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count {
        let entry = ifd.checked_add(2 + 12 * i)?;
        if u16_at(entry)? != 0x0112 {
            continue;
        }
        let value = match u16_at(entry + 2)? {
            3 => u32::from(u16_at(entry + 8)?), // SHORT
            4 => u32_at(entry + 8)?,            // LONG (non-standard but seen)
            _ => return None,
        };
        return u8::try_from(value).ok().filter(|v| (1..=8).contains(v));
    }
    None
}

/// A JPEG larger than this may be re-encoded (see [`reencoding_pays`]).
const LARGE_JPEG_BYTES: usize = 512 * 1024;

/// Whether to decode, shrink and re-encode a JPEG PDF viewers can show: only when it is far
/// above print resolution (more than twice the pixels `max_side` needs) *and* a large
/// file. Anything else goes in byte-for-byte: re-encoding a 1200×800 photo for a 900 px
/// slot made it larger than the original and lost quality, at 30 ms a card.
fn reencoding_pays(width: u32, height: u32, file_bytes: usize, max_side: u32) -> bool {
    let (w, h) = fit_size(width, height, max_side);
    let needed = u64::from(w) * u64::from(h);
    u64::from(width) * u64::from(height) > 2 * needed && file_bytes > LARGE_JPEG_BYTES
}

pub(super) fn load_jpeg(ctx: &Source, bytes: Vec<u8>, max_side: u32) -> Result<Image, Diagnostic> {
    let info = parse_jpeg(&bytes).map_err(|e| match e {
        JpegError::Truncated(detail) => ctx.corrupt(detail),
        JpegError::Corrupt(detail) => ctx.corrupt(&detail),
    })?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if height == 0 {
        // Height defined later by a DNL marker: legal, but nobody supports it.
        return Err(ctx
            .diag(format!("unsupported photo: `{}`", ctx.photo.written))
            .with_help("the JPEG gives its height only after the image data (DNL); save it again as a standard JPEG"));
    }
    ctx.check_pixels(u64::from(width), u64::from(height))?;

    if info.pdf_compatible() && !reencoding_pays(width, height, bytes.len(), max_side) {
        return Ok(Image {
            width,
            height,
            data: ImageData::Jpeg {
                bytes: Arc::from(bytes),
                components: info.components,
            },
            orientation: info.orientation,
        });
    }

    // Far too big (or a JPEG flavour PDF viewers may not show): decode, orient, shrink,
    // re-encode.
    let (mut img, _, _held) = decode(ctx, &bytes, ImageFormat::Jpeg, (width, height))?;
    drop(bytes);
    img = downscale(img, max_side);
    if let Some(o) = Orientation::from_exif(info.orientation) {
        img.apply_orientation(o);
    }
    let (img, components) = match img {
        DynamicImage::ImageLuma8(gray) => (DynamicImage::ImageLuma8(gray), 1),
        other => (DynamicImage::ImageRgb8(other.into_rgb8()), 3),
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&img)
        .map_err(|e| ctx.corrupt(&format!("re-encoding failed: {e}")))?;
    Ok(Image {
        width: img.width(),
        height: img.height(),
        data: ImageData::Jpeg {
            bytes: Arc::from(out),
            components,
        },
        orientation: 1,
    })
}
