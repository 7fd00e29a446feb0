//! One walk over a page's frames for the image renderers (PNG and SVG): every item
//! becomes a filled or stroked path, a glyph outline or a placed image, in page
//! coordinates (points, top-left origin, y down — the frames' own, so no flip at all).
//!
//! The walker knows geometry and fonts; a [`Canvas`] knows only how to put paint on
//! its surface. Glyph outlines come from the same font programs the PDF embeds (read
//! with skrifa), so an image shows exactly the glyphs the PDF prints.

use std::collections::HashMap;

use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{Path, PathBuilder, Rect as SkRect, Transform};

use crate::frame::{
    Color, Document, FontData, Frame, FrameItem, Geometry, GroupItem, Image, ImageItem, LinkItem,
    Shape, Stroke, TextItem,
};
use crate::units::{Abs, Point};

/// Where the walker puts paint. Transforms map the given geometry to page points.
pub trait Canvas {
    /// A filled path (a rectangle, a glyph outline).
    fn fill(&mut self, path: &Path, transform: Transform, color: Color);
    /// A stroked path; `width` is in the path's own units, scaled by `transform`.
    fn stroke(&mut self, path: &Path, transform: Transform, stroke: Stroke);
    /// A glyph outline in font units (y up), filled; `key` names it for reuse.
    fn glyph(&mut self, key: GlyphKey, outline: &Path, transform: Transform, color: Color) {
        let _ = key;
        self.fill(outline, transform, color);
    }
    /// An image whose stored pixels (x right, y down, one unit per pixel) `transform`
    /// maps onto the page.
    fn image(&mut self, placed: PlacedImage<'_>);
    /// Until the matching [`Canvas::pop_clip`], paint only inside `rect` under
    /// `transform` (within any clip already pushed).
    fn push_clip(&mut self, rect: SkRect, transform: Transform);
    fn pop_clip(&mut self);
    /// A clickable area; most surfaces have none.
    fn link(&mut self, _area: &Path, _transform: Transform, _url: &str) {}
}

/// One glyph of one face: what an SVG defines once and uses many times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlyphKey {
    pub face: usize,
    pub id: u16,
}

/// An image ready to draw.
pub struct PlacedImage<'a> {
    /// Index into [`Document::images`].
    pub index: usize,
    pub image: &'a Image,
    pub transform: Transform,
}

/// Glyph outlines read once per face and glyph, for every page of a document.
#[derive(Default)]
pub struct Outlines {
    /// Per face: units per em, or `None` when the font cannot be read.
    faces: HashMap<usize, Option<f32>>,
    glyphs: HashMap<GlyphKey, Option<Path>>,
}

impl Outlines {
    fn units_per_em(&mut self, face: usize, data: &FontData) -> Option<f32> {
        *self.faces.entry(face).or_insert_with(|| {
            let font = FontRef::from_index(&data.data, data.index).ok()?;
            let upem = font
                .metrics(FontSize::unscaled(), LocationRef::default())
                .units_per_em;
            (upem > 0).then_some(f32::from(upem))
        })
    }

    /// The outline of a glyph in font units; `None` for empty glyphs (spaces) and
    /// glyphs without outlines (bitmap emoji).
    fn glyph(&mut self, key: GlyphKey, data: &FontData) -> Option<&Path> {
        self.glyphs
            .entry(key)
            .or_insert_with(|| {
                let font = FontRef::from_index(&data.data, data.index).ok()?;
                let glyph = font.outline_glyphs().get(GlyphId::new(u32::from(key.id)))?;
                let mut pen = PathPen(PathBuilder::new());
                let settings = DrawSettings::unhinted(FontSize::unscaled(), LocationRef::default());
                glyph.draw(settings, &mut pen).ok()?;
                pen.0.finish()
            })
            .as_ref()
    }
}

/// Collects skrifa's outline commands into a tiny-skia path.
struct PathPen(PathBuilder);

impl OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// Paints one page's frame onto `canvas`, with `base` mapping page points to the
/// canvas (a pixel scale for PNG, identity for SVG).
pub fn paint_page(
    doc: &Document,
    frame: &Frame,
    base: Transform,
    outlines: &mut Outlines,
    canvas: &mut dyn Canvas,
) {
    let mut walker = Walker {
        doc,
        outlines,
        canvas,
    };
    walker.frame(frame, base);
}

struct Walker<'a> {
    doc: &'a Document,
    outlines: &'a mut Outlines,
    canvas: &'a mut dyn Canvas,
}

impl Walker<'_> {
    fn frame(&mut self, frame: &Frame, ctm: Transform) {
        for (pos, item) in &frame.items {
            match item {
                FrameItem::Text(text) => self.text(*pos, text, ctm),
                FrameItem::Shape(shape) => self.shape(*pos, shape, ctm),
                FrameItem::Image(image) => self.image(*pos, image, ctm),
                FrameItem::Link(link) => self.link(*pos, link, ctm),
                FrameItem::Group(group) => {
                    let ctm = ctm.pre_concat(group_transform(group, *pos));
                    let size = group.frame.size;
                    let clip = group
                        .clip
                        .then(|| {
                            SkRect::from_xywh(
                                0.0,
                                0.0,
                                size.w.to_pt() as f32,
                                size.h.to_pt() as f32,
                            )
                        })
                        .flatten();
                    if let Some(rect) = clip {
                        self.canvas.push_clip(rect, ctm);
                    }
                    self.frame(&group.frame, ctm);
                    if clip.is_some() {
                        self.canvas.pop_clip();
                    }
                }
            }
        }
    }

    fn text(&mut self, pos: Point, item: &TextItem, ctm: Transform) {
        let size = item.size.to_pt() as f32;
        let Some(data) = self.doc.fonts.get(item.face) else {
            return;
        };
        if !(size.is_finite() && size > 0.0) {
            return;
        }
        let Some(upem) = self.outlines.units_per_em(item.face, data) else {
            return;
        };
        let scale = size / upem;
        let mut pen = pos.x;
        for glyph in &item.glyphs {
            let key = GlyphKey {
                face: item.face,
                id: glyph.id,
            };
            let x = (pen + glyph.x_offset).to_pt() as f32;
            let y = (pos.y - glyph.y_offset).to_pt() as f32;
            pen += glyph.x_advance;
            let Some(outline) = self.outlines.glyph(key, data) else {
                continue;
            };
            // Font units are y up: flip while scaling to the run's size.
            let transform = ctm.pre_concat(Transform::from_row(scale, 0.0, 0.0, -scale, x, y));
            self.canvas.glyph(key, outline, transform, item.fill);
        }
    }

    fn shape(&mut self, pos: Point, shape: &Shape, ctm: Transform) {
        let (x, y) = (pos.x.to_pt() as f32, pos.y.to_pt() as f32);
        let path = match shape.geometry {
            Geometry::Rect(size) => {
                SkRect::from_xywh(x, y, size.w.to_pt() as f32, size.h.to_pt() as f32)
                    .map(PathBuilder::from_rect)
            }
            Geometry::Line(to) => {
                let mut line = PathBuilder::new();
                line.move_to(x, y);
                line.line_to(x + to.x.to_pt() as f32, y + to.y.to_pt() as f32);
                line.finish()
            }
        };
        let Some(path) = path else { return };
        if let (Some(fill), Geometry::Rect(_)) = (shape.fill, &shape.geometry) {
            self.canvas.fill(&path, ctm, fill);
        }
        if let Some(stroke) = shape.stroke.filter(|s| s.width.to_pt() > 0.0) {
            self.canvas.stroke(&path, ctm, stroke);
        }
    }

    fn image(&mut self, pos: Point, item: &ImageItem, ctm: Transform) {
        let Some(image) = self.doc.images.get(item.image) else {
            return;
        };
        if image.width == 0 || image.height == 0 {
            return;
        }
        let placement = image_transform(image, pos, item);
        self.canvas.image(PlacedImage {
            index: item.image,
            image,
            transform: ctm.pre_concat(placement),
        });
    }

    fn link(&mut self, pos: Point, link: &LinkItem, ctm: Transform) {
        let area = SkRect::from_xywh(
            pos.x.to_pt() as f32,
            pos.y.to_pt() as f32,
            link.size.w.to_pt() as f32,
            link.size.h.to_pt() as f32,
        );
        if let Some(area) = area {
            self.canvas
                .link(&PathBuilder::from_rect(area), ctm, &link.url);
        }
    }
}

/// A group's own frame space to its parent's: found from where [`GroupItem::to_parent`]
/// sends the origin and the two unit vectors, so it can never disagree with layout.
fn group_transform(group: &GroupItem, pos: Point) -> Transform {
    let at = |x: f64, y: f64| group.to_parent(pos, Point::new(Abs::pt(x), Abs::pt(y)));
    let (o, ex, ey) = (at(0.0, 0.0), at(1.0, 0.0), at(0.0, 1.0));
    let pt = |a: Abs| a.to_pt() as f32;
    Transform::from_row(
        pt(ex.x - o.x),
        pt(ex.y - o.y),
        pt(ey.x - o.x),
        pt(ey.y - o.y),
        pt(o.x),
        pt(o.y),
    )
}

/// Stored image pixels to frame points: the image's EXIF orientation turns it upright
/// into `item.size` at `pos` (the same placement as the PDF's).
fn image_transform(image: &Image, pos: Point, item: &ImageItem) -> Transform {
    // Stored pixels (x right, y down) to the unit square, then the orientation maps the
    // unit square onto the displayed box's unit square (both y down here).
    let to_unit = Transform::from_scale(1.0 / image.width as f32, 1.0 / image.height as f32);
    let (a, b, c, d, e, f) = match image.orientation {
        2 => (-1.0, 0.0, 0.0, 1.0, 1.0, 0.0),
        3 => (-1.0, 0.0, 0.0, -1.0, 1.0, 1.0),
        4 => (1.0, 0.0, 0.0, -1.0, 0.0, 1.0),
        5 => (0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        6 => (0.0, 1.0, -1.0, 0.0, 1.0, 0.0),
        7 => (0.0, -1.0, -1.0, 0.0, 1.0, 1.0),
        8 => (0.0, -1.0, 1.0, 0.0, 0.0, 1.0),
        _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    };
    let orient = Transform::from_row(a, b, c, d, e, f);
    let to_box = Transform::from_row(
        item.size.w.to_pt() as f32,
        0.0,
        0.0,
        item.size.h.to_pt() as f32,
        pos.x.to_pt() as f32,
        pos.y.to_pt() as f32,
    );
    to_box.pre_concat(orient).pre_concat(to_unit)
}

/// Whether `path` is an upright rectangle (as `PathBuilder::from_rect` makes): rules,
/// boxes and QR modules, which rasterisers draw on whole pixels.
pub fn is_rectangle(path: &Path) -> bool {
    let bounds = path.bounds();
    path.points().len() == 4
        && path.points().iter().all(|p| {
            (p.x == bounds.left() || p.x == bounds.right())
                && (p.y == bounds.top() || p.y == bounds.bottom())
        })
}

/// Whether `path` is one straight line across or down the page.
pub fn is_straight_rule(path: &Path) -> bool {
    matches!(path.points(), [a, b] if a.x == b.x || a.y == b.y)
}

/// Whether `transform` keeps lines across and down the page as such: upright, or turned
/// by a quarter (cards imposed sideways on paper).
pub fn keeps_axes(transform: Transform) -> bool {
    let upright = transform.kx == 0.0 && transform.ky == 0.0;
    let quarter = transform.sx == 0.0 && transform.sy == 0.0;
    upright || quarter
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every orientation sends the stored image's corners to the box's corners, with the
    /// stored top-left corner where EXIF says it belongs.
    #[test]
    fn orientations_turn_the_stored_top_left_corner_into_place() {
        let item = ImageItem {
            image: 0,
            size: crate::units::Size {
                w: Abs::pt(10.0),
                h: Abs::pt(20.0),
            },
            alt: None,
        };
        // Where the stored top-left pixel corner lands (x, y in the box, y down).
        let expected = [
            (1, (0.0, 0.0)),
            (2, (10.0, 0.0)),
            (3, (10.0, 20.0)),
            (4, (0.0, 20.0)),
            (5, (0.0, 0.0)),
            (6, (10.0, 0.0)),
            (7, (10.0, 20.0)),
            (8, (0.0, 20.0)),
        ];
        for (orientation, (x, y)) in expected {
            let image = Image {
                width: 4,
                height: 2,
                data: crate::frame::ImageData::Rgb {
                    pixels: vec![0; 24],
                    alpha: None,
                },
                orientation,
            };
            let t = image_transform(&image, Point::new(Abs::zero(), Abs::zero()), &item);
            let mut p = [tiny_skia::Point::from_xy(0.0, 0.0)];
            t.map_points(&mut p);
            assert!(
                (p[0].x - x).abs() < 1e-4 && (p[0].y - y).abs() < 1e-4,
                "orientation {orientation}: {:?}",
                p[0]
            );
        }
    }
}
