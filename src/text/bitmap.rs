//! Colour bitmap glyphs: emoji in fonts that have pictures instead of outlines (`CBDT`
//! as in Noto Color Emoji, `sbix` as in Apple Color Emoji). Such a face shapes and
//! measures like any other, but cannot be embedded as a PDF font, so once a document is
//! laid out its glyphs become images, as browsers and Typst print them. A pass over the
//! finished frames, so every renderer (PDF, PNG, SVG) draws them as it draws a photo.

use std::collections::HashMap;
use std::sync::Arc;

use crate::frame::{Document, Frame, FrameItem, Image, ImageData, ImageItem, TextItem};
use crate::units::{Abs, Point, Size};

/// Whether `face` has pictures for its glyphs and no outlines, in a format we can draw.
pub fn is_bitmap_face(face: &ttf_parser::Face) -> bool {
    let tables = face.tables();
    if tables.glyf.is_some() || tables.cff.is_some() || tables.cff2.is_some() {
        return false;
    }
    if tables.cbdt.is_none() && tables.sbix.is_none() {
        return false;
    }
    // The format of one glyph stands for the face's: fonts keep to one.
    (1..face.number_of_glyphs()).take(64).any(|gid| {
        face.glyph_raster_image(ttf_parser::GlyphId(gid), u16::MAX)
            .is_some_and(|raster| drawable(raster.format))
    })
}

fn drawable(format: ttf_parser::RasterImageFormat) -> bool {
    use ttf_parser::RasterImageFormat::{BitmapPremulBgra32, PNG};
    matches!(format, PNG | BitmapPremulBgra32)
}

/// Replaces the text runs set in bitmap faces by one image per glyph, adding the
/// pictures to `doc.images` (once per glyph). Documents without such a face are left
/// untouched without being walked.
pub fn draw_bitmap_glyphs(doc: &mut Document) {
    // Each face read once: whether it is a bitmap face, and the reader its pictures and
    // space glyph come from.
    let faces: Vec<Option<ttf_parser::Face>> = doc
        .fonts
        .iter()
        .map(|font| ttf_parser::Face::parse(&font.data, font.index).ok())
        .collect();
    let bitmap: Vec<bool> = faces
        .iter()
        .map(|face| face.as_ref().is_some_and(is_bitmap_face))
        .collect();
    if !bitmap.contains(&true) {
        return;
    }
    // The text of a picture is carried by blank glyphs of an outline face (the text's
    // before it where it can), so that it is copied and searched with the words around it.
    let spaces: Vec<Option<u16>> = faces
        .iter()
        .zip(&bitmap)
        .map(|(face, &bitmap)| match face {
            Some(face) if !bitmap => face.glyph_index(' ').map(|g| g.0),
            _ => None,
        })
        .collect();
    let carrier = spaces
        .iter()
        .enumerate()
        .find_map(|(i, space)| Some((i, (*space)?)));
    let mut pictures = Pictures {
        faces: &faces,
        bitmap: &bitmap,
        spaces: &spaces,
        carrier,
        placed: HashMap::new(),
        images: &mut doc.images,
    };
    for page in &mut doc.pages {
        pictures.replace_in(&mut page.frame);
    }
}

/// A glyph's picture as an image of the document, and where it sits relative to the
/// glyph's origin, in ems (y down, as frames are).
#[derive(Clone, Copy)]
struct Picture {
    image: usize,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

struct Pictures<'d> {
    /// The document's faces, read (`None`: unreadable).
    faces: &'d [Option<ttf_parser::Face<'d>>],
    bitmap: &'d [bool],
    /// Per face, its space glyph if it is an outline face that has one.
    spaces: &'d [Option<u16>],
    /// An outline face and its space glyph, to carry the pictures' text (the last text's
    /// face before the pictures, where it has a space).
    carrier: Option<(usize, u16)>,
    /// Per (face, glyph): its picture, `None` when the glyph has none.
    placed: HashMap<(usize, u16), Option<Picture>>,
    images: &'d mut Vec<Arc<Image>>,
}

impl Pictures<'_> {
    fn replace_in(&mut self, frame: &mut Frame) {
        if !frame.items.iter().any(|(_, item)| self.concerns(item)) {
            return;
        }
        let items = std::mem::take(&mut frame.items);
        for (pos, mut item) in items {
            match &mut item {
                FrameItem::Text(text) if self.bitmap.get(text.face) == Some(&true) => {
                    self.push_pictures(frame, pos, text);
                    continue;
                }
                FrameItem::Text(text) => {
                    if let Some(&Some(space)) = self.spaces.get(text.face) {
                        self.carrier = Some((text.face, space));
                    }
                }
                FrameItem::Group(group) => self.replace_in(&mut group.frame),
                _ => {}
            }
            frame.items.push((pos, item));
        }
    }

    /// Whether `item` is, or holds, text in a bitmap face.
    fn concerns(&self, item: &FrameItem) -> bool {
        match item {
            FrameItem::Text(text) => self.bitmap.get(text.face) == Some(&true),
            FrameItem::Group(group) => group.frame.items.iter().any(|(_, i)| self.concerns(i)),
            _ => false,
        }
    }

    fn push_pictures(&mut self, frame: &mut Frame, pos: Point, text: &TextItem) {
        let mut pen = pos.x;
        for glyph in &text.glyphs {
            let origin = Point::new(pen + glyph.x_offset, pos.y - glyph.y_offset);
            pen += glyph.x_advance;
            let Some(picture) = self.picture(text.face, glyph.id) else {
                continue;
            };
            let em = text.size;
            let alt = text.glyph_text(glyph);
            frame.items.push((
                Point::new(origin.x + em * picture.left, origin.y + em * picture.top),
                FrameItem::Image(ImageItem {
                    image: picture.image,
                    size: Size::new(em * picture.width, em * picture.height),
                    // Without a carrier the text goes with the picture, for assistive
                    // technology at least.
                    alt: (self.carrier.is_none() && !alt.is_empty()).then(|| alt.to_string()),
                }),
            ));
        }
        if let Some((face, space)) = self.carrier {
            // Blank glyphs as wide as the pictures, standing for their text: extractors
            // read "bowl 🥣 and", and nothing is drawn over the pictures.
            let mut carrier = TextItem {
                face,
                glyphs: Vec::with_capacity(text.glyphs.len()),
                text: String::new(),
                ..text.clone()
            };
            for glyph in &text.glyphs {
                let offset = (Abs::zero(), Abs::zero());
                carrier.push_glyph(space, glyph.x_advance, offset, text.glyph_text(glyph));
            }
            frame.items.push((pos, FrameItem::Text(carrier)));
        }
    }

    fn picture(&mut self, face: usize, gid: u16) -> Option<Picture> {
        if let Some(found) = self.placed.get(&(face, gid)) {
            return *found;
        }
        let picture = self.decode(face, gid);
        self.placed.insert((face, gid), picture);
        picture
    }

    fn decode(&mut self, face: usize, gid: u16) -> Option<Picture> {
        let parsed = self.faces.get(face)?.as_ref()?;
        let raster = parsed.glyph_raster_image(ttf_parser::GlyphId(gid), u16::MAX)?;
        let image = pixels(&raster)?;
        let ppem = f64::from(raster.pixels_per_em.max(1));
        let (w, h) = (f64::from(raster.width), f64::from(raster.height));
        self.images.push(Arc::new(image));
        Some(Picture {
            image: self.images.len() - 1,
            left: f64::from(raster.x) / ppem,
            // (x, y) is the picture's bottom-left corner, y up from the baseline.
            top: -(f64::from(raster.y) + h) / ppem,
            width: w / ppem,
            height: h / ppem,
        })
    }
}

/// The longest side a picture is kept at: 540 ppi for body text, 270 ppi for a 17 pt
/// title, and a few KiB a picture, so a recipe of every emoji there is stays small
/// (Noto Color Emoji's strike is 136 pixels).
const MAX_PICTURE_PX: u32 = 64;

/// `rgba` at most [`MAX_PICTURE_PX`] on its longest side.
fn downscaled(width: u32, height: u32, rgba: Vec<u8>) -> Option<(u32, u32, Vec<u8>)> {
    let longest = width.max(height);
    if longest <= MAX_PICTURE_PX {
        return Some((width, height, rgba));
    }
    let scale = f64::from(MAX_PICTURE_PX) / f64::from(longest);
    let w = ((f64::from(width) * scale).round() as u32).max(1);
    let h = ((f64::from(height) * scale).round() as u32).max(1);
    let image = image::RgbaImage::from_raw(width, height, rgba)?;
    let small = image::imageops::resize(&image, w, h, image::imageops::FilterType::Triangle);
    Some((w, h, small.into_raw()))
}

/// The picture as 8-bit RGB and alpha.
fn pixels(raster: &ttf_parser::RasterGlyphImage) -> Option<Image> {
    use ttf_parser::RasterImageFormat::{BitmapPremulBgra32, PNG};
    let (width, height) = (u32::from(raster.width), u32::from(raster.height));
    let rgba: Vec<u8> = match raster.format {
        PNG => {
            let decoded =
                image::load_from_memory_with_format(raster.data, image::ImageFormat::Png).ok()?;
            let rgba = decoded.to_rgba8();
            rgba.into_raw()
        }
        BitmapPremulBgra32 => raster
            .data
            .chunks_exact(4)
            .flat_map(|p| {
                let unmultiply = |c: u8| {
                    if p[3] == 0 {
                        0
                    } else {
                        (u32::from(c) * 255 / u32::from(p[3])).min(255) as u8
                    }
                };
                [unmultiply(p[2]), unmultiply(p[1]), unmultiply(p[0]), p[3]]
            })
            .collect(),
        _ => return None,
    };
    if width == 0 || rgba.len() != width as usize * height as usize * 4 {
        return None;
    }
    let (width, height, rgba) = downscaled(width, height, rgba)?;
    let mut pixels = Vec::with_capacity(rgba.len() / 4 * 3);
    let mut alpha = Vec::with_capacity(rgba.len() / 4);
    for p in rgba.chunks_exact(4) {
        pixels.extend_from_slice(&p[..3]);
        alpha.push(p[3]);
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    Some(Image {
        width,
        height,
        data: ImageData::Rgb {
            pixels,
            alpha: (!opaque).then_some(alpha),
        },
        orientation: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_have_outlines() {
        for face in crate::text::FontBook::builtin().faces() {
            let parsed = ttf_parser::Face::parse(&face.data.data, face.data.index).unwrap();
            assert!(!is_bitmap_face(&parsed), "{}", face.data.name);
        }
    }

    #[test]
    fn premultiplied_pixels_are_unmultiplied() {
        let raster = ttf_parser::RasterGlyphImage {
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            pixels_per_em: 1,
            format: ttf_parser::RasterImageFormat::BitmapPremulBgra32,
            data: &[0, 0, 64, 128],
        };
        let image = pixels(&raster).unwrap();
        let ImageData::Rgb { pixels, alpha } = image.data else {
            panic!("pixels")
        };
        assert_eq!(pixels, [127, 0, 0]);
        assert_eq!(alpha, Some(vec![128]));
    }

    #[test]
    fn a_document_without_bitmap_faces_is_untouched() {
        let mut doc = Document {
            fonts: crate::text::FontBook::builtin().font_data(),
            ..Document::default()
        };
        doc.pages.push(crate::frame::Page {
            frame: Frame::new(Size::new(Abs::pt(10.0), Abs::pt(10.0))),
            trim: None,
        });
        draw_bitmap_glyphs(&mut doc);
        assert!(doc.images.is_empty());
    }
}
