//! Loading real files: passthrough, orientation, downscaling, limits, broken input.

use std::io::Cursor;
use std::path::PathBuf;

use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder};

use super::decode::{png_size, webp_size};
use super::jpeg::exif_orientation;
use super::*;
use crate::error::Span;
use crate::frame::ImageData;
use crate::recipe::model::Fit;
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
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

/// `img` with deterministic noise of ±12 per channel: photo-like, so JPEGs of it are large.
fn noisy(mut img: RgbImage) -> RgbImage {
    let mut state = 0x2545_f491_u32;
    for p in img.pixels_mut() {
        for c in &mut p.0 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            *c = (i32::from(*c) + (state % 25) as i32 - 12).clamp(0, 255) as u8;
        }
    }
    img
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
fn oversized_small_jpeg_passes_through() {
    // 1200×800 for a 900 px slot is less than twice the pixels needed: kept as it is.
    let dir = temp_dir("oversized");
    let bytes = with_exif_orientation(&jpeg_bytes(&gradient(1200, 800), 90), 6, false);
    let photo = write(&dir, "big.jpg", &bytes);
    let img = load(&photo, Path::new("r.yaml"), 900).unwrap();
    assert_eq!((img.width, img.height, img.orientation), (1200, 800, 6));
    assert!(matches!(&img.data, ImageData::Jpeg { bytes: b, .. } if b[..] == bytes[..]));
    // Far above print resolution but a small file: kept too.
    let img = load(&photo, Path::new("r.yaml"), 300).unwrap();
    assert_eq!((img.width, img.height), (1200, 800));
}

#[test]
fn large_far_oversized_jpeg_is_downscaled_and_oriented() {
    let dir = temp_dir("bigjpeg");
    let bytes = with_exif_orientation(&jpeg_bytes(&noisy(gradient(1500, 1000)), 98), 6, false);
    assert!(
        bytes.len() > 512 * 1024,
        "{} bytes: not a large file",
        bytes.len()
    );
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
    let bytes = jpeg_bytes(&noisy(gradient(4000, 3000)), 90);
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

#[test]
fn cache_shares_one_image_per_content_and_size() {
    let dir = temp_dir("cache");
    let bytes = jpeg_bytes(&gradient(120, 80), 85);
    let a = write(&dir, "a.jpg", &bytes);
    let b = write(&dir, "b.jpg", &bytes); // same content, another name
    let other = write(&dir, "c.jpg", &jpeg_bytes(&gradient(120, 81), 85));
    let cache = PhotoCache::default();
    let first = cache.load(&a, Path::new("r.yaml"), 900).unwrap();
    assert!(Arc::ptr_eq(
        &first,
        &cache.load(&b, Path::new("s.yaml"), 900).unwrap()
    ));
    assert!(!Arc::ptr_eq(
        &first,
        &cache.load(&other, Path::new("r.yaml"), 900).unwrap()
    ));
    assert!(!Arc::ptr_eq(
        &first,
        &cache.load(&a, Path::new("r.yaml"), 60).unwrap()
    ));
    // Failures are reported to every recipe, not remembered as images.
    let broken = write(&dir, "d.jpg", &bytes[..bytes.len() / 2]);
    for _ in 0..2 {
        let err = cache.load(&broken, Path::new("r.yaml"), 900).unwrap_err();
        assert!(err.message.starts_with("photo is truncated or corrupt"));
    }
}
