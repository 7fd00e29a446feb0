//! SVG export: one SVG per page, from the same frames as the PDF. Text is drawn as glyph
//! outlines (each glyph defined once, then `<use>`d), so a browser shows exactly the
//! printed letterforms without having the fonts; photos are embedded as data URLs.

use std::collections::BTreeMap;
use std::fmt::Write;

use base64::Engine;
use tiny_skia::{Path, PathSegment, Transform};

use super::paint::{self, Canvas, GlyphKey, Outlines, PlacedImage};
use crate::error::Error;
use crate::frame::{Color, Document, Image, ImageData, Stroke};

/// The first line of every SVG cardgen writes (so a later run may replace it).
pub const SIGNATURE: &str = "<!-- Made by cardgen from a recipe -->\n";

/// Every page of `doc` as an SVG document.
pub fn render_svg(doc: &Document) -> Result<Vec<Vec<u8>>, Error> {
    let mut outlines = Outlines::default();
    let mut images: Vec<Option<Option<String>>> = vec![None; doc.images.len()];
    Ok(doc
        .pages
        .iter()
        .map(|page| {
            let size = page.frame.size;
            let mut canvas = SvgCanvas {
                glyphs: BTreeMap::new(),
                body: String::new(),
                clips: 0,
                images: &mut images,
            };
            paint::paint_page(
                doc,
                &page.frame,
                Transform::identity(),
                &mut outlines,
                &mut canvas,
            );
            canvas.finish(size.w.to_pt(), size.h.to_pt()).into_bytes()
        })
        .collect())
}

struct SvgCanvas<'a> {
    /// Glyph outlines used on this page, by id, as path data (font units).
    glyphs: BTreeMap<GlyphKey, String>,
    body: String,
    /// Clip paths defined so far (their ids are numbered).
    clips: usize,
    /// Data URLs of the document's images, made on first use (`None` inside: unusable).
    images: &'a mut [Option<Option<String>>],
}

impl SvgCanvas<'_> {
    fn finish(self, w: f64, h: f64) -> String {
        let (w, h) = (num(w as f32), num(h as f32));
        let mut svg = String::with_capacity(self.body.len() + 4096);
        svg.push_str(SIGNATURE);
        let _ = writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">"
        );
        if !self.glyphs.is_empty() {
            svg.push_str("<defs>\n");
            for (key, data) in &self.glyphs {
                let _ = writeln!(svg, "<path id=\"{}\" d=\"{data}\"/>", glyph_id(*key));
            }
            svg.push_str("</defs>\n");
        }
        // Card stock: a page is white, as it is printed and as the PDF viewer shows it.
        let _ = writeln!(svg, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
        svg.push_str(&self.body);
        svg.push_str("</svg>\n");
        svg
    }
}

/// Rectangles and rules on whole pixels, as the PNG export and poppler draw them.
fn crisp(yes: bool) -> &'static str {
    if yes {
        " shape-rendering=\"crispEdges\""
    } else {
        ""
    }
}

impl Canvas for SvgCanvas<'_> {
    fn fill(&mut self, path: &Path, transform: Transform, color: Color) {
        let _ = writeln!(
            self.body,
            "<path d=\"{}\"{}{} fill=\"{}\"/>",
            path_data(path),
            transform_attr(transform),
            crisp(paint::is_rectangle(path)),
            hex(color)
        );
    }

    fn stroke(&mut self, path: &Path, transform: Transform, stroke: Stroke) {
        let _ = writeln!(
            self.body,
            "<path d=\"{}\"{}{} fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
            path_data(path),
            transform_attr(transform),
            crisp(paint::is_straight_rule(path)),
            hex(stroke.color),
            num(stroke.width.to_pt() as f32)
        );
    }

    fn glyph(&mut self, key: GlyphKey, outline: &Path, transform: Transform, color: Color) {
        self.glyphs.entry(key).or_insert_with(|| path_data(outline));
        let _ = writeln!(
            self.body,
            "<use xlink:href=\"#{}\"{} fill=\"{}\"/>",
            glyph_id(key),
            transform_attr(transform),
            hex(color)
        );
    }

    fn image(&mut self, placed: PlacedImage<'_>) {
        let Some(slot) = self.images.get_mut(placed.index) else {
            return;
        };
        let Some(url) = slot
            .get_or_insert_with(|| data_url(placed.image))
            .as_deref()
        else {
            return;
        };
        let _ = writeln!(
            self.body,
            "<image width=\"{}\" height=\"{}\"{} preserveAspectRatio=\"none\" xlink:href=\"{url}\"/>",
            placed.image.width,
            placed.image.height,
            transform_attr(placed.transform)
        );
    }

    fn push_clip(&mut self, rect: tiny_skia::Rect, transform: Transform) {
        let id = format!("clip{}", self.clips);
        self.clips += 1;
        let _ = writeln!(
            self.body,
            "<clipPath id=\"{id}\"><path d=\"{}\"{}/></clipPath>\n<g clip-path=\"url(#{id})\">",
            path_data(&tiny_skia::PathBuilder::from_rect(rect)),
            transform_attr(transform)
        );
    }

    fn pop_clip(&mut self) {
        self.body.push_str("</g>\n");
    }

    fn link(&mut self, area: &Path, transform: Transform, url: &str) {
        let _ = writeln!(
            self.body,
            "<a xlink:href=\"{}\"><path d=\"{}\"{} fill=\"#ffffff\" fill-opacity=\"0\"/></a>",
            escape(url),
            path_data(area),
            transform_attr(transform)
        );
    }
}

fn glyph_id(key: GlyphKey) -> String {
    format!("g{}-{}", key.face, key.id)
}

/// The image as a `data:` URL: JPEGs as they are (without their EXIF orientation, which
/// the placement already applies and a browser would apply again), pixels as PNG.
fn data_url(image: &Image) -> Option<String> {
    let (mime, bytes) = match &image.data {
        ImageData::Jpeg { bytes, .. } => ("image/jpeg", without_exif(bytes)),
        ImageData::Rgb { pixels, alpha } => ("image/png", png_bytes(image, pixels, alpha)?),
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{mime};base64,{b64}"))
}

/// A JPEG without its APP1 (EXIF) segments; anything unexpected leaves it unchanged.
fn without_exif(jpeg: &[u8]) -> Vec<u8> {
    const SOI: [u8; 2] = [0xFF, 0xD8];
    const APP1: u8 = 0xE1;
    const SOS: u8 = 0xDA;
    if !jpeg.starts_with(&SOI) {
        return jpeg.to_vec();
    }
    let mut out = SOI.to_vec();
    let mut at = 2;
    while let Some(&[0xFF, marker, hi, lo]) = jpeg.get(at..at + 4) {
        if marker == SOS {
            break;
        }
        let end = at + 2 + usize::from(u16::from_be_bytes([hi, lo]));
        let Some(segment) = jpeg.get(at..end) else {
            return jpeg.to_vec();
        };
        if marker != APP1 {
            out.extend_from_slice(segment);
        }
        at = end;
    }
    out.extend_from_slice(&jpeg[at..]);
    out
}

fn png_bytes(image: &Image, pixels: &[u8], alpha: &Option<Vec<u8>>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, image.width, image.height);
    encoder.set_depth(png::BitDepth::Eight);
    let data: Vec<u8> = match alpha {
        Some(alpha) => {
            encoder.set_color(png::ColorType::Rgba);
            pixels
                .chunks_exact(3)
                .zip(alpha)
                .flat_map(|(rgb, &a)| [rgb[0], rgb[1], rgb[2], a])
                .collect()
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            pixels.to_vec()
        }
    };
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&data).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// SVG path data for a path: absolute commands, numbers kept short.
fn path_data(path: &Path) -> String {
    let mut d = String::new();
    for segment in path.segments() {
        let _ = match segment {
            PathSegment::MoveTo(p) => write!(d, "M{} {}", num(p.x), num(p.y)),
            PathSegment::LineTo(p) => write!(d, "L{} {}", num(p.x), num(p.y)),
            PathSegment::QuadTo(c, p) => {
                write!(d, "Q{} {} {} {}", num(c.x), num(c.y), num(p.x), num(p.y))
            }
            PathSegment::CubicTo(c1, c2, p) => write!(
                d,
                "C{} {} {} {} {} {}",
                num(c1.x),
                num(c1.y),
                num(c2.x),
                num(c2.y),
                num(p.x),
                num(p.y)
            ),
            PathSegment::Close => write!(d, "Z"),
        };
    }
    d
}

fn transform_attr(t: Transform) -> String {
    if t.is_identity() {
        return String::new();
    }
    format!(
        " transform=\"matrix({} {} {} {} {} {})\"",
        num(t.sx),
        num(t.ky),
        num(t.kx),
        num(t.sy),
        num(t.tx),
        num(t.ty)
    )
}

/// A number with at most four decimals and no trailing zeros (a 10,000th of a point or
/// font unit is far below anything visible).
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{:.4}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_owned(),
        s => s.to_owned(),
    }
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(12.34567), "12.3457");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn exif_segments_are_dropped_and_the_rest_kept() {
        let jpeg = [
            0xFF, 0xD8, // SOI
            0xFF, 0xE1, 0x00, 0x04, b'E', b'x', // APP1
            0xFF, 0xDB, 0x00, 0x03, 0x07, // DQT
            0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9, // SOS … EOI
        ];
        let stripped = without_exif(&jpeg);
        assert_eq!(
            stripped,
            [
                0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x03, 0x07, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF,
                0xD9
            ]
        );
        // A truncated segment leaves the file as it was.
        assert_eq!(without_exif(&jpeg[..5]), jpeg[..5]);
    }
}
