//! Frames to content-stream operations, one page at a time, as printpdf `Op`s; and the
//! printpdf document of one part's pages, which printpdf turns into content streams.
//! Fonts and images are named here and written by the writer (`writer`), once per PDF.

use std::sync::Arc;

use printpdf::{
    Actions, BorderArray, ColorArray, CurTransMat, HighlightingMode, Line, LinePoint,
    LinkAnnotation, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, Pt, Rgb, XObjectId,
    XObjectTransform,
};

use super::font::{clusters, PartFonts};
use super::image::placement_matrix;
use super::primitive::{pt, round3};
use super::text::{
    cluster_text, codepoint, has_offset, marked_span, needs_actual_text, show_glyphs, GlyphRun,
};
use super::validate::positive;
use crate::frame::{
    Color, FrameItem, Geometry, GroupItem, Image, ImageItem, LinkItem, Page, Quarter, Shape,
    TextItem,
};
use crate::units::{Abs, Point, Rect};

/// printpdf's document of `pages`, without resources: the content streams name fonts
/// and images that the writer adds to the PDF itself.
pub(super) fn build_pdf_document(pages: &[Page], resources: &PageResources<'_>) -> PdfDocument {
    let mut pdf = PdfDocument::new("");
    pdf.pages = pages.iter().map(|page| pdf_page(page, resources)).collect();
    pdf
}

/// What the pages of one part draw with.
pub(super) struct PageResources<'a> {
    pub(super) fonts: PartFonts<'a>,
    pub(super) images: &'a [Arc<Image>],
    /// The XObject name of each of the part's images (`None`: not drawn).
    pub(super) image_names: &'a [Option<String>],
}

pub(super) fn pdf_page(page: &Page, resources: &PageResources<'_>) -> PdfPage {
    let size = page.frame.size;
    let mut writer = PageWriter::new(size.h, resources);
    for (pos, item) in &page.frame.items {
        writer.item(*pos, item);
    }
    // The trim box is set in `set_trim_boxes`: printpdf writes boxes as [x y w h].
    let media_box = printpdf::Rect::from_wh(pt(size.w), pt(size.h));
    PdfPage {
        media_box: media_box.clone(),
        trim_box: media_box.clone(),
        crop_box: media_box,
        ops: writer.finish(),
    }
}

/// Turns frame items into content-stream ops for one page, skipping redundant state
/// changes (QR codes are hundreds of same-coloured rectangles).
pub(super) struct PageWriter<'a> {
    resources: &'a PageResources<'a>,
    ops: Vec<Op>,
    in_text: bool,
    state: State,
}

/// What `q … Q` saves and restores, as far as the writer tracks it.
#[derive(Clone, Copy)]
struct State {
    page_height: Abs,
    /// Maps the current PDF user space (inside groups: the group's own) to the page's,
    /// for link annotations, which the content stream's `cm` does not move.
    to_page: Affine,
    font: Option<(usize, f32)>,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
}

impl<'a> PageWriter<'a> {
    fn new(page_height: Abs, resources: &'a PageResources<'a>) -> Self {
        PageWriter {
            resources,
            ops: Vec::new(),
            in_text: false,
            state: State {
                page_height,
                to_page: Affine::IDENTITY,
                font: None,
                fill: None,
                stroke: None,
                line_width: None,
            },
        }
    }

    fn finish(mut self) -> Vec<Op> {
        self.end_text();
        self.ops
    }

    fn item(&mut self, pos: Point, item: &FrameItem) {
        match item {
            FrameItem::Text(text) => self.text(pos, text),
            FrameItem::Shape(shape) => self.shape(pos, shape),
            FrameItem::Image(image) => self.image(pos, image),
            FrameItem::Link(link) => self.link(pos, link),
            FrameItem::Group(group) => self.group(pos, group),
        }
    }

    /// `q cm … Q`: the group's items are written in the group's own space, flipped once
    /// against the group's height; the matrix turns and places that space on the parent.
    fn group(&mut self, pos: Point, group: &GroupItem) {
        self.end_text();
        let matrix = group_matrix(group, pos, self.state.page_height);
        let saved = self.state;
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw(matrix.rounded()),
        });
        self.state.page_height = group.frame.size.h;
        self.state.to_page = self.state.to_page.after(matrix);
        if group.clip {
            let mut rectangle = self.pdf_rect(Rect::from_size(group.frame.size));
            rectangle.mode = Some(PaintMode::Clip);
            self.ops.push(Op::DrawRectangle { rectangle });
        }
        for (p, item) in &group.frame.items {
            self.item(*p, item);
        }
        self.end_text();
        self.ops.push(Op::RestoreGraphicsState);
        // `Q` restores colours, line width and font: forget what the group set.
        self.state = saved;
    }

    /// The one y flip: frame y (down from the top) to PDF y (up from the bottom).
    fn pdf_y(&self, y: Abs) -> Abs {
        self.state.page_height - y
    }

    /// A frame rectangle as a printpdf rectangle (lower-left corner, y up).
    fn pdf_rect(&self, r: Rect) -> printpdf::Rect {
        let mut rect = printpdf::Rect::from_wh(pt(r.w), pt(r.h));
        rect.x = pt(r.x);
        rect.y = pt(self.pdf_y(r.bottom()));
        rect
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn set_fill(&mut self, color: Color) {
        if self.state.fill != Some(color) {
            self.ops.push(Op::SetFillColor {
                col: pdf_color(color),
            });
            self.state.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Color, width: Abs) {
        if self.state.stroke != Some(color) {
            self.ops.push(Op::SetOutlineColor {
                col: pdf_color(color),
            });
            self.state.stroke = Some(color);
        }
        let width = pt(width).0;
        if self.state.line_width != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.state.line_width = Some(width);
        }
    }

    fn set_font(&mut self, face: usize, size: f32) {
        if self.state.font != Some((face, size)) {
            let id = printpdf::FontId(self.resources.fonts[&face].resource.clone());
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size),
            });
            self.state.font = Some((face, size));
        }
    }

    // --- text ---------------------------------------------------------------------

    /// A shaped run: plain glyphs go out as one `Tm` + kerned `TJ`; glyphs with shaper
    /// offsets get their own `Tm`; clusters whose text the font's `/ToUnicode` cannot
    /// express are wrapped in `/ActualText`.
    fn text(&mut self, pos: Point, item: &TextItem) {
        if item.glyphs.is_empty() || !positive(item.size) {
            return;
        }
        let font = self.resources.fonts[&item.face];
        let size = pt(item.size).0;
        self.begin_text();
        self.set_font(item.face, size);
        self.set_fill(item.fill);

        let origin_x = pos.x;
        let baseline = self.pdf_y(pos.y);
        let mut run = GlyphRun::default();
        let mut pen = Abs::zero();
        for cluster in clusters(&item.glyphs) {
            let actual = needs_actual_text(item, cluster, font);
            if actual {
                run.flush(&mut self.ops, origin_x, baseline);
                self.ops
                    .push(marked_span("ActualText", &cluster_text(item, cluster)));
            }
            for glyph in cluster {
                let cp = codepoint(item, glyph, font);
                if has_offset(glyph) {
                    run.flush(&mut self.ops, origin_x, baseline);
                    let x = origin_x + pen + glyph.x_offset;
                    let y = baseline + glyph.y_offset;
                    show_glyphs(&mut self.ops, x, y, &[cp]);
                } else {
                    run.push(pen, cp);
                }
                pen += glyph.x_advance;
            }
            if actual {
                run.flush(&mut self.ops, origin_x, baseline);
                self.ops.push(Op::EndMarkedContentWithProperties);
            }
        }
        run.flush(&mut self.ops, origin_x, baseline);
    }

    // --- shapes -------------------------------------------------------------------

    fn shape(&mut self, pos: Point, shape: &Shape) {
        self.end_text();
        match shape.geometry {
            Geometry::Rect(size) => self.rect(Rect::new(pos.x, pos.y, size.w, size.h), shape),
            Geometry::Line(to) => self.line(pos, pos + to, shape),
        }
    }

    fn rect(&mut self, r: Rect, shape: &Shape) {
        let mode = match (shape.fill, shape.stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(fill) = shape.fill {
            self.set_fill(fill);
        }
        if let Some(stroke) = shape.stroke {
            self.set_stroke(stroke.color, stroke.width);
        }
        let mut rectangle = self.pdf_rect(r);
        rectangle.mode = Some(mode);
        self.ops.push(Op::DrawRectangle { rectangle });
    }

    fn line(&mut self, from: Point, to: Point, shape: &Shape) {
        let Some(stroke) = shape.stroke else { return };
        self.set_stroke(stroke.color, stroke.width);
        let point = |p: Point| LinePoint {
            p: printpdf::Point {
                x: pt(p.x),
                y: pt(self.pdf_y(p.y)),
            },
            bezier: false,
        };
        let line = Line {
            points: vec![point(from), point(to)],
            is_closed: false,
        };
        self.ops.push(Op::DrawLine { line });
    }

    // --- images -------------------------------------------------------------------

    /// `q cm Do Q`; the matrix applies the EXIF orientation, so the stored
    /// (unrotated) JPEG lands upright in `item.size`.
    fn image(&mut self, pos: Point, item: &ImageItem) {
        self.end_text();
        let alt = item.alt.as_deref().filter(|a| !a.is_empty());
        if let Some(alt) = alt {
            self.ops.push(marked_span("Alt", alt));
        }
        self.ops.push(Op::SaveGraphicsState);
        let bottom = self.pdf_y(pos.y + item.size.h);
        let orientation = self.resources.images[item.image].orientation;
        let matrix = placement_matrix(orientation, pos.x, bottom, item.size.w, item.size.h);
        self.ops.push(Op::SetTransformationMatrix { matrix });
        self.ops.push(Op::UseXobject {
            id: XObjectId(
                self.resources.image_names[item.image]
                    .clone()
                    .unwrap_or_default(),
            ),
            // The matrix above already maps the unit square; no automatic scaling.
            transform: XObjectTransform {
                no_auto_scale: true,
                ..Default::default()
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
        if alt.is_some() {
            self.ops.push(Op::EndMarkedContentWithProperties);
        }
    }

    // --- links --------------------------------------------------------------------

    fn link(&mut self, pos: Point, link: &LinkItem) {
        let local = self.pdf_rect(Rect::new(pos.x, pos.y, link.size.w, link.size.h));
        // Annotations live in page space: inside (turned) groups, the box they cover.
        let rect = self.state.to_page.bbox(&local);
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                rect,
                Actions::Uri(link.url.clone()),
                // No visible border: these are printed cards.
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }
}

/// A PDF transformation matrix `[a b c d e f]`: (u, v) → (a u + c v + e, b u + d v + f).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Affine([f64; 6]);

impl Affine {
    const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// `inner` first, then `self` (what `q inner cm` does inside space `self`).
    fn after(&self, inner: Affine) -> Affine {
        let [a, b, c, d, e, f] = inner.0;
        let (e2, f2) = self.apply(e, f);
        let (a2, b2) = self.apply(a, b);
        let (c2, d2) = self.apply(c, d);
        let [_, _, _, _, oe, of] = self.0;
        Affine([a2 - oe, b2 - of, c2 - oe, d2 - of, e2, f2])
    }

    /// The axis-aligned box covering a (PDF, lower-left based) rectangle once mapped.
    fn bbox(&self, r: &printpdf::Rect) -> printpdf::Rect {
        let (x0, y0) = (f64::from(r.x.0), f64::from(r.y.0));
        let (x1, y1) = (x0 + f64::from(r.width.0), y0 + f64::from(r.height.0));
        let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)].map(|(x, y)| self.apply(x, y));
        let xs = corners.map(|c| c.0);
        let ys = corners.map(|c| c.1);
        let (min_x, max_x) = (fold(xs, f64::min), fold(xs, f64::max));
        let (min_y, max_y) = (fold(ys, f64::min), fold(ys, f64::max));
        let mut rect =
            printpdf::Rect::from_wh(Pt(round3(max_x - min_x)), Pt(round3(max_y - min_y)));
        rect.x = Pt(round3(min_x));
        rect.y = Pt(round3(min_y));
        rect
    }

    fn rounded(&self) -> [f32; 6] {
        self.0.map(round3)
    }
}

pub(super) fn fold(values: [f64; 4], f: fn(f64, f64) -> f64) -> f64 {
    values[1..].iter().fold(values[0], |a, &b| f(a, b))
}

/// The matrix from a group's own PDF space (origin bottom-left of its frame, y up) to
/// its parent's PDF space, for a group whose turned box has its top-left corner at
/// frame position `pos` on a parent of height `parent_height`.
///
/// With (u, v) in the group's space, its frame point is (u, h - v); the turn maps that
/// to (X, Y) in the placed box, which lands at (pos.x + X, parent_height - pos.y - Y).
pub(super) fn group_matrix(group: &GroupItem, pos: Point, parent_height: Abs) -> Affine {
    let (w, h) = (group.frame.size.w.to_pt(), group.frame.size.h.to_pt());
    let (x, top) = (pos.x.to_pt(), (parent_height - pos.y).to_pt());
    Affine(match group.rotation {
        // X = u, Y = h - v
        Quarter::R0 => [1.0, 0.0, 0.0, 1.0, x, top - h],
        // X = h - y = v, Y = x = u
        Quarter::R90 => [0.0, -1.0, 1.0, 0.0, x, top],
        // X = w - u, Y = v
        Quarter::R180 => [-1.0, 0.0, 0.0, -1.0, x + w, top],
        // X = y = h - v, Y = w - u
        Quarter::R270 => [0.0, 1.0, -1.0, 0.0, x + h, top - w],
    })
}

pub(super) fn pdf_color(c: Color) -> printpdf::Color {
    let unit = |v: u8| ((f32::from(v) / 255.0) * 1000.0).round() / 1000.0;
    printpdf::Color::Rgb(Rgb {
        r: unit(c.r),
        g: unit(c.g),
        b: unit(c.b),
        icc_profile: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Frame;

    #[test]
    fn group_matrices_agree_with_the_frame_geometry() {
        // For every turn, the `cm` matrix must put each point of the group's frame where
        // `GroupItem::to_parent` says, once both are flipped into PDF space.
        let (parent_h, pos) = (Abs::pt(800.0), Point::new(Abs::pt(50.0), Abs::pt(70.0)));
        for rotation in [Quarter::R0, Quarter::R90, Quarter::R180, Quarter::R270] {
            let group = GroupItem {
                frame: Frame::new(crate::units::Size::new(Abs::pt(300.0), Abs::pt(200.0))),
                rotation,
                clip: false,
            };
            let m = group_matrix(&group, pos, parent_h);
            for (x, y) in [(0.0, 0.0), (300.0, 0.0), (0.0, 200.0), (17.0, 33.0)] {
                let p = Point::new(Abs::pt(x), Abs::pt(y));
                let on_parent = group.to_parent(pos, p);
                let (px, py) = m.apply(x, 200.0 - y);
                assert!((px - on_parent.x.to_pt()).abs() < 1e-9, "{rotation:?} x");
                assert!(
                    (py - (parent_h - on_parent.y).to_pt()).abs() < 1e-9,
                    "{rotation:?} y"
                );
            }
        }
        // Nested: composing keeps the order (inner first).
        let shift = Affine([1.0, 0.0, 0.0, 1.0, 10.0, 20.0]);
        let turn = Affine([0.0, -1.0, 1.0, 0.0, 0.0, 0.0]);
        assert_eq!(shift.after(turn).apply(1.0, 2.0), (12.0, 19.0));
    }
}
