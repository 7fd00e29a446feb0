//! PNG export: each page rasterised with tiny-skia (resvg's 2D library) from the same
//! frames and font programs as the PDF, on white card stock.

use std::path::PathBuf;

use tiny_skia::{
    FillRule, FilterQuality, Mask, Paint, Path, PathBuilder, Pixmap, PixmapPaint, Transform,
};

use super::paint::{self, Canvas, GlyphKey, Outlines, PlacedImage};
use crate::error::Error;
use crate::frame::{Color, Document, Image, ImageData, Stroke};

/// The `tEXt` chunk that marks a PNG as cardgen's (so a later run may replace it).
const SOFTWARE: (&str, &str) = ("Software", "cardgen");
/// How that chunk's payload appears in the file.
pub const SOFTWARE_CHUNK: &[u8] = b"tEXtSoftware\0cardgen";

/// The resolutions `--dpi` accepts.
pub const DPI_RANGE: std::ops::RangeInclusive<u32> = 1..=1200;
pub const DEFAULT_DPI: u32 = 300;
/// The most pixels one page may have (an A4 page at 1200 dpi is 139 million): beyond
/// that a huge custom page size would ask for gigabytes.
const MAX_PIXELS: u64 = 160_000_000;
const POINTS_PER_INCH: f32 = 72.0;
/// Glyph origins snap to this fraction of a pixel horizontally (whole pixels vertically).
const GLYPH_X_STEPS: f32 = 4.0;

/// Every page of `doc` as PNG bytes, at `dpi` pixels per inch.
pub fn render_png(doc: &Document, dpi: u32) -> Result<Vec<Vec<u8>>, Error> {
    let mut outlines = Outlines::default();
    let mut images = DecodedImages::new(doc.images.len());
    (0..doc.pages.len())
        .map(|n| {
            let pixmap = render_page(doc, n, dpi, &mut outlines, &mut images)?;
            encode_png(&pixmap, dpi)
        })
        .collect()
}

/// One page as pixels (premultiplied RGBA; opaque, since the card is white).
pub fn render_page(
    doc: &Document,
    page: usize,
    dpi: u32,
    outlines: &mut Outlines,
    images: &mut DecodedImages,
) -> Result<Pixmap, Error> {
    if !DPI_RANGE.contains(&dpi) {
        return Err(raster_error(format!(
            "--dpi must be from {} to {}, found {dpi}",
            DPI_RANGE.start(),
            DPI_RANGE.end()
        )));
    }
    let frame = &doc.pages[page].frame;
    let scale = dpi as f32 / POINTS_PER_INCH;
    let (width, height) = pixel_size(frame.size.w.to_pt(), frame.size.h.to_pt(), scale);
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(raster_error(format!(
            "page {} at {dpi} dpi would be {width} x {height} pixels; use a lower --dpi",
            page + 1
        )));
    }
    let mut pixmap = Pixmap::new(width, height).ok_or_else(|| {
        raster_error(format!(
            "page {}: cannot make a {width} x {height} image",
            page + 1
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut canvas = RasterCanvas {
        pixmap: &mut pixmap,
        images,
        clips: Vec::new(),
    };
    paint::paint_page(
        doc,
        frame,
        Transform::from_scale(scale, scale),
        outlines,
        &mut canvas,
    );
    Ok(pixmap)
}

/// Pixel dimensions of a page, rounded up as poppler does (a partly covered pixel is
/// part of the image).
fn pixel_size(w_pt: f64, h_pt: f64, scale: f32) -> (u32, u32) {
    let px = |v: f64| {
        let v = (v * f64::from(scale) - 1e-6).ceil();
        if v.is_finite() {
            v.clamp(1.0, f64::from(u32::MAX)) as u32
        } else {
            1
        }
    };
    (px(w_pt), px(h_pt))
}

fn raster_error(message: impl Into<String>) -> Error {
    Error::Io {
        path: PathBuf::from("<png renderer>"),
        message: message.into(),
    }
}

/// Photos decoded to pixels once per document, not once per page that shows them.
pub struct DecodedImages(Vec<Option<Option<Pixmap>>>);

impl DecodedImages {
    pub fn new(count: usize) -> Self {
        DecodedImages(vec![None; count])
    }

    fn get(&mut self, index: usize, image: &Image) -> Option<&Pixmap> {
        let slot = self.0.get_mut(index)?;
        slot.get_or_insert_with(|| decode(image)).as_ref()
    }
}

/// The stored pixels of an image (before orientation) as a premultiplied pixmap.
fn decode(image: &Image) -> Option<Pixmap> {
    let (width, height) = (image.width, image.height);
    let rgba: Vec<u8> = match &image.data {
        ImageData::Jpeg { bytes, .. } => {
            let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
                .ok()?
                .to_rgba8();
            if decoded.dimensions() != (width, height) {
                return None;
            }
            decoded.into_raw()
        }
        ImageData::Rgb { pixels, alpha } => {
            let count = (width as usize).checked_mul(height as usize)?;
            if pixels.len() != count * 3 || alpha.as_ref().is_some_and(|a| a.len() != count) {
                return None;
            }
            let mut rgba = Vec::with_capacity(count * 4);
            for (i, rgb) in pixels.chunks_exact(3).enumerate() {
                let a = alpha.as_ref().map_or(255, |a| a[i]);
                let pre = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
                rgba.extend_from_slice(&[pre(rgb[0]), pre(rgb[1]), pre(rgb[2]), a]);
            }
            rgba
        }
    };
    Pixmap::from_vec(rgba, tiny_skia::IntSize::from_wh(width, height)?)
}

struct RasterCanvas<'a> {
    pixmap: &'a mut Pixmap,
    images: &'a mut DecodedImages,
    /// The clips pushed, innermost last, each already cut to the ones outside it.
    clips: Vec<Mask>,
}

/// `path` on the device with its edges on whole pixels (at least one pixel wide), when it
/// is a rectangle that `transform` keeps upright (or turns by a quarter).
fn upright_rect(path: &Path, transform: Transform) -> Option<tiny_skia::Rect> {
    if !paint::keeps_axes(transform) || !paint::is_rectangle(path) {
        return None;
    }
    snapped(path.bounds().transform(transform)?)
}

/// `device` with its edges rounded to whole pixels, at least one pixel wide and high.
fn snapped(device: tiny_skia::Rect) -> Option<tiny_skia::Rect> {
    let snap = |a: f32, b: f32| {
        let (lo, hi) = (a.round(), b.round());
        (lo, if hi > lo { hi } else { lo + 1.0 })
    };
    let (left, right) = snap(device.left(), device.right());
    let (top, bottom) = snap(device.top(), device.bottom());
    tiny_skia::Rect::from_ltrb(left, top, right, bottom)
}

fn solid(color: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.r, color.g, color.b, 255);
    paint.anti_alias = true;
    paint
}

impl Canvas for RasterCanvas<'_> {
    /// Upright rectangles (rules, boxes, QR modules) fill whole pixels, their edges
    /// rounded to the pixel grid as poppler's "stroke adjustment" does: crisp QR codes
    /// that scan, and the same pixels as the PDF on screen.
    fn fill(&mut self, path: &Path, transform: Transform, color: Color) {
        if let Some(device) = upright_rect(path, transform) {
            let mut paint = solid(color);
            paint.anti_alias = false;
            self.pixmap
                .fill_rect(device, &paint, Transform::identity(), self.clips.last());
            return;
        }
        self.pixmap.fill_path(
            path,
            &solid(color),
            FillRule::Winding,
            transform,
            self.clips.last(),
        );
    }

    /// A glyph's origin snaps down to a whole pixel row and a quarter-pixel column, as
    /// poppler's rasteriser (Splash) places glyphs: the same pixels as the PDF on screen,
    /// and crisper baselines.
    fn glyph(&mut self, _key: GlyphKey, outline: &Path, transform: Transform, color: Color) {
        let snapped = Transform {
            tx: (transform.tx * GLYPH_X_STEPS).floor() / GLYPH_X_STEPS,
            ty: transform.ty.floor(),
            ..transform
        };
        self.fill(outline, snapped, color);
    }

    /// Rules across or down the page are filled as whole pixels, at least one wide, as
    /// poppler draws hairlines such as crop marks: black, not a grey blur.
    fn stroke(&mut self, path: &Path, transform: Transform, stroke: Stroke) {
        if paint::keeps_axes(transform) && paint::is_straight_rule(path) {
            let half = stroke.width.to_pt() as f32 / 2.0;
            let b = path.bounds();
            let along_x = b.height() == 0.0;
            let (dx, dy) = if along_x { (0.0, half) } else { (half, 0.0) };
            let area = tiny_skia::Rect::from_ltrb(
                b.left() - dx,
                b.top() - dy,
                b.right() + dx,
                b.bottom() + dy,
            );
            if let Some(device) = area.and_then(|a| a.transform(transform)).and_then(snapped) {
                let mut paint = solid(stroke.color);
                paint.anti_alias = false;
                self.pixmap
                    .fill_rect(device, &paint, Transform::identity(), self.clips.last());
                return;
            }
        }
        let style = tiny_skia::Stroke {
            width: stroke.width.to_pt() as f32,
            ..tiny_skia::Stroke::default()
        };
        self.pixmap.stroke_path(
            path,
            &solid(stroke.color),
            &style,
            transform,
            self.clips.last(),
        );
    }

    fn push_clip(&mut self, rect: tiny_skia::Rect, transform: Transform) {
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let Some(mut mask) = Mask::new(w, h) else {
            return;
        };
        mask.fill_path(
            &PathBuilder::from_rect(rect),
            FillRule::Winding,
            true,
            transform,
        );
        if let Some(outer) = self.clips.last() {
            for (inner, outer) in mask.data_mut().iter_mut().zip(outer.data()) {
                *inner = ((u16::from(*inner) * u16::from(*outer)) / 255) as u8;
            }
        }
        self.clips.push(mask);
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn image(&mut self, placed: PlacedImage<'_>) {
        let Some(pixels) = self.images.get(placed.index, placed.image) else {
            return;
        };
        let paint = PixmapPaint {
            quality: FilterQuality::Bicubic,
            ..PixmapPaint::default()
        };
        self.pixmap.draw_pixmap(
            0,
            0,
            pixels.as_ref(),
            &paint,
            placed.transform,
            self.clips.last(),
        );
    }
}

/// Opaque RGB PNG with its resolution recorded (pHYs), so image and print programs
/// know the card's real size.
fn encode_png(pixmap: &Pixmap, dpi: u32) -> Result<Vec<u8>, Error> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    encoder
        .add_text_chunk(SOFTWARE.0.into(), SOFTWARE.1.into())
        .map_err(|e| raster_error(format!("cannot encode PNG: {e}")))?;
    let fail = |e: png::EncodingError| raster_error(format!("cannot encode PNG: {e}"));
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&rgb).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_sizes_round_up_but_not_exact_ones() {
        // A 4x6 in card at 300 dpi is exactly 1800 x 1200.
        assert_eq!(pixel_size(432.0, 288.0, 300.0 / 72.0), (1800, 1200));
        // A4 at 72 dpi: 595.28 x 841.89 pt.
        assert_eq!(pixel_size(595.28, 841.89, 1.0), (596, 842));
    }
}
