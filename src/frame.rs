//! The output of layout: pages of positioned items, ready to be written as they are.
//!
//! A [`Document`] is everything the renderer needs and nothing more: frames with
//! absolute positions (top-left origin, y down, points), the font faces and images
//! they reference by index, and metadata. Layout never touches the PDF crate;
//! the renderer never measures or breaks text.

use std::sync::Arc;

use crate::units::{Abs, Point, Rect, Size};

/// A laid-out document: one entry in `pages` per PDF page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Font faces referenced by [`TextItem::face`]; only faces with glyphs on a page get embedded.
    pub fonts: Vec<Arc<FontData>>,
    /// Images referenced by [`ImageItem::image`].
    pub images: Vec<Arc<Image>>,
    pub meta: Metadata,
    /// Bookmarks; nested entries (chapter → recipe) are allowed.
    pub outline: Vec<OutlineEntry>,
    /// How viewers number the pages (e.g. i, ii for front matter, then 1, 2, …);
    /// empty for plain 1, 2, 3.
    pub page_labels: Vec<PageLabel>,
}

/// A numbering range starting at `page` (an index into [`Document::pages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLabel {
    pub page: usize,
    pub style: LabelStyle,
    /// The number shown on the range's first page.
    pub first: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    Decimal,
    LowerRoman,
}

impl Document {
    /// Appends another document's pages after this one's (a combined PDF of several
    /// recipes). Both must come from the same font book.
    pub fn append(&mut self, other: Document) {
        let page_offset = self.pages.len();
        let image_offset = self.images.len();
        self.images.extend(other.images);
        for mut page in other.pages {
            page.frame.for_each_item_mut(&mut |item| {
                if let FrameItem::Image(image) = item {
                    image.image += image_offset;
                }
            });
            self.pages.push(page);
        }
        self.outline
            .extend(other.outline.into_iter().map(|e| e.shifted(page_offset)));
        if self.fonts.len() < other.fonts.len() {
            self.fonts = other.fonts;
        }
    }
}

impl OutlineEntry {
    /// The entry (and its children) pointing `pages` pages further on.
    pub fn shifted(mut self, pages: usize) -> Self {
        self.page += pages;
        self.children = self
            .children
            .into_iter()
            .map(|c| c.shifted(pages))
            .collect();
        self
    }
}

/// One page: its content and, when the page is larger than what gets cut out of it, the trim box.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub frame: Frame,
    /// The finished (cut) area of the page, if it differs from the media box.
    pub trim: Option<Rect>,
}

/// A fixed-size area with items at absolute positions (relative to the frame's top-left corner).
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub size: Size,
    pub items: Vec<(Point, FrameItem)>,
}

impl Frame {
    pub fn new(size: Size) -> Self {
        Frame {
            size,
            items: Vec::new(),
        }
    }

    pub fn push(&mut self, pos: Point, item: FrameItem) {
        self.items.push((pos, item));
    }

    /// Places all items of `other` into this frame, shifted by `offset`.
    pub fn push_frame(&mut self, offset: Point, other: Frame) {
        self.items.extend(
            other
                .items
                .into_iter()
                .map(|(pos, item)| (pos + offset, item)),
        );
    }

    /// Places `other` as a group whose turned box has its top-left corner at `pos`
    /// (for [`Quarter::R0`] the same picture as [`Frame::push_frame`], kept as one item).
    pub fn push_group(&mut self, pos: Point, other: Frame, rotation: Quarter) {
        self.push(
            pos,
            FrameItem::Group(GroupItem {
                frame: other,
                rotation,
                clip: false,
            }),
        );
    }

    /// Places `other` upright as a group whose items are cut to its frame: how
    /// `fit: cover` crops a photo without re-encoding it.
    pub fn push_clipped(&mut self, pos: Point, other: Frame) {
        self.push(
            pos,
            FrameItem::Group(GroupItem {
                frame: other,
                rotation: Quarter::R0,
                clip: true,
            }),
        );
    }

    /// Every item, groups' contents included (depth first, in drawing order).
    pub fn all_items(&self) -> Vec<&FrameItem> {
        let mut out = Vec::new();
        fn walk<'a>(frame: &'a Frame, out: &mut Vec<&'a FrameItem>) {
            for (_, item) in &frame.items {
                out.push(item);
                if let FrameItem::Group(group) = item {
                    walk(&group.frame, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }

    /// Calls `f` on every item, groups' contents included.
    pub fn for_each_item_mut(&mut self, f: &mut dyn FnMut(&mut FrameItem)) {
        for (_, item) in &mut self.items {
            f(item);
            if let FrameItem::Group(group) = item {
                group.frame.for_each_item_mut(f);
            }
        }
    }
}

#[derive(Debug, Clone)]
pub enum FrameItem {
    Text(TextItem),
    Shape(Shape),
    Image(ImageItem),
    Link(LinkItem),
    /// A frame drawn as a unit, possibly turned (imposition: cards on a sheet).
    Group(GroupItem),
}

/// A frame placed as a whole. Its position is the top-left corner of the *turned* box
/// (`frame.size`, or `frame.size` transposed for quarter turns); its items keep their
/// own coordinates (top-left origin of `frame`).
#[derive(Debug, Clone)]
pub struct GroupItem {
    pub frame: Frame,
    pub rotation: Quarter,
    /// Whether the items are cut to the frame's bounds (in the group's coordinates, so
    /// the clip moves and turns with the group).
    pub clip: bool,
}

/// A turn by a multiple of 90°, clockwise as seen on the page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Quarter {
    #[default]
    R0,
    R90,
    R180,
    R270,
}

impl Quarter {
    /// This turn followed by `other`.
    pub fn then(self, other: Quarter) -> Quarter {
        Quarter::from_steps(self.steps() + other.steps())
    }

    /// Number of clockwise quarter turns, 0–3.
    pub fn steps(self) -> u8 {
        match self {
            Quarter::R0 => 0,
            Quarter::R90 => 1,
            Quarter::R180 => 2,
            Quarter::R270 => 3,
        }
    }

    pub fn from_steps(steps: u8) -> Quarter {
        match steps % 4 {
            0 => Quarter::R0,
            1 => Quarter::R90,
            2 => Quarter::R180,
            _ => Quarter::R270,
        }
    }

    /// Whether width and height swap.
    pub fn is_sideways(self) -> bool {
        matches!(self, Quarter::R90 | Quarter::R270)
    }
}

impl GroupItem {
    /// The size the group takes up on its parent (after turning).
    pub fn placed_size(&self) -> Size {
        if self.rotation.is_sideways() {
            self.frame.size.transposed()
        } else {
            self.frame.size
        }
    }

    /// The box the group takes up on its parent, placed at `pos`.
    pub fn bbox(&self, pos: Point) -> Rect {
        let size = self.placed_size();
        Rect::new(pos.x, pos.y, size.w, size.h)
    }

    /// Where a point of the group's own frame lands on the parent, group placed at `pos`.
    pub fn to_parent(&self, pos: Point, p: Point) -> Point {
        let Size { w, h } = self.frame.size;
        let turned = match self.rotation {
            Quarter::R0 => p,
            Quarter::R90 => Point::new(h - p.y, p.x),
            Quarter::R180 => Point::new(w - p.x, h - p.y),
            Quarter::R270 => Point::new(p.y, w - p.x),
        };
        pos + turned
    }

    /// A rectangle of the group's own frame as the (axis-aligned) box it covers on the parent.
    pub fn rect_to_parent(&self, pos: Point, r: Rect) -> Rect {
        let a = self.to_parent(pos, r.origin());
        let b = self.to_parent(pos, Point::new(r.right(), r.bottom()));
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }
}

/// A run of shaped glyphs in one face, size and colour, and the text they stand for (as
/// Typst's `TextItem` carries it): copy/paste, search, `/ToUnicode` and `/ActualText`
/// follow from the frame. Its position is the start of the baseline.
#[derive(Debug, Clone)]
pub struct TextItem {
    /// Index into [`Document::fonts`].
    pub face: usize,
    pub size: Abs,
    pub fill: Color,
    /// The clusters' text, in the order the glyphs are drawn.
    pub text: String,
    pub glyphs: Vec<Glyph>,
    /// Ascent and descent at this size (positive), for bounding boxes.
    pub ascent: Abs,
    pub descent: Abs,
}

impl TextItem {
    /// The advance width of the whole run.
    pub fn width(&self) -> Abs {
        self.glyphs.iter().map(|g| g.x_advance).sum()
    }

    /// The box the run occupies, given its baseline start.
    pub fn bbox(&self, pos: Point) -> Rect {
        Rect::new(
            pos.x,
            pos.y - self.ascent,
            self.width(),
            self.ascent + self.descent,
        )
    }

    /// The text the glyphs stand for (what copy/paste and search see).
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The text `glyph` (one of this item's) stands for: its cluster's on the cluster's
    /// first glyph, "" on the others.
    pub fn glyph_text(&self, glyph: &Glyph) -> &str {
        self.text
            .get(glyph.text.start as usize..glyph.text.end as usize)
            .unwrap_or("")
    }

    /// Appends a glyph standing for `text` ("" when it continues the cluster before).
    pub fn push_glyph(&mut self, id: u16, x_advance: Abs, offset: (Abs, Abs), text: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.glyphs.push(Glyph {
            id,
            x_advance,
            x_offset: offset.0,
            y_offset: offset.1,
            text: start..self.text.len() as u32,
        });
    }
}

/// One shaped glyph. Advances and offsets are already scaled to the run's size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Shaped advance (with kerning), in points.
    pub x_advance: Abs,
    /// Shaper offsets (mark positioning), in points; y is upwards as in fonts.
    pub x_offset: Abs,
    pub y_offset: Abs,
    /// Where in [`TextItem::text`] the text this glyph stands for is: a whole cluster on
    /// its first glyph (e.g. "fi" for a ligature), empty for further glyphs of the same
    /// cluster. (Byte offsets; one string per run instead of one per glyph.)
    pub text: std::ops::Range<u32>,
}

impl Glyph {
    /// Whether this glyph starts a cluster (it stands for text of its own).
    pub fn starts_cluster(&self) -> bool {
        !self.text.is_empty()
    }
}

/// A filled and/or stroked geometric shape; its position is its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub geometry: Geometry,
    pub fill: Option<Color>,
    pub stroke: Option<Stroke>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// A rectangle of the given size.
    Rect(Size),
    /// A straight line to the given point (relative to the shape's position).
    Line(Point),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: Abs,
}

/// An image drawn into `size` (the oriented image's full extent, positioned at the item's
/// point); a clipped [`GroupItem`] around it crops it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// Index into [`Document::images`].
    pub image: usize,
    pub size: Size,
    /// Alternative text, for accessibility.
    pub alt: Option<String>,
}

/// A clickable area linking to a URL; its position is its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkItem {
    pub size: Size,
    pub url: String,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    pub const WHITE: Color = Color::rgb(255, 255, 255);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }

    /// This colour moved `amount` (0–1) of the way towards `other`.
    pub fn mix(self, other: Color, amount: f64) -> Color {
        let t = amount.clamp(0.0, 1.0);
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Color::rgb(
            channel(self.r, other.r),
            channel(self.g, other.g),
            channel(self.b, other.b),
        )
    }
}

/// A font face's data as the renderer needs it.
#[derive(Debug)]
pub struct FontData {
    /// The PostScript name, written as `/BaseFont` (with a subset tag).
    pub name: String,
    pub data: Arc<[u8]>,
    /// Index of the face in a collection file; 0 for plain TTF/OTF.
    pub index: u32,
}

/// A decoded-enough image: JPEGs are kept as their original bytes (embedded as-is),
/// everything else as 8-bit pixels.
#[derive(Debug)]
pub struct Image {
    /// Pixel dimensions as stored (before orientation).
    pub width: u32,
    pub height: u32,
    pub data: ImageData,
    /// EXIF orientation 1–8 still to apply at placement (only for passthrough JPEGs;
    /// pixel images are already rotated and have 1).
    pub orientation: u8,
}

impl Image {
    /// Width and height as displayed, i.e. after applying the orientation
    /// (orientations 5–8 swap width and height).
    pub fn display_size_px(&self) -> (u32, u32) {
        if (5..=8).contains(&self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// Displayed width divided by displayed height (1.0 for a degenerate image).
    pub fn display_aspect_ratio(&self) -> f64 {
        let (w, h) = self.display_size_px();
        if w == 0 || h == 0 {
            1.0
        } else {
            f64::from(w) / f64::from(h)
        }
    }
}

#[derive(Debug)]
pub enum ImageData {
    /// Baseline or progressive JPEG, embedded with DCTDecode as-is.
    Jpeg { bytes: Arc<[u8]>, components: u8 },
    /// 8-bit RGB pixels, row-major, plus an optional 8-bit alpha channel.
    Rgb {
        pixels: Vec<u8>,
        alpha: Option<Vec<u8>>,
    },
}

/// Document metadata (PDF Info dictionary and catalog language).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
    /// BCP-47 language tag, e.g. "vi".
    pub lang: Option<String>,
}

/// A bookmark pointing at the top of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// Index into [`Document::pages`].
    pub page: usize,
    pub children: Vec<OutlineEntry>,
}
