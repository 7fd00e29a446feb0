//! Loading and checking a recipe's photo.
//!
//! JPEGs are parsed (not decoded) to get their size, component count and EXIF
//! orientation, checked for truncation, and embedded byte-for-byte when they are small
//! enough; larger ones are decoded, oriented, downscaled and re-encoded. PNG and WebP
//! are decoded (with limits), oriented and downscaled into 8-bit RGB (+ alpha).
//!
//! Every input is checked against [`MAX_PIXELS`] from its header before anything is
//! allocated, and decoders run with an allocation cap, so a decompression bomb is
//! refused in microseconds and memory stays well below 512 MiB.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::{describe_io_error, Diagnostic};
use crate::layout::frame::{Image, ImageData};
use crate::recipe::model::PhotoRef;

/// The largest photo (in pixels, width × height) that is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The largest photo file that is read at all.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The allocation cap handed to the decoders.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Memory for decoding photos across the whole run, however many recipes are exported in
/// parallel: a decode reserves its decoded size twice (the buffer and its 8-bit copy).
static DECODE_BUDGET: crate::budget::Budget = crate::budget::Budget::new(MAX_ALLOC);
/// JPEG quality for re-encoded (downscaled) photos.
const JPEG_QUALITY: u8 = 88;

/// Size helpers that take the EXIF orientation into account.
pub trait ImageExt {
    /// Width and height as displayed, i.e. after applying the orientation
    /// (orientations 5–8 swap width and height).
    fn display_size_px(&self) -> (u32, u32);
    /// Displayed width divided by displayed height (1.0 for a degenerate image).
    fn display_aspect_ratio(&self) -> f64;
}

impl ImageExt for Image {
    fn display_size_px(&self) -> (u32, u32) {
        display_size_px(self)
    }

    fn display_aspect_ratio(&self) -> f64 {
        let (w, h) = display_size_px(self);
        if w == 0 || h == 0 {
            1.0
        } else {
            f64::from(w) / f64::from(h)
        }
    }
}

/// Width and height as displayed (see [`ImageExt::display_size_px`]).
pub fn display_size_px(image: &Image) -> (u32, u32) {
    if (5..=8).contains(&image.orientation) {
        (image.height, image.width)
    } else {
        (image.width, image.height)
    }
}

/// Whether a 4-component JPEG stores inverted CMYK (written by Adobe software, marked by an
/// `APP14 Adobe` segment). PDF viewers need `/Decode [1 0 1 0 1 0 1 0]` for those.
pub fn jpeg_cmyk_inverted(bytes: &[u8]) -> bool {
    matches!(parse_jpeg(bytes), Ok(info) if info.components == 4 && info.adobe)
}

/// Loads and checks a recipe's photo. `recipe_file` is for the diagnostic; `max_side_px`
/// caps the pixel size (what print needs at ~300 dpi): a JPEG whose longer side is at most
/// `max_side_px` is embedded as-is, anything bigger is downscaled.
pub fn load(photo: &PhotoRef, recipe_file: &Path, max_side_px: u32) -> Result<Image, Diagnostic> {
    let ctx = Ctx { photo, recipe_file };
    let bytes = match &photo.data {
        Some(data) => ctx.embedded(data)?,
        None => ctx.read()?,
    };
    let max_side = max_side_px.max(1);
    match sniff(&bytes) {
        Sniffed::Jpeg => load_jpeg(&ctx, bytes, max_side),
        Sniffed::Png => load_pixels(&ctx, &bytes, ImageFormat::Png, max_side),
        Sniffed::WebP => load_pixels(&ctx, &bytes, ImageFormat::WebP, max_side),
        Sniffed::Other(what) => Err(ctx.unsupported(what)),
    }
}

/// Where diagnostics go.
struct Ctx<'a> {
    photo: &'a PhotoRef,
    recipe_file: &'a Path,
}

impl Ctx<'_> {
    fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.recipe_file, Some(self.photo.span), message)
    }

    fn resolved(&self) -> PathBuf {
        std::path::absolute(&self.photo.path).unwrap_or_else(|_| self.photo.path.clone())
    }

    fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        use std::io::ErrorKind;

        let written = &self.photo.written;
        let resolved = self.resolved();
        let io_diag = |err: std::io::Error| match err.kind() {
            ErrorKind::NotFound => self
                .diag(format!("photo not found: `{written}`"))
                .with_help(format!("looked for {}", resolved.display())),
            ErrorKind::PermissionDenied => self
                .diag(format!("cannot read photo `{written}`: permission denied"))
                .with_help(format!(
                    "check the permissions of {} (and of its directories)",
                    resolved.display()
                )),
            ErrorKind::IsADirectory => self.is_dir_diag(&resolved),
            _ => self
                .diag(format!(
                    "cannot read photo `{written}`: {}",
                    describe_io_error(&err)
                ))
                .with_help(format!("looked for {}", resolved.display())),
        };

        let bytes = crate::input::read(&self.photo.path, MAX_FILE_BYTES as usize).map_err(|e| {
            use crate::input::ReadError;
            match e {
                ReadError::Io(e) => io_diag(e),
                ReadError::NotRegular("a folder") => self.is_dir_diag(&resolved),
                ReadError::TooLarge(_) => self
                    .diag(format!("photo file is too large: `{written}`"))
                    .with_help(format!(
                        "the limit is {} MB; export a smaller image",
                        MAX_FILE_BYTES / (1024 * 1024)
                    )),
                other => self
                    .diag(format!(
                        "cannot read photo `{written}`: {}",
                        other.describe()
                    ))
                    .with_help(format!(
                        "{} must be a JPEG, PNG or WebP file",
                        resolved.display()
                    )),
            }
        })?;
        if bytes.is_empty() {
            return Err(self
                .diag(format!("photo is empty: `{written}`"))
                .with_help(format!(
                    "{} has 0 bytes; export or download the photo again",
                    resolved.display()
                )));
        }
        Ok(bytes)
    }

    /// A photo that came inside the recipe file: the same emptiness and size checks.
    fn embedded(&self, data: &[u8]) -> Result<Vec<u8>, Diagnostic> {
        if data.is_empty() {
            return Err(self.diag(format!("photo is empty: `{}`", self.photo.written)));
        }
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(self.diag(format!("photo file is too large: `{}`", self.photo.written)));
        }
        Ok(data.to_vec())
    }

    fn is_dir_diag(&self, resolved: &Path) -> Diagnostic {
        self.diag(format!(
            "photo is a directory, not an image: `{}`",
            self.photo.written
        ))
        .with_help(format!(
            "{} is a directory; give the path of a JPEG, PNG or WebP file",
            resolved.display()
        ))
    }

    fn unsupported(&self, what: Option<&str>) -> Diagnostic {
        let mut message = format!("unsupported photo format: `{}`", self.photo.written);
        if let Some(what) = what {
            message.push_str(&format!(" is {what}"));
        }
        self.diag(message)
            .with_help("use a JPEG, PNG or WebP image (the format is detected from the content, not the file name)")
    }

    fn corrupt(&self, detail: &str) -> Diagnostic {
        self.diag(format!(
            "photo is truncated or corrupt: `{}`",
            self.photo.written
        ))
        .with_help(format!("{detail}; export or download the photo again"))
    }

    fn too_large(&self, width: u64, height: u64) -> Diagnostic {
        self.diag(format!("photo is too large: {width}×{height} pixels"))
            .with_help(format!(
                "the limit is {} megapixels; export a smaller image",
                MAX_PIXELS / 1_000_000
            ))
    }

    fn check_pixels(&self, width: u64, height: u64) -> Result<(), Diagnostic> {
        if width == 0 || height == 0 {
            return Err(self.corrupt(&format!(
                "the header says the image is {width}×{height} pixels"
            )));
        }
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err(self.too_large(width, height));
        }
        Ok(())
    }

    /// Turns a decoder error into a diagnostic.
    fn image_error(&self, err: ImageError, width: u32, height: u32) -> Diagnostic {
        match err {
            ImageError::Limits(_) => self.too_large(u64::from(width), u64::from(height)),
            ImageError::Unsupported(e) => self
                .diag(format!("unsupported photo: `{}`", self.photo.written))
                .with_help(format!("{e}; save it as a standard JPEG, PNG or WebP")),
            ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                self.corrupt("the file ends before the image data does")
            }
            other => self.corrupt(&lowercase_first(&other.to_string())),
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

enum Sniffed {
    Jpeg,
    Png,
    WebP,
    /// Not something we read; a description of what it looks like, when known.
    Other(Option<&'static str>),
}

/// Detects the format from the first bytes.
fn sniff(b: &[u8]) -> Sniffed {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Sniffed::WebP;
    }
    let what = if b.len() >= 12 && &b[4..8] == b"ftyp" {
        match &b[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                Some("a HEIC/HEIF image")
            }
            b"avif" | b"avis" => Some("an AVIF image"),
            _ => Some("a video or ISO media file"),
        }
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("a GIF image")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("a TIFF (or camera raw) image")
    } else if b.starts_with(b"BM") && b.len() > 14 {
        Some("a BMP image")
    } else if b.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if b.starts_with(b"\0\0\0\x0cjP  ") || b.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        Some("a JPEG 2000 image")
    } else if b.starts_with(&[0xFF, 0x0A]) || b.starts_with(b"\0\0\0\x0cJXL ") {
        Some("a JPEG XL image")
    } else if looks_like_text(b) {
        Some("a text file")
    } else {
        None
    };
    Sniffed::Other(what)
}

fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(512)];
    let s = match std::str::from_utf8(head) {
        Ok(s) => s,
        // A multi-byte character may be cut at the end.
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !s.is_empty()
        && s.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}

// ---------------------------------------------------------------------------------------
// JPEG

/// What the JPEG headers say.
#[derive(Debug, Clone, PartialEq)]
struct JpegInfo {
    width: u16,
    height: u16,
    components: u8,
    precision: u8,
    /// The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, others exotic.
    sof: u8,
    /// EXIF orientation 1–8 (1 when absent or invalid).
    orientation: u8,
    /// An `APP14 Adobe` segment is present.
    adobe: bool,
}

impl JpegInfo {
    /// Whether PDF viewers can be expected to show it with DCTDecode.
    fn pdf_compatible(&self) -> bool {
        matches!(self.sof, 0..=2) && self.precision == 8 && matches!(self.components, 1 | 3 | 4)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum JpegError {
    Truncated(&'static str),
    Corrupt(String),
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Walks the JPEG's segments from SOI to EOI without decoding: reads the frame header and
/// EXIF orientation, and checks that every segment and every scan is complete.
fn parse_jpeg(b: &[u8]) -> Result<JpegInfo, JpegError> {
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
fn skip_entropy_data(b: &[u8], mut pos: usize) -> Option<usize> {
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
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
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

fn load_jpeg(ctx: &Ctx, bytes: Vec<u8>, max_side: u32) -> Result<Image, Diagnostic> {
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

    if width.max(height) <= max_side && info.pdf_compatible() {
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

    // Too big (or a JPEG flavour PDF viewers may not show): decode, orient, shrink, re-encode.
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

// ---------------------------------------------------------------------------------------
// PNG and WebP

/// Width and height from a PNG's IHDR chunk.
fn png_size(b: &[u8]) -> Result<(u32, u32), &'static str> {
    let chunk = b.get(8..24).ok_or("the file ends inside the PNG header")?;
    if &chunk[4..8] != b"IHDR" {
        return Err("the PNG header (IHDR) is missing");
    }
    let w = u32::from_be_bytes([chunk[8], chunk[9], chunk[10], chunk[11]]);
    let h = u32::from_be_bytes([chunk[12], chunk[13], chunk[14], chunk[15]]);
    Ok((w, h))
}

/// Width and height from a WebP's first chunk (VP8, VP8L or VP8X).
fn webp_size(b: &[u8]) -> Result<(u32, u32), &'static str> {
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

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Decodes with limits; also returns the orientation the container declares, and the
/// share of the run's decode budget to hold while the pixels are in use.
fn decode(
    ctx: &Ctx,
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
    let held = DECODE_BUDGET.reserve(decoder.total_bytes().saturating_mul(2));
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(|e| ctx.image_error(e, width, height))?;
    Ok((img, orientation, held))
}

fn load_pixels(
    ctx: &Ctx,
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

// ---------------------------------------------------------------------------------------
// Resampling
//
// The loops below are plain `while` loops over slices with `as` casts: the crate's own
// code is unoptimised in dev builds, where iterator adapters cost a call per element.
// Written like this, a 12-megapixel photo shrinks in well under a second even in debug.

/// Target size so that the longer side is `max_side` (aspect ratio kept, at least 1 px).
fn fit_size(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max_side {
        return (w, h);
    }
    let scale = f64::from(max_side) / f64::from(long);
    let target = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max_side);
    (target(w), target(h))
}

/// Shrinks an 8-bit image (gray, RGB or RGBA) so its longer side is at most `max_side`.
/// RGBA is resampled premultiplied so the colour of transparent pixels doesn't bleed in.
fn downscale(img: DynamicImage, max_side: u32) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let (nw, nh) = fit_size(w, h, max_side);
    if (nw, nh) == (w, h) || w == 0 || h == 0 {
        return img;
    }
    let (mut src, ch) = match img {
        DynamicImage::ImageLuma8(i) => (i.into_raw(), 1),
        DynamicImage::ImageRgba8(i) => (i.into_raw(), 4),
        other => (other.into_rgb8().into_raw(), 3),
    };
    if ch == 4 {
        premultiply(&mut src);
    }
    let mut out = resample(src, w as usize, h as usize, ch, nw as usize, nh as usize);
    let fallback = || DynamicImage::new_rgb8(nw, nh);
    match ch {
        1 => {
            image::GrayImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageLuma8)
        }
        4 => {
            unpremultiply(&mut out);
            image::RgbaImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageRgba8)
        }
        _ => image::RgbImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageRgb8),
    }
}

/// Resamples interleaved 8-bit pixels with `ch` (1–4) channels from `w`×`h` down to
/// `nw`×`nh`: first an area average by an integer factor while the image stays at least
/// twice the target (cheap; bounds the work and memory of the next step), then a separable
/// Catmull-Rom filter, vertical pass then horizontal, with an 8-bit intermediate.
fn resample(src: Vec<u8>, w: usize, h: usize, ch: usize, nw: usize, nh: usize) -> Vec<u8> {
    let k = (w / (2 * nw)).min(h / (2 * nh));
    let (src, w, h) = if k >= 2 {
        box_reduce(&src, w, h, ch, k)
    } else {
        (src, w, h)
    };
    let tall = resample_vertical(&src, w * ch, h, nh);
    drop(src);
    resample_horizontal(&tall, w, nh, ch, nw)
}

/// Averages `k`×`k` blocks (partial blocks at the right and bottom edges included).
fn box_reduce(src: &[u8], w: usize, h: usize, ch: usize, k: usize) -> (Vec<u8>, usize, usize) {
    let (bw, bh) = (w.div_ceil(k), h.div_ceil(k));
    let mut out = vec![0u8; bw * bh * ch];
    let mut sums = vec![0u32; bw * ch];
    let sums = &mut sums[..];
    let stride = w * ch;
    let mut by = 0;
    while by < bh {
        sums.fill(0);
        let y0 = by * k;
        let y1 = (y0 + k).min(h);
        let mut y = y0;
        while y < y1 {
            let row = &src[y * stride..(y + 1) * stride];
            let mut x = 0;
            while x < w {
                let s = (x / k) * ch;
                let p = x * ch;
                let mut c = 0;
                while c < ch {
                    sums[s + c] += row[p + c] as u32;
                    c += 1;
                }
                x += 1;
            }
            y += 1;
        }
        let dst = &mut out[by * bw * ch..(by + 1) * bw * ch];
        let mut bx = 0;
        while bx < bw {
            let cols = (bx * k + k).min(w) - bx * k;
            let n = ((cols * (y1 - y0)) as u32).max(1);
            let mut c = 0;
            while c < ch {
                let i = bx * ch + c;
                dst[i] = ((sums[i] + n / 2) / n) as u8;
                c += 1;
            }
            bx += 1;
        }
        by += 1;
    }
    (out, bw, bh)
}

fn catmull_rom(x: f32) -> f32 {
    let x = x.abs();
    if x < 1.0 {
        1.5 * x * x * x - 2.5 * x * x + 1.0
    } else if x < 2.0 {
        -0.5 * x * x * x + 2.5 * x * x - 4.0 * x + 2.0
    } else {
        0.0
    }
}

/// Filter weights along one axis, `len` → `new_len`: every output index reads `taps`
/// consecutive inputs from `starts[i]`, weighted by `weights[i * taps..][..taps]`.
struct Weights {
    starts: Vec<usize>,
    taps: usize,
    weights: Vec<f32>,
}

fn filter_weights(len: usize, new_len: usize) -> Weights {
    let scale = len as f32 / new_len as f32;
    let fscale = scale.max(1.0);
    let support = 2.0 * fscale;
    let taps = ((support.ceil() as usize) * 2 + 1).min(len).max(1);
    let mut starts = Vec::with_capacity(new_len);
    let mut weights = vec![0f32; new_len * taps];
    for i in 0..new_len {
        let center = (i as f32 + 0.5) * scale;
        let lo = ((center - support).floor().max(0.0) as usize).min(len - 1);
        let hi = ((center + support).ceil() as usize)
            .clamp(lo + 1, len)
            .min(lo + taps);
        let start = lo.min(len - taps);
        let row = &mut weights[i * taps..(i + 1) * taps];
        let mut sum = 0.0;
        for j in lo..hi {
            let wt = catmull_rom((j as f32 + 0.5 - center) / fscale);
            row[j - start] = wt;
            sum += wt;
        }
        if sum.abs() > f32::EPSILON {
            row.iter_mut().for_each(|w| *w /= sum);
        }
        starts.push(start);
    }
    Weights {
        starts,
        taps,
        weights,
    }
}

#[inline]
fn to_u8(v: f32) -> u8 {
    let v = v + 0.5;
    if v <= 0.0 {
        0
    } else if v >= 255.0 {
        255
    } else {
        v as u8
    }
}

/// Resamples rows of `stride` bytes from `h` rows to `nh` rows.
fn resample_vertical(src: &[u8], stride: usize, h: usize, nh: usize) -> Vec<u8> {
    let Weights {
        starts,
        taps,
        weights,
    } = filter_weights(h, nh);
    let (starts, weights) = (&starts[..], &weights[..]);
    let mut out = vec![0u8; stride * nh];
    let mut acc = vec![0f32; stride];
    let acc = &mut acc[..];
    let mut y = 0;
    while y < nh {
        acc.fill(0.0);
        let mut t = 0;
        while t < taps {
            let wt = weights[y * taps + t];
            if wt != 0.0 {
                let row = &src[(starts[y] + t) * stride..(starts[y] + t + 1) * stride];
                let mut i = 0;
                while i < stride {
                    acc[i] += wt * row[i] as f32;
                    i += 1;
                }
            }
            t += 1;
        }
        let dst = &mut out[y * stride..(y + 1) * stride];
        let mut i = 0;
        while i < stride {
            dst[i] = to_u8(acc[i]);
            i += 1;
        }
        y += 1;
    }
    out
}

/// Resamples each of `h` rows of `w` pixels (`ch` channels) to `nw` pixels.
fn resample_horizontal(src: &[u8], w: usize, h: usize, ch: usize, nw: usize) -> Vec<u8> {
    let Weights {
        starts,
        taps,
        weights,
    } = filter_weights(w, nw);
    let (starts, weights) = (&starts[..], &weights[..]);
    let mut out = vec![0u8; nw * h * ch];
    let mut y = 0;
    while y < h {
        let row = &src[y * w * ch..(y + 1) * w * ch];
        let dst = &mut out[y * nw * ch..(y + 1) * nw * ch];
        let mut x = 0;
        while x < nw {
            let mut acc = [0f32; 4];
            let base = starts[x] * ch;
            let mut t = 0;
            while t < taps {
                let wt = weights[x * taps + t];
                let p = base + t * ch;
                let mut c = 0;
                while c < ch {
                    acc[c] += wt * row[p + c] as f32;
                    c += 1;
                }
                t += 1;
            }
            let mut c = 0;
            while c < ch {
                dst[x * ch + c] = to_u8(acc[c]);
                c += 1;
            }
            x += 1;
        }
        y += 1;
    }
    out
}

fn premultiply(rgba: &mut [u8]) {
    let mut i = 0;
    while i + 3 < rgba.len() {
        let a = rgba[i + 3] as u32;
        if a != 255 {
            let mut c = i;
            while c < i + 3 {
                rgba[c] = ((rgba[c] as u32 * a + 127) / 255) as u8;
                c += 1;
            }
        }
        i += 4;
    }
}

fn unpremultiply(rgba: &mut [u8]) {
    let mut i = 0;
    while i + 3 < rgba.len() {
        let a = rgba[i + 3] as u32;
        if a != 0 && a != 255 {
            let mut c = i;
            while c < i + 3 {
                rgba[c] = ((rgba[c] as u32 * 255 + a / 2) / a).min(255) as u8;
                c += 1;
            }
        }
        i += 4;
    }
}

fn all_opaque(rgba: &[u8]) -> bool {
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
fn split_alpha(rgba: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Span;
    use crate::recipe::model::Fit;
    use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Instant;

    /// A fresh directory for one test, removed when dropped.
    struct TempDir(PathBuf);

    impl std::ops::Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_dir(name: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cardgen-photo-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn photo_ref(dir: &Path, name: &str) -> PhotoRef {
        PhotoRef {
            written: format!("photos/{name}"),
            path: dir.join(name),
            alt: None,
            fit: Fit::Cover,
            span: Span::new(7, 8),
            data: None,
        }
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PhotoRef {
        std::fs::write(dir.join(name), bytes).unwrap();
        photo_ref(dir, name)
    }

    fn gradient(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
        })
    }

    fn jpeg_bytes(img: &RgbImage, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(img)
            .unwrap();
        out
    }

    fn png_bytes(img: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    /// Inserts an APP1 Exif segment with the given orientation right after SOI.
    fn with_exif_orientation(jpeg: &[u8], orientation: u16, big_endian: bool) -> Vec<u8> {
        let mut tiff = Vec::new();
        let u16b = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
        tiff.extend_from_slice(&u16b(42));
        tiff.extend_from_slice(&u32b(8)); // IFD0 offset
        tiff.extend_from_slice(&u16b(1)); // one entry
        tiff.extend_from_slice(&u16b(0x0112));
        tiff.extend_from_slice(&u16b(3)); // SHORT
        tiff.extend_from_slice(&u32b(1)); // count
        tiff.extend_from_slice(&u16b(orientation));
        tiff.extend_from_slice(&[0, 0]); // value padding
        tiff.extend_from_slice(&u32b(0)); // next IFD
        let mut seg = b"Exif\0\0".to_vec();
        seg.extend_from_slice(&tiff);
        let len = (seg.len() + 2) as u16;
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&seg);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn jpeg_passthrough_keeps_exact_bytes() {
        let dir = temp_dir("pass");
        let bytes = jpeg_bytes(&gradient(320, 200), 90);
        let photo = write(&dir, "pork.jpg", &bytes);
        let img = load(&photo, Path::new("pork.yaml"), 2000).unwrap();
        assert_eq!((img.width, img.height, img.orientation), (320, 200, 1));
        match img.data {
            ImageData::Jpeg {
                bytes: b,
                components,
            } => {
                assert_eq!(&b[..], &bytes[..]);
                assert_eq!(components, 3);
            }
            _ => panic!("expected passthrough"),
        }
    }

    #[test]
    fn jpeg_gray_components() {
        let dir = temp_dir("gray");
        let gray = image::GrayImage::from_fn(64, 48, |x, _| image::Luma([(x * 4) as u8]));
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&gray)
            .unwrap();
        let photo = write(&dir, "g.jpg", &bytes);
        let img = load(&photo, Path::new("r.yaml"), 2000).unwrap();
        assert!(matches!(img.data, ImageData::Jpeg { components: 1, .. }));
    }

    #[test]
    fn exif_orientation_6_read() {
        let dir = temp_dir("exif");
        for big_endian in [false, true] {
            let bytes = with_exif_orientation(&jpeg_bytes(&gradient(300, 200), 90), 6, big_endian);
            let photo = write(&dir, "rot.jpg", &bytes);
            let img = load(&photo, Path::new("r.yaml"), 2000).unwrap();
            assert_eq!((img.width, img.height, img.orientation), (300, 200, 6));
            assert_eq!(img.display_size_px(), (200, 300));
            assert!((img.display_aspect_ratio() - 2.0 / 3.0).abs() < 1e-9);
            // The image crate agrees with our parser.
            let mut dec = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&bytes)).unwrap();
            assert_eq!(dec.orientation().unwrap(), Orientation::Rotate90);
            match img.data {
                ImageData::Jpeg { bytes: b, .. } => assert_eq!(&b[..], &bytes[..]),
                _ => panic!("expected passthrough"),
            }
        }
    }

    #[test]
    fn big_jpeg_is_downscaled_and_oriented() {
        let dir = temp_dir("bigjpeg");
        let bytes = with_exif_orientation(&jpeg_bytes(&gradient(1500, 1000), 90), 6, false);
        let photo = write(&dir, "big.jpg", &bytes);
        let img = load(&photo, Path::new("r.yaml"), 900).unwrap();
        // Rotated 90°: 1000×1500 displayed, scaled to 600×900, orientation baked in.
        assert_eq!((img.width, img.height, img.orientation), (600, 900, 1));
        let ImageData::Jpeg {
            bytes: b,
            components,
        } = &img.data
        else {
            panic!("expected JPEG")
        };
        assert_eq!(*components, 3);
        let decoded = image::load_from_memory(b).unwrap().into_rgb8();
        assert_eq!(decoded.dimensions(), (600, 900));
        // Orientation 6 = rotate 90° clockwise: the original's top-left (dark red/green,
        // x=0,y=0 → r=0,g=0) ends up top-right.
        let tr = decoded.get_pixel(599, 0).0;
        let bl = decoded.get_pixel(0, 899).0;
        assert!(tr[0] < 30 && tr[1] < 30, "top-right {tr:?}");
        assert!(bl[0] > 220 && bl[1] > 220, "bottom-left {bl:?}");
    }

    #[test]
    fn png_alpha_kept_and_opaque_alpha_dropped() {
        let dir = temp_dir("png");
        let translucent = RgbaImage::from_fn(40, 30, |x, _| Rgba([200, 10, 10, (x * 6) as u8]));
        let photo = write(
            &dir,
            "a.png",
            &png_bytes(&DynamicImage::ImageRgba8(translucent)),
        );
        let img = load(&photo, Path::new("r.yaml"), 2000).unwrap();
        let ImageData::Rgb { pixels, alpha } = &img.data else {
            panic!("expected pixels")
        };
        assert_eq!((img.width, img.height), (40, 30));
        assert_eq!(pixels.len(), 40 * 30 * 3);
        let alpha = alpha.as_ref().expect("alpha kept");
        assert_eq!(alpha[5], 30);
        assert_eq!(&pixels[..3], &[200, 10, 10]);

        let opaque = RgbaImage::from_fn(40, 30, |x, y| Rgba([x as u8, y as u8, 0, 255]));
        let photo = write(&dir, "b.png", &png_bytes(&DynamicImage::ImageRgba8(opaque)));
        let img = load(&photo, Path::new("r.yaml"), 2000).unwrap();
        let ImageData::Rgb { pixels, alpha } = &img.data else {
            panic!("expected pixels")
        };
        assert!(alpha.is_none());
        assert_eq!(&pixels[3 * 41..3 * 42], &[1, 1, 0]);
    }

    #[test]
    fn big_png_downscaled_with_alpha() {
        let dir = temp_dir("bigpng");
        let img = RgbaImage::from_fn(1200, 600, |x, _| {
            if x < 600 {
                Rgba([255, 0, 0, 0]) // transparent red must not tint the result
            } else {
                Rgba([0, 0, 255, 255])
            }
        });
        let photo = write(&dir, "big.png", &png_bytes(&DynamicImage::ImageRgba8(img)));
        let out = load(&photo, Path::new("r.yaml"), 200).unwrap();
        assert_eq!((out.width, out.height), (200, 100));
        let ImageData::Rgb { pixels, alpha } = &out.data else {
            panic!()
        };
        let alpha = alpha.as_ref().unwrap();
        // Right at the edge of the opaque half: partially transparent, but pure blue.
        let i = 50 * 200 + 100;
        assert!(alpha[i] > 0 && alpha[i] < 255, "alpha {}", alpha[i]);
        assert_eq!(pixels[3 * i], 0, "red bled into the edge");
    }

    #[test]
    fn bomb_header_refused_fast() {
        let dir = temp_dir("bomb");
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&60000u32.to_be_bytes());
        ihdr.extend_from_slice(&60000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        // A (tiny, bogus) IDAT and IEND so only the size can be the problem.
        png.extend_from_slice(&[0, 0, 0, 0]);
        png.extend_from_slice(b"IEND");
        png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
        let photo = write(&dir, "bomb.png", &png);
        let start = Instant::now();
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        let took = start.elapsed();
        eprintln!("bomb refused in {took:?}");
        assert!(took.as_millis() < 50, "took {took:?}");
        assert_eq!(err.message, "photo is too large: 60000×60000 pixels");
        assert_eq!(
            err.help,
            vec!["the limit is 40 megapixels; export a smaller image"]
        );
        assert_eq!(err.span, Some(Span::new(7, 8)));
        assert_eq!(err.file, PathBuf::from("r.yaml"));
    }

    /// The error of a load that must fail (without dumping pixels when it doesn't).
    fn expect_err(result: Result<Image, Diagnostic>) -> Diagnostic {
        match result {
            Ok(img) => panic!(
                "expected an error, got a {}×{} image",
                img.width, img.height
            ),
            Err(e) => e,
        }
    }

    /// The PNG chunk checksum (CRC-32), from the zlib crate we already use.
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        crc.sum()
    }

    #[test]
    fn webp_bomb_refused() {
        let dir = temp_dir("webpbomb");
        // VP8X canvas of 16384×16384.
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X".to_vec();
        webp.extend_from_slice(&10u32.to_le_bytes());
        webp.extend_from_slice(&[0, 0, 0, 0]);
        webp.extend_from_slice(&[0xFF, 0x3F, 0x00, 0xFF, 0x3F, 0x00]);
        let photo = write(&dir, "bomb.webp", &webp);
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert_eq!(err.message, "photo is too large: 16384×16384 pixels");
    }

    #[test]
    fn truncated_jpeg_reported() {
        let dir = temp_dir("trunc");
        let bytes = jpeg_bytes(&gradient(200, 150), 90);
        for cut in [bytes.len() - 2, bytes.len() / 2, 300, 100, 20, 3] {
            let photo = write(&dir, "cut.jpg", &bytes[..cut]);
            let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
            assert_eq!(
                err.message, "photo is truncated or corrupt: `photos/cut.jpg`",
                "cut {cut}"
            );
        }
        // Zero-filled tail (a partial download) too.
        let mut zeros = bytes[..bytes.len() / 2].to_vec();
        zeros.resize(bytes.len(), 0);
        let photo = write(&dir, "zeros.jpg", &zeros);
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert!(err.message.starts_with("photo is truncated or corrupt"));
        // Trailing junk after EOI is fine.
        let mut extra = bytes.clone();
        extra.extend_from_slice(b"trailing junk");
        let photo = write(&dir, "extra.jpg", &extra);
        assert!(load(&photo, Path::new("r.yaml"), 2000).is_ok());
    }

    #[test]
    fn truncated_png_reported() {
        let dir = temp_dir("truncpng");
        let bytes = png_bytes(&DynamicImage::ImageRgb8(gradient(200, 150)));
        // (Cutting only the final IEND chunk leaves complete image data, which is fine.)
        for cut in [bytes.len() - 13, bytes.len() / 2, 40, 20, 9] {
            let photo = write(&dir, "cut.png", &bytes[..cut]);
            let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
            assert_eq!(
                err.message, "photo is truncated or corrupt: `photos/cut.png`",
                "cut {cut}"
            );
        }
    }

    #[test]
    fn text_named_jpg_is_unsupported() {
        let dir = temp_dir("text");
        let photo = write(&dir, "pork.jpg", b"<html>404 not found</html>\n");
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert_eq!(
            err.message,
            "unsupported photo format: `photos/pork.jpg` is a text file"
        );
        assert!(err.help[0].contains("JPEG, PNG or WebP"));
        let photo = write(&dir, "x.jpg", &[0u8, 1, 2, 3, 4, 5, 200, 201]);
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert_eq!(err.message, "unsupported photo format: `photos/x.jpg`");
        let photo = write(&dir, "x.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic");
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert!(
            err.message.ends_with("is a HEIC/HEIF image"),
            "{}",
            err.message
        );
    }

    #[test]
    fn webp_decodes() {
        let dir = temp_dir("webp");
        let img = RgbaImage::from_fn(64, 32, |x, y| Rgba([x as u8 * 4, y as u8 * 8, 7, 255]));
        let mut bytes = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut bytes)
            .write_image(img.as_raw(), 64, 32, image::ExtendedColorType::Rgba8)
            .unwrap();
        let photo = write(&dir, "p.webp", &bytes);
        let out = load(&photo, Path::new("r.yaml"), 2000).unwrap();
        assert_eq!((out.width, out.height, out.orientation), (64, 32, 1));
        let ImageData::Rgb { pixels, alpha } = &out.data else {
            panic!()
        };
        assert!(alpha.is_none());
        assert_eq!(&pixels[3 * (64 + 1)..3 * (64 + 2)], &[4, 8, 7]);
        // Detected by content even when misnamed.
        let photo = write(&dir, "p.jpg", &bytes);
        assert!(load(&photo, Path::new("r.yaml"), 2000).is_ok());
        // Downscaled.
        let out = load(&photo, Path::new("r.yaml"), 16).unwrap();
        assert_eq!((out.width, out.height), (16, 8));
    }

    #[test]
    fn io_errors() {
        let dir = temp_dir("io");
        let photo = photo_ref(&dir, "pork.jpg");
        let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
        assert_eq!(err.message, "photo not found: `photos/pork.jpg`");
        assert_eq!(
            err.help,
            vec![format!("looked for {}", dir.join("pork.jpg").display())]
        );

        std::fs::create_dir(dir.join("d.jpg")).unwrap();
        let err = expect_err(load(&photo_ref(&dir, "d.jpg"), Path::new("r.yaml"), 2000));
        assert!(
            err.message.starts_with("photo is a directory"),
            "{}",
            err.message
        );

        let err = expect_err(load(&write(&dir, "e.jpg", b""), Path::new("r.yaml"), 2000));
        assert_eq!(err.message, "photo is empty: `photos/e.jpg`");

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let photo = write(&dir, "secret.jpg", &jpeg_bytes(&gradient(8, 8), 80));
            std::fs::set_permissions(&photo.path, std::fs::Permissions::from_mode(0o000)).unwrap();
            // Root can read anything; only check when the permission actually bites.
            if std::fs::File::open(&photo.path).is_err() {
                let err = expect_err(load(&photo, Path::new("r.yaml"), 2000));
                assert!(err.message.contains("permission denied"), "{}", err.message);
            }
        }
    }

    #[test]
    fn relative_paths_resolve_to_absolute_in_help() {
        let photo = PhotoRef {
            written: "nope/x.jpg".into(),
            path: PathBuf::from("definitely-missing-dir/x.jpg"),
            alt: None,
            fit: Fit::Contain,
            span: Span::new(1, 1),
            data: None,
        };
        let err = expect_err(load(&photo, Path::new("r.yaml"), 100));
        assert!(err.help[0].starts_with("looked for /"), "{}", err.help[0]);
    }

    #[test]
    fn exif_parser_is_robust() {
        assert_eq!(exif_orientation(b""), None);
        assert_eq!(exif_orientation(b"II*\0\xff\xff\xff\xff"), None);
        assert_eq!(exif_orientation(b"MM\0*\0\0\0\x08\xff\xff"), None);
        // Every prefix of a valid JPEG parses or errors; never panics.
        let bytes = with_exif_orientation(&jpeg_bytes(&gradient(16, 16), 80), 8, true);
        for cut in 0..bytes.len() {
            let _ = parse_jpeg(&bytes[..cut]);
        }
        assert_eq!(parse_jpeg(&bytes).unwrap().orientation, 8);
        for cut in 0..40 {
            let _ = png_size(&bytes[..cut]);
            let _ = webp_size(&bytes[..cut]);
        }
    }

    /// Timing of the common cases; run with `--nocapture` to see the numbers.
    #[test]
    fn timing_4000x3000_jpeg() {
        let dir = temp_dir("timing");
        let bytes = jpeg_bytes(&gradient(4000, 3000), 90);
        let photo = write(&dir, "big.jpg", &bytes);
        let start = Instant::now();
        let img = load(&photo, Path::new("r.yaml"), 4000).unwrap();
        let passthrough = start.elapsed();
        assert!(matches!(img.data, ImageData::Jpeg { .. }));
        let start = Instant::now();
        let img = load(&photo, Path::new("r.yaml"), 1500).unwrap();
        let downscaled = start.elapsed();
        assert_eq!((img.width, img.height), (1500, 1125));
        eprintln!(
            "4000×3000 JPEG ({} KiB): passthrough {passthrough:?}, downscale to 1500 px {downscaled:?}",
            bytes.len() / 1024
        );
    }
}
