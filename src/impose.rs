//! Imposition: cards laid out N-up on printer paper, for cutting or for pre-cut card stock.
//!
//! Pure: [`impose`] takes the card documents of a run (one per recipe, every page one
//! card) and returns one [`Document`] whose pages are sheets. Cards are placed whole,
//! as they were laid out; turned cards become [`FrameItem::Group`]s. Nothing here
//! touches the PDF crate.
//!
//! - On plain paper ([`Target::Paper`]) as many cards fit as the printable area allows,
//!   trying both card orientations, the grid centred on the sheet, with crop marks in
//!   the margins (never on a card) and optional bleed spacing between cards.
//! - On card stock ([`Target::Template`]) cards go exactly where the stock's cards are
//!   ([`TEMPLATES`]); no marks are drawn (the stock is perforated).
//! - With [`Duplex`], each pair of a recipe's cards shares one card: the first on the
//!   front page of a sheet, the continuation on the back page, at the mirrored position.

use crate::frame::{
    Color, Document, Frame, FrameItem, Geometry, OutlineEntry, Page, Quarter, Shape, Stroke,
};
use crate::text::{FontBook, Paragraph, TextStyle};
use crate::units::{Abs, Point, Rect, Size};

/// The edge of the sheet a printer cannot reach, kept free of cards and marks (5 mm;
/// most laser and inkjet printers need 3–6.4 mm).
pub const PRINTABLE_MARGIN_MM: f64 = 5.0;
/// Distance between a card corner and the start of its crop mark (without bleed).
pub const MARK_OFFSET_PT: f64 = 3.0;
/// Length of a crop mark.
pub const MARK_LENGTH_PT: f64 = 12.0;
/// Line width of crop marks: a hairline that still prints on every printer.
pub const MARK_WIDTH_PT: f64 = 0.25;

/// Where cards go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// Plain paper of this size (portrait as given), cut after printing. `bleed` is the
    /// space kept around every card (so the gap between two cards is twice the bleed).
    Paper { size: Size, bleed: Abs },
    /// Pre-cut card stock.
    Template(&'static Template),
}

/// Which way the printer turns the sheet for the back side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplex {
    /// Flipped over the long edge (like a book page, for portrait paper).
    LongEdge,
    /// Flipped over the short edge (like a wall calendar, for portrait paper).
    ShortEdge,
}

/// How to impose a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Imposition {
    pub target: Target,
    pub duplex: Option<Duplex>,
}

/// Card stock with fixed card positions. Lengths in inches (as the stock is specified).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Template {
    /// What users type after `--template`.
    pub name: &'static str,
    pub description: &'static str,
    /// Sheet width and height, portrait.
    pub paper_in: (f64, f64),
    /// Card width and height as the card sits on the sheet.
    pub card_in: (f64, f64),
    /// Top-left corner of every card, from the sheet's top-left corner, in filling order.
    pub positions_in: &'static [(f64, f64)],
    /// Where the numbers come from.
    pub source: &'static str,
}

/// Card stock cardgen knows. To add one, see docs/templates.md.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "avery-5388",
        description: "Avery 5388 index cards, 3 x 5 in, 3 per Letter sheet",
        paper_in: (8.5, 11.0),
        card_in: (5.0, 3.0),
        positions_in: &[(1.75, 1.0), (1.75, 4.0), (1.75, 7.0)],
        source: "gLabels templates/avery-us-templates.xml: nx=1 ny=3 x0=1.75in y0=1in dy=3in",
    },
    Template {
        name: "avery-5389",
        description: "Avery 5389 postcards, 4 x 6 in, 2 per Letter sheet",
        paper_in: (8.5, 11.0),
        card_in: (6.0, 4.0),
        positions_in: &[(1.25, 1.25), (1.25, 5.75)],
        source: "gLabels templates/avery-us-templates.xml: nx=1 ny=2 x0=1.25in y0=1.25in dy=4.5in",
    },
];

impl Template {
    /// Looks a template up by name (case-insensitive).
    pub fn find(name: &str) -> Option<&'static Template> {
        TEMPLATES
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn paper(&self) -> Size {
        Size::new(Abs::inches(self.paper_in.0), Abs::inches(self.paper_in.1))
    }

    /// The card size as it sits on the sheet.
    pub fn card(&self) -> Size {
        Size::new(Abs::inches(self.card_in.0), Abs::inches(self.card_in.1))
    }

    /// The card boxes on the sheet.
    pub fn rects(&self) -> Vec<Rect> {
        let card = self.card();
        self.positions_in
            .iter()
            .map(|&(x, y)| Rect::new(Abs::inches(x), Abs::inches(y), card.w, card.h))
            .collect()
    }
}

/// Parses a length with a unit: `3mm`, `0.3cm`, `0.125in`, `9pt` (or `0`).
pub fn parse_length(text: &str) -> Result<Abs, String> {
    let lower = text.trim().to_ascii_lowercase();
    type ToAbs = fn(f64) -> Abs;
    let units: [(&str, ToAbs); 4] = [
        ("mm", Abs::mm),
        ("cm", |v| Abs::mm(v * 10.0)),
        ("in", Abs::inches),
        ("pt", Abs::pt),
    ];
    let parsed = units
        .iter()
        .find_map(|(suffix, to)| Some(to(lower.strip_suffix(suffix)?.trim().parse().ok()?)))
        .or_else(|| (lower.parse::<f64>().ok() == Some(0.0)).then(Abs::zero));
    match parsed {
        Some(len) if len.is_finite() && len.to_pt() >= 0.0 && len <= Abs::inches(1.0) => Ok(len),
        Some(_) => Err(format!("length `{text}` is out of range (0 to 1 in)")),
        None => Err(format!(
            "cannot read the length `{text}`; write it with a unit: 3mm, 0.125in, 9pt"
        )),
    }
}

/// One card position on a sheet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// The card's (trim) box on the sheet.
    pub rect: Rect,
    /// How the card is turned to sit in `rect`.
    pub rotation: Quarter,
}

/// Where cards of one size go on one sheet, and the marks to cut them out.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub paper: Size,
    pub slots: Vec<Slot>,
    /// Crop marks as lines (from, to) in sheet coordinates.
    pub marks: Vec<(Point, Point)>,
}

impl Plan {
    /// Plans sheets for cards of `card` size (as laid out, orientation applied).
    pub fn new(target: &Target, card: Size) -> Result<Plan, String> {
        match target {
            Target::Paper { size, bleed } => grid(*size, card, *bleed),
            Target::Template(t) => template_plan(t, card),
        }
    }
}

fn template_plan(template: &Template, card: Size) -> Result<Plan, String> {
    let slot = template.card();
    let rotation = if same_size(card, slot) {
        Quarter::R0
    } else if same_size(card.transposed(), slot) {
        Quarter::R90
    } else {
        return Err(format!(
            "--template {} is for {} x {} in cards, but the cards are {} x {} in; use --size {}x{}",
            template.name,
            fmt_in(slot.w.min(slot.h)),
            fmt_in(slot.w.max(slot.h)),
            fmt_in(card.w),
            fmt_in(card.h),
            fmt_in(slot.w.min(slot.h)),
            fmt_in(slot.w.max(slot.h)),
        ));
    };
    Ok(Plan {
        paper: template.paper(),
        slots: template
            .rects()
            .into_iter()
            .map(|rect| Slot { rect, rotation })
            .collect(),
        marks: Vec::new(),
    })
}

fn same_size(a: Size, b: Size) -> bool {
    (a.w - b.w).abs().to_pt() < 0.5 && (a.h - b.h).abs().to_pt() < 0.5
}

fn fmt_in(a: Abs) -> String {
    let v = (a.to_inches() * 100.0).round() / 100.0;
    format!("{v}")
}

/// The space kept between the sheet edge and the card block: the printer's margin plus
/// room for crop marks (which start `bleed` or [`MARK_OFFSET_PT`] off the card).
pub fn edge_margin(bleed: Abs) -> Abs {
    Abs::mm(PRINTABLE_MARGIN_MM) + mark_offset(bleed) + Abs::pt(MARK_LENGTH_PT)
}

fn mark_offset(bleed: Abs) -> Abs {
    bleed.max(Abs::pt(MARK_OFFSET_PT))
}

/// How many cards of `len` fit into `room` with `gap` between neighbours.
fn count(room: Abs, len: Abs, gap: Abs) -> usize {
    if len.to_pt() <= 0.0 || room.to_pt() < len.to_pt() - 1e-6 {
        return 0;
    }
    ((room + gap) / (len + gap) + 1e-9).floor().max(0.0) as usize
}

/// The N-up grid for plain paper: the orientation that fits more cards (unturned on a
/// tie), centred, `2 * bleed` apart, with crop marks around the block.
pub fn grid(paper: Size, card: Size, bleed: Abs) -> Result<Plan, String> {
    if !(bleed.is_finite() && bleed.to_pt() >= 0.0) {
        return Err("--bleed must be a length of zero or more".into());
    }
    let margin = edge_margin(bleed);
    let room = Size::new(paper.w - margin * 2.0, paper.h - margin * 2.0);
    let gap = bleed * 2.0;
    let best = [Quarter::R0, Quarter::R90]
        .into_iter()
        .map(|rotation| {
            let placed = if rotation.is_sideways() {
                card.transposed()
            } else {
                card
            };
            let cols = count(room.w, placed.w, gap);
            let rows = count(room.h, placed.h, gap);
            (cols * rows, cols, rows, placed, rotation)
        })
        .fold(
            None,
            |best: Option<(usize, usize, usize, Size, Quarter)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            },
        );
    let Some((n, cols, rows, placed, rotation)) = best.filter(|b| b.0 > 0) else {
        return Err(format!(
            "a {:.0} x {:.0} mm card does not fit on {:.0} x {:.0} mm paper with room for crop marks ({:.1} mm each side)",
            card.w.to_mm(),
            card.h.to_mm(),
            paper.w.to_mm(),
            paper.h.to_mm(),
            margin.to_mm()
        ));
    };
    let block = Size::new(
        placed.w * cols as f64 + gap * (cols - 1) as f64,
        placed.h * rows as f64 + gap * (rows - 1) as f64,
    );
    let x0 = (paper.w - block.w) / 2.0;
    let y0 = (paper.h - block.h) / 2.0;
    let mut slots = Vec::with_capacity(n);
    for row in 0..rows {
        for col in 0..cols {
            let x = x0 + (placed.w + gap) * col as f64;
            let y = y0 + (placed.h + gap) * row as f64;
            slots.push(Slot {
                rect: Rect::new(x, y, placed.w, placed.h),
                rotation,
            });
        }
    }
    let rects: Vec<Rect> = slots.iter().map(|s| s.rect).collect();
    let marks = crop_marks(&rects, bleed, paper);
    Ok(Plan {
        paper,
        slots,
        marks,
    })
}

/// Crop marks for cards at `rects`: at every corner, a short line continuing each edge
/// outwards, starting `max(bleed, 3 pt)` off the corner. A mark that would touch any
/// card (or its bleed) is left out, so cards that touch get marks only around the
/// block; marks never leave the sheet.
pub fn crop_marks(rects: &[Rect], bleed: Abs, paper: Size) -> Vec<(Point, Point)> {
    let offset = mark_offset(bleed);
    let length = Abs::pt(MARK_LENGTH_PT);
    let boxes: Vec<Rect> = rects.iter().map(|r| r.inset(-bleed)).collect();
    let sheet = Rect::from_size(paper);
    let mut marks = Vec::new();
    for r in rects {
        for (cx, sx) in [(r.x, -1.0), (r.right(), 1.0)] {
            for (cy, sy) in [(r.y, -1.0), (r.bottom(), 1.0)] {
                let horizontal = (
                    Point::new(cx + offset * sx, cy),
                    Point::new(cx + (offset + length) * sx, cy),
                );
                let vertical = (
                    Point::new(cx, cy + offset * sy),
                    Point::new(cx, cy + (offset + length) * sy),
                );
                for mark in [horizontal, vertical] {
                    let bounds = segment_rect(mark);
                    let clear = !boxes.iter().any(|b| touches(b, &bounds));
                    if clear && sheet.contains(&bounds) && !marks.contains(&mark) {
                        marks.push(mark);
                    }
                }
            }
        }
    }
    marks
}

/// The (zero-width) box of an axis-parallel segment, normalised.
fn segment_rect((a, b): (Point, Point)) -> Rect {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// Whether a segment's box meets a card box: overlapping along the segment (more than
/// touching end to end) and on or inside the box across it.
fn touches(card: &Rect, seg: &Rect) -> bool {
    const EPS: f64 = 1e-3;
    let span = |lo0: Abs, hi0: Abs, lo1: Abs, hi1: Abs, degenerate: bool| {
        if degenerate {
            lo0.to_pt() >= lo1.to_pt() - EPS && hi0.to_pt() <= hi1.to_pt() + EPS
        } else {
            lo0.to_pt() < hi1.to_pt() - EPS && lo1.to_pt() < hi0.to_pt() - EPS
        }
    };
    span(
        seg.x,
        seg.right(),
        card.x,
        card.right(),
        seg.w.to_pt() < EPS,
    ) && span(
        seg.y,
        seg.bottom(),
        card.y,
        card.bottom(),
        seg.h.to_pt() < EPS,
    )
}

impl Duplex {
    /// Whether the back side is mirrored left-right (else top-bottom) on `paper`.
    fn mirrors_x(self, paper: Size) -> bool {
        let portrait = paper.h >= paper.w;
        (self == Duplex::LongEdge) == portrait
    }

    /// Where a front card box lies on the back page.
    pub fn mirror(self, paper: Size, r: Rect) -> Rect {
        if self.mirrors_x(paper) {
            Rect::new(paper.w - r.right(), r.y, r.w, r.h)
        } else {
            Rect::new(r.x, paper.h - r.bottom(), r.w, r.h)
        }
    }

    /// The turn of a back card: a card turned sideways on the sheet gets another half
    /// turn, so every card turns over the same way (as an unturned one would).
    pub fn back_rotation(self, front: Quarter) -> Quarter {
        if front.is_sideways() {
            front.then(Quarter::R180)
        } else {
            front
        }
    }
}

/// One card to place: which document, which page.
#[derive(Debug, Clone, Copy)]
struct CardRef {
    doc: usize,
    page: usize,
}

/// Imposes the card documents of a run (one per recipe) onto sheets.
pub fn impose(docs: Vec<Document>, imposition: &Imposition) -> Result<Document, String> {
    let card = card_size(&docs)?;
    let plan = Plan::new(&imposition.target, card)?;
    let per_sheet = plan.slots.len();

    // Units: what one slot holds — one card, or a front and a back.
    let mut units: Vec<(CardRef, Option<CardRef>)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for recipe in recipe_ranges(doc) {
            let refs: Vec<CardRef> = recipe.map(|page| CardRef { doc: d, page }).collect();
            match imposition.duplex {
                Some(_) => units.extend(refs.chunks(2).map(|c| (c[0], c.get(1).copied()))),
                None => units.extend(refs.into_iter().map(|r| (r, None))),
            }
        }
    }

    let mut out = Document {
        meta: docs.first().map(|d| d.meta.clone()).unwrap_or_default(),
        ..Document::default()
    };
    // Images of each document, renumbered; fonts come from one font book.
    let mut image_offsets = Vec::with_capacity(docs.len());
    for doc in &docs {
        image_offsets.push(out.images.len());
        out.images.extend(doc.images.iter().cloned());
        if out.fonts.len() < doc.fonts.len() {
            out.fonts = doc.fonts.clone();
        }
    }
    let card_frame = |r: CardRef| -> Frame {
        let mut frame = docs[r.doc].pages[r.page].frame.clone();
        let offset = image_offsets[r.doc];
        frame.for_each_item_mut(&mut |item| {
            if let FrameItem::Image(image) = item {
                image.image += offset;
            }
        });
        frame
    };
    // Sheet page of every card, for bookmarks.
    let mut sheet_page: Vec<Vec<usize>> = docs.iter().map(|d| vec![0; d.pages.len()]).collect();

    for sheet in units.chunks(per_sheet) {
        let mut front = Frame::new(plan.paper);
        for (slot, (card, _)) in plan.slots.iter().zip(sheet) {
            place(&mut front, slot.rect, slot.rotation, card_frame(*card));
            sheet_page[card.doc][card.page] = out.pages.len();
        }
        push_marks(&mut front, &plan.marks);
        let trim = (per_sheet == 1).then(|| plan.slots[0].rect);
        out.pages.push(Page { frame: front, trim });

        if let Some(duplex) = imposition.duplex {
            let mut back = Frame::new(plan.paper);
            for (slot, (_, second)) in plan.slots.iter().zip(sheet) {
                if let Some(card) = second {
                    let rect = duplex.mirror(plan.paper, slot.rect);
                    let rotation = duplex.back_rotation(slot.rotation);
                    place(&mut back, rect, rotation, card_frame(*card));
                    sheet_page[card.doc][card.page] = out.pages.len();
                }
            }
            let trim = (per_sheet == 1).then(|| duplex.mirror(plan.paper, plan.slots[0].rect));
            out.pages.push(Page { frame: back, trim });
        }
    }

    for (d, doc) in docs.iter().enumerate() {
        out.outline
            .extend(doc.outline.iter().map(|e| remap_outline(e, &sheet_page[d])));
    }
    Ok(out)
}

/// The pages of each recipe in a document: a document of several recipes (appended)
/// has one top-level bookmark per recipe, on its first card.
fn recipe_ranges(doc: &Document) -> Vec<std::ops::Range<usize>> {
    let mut starts: Vec<usize> = doc
        .outline
        .iter()
        .map(|e| e.page)
        .filter(|&p| p < doc.pages.len())
        .collect();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(doc.pages.len());
    starts.into_iter().zip(ends).map(|(a, b)| a..b).collect()
}

/// The card size of the run: every page of every document must have it.
fn card_size(docs: &[Document]) -> Result<Size, String> {
    let mut pages = docs.iter().flat_map(|d| d.pages.iter());
    let first = pages
        .next()
        .ok_or_else(|| "nothing to impose: no cards".to_string())?
        .frame
        .size;
    if pages.any(|p| !same_size(p.frame.size, first)) {
        return Err("cannot impose cards of different sizes onto one sheet".into());
    }
    Ok(first)
}

/// Puts a card into its box: shifted as it is, or turned as a group.
fn place(sheet: &mut Frame, rect: Rect, rotation: Quarter, card: Frame) {
    if rotation == Quarter::R0 {
        sheet.push_frame(rect.origin(), card);
    } else {
        sheet.push_group(rect.origin(), card, rotation);
    }
}

fn push_marks(sheet: &mut Frame, marks: &[(Point, Point)]) {
    for &(from, to) in marks {
        sheet.push(
            from,
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(Point::new(to.x - from.x, to.y - from.y)),
                fill: None,
                stroke: Some(Stroke {
                    color: Color::BLACK,
                    width: Abs::pt(MARK_WIDTH_PT),
                }),
            }),
        );
    }
}

fn remap_outline(entry: &OutlineEntry, pages: &[usize]) -> OutlineEntry {
    OutlineEntry {
        title: entry.title.clone(),
        page: pages.get(entry.page).copied().unwrap_or(0),
        children: entry
            .children
            .iter()
            .map(|c| remap_outline(c, pages))
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Calibration sheet

/// Length of the metric ruler on the calibration sheet.
pub const CALIBRATION_MM: f64 = 100.0;
/// Length of the imperial ruler.
pub const CALIBRATION_IN: f64 = 4.0;
/// Side of the square.
pub const CALIBRATION_SQUARE_MM: f64 = 50.0;

/// A one-page check sheet: a 100 mm ruler, a 4 in ruler and a 50 mm square, with the
/// note to print at actual size. Each ruler is a row of vertical ticks hanging from a
/// baseline; the first and last ticks are exactly the ruler's length apart.
pub fn calibration(paper: Size, book: &FontBook) -> Document {
    let mut frame = Frame::new(paper);
    let left = Abs::mm(20.0);
    let mut y = Abs::mm(25.0);
    let black = Color::BLACK;
    let title = TextStyle {
        face: book.title.bold,
        size: Abs::pt(18.0),
        fill: black,
        tracking: Abs::zero(),
    };
    let body = TextStyle {
        face: book.body.regular,
        size: Abs::pt(10.0),
        fill: black,
        tracking: Abs::zero(),
    };
    let small = TextStyle {
        size: Abs::pt(7.0),
        ..body
    };
    text_line(
        &mut frame,
        book,
        "cardgen print calibration",
        title,
        left,
        y,
    );
    y += Abs::mm(9.0);
    for line in [
        "Print at 100 % / Actual size; both rulers must measure exactly.",
        "Turn off \"Fit to page\" / \"Shrink to printable area\" in the print dialog.",
        "Then measure: 100 mm, 4 in, and a 50 mm square. If they are off, so are your cards.",
    ] {
        text_line(&mut frame, book, line, body, left, y);
        y += Abs::mm(5.5);
    }

    // Metric ruler: a tick every mm, longer every 5 mm, longest and numbered every 10 mm.
    y += Abs::mm(12.0);
    text_line(&mut frame, book, "100 mm", body, left, y - Abs::mm(8.0));
    let mm_ticks = (0..=CALIBRATION_MM as usize).map(|i| {
        let length = match i {
            i if i % 10 == 0 => Abs::mm(6.0),
            i if i % 5 == 0 => Abs::mm(4.5),
            _ => Abs::mm(3.0),
        };
        let label = (i % 10 == 0).then(|| format!("{}", i / 10));
        (Abs::mm(i as f64), length, label)
    });
    ruler(
        &mut frame,
        book,
        left,
        y,
        Abs::mm(CALIBRATION_MM),
        mm_ticks,
        small,
    );

    // Imperial ruler: a tick every 1/8 in, longer every 1/2 in, longest every inch.
    y += Abs::mm(22.0);
    text_line(&mut frame, book, "4 in", body, left, y - Abs::mm(8.0));
    let steps = (CALIBRATION_IN * 8.0) as usize;
    let in_ticks = (0..=steps).map(|i| {
        let length = match i {
            i if i % 8 == 0 => Abs::mm(6.0),
            i if i % 4 == 0 => Abs::mm(4.5),
            _ => Abs::mm(3.0),
        };
        let label = (i % 8 == 0).then(|| format!("{}", i / 8));
        (Abs::inches(i as f64 / 8.0), length, label)
    });
    ruler(
        &mut frame,
        book,
        left,
        y,
        Abs::inches(CALIBRATION_IN),
        in_ticks,
        small,
    );

    // The square.
    y += Abs::mm(22.0);
    text_line(
        &mut frame,
        book,
        "50 mm x 50 mm",
        body,
        left,
        y - Abs::mm(3.0),
    );
    let side = Abs::mm(CALIBRATION_SQUARE_MM);
    frame.push(
        Point::new(left, y),
        FrameItem::Shape(Shape {
            geometry: Geometry::Rect(Size::new(side, side)),
            fill: None,
            stroke: Some(Stroke {
                color: black,
                width: Abs::pt(0.5),
            }),
        }),
    );
    let note = format!(
        "Paper: {:.0} x {:.0} mm ({:.2} x {:.2} in).",
        paper.w.to_mm(),
        paper.h.to_mm(),
        paper.w.to_inches(),
        paper.h.to_inches()
    );
    text_line(
        &mut frame,
        book,
        &note,
        small,
        left,
        y + side + Abs::mm(8.0),
    );

    Document {
        pages: vec![Page { frame, trim: None }],
        fonts: book.font_data(),
        meta: crate::frame::Metadata {
            title: "cardgen print calibration".into(),
            lang: Some("en".into()),
            ..Default::default()
        },
        ..Document::default()
    }
}

/// A ruler: a baseline of `length` at `y`, ticks hanging down from it at their offsets,
/// numbers under the labelled ticks.
fn ruler(
    frame: &mut Frame,
    book: &FontBook,
    x: Abs,
    y: Abs,
    length: Abs,
    ticks: impl Iterator<Item = (Abs, Abs, Option<String>)>,
    label_style: TextStyle,
) {
    let stroke = Some(Stroke {
        color: Color::BLACK,
        width: Abs::pt(0.3),
    });
    frame.push(
        Point::new(x, y),
        FrameItem::Shape(Shape {
            geometry: Geometry::Line(Point::new(length, Abs::zero())),
            fill: None,
            stroke,
        }),
    );
    for (at, tick, label) in ticks {
        frame.push(
            Point::new(x + at, y),
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(Point::new(Abs::zero(), tick)),
                fill: None,
                stroke,
            }),
        );
        if let Some(label) = label {
            let para = Paragraph::new(book, &[(&label, label_style)], "en", false);
            let width = para.natural_width();
            text_line(
                frame,
                book,
                &label,
                label_style,
                x + at - width / 2.0,
                y + tick + Abs::mm(3.0),
            );
        }
    }
}

/// One line of text with its baseline start at (`x`, `y`).
fn text_line(frame: &mut Frame, book: &FontBook, text: &str, style: TextStyle, x: Abs, y: Abs) {
    let para = Paragraph::new(book, &[(text, style)], "en", false);
    for line in para
        .break_lines(0, Abs::pt(1e6), Abs::pt(1e6))
        .iter()
        .take(1)
    {
        for (dx, item) in para.line_items(line) {
            frame.push(Point::new(x + dx, y), FrameItem::Text(item));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagesize;

    fn size(name: &str) -> Size {
        pagesize::parse(name).unwrap()
    }

    fn landscape(name: &str) -> Size {
        pagesize::orient(size(name), true)
    }

    #[test]
    fn counts_and_turns() {
        let plan = grid(size("letter"), landscape("3x5"), Abs::zero()).unwrap();
        assert_eq!(plan.slots.len(), 4);
        assert!(plan.slots.iter().all(|s| s.rotation == Quarter::R90));
        let plan = grid(size("letter"), landscape("4x6"), Abs::zero()).unwrap();
        assert_eq!(plan.slots.len(), 2);
        assert!(plan.slots.iter().all(|s| s.rotation == Quarter::R0));
        let plan = grid(size("a4"), landscape("5x8"), Abs::zero()).unwrap();
        assert_eq!(plan.slots.len(), 1);
    }

    #[test]
    fn grid_is_centred() {
        let paper = size("letter");
        let plan = grid(paper, landscape("4x6"), Abs::zero()).unwrap();
        let left = plan.slots[0].rect.x;
        let right = paper.w - plan.slots[0].rect.right();
        assert!((left - right).abs().to_pt() < 1e-6);
        let top = plan.slots[0].rect.y;
        let bottom = paper.h - plan.slots[1].rect.bottom();
        assert!((top - bottom).abs().to_pt() < 1e-6);
    }

    #[test]
    fn touching_cards_get_marks_only_outside_the_block() {
        let plan = grid(size("letter"), landscape("4x6"), Abs::zero()).unwrap();
        // Two cards stacked: 4 corners of the block x 2 marks, plus the shared cut line's
        // two horizontal marks (left and right of the block).
        assert_eq!(plan.marks.len(), 10);
    }

    #[test]
    fn bleed_spaces_cards() {
        let bleed = Abs::mm(3.0);
        let plan = grid(size("letter"), landscape("4x6"), bleed).unwrap();
        let gap = plan.slots[1].rect.y - plan.slots[0].rect.bottom();
        assert!((gap - bleed * 2.0).abs().to_pt() < 1e-6);
    }

    #[test]
    fn lengths() {
        assert!((parse_length("3mm").unwrap().to_pt() - 8.504).abs() < 1e-3);
        assert_eq!(parse_length("0.125in").unwrap().to_pt(), 9.0);
        assert_eq!(parse_length(" 9PT ").unwrap().to_pt(), 9.0);
        assert_eq!(parse_length("0").unwrap().to_pt(), 0.0);
        assert!(parse_length("3").unwrap_err().contains("with a unit"));
        assert!(parse_length("-1mm").is_err());
        assert!(parse_length("2in").unwrap_err().contains("out of range"));
    }

    #[test]
    fn quarter_turns_compose() {
        assert_eq!(Quarter::R90.then(Quarter::R180), Quarter::R270);
        assert_eq!(Quarter::R270.then(Quarter::R90), Quarter::R0);
        assert_eq!(Duplex::LongEdge.back_rotation(Quarter::R90), Quarter::R270);
        assert_eq!(Duplex::ShortEdge.back_rotation(Quarter::R0), Quarter::R0);
    }

    #[test]
    fn templates_are_consistent() {
        for t in TEMPLATES {
            let sheet = Rect::from_size(t.paper());
            let rects = t.rects();
            for (i, r) in rects.iter().enumerate() {
                assert!(sheet.contains(r), "{}: card {i} leaves the sheet", t.name);
                for other in &rects[i + 1..] {
                    assert!(!r.overlaps(other), "{}: cards overlap", t.name);
                }
            }
            assert_eq!(Template::find(&t.name.to_uppercase()), Some(t));
        }
    }

    #[test]
    fn template_rejects_other_card_sizes() {
        let t = Template::find("avery-5388").unwrap();
        let err = template_plan(t, landscape("4x6")).unwrap_err();
        assert!(err.contains("--size 3x5"), "{err}");
        let turned = template_plan(t, size("3x5")).unwrap();
        assert_eq!(turned.slots[0].rotation, Quarter::R90);
    }
}
