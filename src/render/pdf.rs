//! The PDF writer: turns a laid-out [`Document`] into PDF bytes with `printpdf`.
//!
//! Everything `printpdf`-specific (and every workaround for it) lives in this file:
//! - fonts and images go into `doc.resources` under fixed ids, so resource names and
//!   subset tags do not depend on printpdf's process-wide id counter;
//! - TrueType faces are subset here (`fontfile`, once per document, from tables read
//!   once per process) and their Type 0 font objects are added with `lopdf`; their text
//!   goes out as `TJ` operators through `Op::Unknown`. printpdf's own subsetting
//!   re-parsed every face and every subset for every document and was most of the time
//!   of a card; it is still used for faces `fontfile` does not read (CFF outlines);
//! - JPEGs are embedded byte-for-byte as an external image XObject (printpdf's
//!   `RawImage` would decode and re-encode them);
//! - Info dictionary, `/Lang`, `/ViewerPreferences`, the nested outline and the
//!   trailer `/ID` are written with `lopdf` after printpdf has built its document,
//!   because printpdf writes a flat outline, random ids and no viewer preferences.
//!
//! Coordinates: the frame is top-left origin with y down; this module flips y exactly
//! once (`pdf_y = page_height - y`) and writes items as they are, never measuring text.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, CurTransMat, DictItem, ExternalStream,
    ExternalXObject, FontId, HighlightingMode, Line, LinePoint, LinkAnnotation, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Px, Rgb,
    TextMatrix, XObject, XObjectId, XObjectTransform,
};

use super::fontfile::{Subset, TrueType};
use crate::error::Error;
use crate::frame::{
    Color, Document, FontData, Frame, FrameItem, Geometry, Glyph, GroupItem, Image, ImageData,
    ImageItem, LinkItem, Metadata, OutlineEntry, Page, Quarter, Shape, TextItem,
};
use crate::units::{Abs, Point, Rect};

/// What the PDF says about who made it. Everything else comes from the [`Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// The Info dictionary's `/Producer`.
    pub producer: String,
    /// Creation and modification date, in seconds since the Unix epoch. Never the wall
    /// clock: [`RenderOptions::default`] takes `SOURCE_DATE_EPOCH` if set, else 0.
    pub date_epoch: i64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            producer: concat!("cardgen ", env!("CARGO_PKG_VERSION")).to_string(),
            date_epoch: source_date_epoch().unwrap_or(0),
        }
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds convention), if set to a valid integer.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Writes `doc` as a PDF. The same document and options always give the same bytes,
/// whichever thread renders it and however many documents were rendered before.
pub fn render(doc: &Document, opts: &RenderOptions) -> Result<Vec<u8>, Error> {
    validate(doc)?;
    let fonts = prepare_fonts(doc)?;
    let pdf = build_pdf_document(doc, &fonts)?;
    let mut lo = to_lopdf(&pdf)?;
    drop(pdf);
    slim_font_programs(&mut lo);
    add_subset_fonts(&mut lo, doc, fonts)?;
    finish_document(&mut lo, doc, opts)?;
    save(&mut lo)
}

/// A renderer failure: a broken document or a printpdf/lopdf failure. Either is a bug of
/// ours (layout made the document; nothing here reads the user's files).
fn render_error(message: impl Into<String>) -> Error {
    Error::Internal(format!("PDF renderer: {}", message.into()))
}

// ---------------------------------------------------------------------------------------
// Validation: everything printpdf would otherwise index blindly (and panic on).

fn validate(doc: &Document) -> Result<(), Error> {
    if doc.pages.is_empty() {
        return Err(render_error("document has no pages"));
    }
    for (n, page) in doc.pages.iter().enumerate() {
        let size = page.frame.size;
        if !(positive(size.w) && positive(size.h)) {
            return Err(render_error(format!(
                "page {}: invalid size {} x {} pt",
                n + 1,
                size.w.to_pt(),
                size.h.to_pt()
            )));
        }
        validate_frame(doc, n, &page.frame)?;
    }
    validate_outline(&doc.outline, doc.pages.len())
}

fn validate_frame(doc: &Document, n: usize, frame: &Frame) -> Result<(), Error> {
    for (pos, item) in &frame.items {
        if !(pos.x.is_finite() && pos.y.is_finite()) {
            return Err(render_error(format!(
                "page {}: item at a non-finite position",
                n + 1
            )));
        }
        validate_item(doc, n, item)?;
        if let FrameItem::Group(group) = item {
            let size = group.frame.size;
            if !(size.w.is_finite() && size.h.is_finite()) {
                return Err(render_error(format!(
                    "page {}: group of non-finite size",
                    n + 1
                )));
            }
            validate_frame(doc, n, &group.frame)?;
        }
    }
    Ok(())
}

fn positive(a: Abs) -> bool {
    a.is_finite() && a.to_pt() > 0.0
}

fn validate_item(doc: &Document, page: usize, item: &FrameItem) -> Result<(), Error> {
    match item {
        FrameItem::Text(text) if text.face >= doc.fonts.len() => Err(render_error(format!(
            "page {}: text refers to font face {} but the document has {}",
            page + 1,
            text.face,
            doc.fonts.len()
        ))),
        FrameItem::Image(img) if img.image >= doc.images.len() => Err(render_error(format!(
            "page {}: image item refers to image {} but the document has {}",
            page + 1,
            img.image,
            doc.images.len()
        ))),
        _ => Ok(()),
    }
}

fn validate_outline(entries: &[OutlineEntry], pages: usize) -> Result<(), Error> {
    for entry in entries {
        if entry.page >= pages {
            return Err(render_error(format!(
                "bookmark \"{}\" points at page {} but the document has {pages}",
                entry.title,
                entry.page + 1
            )));
        }
        validate_outline(&entry.children, pages)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Fonts

/// A face that is used in the document.
struct UsedFont<'d> {
    /// Resource name; its first 6 letters are the subset tag.
    id: FontId,
    /// The text each glyph id maps to in `/ToUnicode` (see [`unicode_mappings`]).
    unicode: GidMap<&'d str>,
    program: Program,
}

/// How a used face gets into the PDF.
enum Program {
    /// Subset here (see `fontfile`) and written with lopdf after printpdf: the content
    /// stream carries the subset's renumbered glyph ids.
    Subset {
        face: Arc<Embeddable>,
        subset: Subset,
        /// Subset glyph id of each original glyph id (`u16::MAX`: not in the subset).
        new_id: Vec<u16>,
    },
    /// Registered with printpdf, which subsets it (faces `fontfile` cannot read, such
    /// as CFF-outline OpenType).
    Printpdf(Arc<Embeddable>),
}

impl Program {
    /// The glyph id written into the content stream for original glyph `gid`.
    fn code(&self, gid: u16) -> u16 {
        match self {
            Program::Subset { new_id, .. } => new_id.get(usize::from(gid)).copied().unwrap_or(0),
            Program::Printpdf(_) => gid,
        }
    }

    /// The advance of original glyph `gid` in 1/1000 em exactly as the font's `/W`
    /// says (f32 arithmetic, truncated), so `TJ` adjustments cancel it exactly.
    fn advance(&self, gid: u16) -> i64 {
        match self {
            Program::Subset { face, .. } | Program::Printpdf(face) => face.advance(gid),
        }
    }
}

/// The used faces, by index into [`Document::fonts`].
type UsedFonts<'d> = BTreeMap<usize, UsedFont<'d>>;

/// A map keyed by glyph id, looked up for every glyph drawn: hashed with one multiply
/// instead of SipHash.
type GidMap<V> = HashMap<u16, V, BuildHasherDefault<GidHasher>>;

#[derive(Default)]
struct GidHasher(u64);

impl Hasher for GidHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn prepare_fonts(doc: &Document) -> Result<UsedFonts<'_>, Error> {
    let mut used = UsedFonts::new();
    let mut tags_taken = Vec::new();
    let mut unicode = unicode_mappings(doc);
    for (face, glyphs) in glyphs_by_face(doc) {
        let data = &doc.fonts[face];
        let embeddable = embeddable_face(data)?;
        check_glyph_ids(data, embeddable.num_glyphs(), &glyphs)?;
        let tag = unique_tag(subset_tag(data, &glyphs), &tags_taken);
        tags_taken.push(tag.clone());
        let program = match &embeddable.program {
            FaceProgram::TrueType(truetype) => match truetype.subset(&data.data, &glyphs) {
                Some(subset) => {
                    let mut new_id = vec![u16::MAX; truetype.num_glyphs()];
                    for (new, &old) in subset.glyphs.iter().enumerate() {
                        new_id[usize::from(old)] = new as u16;
                    }
                    Program::Subset {
                        face: embeddable.clone(),
                        subset,
                        new_id,
                    }
                }
                // A table `fontfile` could not follow: printpdf (parsed for this
                // document only; this does not happen with sane fonts).
                None => Program::Printpdf(Arc::new(Embeddable::printpdf(data)?)),
            },
            FaceProgram::Parsed(_) => Program::Printpdf(embeddable.clone()),
        };
        used.insert(
            face,
            UsedFont {
                id: FontId(tag),
                unicode: unicode.remove(&face).unwrap_or_default(),
                program,
            },
        );
    }
    Ok(used)
}

/// The glyph ids drawn with each face (faces without glyphs are not embedded).
fn glyphs_by_face(doc: &Document) -> BTreeMap<usize, Vec<u16>> {
    let mut faces: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
    for text in text_items(doc) {
        if !text.glyphs.is_empty() {
            faces
                .entry(text.face)
                .or_default()
                .extend(text.glyphs.iter().map(|g| g.id));
        }
    }
    for glyphs in faces.values_mut() {
        glyphs.sort_unstable();
        glyphs.dedup();
    }
    faces
}

fn text_items(doc: &Document) -> impl Iterator<Item = &TextItem> {
    doc.pages
        .iter()
        .flat_map(|page| page.frame.all_items())
        .filter_map(|item| match item {
            FrameItem::Text(text) => Some(text),
            _ => None,
        })
}

/// One `/ToUnicode` text per glyph and face. A glyph that forms a cluster on its own maps
/// to that cluster's text; otherwise the first glyph of a cluster maps to the whole
/// cluster (ligatures, base + marks). Where a glyph stands for something else elsewhere,
/// that cluster gets `/ActualText` instead — see [`needs_actual_text`].
fn unicode_mappings(doc: &Document) -> BTreeMap<usize, GidMap<&str>> {
    // (single-glyph clusters, first glyphs of longer clusters), first occurrence wins.
    let mut found: BTreeMap<usize, (GidMap<&str>, GidMap<&str>)> = BTreeMap::new();
    for text in text_items(doc) {
        let (single, multi) = found.entry(text.face).or_default();
        for cluster in clusters(&text.glyphs) {
            let glyph = &cluster[0];
            if !glyph.text.is_empty() {
                let map = if cluster.len() == 1 {
                    &mut *single
                } else {
                    &mut *multi
                };
                map.entry(glyph.id).or_insert(glyph.text.as_str());
            }
        }
    }
    found
        .into_iter()
        .map(|(face, (mut single, multi))| {
            for (id, text) in multi {
                single.entry(id).or_insert(text);
            }
            (face, single)
        })
        .collect()
}

fn check_glyph_ids(data: &FontData, num_glyphs: usize, glyphs: &[u16]) -> Result<(), Error> {
    match glyphs.last() {
        Some(&max) if usize::from(max) >= num_glyphs => Err(render_error(format!(
            "font {}: glyph id {max} is out of range (the font has {num_glyphs} glyphs)",
            data.name
        ))),
        _ => Ok(()),
    }
}

/// A face read for embedding, once per process (see [`embeddable_face`]).
struct Embeddable {
    program: FaceProgram,
}

enum FaceProgram {
    /// A TrueType face this module subsets itself.
    TrueType(TrueType),
    /// Anything else: printpdf's parsed face, subset by printpdf.
    Parsed(Box<ParsedFont>),
}

impl Embeddable {
    fn read(data: &FontData) -> Result<Embeddable, Error> {
        match TrueType::read(&data.data, data.index) {
            Some(truetype) => Ok(Embeddable {
                program: FaceProgram::TrueType(truetype),
            }),
            None => Embeddable::printpdf(data),
        }
    }

    fn printpdf(data: &FontData) -> Result<Embeddable, Error> {
        Ok(Embeddable {
            program: FaceProgram::Parsed(Box::new(parse_font(data)?)),
        })
    }

    fn num_glyphs(&self) -> usize {
        match &self.program {
            FaceProgram::TrueType(face) => face.num_glyphs(),
            FaceProgram::Parsed(parsed) => usize::from(parsed.num_glyphs),
        }
    }

    /// Advance of `gid` in 1/1000 em, computed as printpdf computes `/W`.
    fn advance(&self, gid: u16) -> i64 {
        match &self.program {
            FaceProgram::TrueType(face) => {
                (f32::from(face.advance(gid)) * 1000.0 / f32::from(face.units_per_em)) as i64
            }
            FaceProgram::Parsed(parsed) => {
                let upm = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
                parsed
                    .get_or_decode_glyph(gid)
                    .map(|g| (f32::from(g.horz_advance) * 1000.0 / upm) as i64)
                    .unwrap_or(0)
            }
        }
    }

    /// printpdf's face, for faces printpdf embeds.
    fn parsed(&self) -> Option<&ParsedFont> {
        match &self.program {
            FaceProgram::Parsed(parsed) => Some(parsed),
            FaceProgram::TrueType(_) => None,
        }
    }
}

/// How many faces [`embeddable_face`] keeps (a card uses up to five).
const FONT_CACHE_SIZE: usize = 16;

/// Faces read for embedding, shared by all renders in the process: reading costs more
/// than the rest of a card. Keyed by the `FontData` allocation, which the cache keeps
/// alive so the address cannot be reused by another face; bounded so that callers
/// creating new `FontData` for every document do not grow it forever.
fn embeddable_face(data: &Arc<FontData>) -> Result<Arc<Embeddable>, Error> {
    type Cache = Mutex<Vec<(Arc<FontData>, Arc<Embeddable>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let lookup = |entries: &[(Arc<FontData>, Arc<Embeddable>)]| {
        entries
            .iter()
            .find(|(key, _)| Arc::ptr_eq(key, data))
            .map(|(_, face)| face.clone())
    };
    if let Some(face) = lookup(&lock(cache)) {
        return Ok(face);
    }
    let face = Arc::new(Embeddable::read(data)?);
    let mut entries = lock(cache);
    if let Some(existing) = lookup(&entries) {
        return Ok(existing);
    }
    if entries.len() >= FONT_CACHE_SIZE {
        entries.remove(0);
    }
    entries.push((data.clone(), face.clone()));
    Ok(face)
}

/// A poisoned cache is still a valid cache: entries are only ever appended whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn parse_font(data: &FontData) -> Result<ParsedFont, Error> {
    let mut warnings = Vec::new();
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        ParsedFont::from_bytes(&data.data, data.index as usize, &mut warnings)
    }))
    .ok()
    .flatten();
    let mut parsed = parsed.ok_or_else(|| {
        render_error(format!(
            "font {}: cannot be read for embedding ({warnings:?})",
            data.name
        ))
    })?;
    // /BaseFont carries the layout's PostScript name (plus the subset tag).
    parsed.font_name = Some(pdf_name(&data.name));
    Ok(parsed)
}

/// A PostScript name safe to write as a PDF name (no delimiters, whitespace or '#').
fn pdf_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if cleaned.is_empty() {
        "Font".to_string()
    } else {
        cleaned
    }
}

/// Six capitals derived from the face and its glyph set: the same subset always gets the
/// same tag, different subsets almost always different ones.
fn subset_tag(data: &FontData, glyphs: &[u16]) -> String {
    let mut hash = StableHasher::new();
    hash.write(data.name.as_bytes());
    hash.write(&data.index.to_le_bytes());
    hash.write(&(data.data.len() as u64).to_le_bytes());
    for gid in glyphs {
        hash.write(&gid.to_le_bytes());
    }
    letters(hash.finish())
}

fn letters(mut value: u64) -> String {
    (0..6)
        .map(|_| {
            let letter = b'A' + (value % 26) as u8;
            value /= 26;
            letter as char
        })
        .collect()
}

/// Two faces in one document must not share a resource name.
fn unique_tag(mut tag: String, taken: &[String]) -> String {
    let mut salt = 0u64;
    while taken.contains(&tag) {
        salt += 1;
        let mut hash = StableHasher::new();
        hash.write(tag.as_bytes());
        hash.write(&salt.to_le_bytes());
        tag = letters(hash.finish());
    }
    tag
}

/// FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`.
struct StableHasher(u64);

impl StableHasher {
    fn new() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

// ---------------------------------------------------------------------------------------
// Building the printpdf document

fn build_pdf_document(doc: &Document, fonts: &UsedFonts<'_>) -> Result<PdfDocument, Error> {
    let mut pdf = PdfDocument::new(&doc.meta.title);
    for font in fonts.values() {
        if let Program::Printpdf(face) = &font.program {
            if let Some(parsed) = face.parsed() {
                pdf.resources
                    .fonts
                    .map
                    .insert(font.id.clone(), PdfFont::new(parsed.clone()));
            }
        }
    }
    for index in used_images(doc) {
        let xobject = image_xobject(index, &doc.images[index])?;
        pdf.resources
            .xobjects
            .map
            .insert(image_id(index), XObject::External(xobject));
    }
    pdf.pages = doc
        .pages
        .iter()
        .map(|page| pdf_page(page, fonts, &doc.images))
        .collect();
    Ok(pdf)
}

fn used_images(doc: &Document) -> BTreeSet<usize> {
    doc.pages
        .iter()
        .flat_map(|page| page.frame.all_items())
        .filter_map(|item| match item {
            FrameItem::Image(img) => Some(img.image),
            _ => None,
        })
        .collect()
}

fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{index}"))
}

fn pdf_page(page: &Page, fonts: &UsedFonts<'_>, images: &[Arc<Image>]) -> PdfPage {
    let size = page.frame.size;
    let mut writer = PageWriter::new(size.h, fonts, images);
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

/// A length as printpdf wants it, rounded to 1/1000 pt so the content stream stays short.
fn pt(a: Abs) -> Pt {
    Pt(round3(a.to_pt()))
}

fn round3(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// Turns frame items into content-stream ops for one page, skipping redundant state
/// changes (QR codes are hundreds of same-coloured rectangles).
struct PageWriter<'a> {
    page_height: Abs,
    fonts: &'a UsedFonts<'a>,
    images: &'a [Arc<Image>],
    /// Maps the current PDF user space (inside groups: the group's own) to the page's,
    /// for link annotations, which the content stream's `cm` does not move.
    to_page: Affine,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(usize, f32)>,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
}

impl<'a> PageWriter<'a> {
    fn new(page_height: Abs, fonts: &'a UsedFonts<'a>, images: &'a [Arc<Image>]) -> Self {
        PageWriter {
            page_height,
            fonts,
            images,
            to_page: Affine::IDENTITY,
            ops: Vec::new(),
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            line_width: None,
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
        let matrix = group_matrix(group, pos, self.page_height);
        let saved = (
            self.page_height,
            self.to_page,
            self.font,
            self.fill,
            self.stroke,
            self.line_width,
        );
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw(matrix.rounded()),
        });
        self.page_height = group.frame.size.h;
        self.to_page = self.to_page.after(matrix);
        for (p, item) in &group.frame.items {
            self.item(*p, item);
        }
        self.end_text();
        self.ops.push(Op::RestoreGraphicsState);
        // `Q` restores colours, line width and font: forget what the group set.
        (
            self.page_height,
            self.to_page,
            self.font,
            self.fill,
            self.stroke,
            self.line_width,
        ) = saved;
    }

    /// The one y flip: frame y (down from the top) to PDF y (up from the bottom).
    fn pdf_y(&self, y: Abs) -> Abs {
        self.page_height - y
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
        if self.fill != Some(color) {
            self.ops.push(Op::SetFillColor {
                col: pdf_color(color),
            });
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Color, width: Abs) {
        if self.stroke != Some(color) {
            self.ops.push(Op::SetOutlineColor {
                col: pdf_color(color),
            });
            self.stroke = Some(color);
        }
        let width = pt(width).0;
        if self.line_width != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.line_width = Some(width);
        }
    }

    fn set_font(&mut self, face: usize, size: f32) {
        if self.font != Some((face, size)) {
            let id = self.fonts[&face].id.clone();
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size),
            });
            self.font = Some((face, size));
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
        let font = &self.fonts[&item.face];
        let size = pt(item.size).0;
        self.begin_text();
        self.set_font(item.face, size);
        self.set_fill(item.fill);

        let origin_x = pos.x;
        let baseline = self.pdf_y(pos.y);
        let mut run = GlyphRun {
            raw: matches!(font.program, Program::Subset { .. }),
            ..GlyphRun::default()
        };
        let mut pen = Abs::zero();
        for cluster in clusters(&item.glyphs) {
            let actual = needs_actual_text(cluster, &font.unicode);
            if actual {
                run.flush(&mut self.ops, origin_x, baseline);
                self.ops
                    .push(marked_span("ActualText", &cluster_text(cluster)));
            }
            for glyph in cluster {
                let cp = codepoint(glyph, font, item.size);
                if actual || has_offset(glyph) {
                    run.flush(&mut self.ops, origin_x, baseline);
                    let x = origin_x + pen + glyph.x_offset;
                    let y = baseline + glyph.y_offset;
                    show_glyphs(&mut self.ops, x, y, vec![cp], run.raw);
                } else {
                    run.push(pen, cp);
                }
                pen += glyph.x_advance;
            }
            if actual {
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

    /// `q [clip] cm Do Q`; the matrix applies the EXIF orientation, so the stored
    /// (unrotated) JPEG lands upright in `item.size`.
    fn image(&mut self, pos: Point, item: &ImageItem) {
        self.end_text();
        let alt = item.alt.as_deref().filter(|a| !a.is_empty());
        if let Some(alt) = alt {
            self.ops.push(marked_span("Alt", alt));
        }
        self.ops.push(Op::SaveGraphicsState);
        if let Some(clip) = item.clip {
            let mut rectangle = self.pdf_rect(clip);
            rectangle.mode = Some(PaintMode::Clip);
            self.ops.push(Op::DrawRectangle { rectangle });
        }
        let bottom = self.pdf_y(pos.y + item.size.h);
        let orientation = self.images[item.image].orientation;
        let matrix = placement_matrix(orientation, pos.x, bottom, item.size.w, item.size.h);
        self.ops.push(Op::SetTransformationMatrix { matrix });
        self.ops.push(Op::UseXobject {
            id: image_id(item.image),
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
        let rect = self.to_page.bbox(&local);
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
struct Affine([f64; 6]);

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

fn fold(values: [f64; 4], f: fn(f64, f64) -> f64) -> f64 {
    values[1..].iter().fold(values[0], |a, &b| f(a, b))
}

/// The matrix from a group's own PDF space (origin bottom-left of its frame, y up) to
/// its parent's PDF space, for a group whose turned box has its top-left corner at
/// frame position `pos` on a parent of height `parent_height`.
///
/// With (u, v) in the group's space, its frame point is (u, h - v); the turn maps that
/// to (X, Y) in the placed box, which lands at (pos.x + X, parent_height - pos.y - Y).
fn group_matrix(group: &GroupItem, pos: Point, parent_height: Abs) -> Affine {
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

fn pdf_color(c: Color) -> printpdf::Color {
    let unit = |v: u8| ((f32::from(v) / 255.0) * 1000.0).round() / 1000.0;
    printpdf::Color::Rgb(Rgb {
        r: unit(c.r),
        g: unit(c.g),
        b: unit(c.b),
        icc_profile: None,
    })
}

/// Consecutive plain glyphs, written as one positioned `TJ`.
#[derive(Default)]
struct GlyphRun {
    start: Abs,
    glyphs: Vec<Codepoint>,
    /// The face is subset here: write the `TJ` directly (see [`show_glyphs`]).
    raw: bool,
}

impl GlyphRun {
    fn push(&mut self, pen: Abs, cp: Codepoint) {
        if self.glyphs.is_empty() {
            self.start = pen;
        }
        self.glyphs.push(cp);
    }

    fn flush(&mut self, ops: &mut Vec<Op>, origin_x: Abs, baseline: Abs) {
        if !self.glyphs.is_empty() {
            let glyphs = std::mem::take(&mut self.glyphs);
            show_glyphs(ops, origin_x + self.start, baseline, glyphs, self.raw);
        }
    }
}

/// `Tm` to an absolute position, then the glyphs.
///
/// Glyphs of faces printpdf embeds go through `ShowText`, which printpdf needs to see
/// to subset them. Glyphs of faces subset here (`raw`) become the `TJ` operator itself:
/// one string per stretch of glyphs between adjustments instead of one hex string per
/// glyph, which printpdf builds and lopdf formats byte by byte — that was the largest
/// part of writing a page. Same operator, same codes, same adjustments.
fn show_glyphs(ops: &mut Vec<Op>, x: Abs, y: Abs, glyphs: Vec<Codepoint>, raw: bool) {
    ops.push(Op::SetTextMatrix {
        matrix: TextMatrix::Translate(pt(x), pt(y)),
    });
    if !raw {
        ops.push(Op::ShowText {
            items: vec![printpdf::TextItem::GlyphIds(glyphs)],
        });
        return;
    }
    let mut operands = Vec::new();
    let mut codes = Vec::with_capacity(glyphs.len() * 2);
    for glyph in &glyphs {
        codes.extend(glyph.gid.to_be_bytes());
        if glyph.offset != 0.0 {
            operands.push(DictItem::String {
                data: std::mem::take(&mut codes),
                literal: true,
            });
            operands.push(DictItem::Real(glyph.offset));
        }
    }
    if !codes.is_empty() {
        operands.push(DictItem::String {
            data: codes,
            literal: true,
        });
    }
    ops.push(Op::Unknown {
        key: "TJ".to_string(),
        value: vec![DictItem::Array(operands)],
    });
}

/// A glyph for printpdf: the code to write and the `TJ` adjustment (1/1000 em,
/// positive moves left) that turns the font's own advance into the shaped one. Faces
/// printpdf embeds also get the glyph's `/ToUnicode` text (the others' maps are
/// written in [`add_subset_fonts`]).
fn codepoint(glyph: &Glyph, font: &UsedFont<'_>, size: Abs) -> Codepoint {
    let shaped = glyph.x_advance.to_pt() * 1000.0 / size.to_pt();
    let offset = (font.program.advance(glyph.id) as f64 - shaped) as f32;
    let offset = (offset * 100.0).round() / 100.0;
    let code = font.program.code(glyph.id);
    match font.program {
        Program::Subset { .. } => Codepoint::new(code, offset),
        Program::Printpdf(_) => {
            let text = font.unicode.get(&glyph.id).copied().unwrap_or_default();
            Codepoint::with_cid(code, offset, text.to_string())
        }
    }
}

fn has_offset(glyph: &Glyph) -> bool {
    glyph.x_offset.to_pt().abs() > 1e-6 || glyph.y_offset.to_pt().abs() > 1e-6
}

/// Splits glyphs into clusters: a glyph with text starts one, glyphs with empty text
/// continue it.
fn clusters(glyphs: &[Glyph]) -> impl Iterator<Item = &[Glyph]> {
    let mut rest = glyphs;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = 1 + rest[1..].iter().take_while(|g| g.text.is_empty()).count();
        let (cluster, tail) = rest.split_at(len);
        rest = tail;
        Some(cluster)
    })
}

fn cluster_text(cluster: &[Glyph]) -> String {
    cluster.iter().map(|g| g.text.as_str()).collect()
}

/// Whether the `/ToUnicode` texts of the cluster's glyphs fail to spell its text
/// (e.g. a glyph standing for different characters in different places).
fn needs_actual_text(cluster: &[Glyph], unicode: &GidMap<&str>) -> bool {
    let mapped = cluster
        .iter()
        .flat_map(|g| unicode.get(&g.id).copied().unwrap_or_default().bytes());
    !mapped.eq(cluster.iter().flat_map(|g| g.text.bytes()))
}

/// `/Span <</key (text)>> BDC`: replacement text (`ActualText`) or a description (`Alt`).
fn marked_span(key: &str, text: &str) -> Op {
    let mut utf16 = vec![0xFE, 0xFF];
    utf16.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut props = BTreeMap::new();
    props.insert(
        key.to_string(),
        DictItem::String {
            data: utf16,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict { map: props },
    }
}

// ---------------------------------------------------------------------------------------
// Images

/// An image XObject built by hand: JPEGs pass through untouched (`DCTDecode`), pixels
/// are Flate-compressed by lopdf, alpha becomes an `/SMask`.
fn image_xobject(index: usize, image: &Image) -> Result<ExternalXObject, Error> {
    if image.width == 0 || image.height == 0 {
        return Err(render_error(format!("image {index} has no pixels")));
    }
    let stream = match &image.data {
        ImageData::Jpeg { bytes, components } => jpeg_stream(index, image, bytes, *components)?,
        ImageData::Rgb { pixels, alpha } => rgb_stream(index, image, pixels, alpha.as_deref())?,
    };
    Ok(ExternalXObject {
        stream,
        width: Some(Px(image.width as usize)),
        height: Some(Px(image.height as usize)),
        dpi: None,
    })
}

fn image_dict(image: &Image, color_space: &str) -> BTreeMap<String, DictItem> {
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(image.width))),
        ("Height".to_string(), DictItem::Int(i64::from(image.height))),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
    ])
}

fn jpeg_stream(
    index: usize,
    image: &Image,
    bytes: &[u8],
    components: u8,
) -> Result<ExternalStream, Error> {
    let color_space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(render_error(format!(
                "image {index}: JPEG with {n} colour components cannot be embedded"
            )))
        }
    };
    let mut dict = image_dict(image, color_space);
    dict.insert("Filter".to_string(), DictItem::Name(b"DCTDecode".to_vec()));
    if components == 4 && has_adobe_marker(bytes) {
        // Adobe (Photoshop) CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".to_string(), DictItem::Array(decode));
    }
    Ok(ExternalStream {
        dict,
        content: bytes.to_vec(),
        compress: false,
    })
}

/// Whether the JPEG has an Adobe APP14 segment (before the scan starts).
fn has_adobe_marker(jpeg: &[u8]) -> bool {
    let mut at = 2; // after SOI
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            return false; // start of scan / end of image
        }
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let data = jpeg.get(at + 4..at + 2 + len).unwrap_or_default();
        if marker == 0xEE && data.starts_with(b"Adobe") {
            return true;
        }
        at += 2 + len;
    }
    false
}

fn rgb_stream(
    index: usize,
    image: &Image,
    pixels: &[u8],
    alpha: Option<&[u8]>,
) -> Result<ExternalStream, Error> {
    let count = image.width as usize * image.height as usize;
    if pixels.len() != count * 3 {
        return Err(render_error(format!(
            "image {index}: {} bytes of RGB pixels for {}x{} pixels",
            pixels.len(),
            image.width,
            image.height
        )));
    }
    let mut dict = image_dict(image, "DeviceRGB");
    if let Some(alpha) = alpha {
        if alpha.len() != count {
            return Err(render_error(format!(
                "image {index}: {} alpha bytes for {}x{} pixels",
                alpha.len(),
                image.width,
                image.height
            )));
        }
        // A fully opaque alpha channel carries nothing; leave it out.
        if alpha.iter().any(|&a| a != 255) {
            let mask = ExternalStream {
                dict: image_dict(image, "DeviceGray"),
                content: alpha.to_vec(),
                compress: true,
            };
            dict.insert("SMask".to_string(), DictItem::Stream { stream: mask });
        }
    }
    Ok(ExternalStream {
        dict,
        content: pixels.to_vec(),
        compress: true,
    })
}

/// The `cm` matrix that maps the image's unit square onto the box at (`x`, `bottom`)
/// of `w` x `h` (PDF coordinates), turning the stored image by its EXIF orientation.
///
/// With `u`, `v` the image-space coordinates of the stored image (0..1, v up) and
/// `s`, `t` those of the displayed box, each orientation is `s = a u + c v + e`,
/// `t = b u + d v + f`; e.g. 6 (stored image must be turned 90° clockwise) gives
/// `s = v, t = 1 - u`.
fn placement_matrix(orientation: u8, x: Abs, bottom: Abs, w: Abs, h: Abs) -> CurTransMat {
    let (a, b, c, d, e, f) = match orientation {
        2 => (-1.0, 0.0, 0.0, 1.0, 1.0, 0.0),
        3 => (-1.0, 0.0, 0.0, -1.0, 1.0, 1.0),
        4 => (1.0, 0.0, 0.0, -1.0, 0.0, 1.0),
        5 => (0.0, -1.0, -1.0, 0.0, 1.0, 1.0),
        6 => (0.0, -1.0, 1.0, 0.0, 0.0, 1.0),
        7 => (0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        8 => (0.0, 1.0, -1.0, 0.0, 1.0, 0.0),
        _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    };
    let (w, h) = (w.to_pt(), h.to_pt());
    CurTransMat::Raw([
        round3(a * w),
        round3(b * h),
        round3(c * w),
        round3(d * h),
        round3(x.to_pt() + e * w),
        round3(bottom.to_pt() + f * h),
    ])
}

// ---------------------------------------------------------------------------------------
// Serialisation and lopdf post-processing

fn to_lopdf(pdf: &PdfDocument) -> Result<lopdf::Document, Error> {
    let opts = PdfSaveOptions {
        optimize: false, // compressed in `save`, after post-processing
        subset_fonts: true,
        // Writes `Op::Unknown`: the `TJ` operators of `show_glyphs`, the only ones made.
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = catch_unwind(AssertUnwindSafe(|| {
        pdf.to_lopdf_document(&opts, &mut warnings)
    }))
    .map_err(|panic| render_error(format!("printpdf failed: {}", panic_message(&panic))))?;
    let errors: Vec<&str> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.as_str())
        .collect();
    if !errors.is_empty() {
        return Err(render_error(format!("printpdf: {}", errors.join("; "))));
    }
    Ok(lo)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "internal error".to_string()
    }
}

/// `/PageLabels` number tree: how viewers show page numbers (i, ii, 1, 2, …).
fn page_labels(labels: &[crate::frame::PageLabel]) -> Dictionary {
    use crate::frame::LabelStyle;
    let mut nums = Vec::new();
    for label in labels {
        let mut range = Dictionary::new();
        let style: &[u8] = match label.style {
            LabelStyle::Decimal => b"D",
            LabelStyle::LowerRoman => b"r",
        };
        range.set("S", Object::Name(style.to_vec()));
        range.set("St", Object::Integer(i64::from(label.first.max(1))));
        nums.push(Object::Integer(label.page as i64));
        nums.push(Object::Dictionary(range));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    tree
}

/// What printpdf does not write (or writes differently): Info dictionary, `/Lang`,
/// `/ViewerPreferences`, the nested outline, a modern version header.
fn finish_document(
    lo: &mut lopdf::Document,
    doc: &Document,
    opts: &RenderOptions,
) -> Result<(), Error> {
    // SMask, /Lang and /PrintScaling need more than printpdf's "1.3".
    lo.version = "1.7".to_string();
    let info = info_dictionary(&doc.meta, opts);
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => lo.set_object(id, info),
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", Object::Reference(id));
        }
    }

    set_trim_boxes(lo, doc)?;
    let outline = write_outline(lo, doc);
    let catalog = lo
        .catalog_mut()
        .map_err(|e| render_error(format!("printpdf wrote no catalog: {e}")))?;
    if let Some(lang) = doc.meta.lang.as_deref().filter(|l| !l.is_empty()) {
        catalog.set("Lang", text_string(lang));
    }
    if !doc.page_labels.is_empty() {
        catalog.set("PageLabels", page_labels(&doc.page_labels));
    }
    let mut prefs = Dictionary::new();
    prefs.set("PrintScaling", Object::Name(b"None".to_vec()));
    catalog.set("ViewerPreferences", prefs);
    match outline {
        Some(outlines_id) => {
            catalog.set("Outlines", Object::Reference(outlines_id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
        }
    }
    // Placeholder, replaced by a digest of the finished file in `save`.
    let placeholder = Object::String(vec![0; ID_LEN], StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    Ok(())
}

/// `/TrimBox [llx lly urx ury]` for pages with a trim. (printpdf writes every box as
/// `[x y width height]`, which is only right for boxes at the origin.)
fn set_trim_boxes(lo: &mut lopdf::Document, doc: &Document) -> Result<(), Error> {
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    for (page, id) in doc.pages.iter().zip(page_ids) {
        let Some(trim) = page.trim else { continue };
        let height = page.frame.size.h;
        let corners = [
            trim.x,
            height - trim.bottom(),
            trim.right(),
            height - trim.y,
        ];
        let dict = lo
            .get_dictionary_mut(id)
            .map_err(|e| render_error(format!("printpdf wrote no page object: {e}")))?;
        let boxed = corners.iter().map(|c| Object::Real(pt(*c).0)).collect();
        dict.set("TrimBox", Object::Array(boxed));
    }
    Ok(())
}

fn info_dictionary(meta: &Metadata, opts: &RenderOptions) -> Dictionary {
    let mut info = Dictionary::new();
    if !meta.title.is_empty() {
        info.set("Title", text_string(&meta.title));
    }
    if let Some(author) = meta.author.as_deref().filter(|s| !s.is_empty()) {
        info.set("Author", text_string(author));
    }
    if let Some(subject) = meta.subject.as_deref().filter(|s| !s.is_empty()) {
        info.set("Subject", text_string(subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string("cardgen"));
    info.set("Producer", text_string(&opts.producer));
    let date = pdf_date(opts.date_epoch);
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    info
}

/// A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with BOM.
fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::string_literal(text)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` for seconds since the Unix epoch (UTC).
fn pdf_date(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Writes the (nested) outline; returns the `/Outlines` dictionary's id.
/// printpdf's own bookmarks are flat, so the outline is built here.
fn write_outline(lo: &mut lopdf::Document, doc: &Document) -> Option<ObjectId> {
    if doc.outline.is_empty() {
        return None;
    }
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let heights: Vec<f32> = doc.pages.iter().map(|p| pt(p.frame.size.h).0).collect();
    let targets = OutlineTargets { pages, heights };
    let root = lo.new_object_id();
    let (first, last, count) = write_outline_level(lo, &doc.outline, root, &targets)?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    dict.set("Count", Object::Integer(count));
    lo.set_object(root, dict);
    Some(root)
}

struct OutlineTargets {
    pages: Vec<ObjectId>,
    heights: Vec<f32>,
}

/// One level of outline items under `parent`: (first, last, number of open items).
fn write_outline_level(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    parent: ObjectId,
    targets: &OutlineTargets,
) -> Option<(ObjectId, ObjectId, i64)> {
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(parent));
        // Top of the page, zoom unchanged.
        let dest = vec![
            Object::Reference(*targets.pages.get(entry.page)?),
            Object::Name(b"XYZ".to_vec()),
            Object::Integer(0),
            Object::Real(*targets.heights.get(entry.page)?),
            Object::Null,
        ];
        dict.set("Dest", Object::Array(dest));
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        count += 1;
        if let Some((first, last, open)) = write_outline_level(lo, &entry.children, ids[i], targets)
        {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(open));
            count += open;
        }
        lo.set_object(ids[i], dict);
    }
    Some((*ids.first()?, *ids.last()?, count))
}

/// Bytes in each trailer `/ID` string.
const ID_LEN: usize = 16;

/// Compresses, writes, and replaces the placeholder `/ID` with a digest of the file, so
/// equal documents get equal ids and different documents (almost surely) different ones.
fn save(lo: &mut lopdf::Document) -> Result<Vec<u8>, Error> {
    compress_streams(lo)?;
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| render_error(format!("cannot write PDF: {e}")))?;
    let placeholder = format!("<{}>", "00".repeat(ID_LEN));
    let trailer =
        find_last(&out, b"trailer").ok_or_else(|| render_error("lopdf wrote no trailer"))?;
    let digest = format!("<{}>", file_digest(&out));
    let mut replaced = 0;
    while let Some(found) = find_last(&out[trailer..], placeholder.as_bytes()) {
        let at = trailer + found;
        out[at..at + placeholder.len()].copy_from_slice(digest.as_bytes());
        replaced += 1;
    }
    if replaced != 2 {
        return Err(render_error("could not set the trailer /ID"));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Fonts subset here

/// Writes the faces subset in this module as Type 0 fonts with a `CIDFontType2`
/// descendant (Identity-H, CID = subset glyph id), widths, `/ToUnicode` and the font
/// program, and adds them to the font resources printpdf wrote for the pages.
fn add_subset_fonts(
    lo: &mut lopdf::Document,
    doc: &Document,
    fonts: UsedFonts<'_>,
) -> Result<(), Error> {
    let mut resources = Vec::new();
    for (face, font) in fonts {
        let Program::Subset {
            face: embeddable,
            subset,
            ..
        } = font.program
        else {
            continue;
        };
        let FaceProgram::TrueType(truetype) = &embeddable.program else {
            continue;
        };
        let base_font = format!("{}+{}", font.id.0, pdf_name(&doc.fonts[face].name));
        let Subset { program, glyphs } = subset;
        let scale =
            |v: i16| (f64::from(v) * 1000.0 / f64::from(truetype.units_per_em)).round() as i64;

        let mut program_dict = Dictionary::new();
        program_dict.set("Length1", Object::Integer(program.len() as i64));
        let program_id = lo.add_object(lopdf::Stream::new(program_dict, program));

        let ascent = scale(truetype.ascender);
        let italic_angle = (truetype.italic_angle * 10.0).round() / 10.0;
        const NONSYMBOLIC: i64 = 1 << 5;
        const ITALIC: i64 = 1 << 6;
        let flags = NONSYMBOLIC | if italic_angle != 0.0 { ITALIC } else { 0 };
        // No table states the stem width; estimate it from the weight as is customary.
        let stem_v = match truetype.weight_class {
            0 => 80,
            w => 50 + (f64::from(w) / 65.0).powi(2).round() as i64,
        };
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        descriptor.set("FontName", Object::Name(base_font.clone().into_bytes()));
        descriptor.set("Flags", Object::Integer(flags));
        let bbox = truetype.bbox.iter().map(|&v| Object::Integer(scale(v)));
        descriptor.set("FontBBox", Object::Array(bbox.collect()));
        descriptor.set("ItalicAngle", Object::Real(italic_angle as f32));
        descriptor.set("Ascent", Object::Integer(ascent));
        descriptor.set("Descent", Object::Integer(scale(truetype.descender)));
        let cap_height = truetype.cap_height.map_or(ascent, scale);
        descriptor.set("CapHeight", Object::Integer(cap_height));
        descriptor.set("StemV", Object::Integer(stem_v));
        descriptor.set("FontFile2", Object::Reference(program_id));
        let descriptor_id = lo.add_object(descriptor);

        let widths = glyphs
            .iter()
            .map(|&gid| Object::Integer(embeddable.advance(gid)));
        let mut cid_font = Dictionary::new();
        cid_font.set("Type", Object::Name(b"Font".to_vec()));
        cid_font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
        let mut system = Dictionary::new();
        system.set("Registry", Object::string_literal("Adobe"));
        system.set("Ordering", Object::string_literal("Identity"));
        system.set("Supplement", Object::Integer(0));
        cid_font.set("CIDSystemInfo", system);
        cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
        cid_font.set(
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths.collect())]),
        );
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));

        let cmap = to_unicode_cmap(&glyphs, &font.unicode);
        let cmap_id = lo.add_object(lopdf::Stream::new(Dictionary::new(), cmap));

        let mut type0 = Dictionary::new();
        type0.set("Type", Object::Name(b"Font".to_vec()));
        type0.set("Subtype", Object::Name(b"Type0".to_vec()));
        type0.set("BaseFont", Object::Name(base_font.into_bytes()));
        type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        type0.set(
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        );
        type0.set("ToUnicode", Object::Reference(cmap_id));
        resources.push((font.id.0, lo.add_object(type0)));
    }
    if resources.is_empty() {
        return Ok(());
    }
    // printpdf gives every page the same font dictionary; fill whichever they use.
    let mut font_dicts = BTreeSet::new();
    for page in lo.get_pages().into_values() {
        let page = lo
            .get_dictionary(page)
            .map_err(|e| printpdf_wrote("page", e))?;
        let resources = page
            .get(b"Resources")
            .and_then(Object::as_reference)
            .and_then(|id| lo.get_dictionary(id))
            .map_err(|e| printpdf_wrote("page resources", e))?;
        let fonts = resources
            .get(b"Font")
            .and_then(Object::as_reference)
            .map_err(|e| printpdf_wrote("font resources", e))?;
        font_dicts.insert(fonts);
    }
    for id in font_dicts {
        let dict = lo
            .get_dictionary_mut(id)
            .map_err(|e| printpdf_wrote("font resources", e))?;
        for (name, font) in &resources {
            dict.set(name.as_bytes(), Object::Reference(*font));
        }
    }
    Ok(())
}

fn printpdf_wrote(what: &str, e: lopdf::Error) -> Error {
    render_error(format!("printpdf wrote no usable {what}: {e}"))
}

/// A `/ToUnicode` CMap from subset glyph ids (CIDs) to text; glyphs without text
/// (marks that continue a cluster) get no entry.
fn to_unicode_cmap(glyphs: &[u16], unicode: &GidMap<&str>) -> Vec<u8> {
    use std::fmt::Write;
    let entries: Vec<(usize, &str)> = glyphs
        .iter()
        .enumerate()
        .filter_map(|(cid, gid)| Some((cid, *unicode.get(gid)?)))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let mut out = String::with_capacity(400 + entries.len() * 16);
    out.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    fn hex4(out: &mut String, value: u16) {
        for shift in [12, 8, 4, 0] {
            out.push(char::from(
                b"0123456789ABCDEF"[usize::from(value >> shift & 0xF)],
            ));
        }
    }
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for &(cid, text) in chunk {
            out.push('<');
            hex4(&mut out, cid as u16);
            out.push_str("> <");
            for unit in text.encode_utf16() {
                hex4(&mut out, unit);
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Drops hinting and naming from the TrueType programs printpdf embedded (see `fontfile`;
/// the ones subset here are written without them).
fn slim_font_programs(lo: &mut lopdf::Document) {
    let programs: Vec<lopdf::ObjectId> = lo
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(dict) if dict.has(b"FontFile2") => {
                dict.get(b"FontFile2").ok()?.as_reference().ok()
            }
            _ => None,
        })
        .collect();
    for id in programs {
        if let Some(Object::Stream(stream)) = lo.objects.get_mut(&id) {
            if stream.dict.has(b"Filter") {
                continue;
            }
            if let Some(slim) = super::fontfile::strip_for_print(&stream.content) {
                stream
                    .dict
                    .set("Length1", Object::Integer(slim.len() as i64));
                stream.set_content(slim);
            }
        }
    }
}

/// Flate-compresses every stream that allows it and has no filter yet. lopdf's own
/// `compress` always uses the best (slowest) level, which alone took as long as the rest
/// of a card; the fastest level costs about 5 % in file size.
fn compress_streams(lo: &mut lopdf::Document) -> Result<(), Error> {
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        let compressed = deflate(&stream.content)?;
        if compressed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
    Ok(())
}

/// zlib-compresses `data` at the fastest level with one compressor per thread: setting
/// up a fresh deflate state for each of a card's dozen streams cost more than the
/// compression itself.
fn deflate(data: &[u8]) -> Result<Vec<u8>, Error> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), true));
    }
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(compressor.total_in())
                .unwrap_or(data.len())
                .min(data.len());
            let status = compressor
                .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
                .map_err(|e| render_error(format!("cannot compress a stream: {e}")))?;
            if status == Status::StreamEnd {
                return Ok(out);
            }
            out.reserve(out.capacity().max(1024));
        }
    })
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// 128 bits of two FNV-style lanes over 8-byte words, as 32 hex digits.
fn file_digest(bytes: &[u8]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut lanes = [0xcbf2_9ce4_8422_2325u64, 0x9e37_79b9_7f4a_7c15u64];
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        lanes[0] = (lanes[0] ^ word).wrapping_mul(PRIME);
        lanes[1] = (lanes[1] ^ word.rotate_left(29))
            .wrapping_mul(PRIME)
            .rotate_left(17);
    }
    for &b in chunks.remainder() {
        lanes[0] = (lanes[0] ^ u64::from(b)).wrapping_mul(PRIME);
        lanes[1] = (lanes[1] ^ u64::from(b))
            .wrapping_mul(PRIME)
            .rotate_left(17);
    }
    let len = bytes.len() as u64;
    lanes[0] = (lanes[0] ^ len).wrapping_mul(PRIME);
    lanes[1] = (lanes[1] ^ len.rotate_left(7)).wrapping_mul(PRIME);
    format!("{:016X}{:016X}", lanes[0], lanes[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_pdf_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
        assert_eq!(pdf_date(-1), "D:19691231235959Z");
    }

    #[test]
    fn adobe_marker_is_found_before_the_scan_only() {
        let segment = |marker: u8, data: &[u8]| {
            let len = (data.len() + 2) as u16;
            [&[0xFF, marker][..], &len.to_be_bytes(), data].concat()
        };
        let soi = [0xFF, 0xD8];
        let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x02");
        let jfif = segment(0xE0, b"JFIF\0");
        let sos = segment(0xDA, b"\x01\x02");
        assert!(has_adobe_marker(&[&soi[..], &jfif, &adobe, &sos].concat()));
        assert!(!has_adobe_marker(&[&soi[..], &jfif, &sos, &adobe].concat()));
        assert!(!has_adobe_marker(&[0xFF, 0xD8, 0xFF]));
    }

    #[test]
    fn tags_are_six_capitals_and_unique() {
        let data = FontData {
            name: "Lora-Regular".into(),
            data: Arc::from(&b"abc"[..]),
            index: 0,
        };
        let tag = subset_tag(&data, &[1, 2, 3]);
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(&data, &[1, 2, 3]));
        assert_ne!(tag, subset_tag(&data, &[1, 2]));
        let other = unique_tag(tag.clone(), std::slice::from_ref(&tag));
        assert_ne!(other, tag);
        assert_eq!(other.len(), 6);
    }

    #[test]
    fn group_matrices_agree_with_the_frame_geometry() {
        // For every turn, the `cm` matrix must put each point of the group's frame where
        // `GroupItem::to_parent` says, once both are flipped into PDF space.
        let (parent_h, pos) = (Abs::pt(800.0), Point::new(Abs::pt(50.0), Abs::pt(70.0)));
        for rotation in [Quarter::R0, Quarter::R90, Quarter::R180, Quarter::R270] {
            let group = GroupItem {
                frame: Frame::new(crate::units::Size::new(Abs::pt(300.0), Abs::pt(200.0))),
                rotation,
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

    #[test]
    fn clusters_split_at_glyphs_with_text() {
        let glyph = |text: &str| Glyph {
            id: 1,
            x_advance: Abs::pt(1.0),
            x_offset: Abs::zero(),
            y_offset: Abs::zero(),
            text: text.to_string(),
        };
        let glyphs = [glyph("a"), glyph("q\u{301}"), glyph(""), glyph("b")];
        let sizes: Vec<usize> = clusters(&glyphs).map(<[Glyph]>::len).collect();
        assert_eq!(sizes, [1, 2, 1]);
    }
}
