//! Imposition: cards N-up on paper and card stock, crop marks, duplex, calibration.
//!
//! Most tests impose hand-built card documents (each card holds a full-size marker
//! rectangle and a small marker in its top-left corner) and find the markers again on
//! the sheets, so they check geometry without depending on recipe layout. A few run the
//! `cardgen` binary end to end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use cardgen::frame::{
    Color, Document, Frame, FrameItem, Geometry, GroupItem, Image, ImageData, ImageItem, LinkItem,
    OutlineEntry, Page, Quarter, Shape,
};
use cardgen::impose::{
    self, Duplex, Imposition, Plan, Target, Template, MARK_LENGTH_PT, PRINTABLE_MARGIN_MM,
};
use cardgen::pagesize;
use cardgen::render::pdf::{render, RenderOptions};
use cardgen::text::FontBook;
use cardgen::units::{Abs, Point, Rect, Size};

const CARD: Color = Color::rgb(1, 2, 3);
const CORNER: Color = Color::rgb(4, 5, 6);
const CORNER_SIZE: Size = Size::new(Abs::pt(10.0), Abs::pt(5.0));

const CARDS: [&str; 5] = ["3x5", "4x6", "5x8", "a6", "a7"];
const PAPERS: [&str; 2] = ["a4", "letter"];

/// Cards per sheet, computed by hand (docs/printing.md has the arithmetic).
fn expected_n_up(card: &str, paper: &str) -> usize {
    match (card, paper) {
        ("3x5", _) => 4,
        ("4x6", _) => 2,
        ("5x8", _) => 1,
        ("a6", _) => 2,
        ("a7", _) => 4,
        _ => unreachable!(),
    }
}

fn size(name: &str) -> Size {
    pagesize::parse(name).unwrap()
}

fn landscape(name: &str) -> Size {
    pagesize::orient(size(name), true)
}

fn filled(color: Color, size: Size) -> FrameItem {
    FrameItem::Shape(Shape {
        geometry: Geometry::Rect(size),
        fill: Some(color),
        stroke: None,
    })
}

/// A recipe of `cards` cards of `size`, each with a card-size marker and a corner marker.
fn card_doc(size: Size, cards: usize, title: &str) -> Document {
    let pages = (0..cards)
        .map(|_| {
            let mut frame = Frame::new(size);
            frame.push(Point::zero(), filled(CARD, size));
            frame.push(Point::zero(), filled(CORNER, CORNER_SIZE));
            Page { frame, trim: None }
        })
        .collect();
    Document {
        pages,
        outline: vec![OutlineEntry {
            title: title.into(),
            page: 0,
            children: Vec::new(),
        }],
        ..Document::default()
    }
}

/// A card found on a sheet: its box, its corner marker's box, and how it is turned.
#[derive(Debug, Clone, Copy)]
struct Found {
    card: Rect,
    corner: Rect,
    rotation: Quarter,
}

fn shape_rect(pos: Point, item: &FrameItem, color: Color) -> Option<Rect> {
    match item {
        FrameItem::Shape(Shape {
            geometry: Geometry::Rect(size),
            fill: Some(fill),
            ..
        }) if *fill == color => Some(Rect::new(pos.x, pos.y, size.w, size.h)),
        _ => None,
    }
}

/// The cards on a sheet, in drawing order (unturned cards are flattened into the sheet,
/// turned ones are groups).
fn cards_on(page: &Page) -> Vec<Found> {
    let mut found = Vec::new();
    for (pos, item) in &page.frame.items {
        if let Some(card) = shape_rect(*pos, item, CARD) {
            found.push(Found {
                card,
                corner: Rect::default(),
                rotation: Quarter::R0,
            });
        } else if let Some(corner) = shape_rect(*pos, item, CORNER) {
            found.last_mut().expect("card before corner").corner = corner;
        } else if let FrameItem::Group(group) = item {
            let inner = |color| {
                group
                    .frame
                    .items
                    .iter()
                    .find_map(|(p, i)| shape_rect(*p, i, color))
                    .map(|r| group.rect_to_parent(*pos, r))
                    .unwrap()
            };
            found.push(Found {
                card: inner(CARD),
                corner: inner(CORNER),
                rotation: group.rotation,
            });
        }
    }
    found
}

fn marks_on(page: &Page) -> Vec<Rect> {
    page.frame
        .items
        .iter()
        .filter_map(|(pos, item)| match item {
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(to),
                ..
            }) => {
                let end = *pos + *to;
                let (x0, x1) = (pos.x.min(end.x), pos.x.max(end.x));
                let (y0, y1) = (pos.y.min(end.y), pos.y.max(end.y));
                Some(Rect::new(x0, y0, x1 - x0, y1 - y0))
            }
            _ => None,
        })
        .collect()
}

fn paper_target(paper: &str, bleed: Abs) -> Imposition {
    Imposition {
        target: Target::Paper {
            size: size(paper),
            bleed,
        },
        duplex: None,
    }
}

fn close(a: Abs, b: f64) -> bool {
    (a.to_pt() - b).abs() < 0.01
}

fn same_rect(a: Rect, b: Rect) -> bool {
    close(a.x, b.x.to_pt())
        && close(a.y, b.y.to_pt())
        && close(a.w, b.w.to_pt())
        && close(a.h, b.h.to_pt())
}

/// Distance between two boxes that do not overlap (0 if they touch or overlap).
fn gap(a: &Rect, b: &Rect) -> f64 {
    let dx = (b.x - a.right()).max(a.x - b.right()).to_pt().max(0.0);
    let dy = (b.y - a.bottom()).max(a.y - b.bottom()).to_pt().max(0.0);
    dx.max(dy)
}

// ---------------------------------------------------------------------------------------
// N-up

#[test]
fn n_up_counts_and_sheet_sizes_for_every_card_and_paper() {
    for paper in PAPERS {
        for card in CARDS {
            let n = expected_n_up(card, paper);
            for (orientation, card_size) in
                [("landscape", landscape(card)), ("portrait", size(card))]
            {
                let what = format!("{card} {orientation} on {paper}");
                let plan = Plan::new(&paper_target(paper, Abs::zero()).target, card_size).unwrap();
                assert_eq!(plan.slots.len(), n, "{what}");
                // 7 cards from three recipes → ceil(7 / n) sheets of the paper's size.
                let docs = vec![
                    card_doc(card_size, 3, "a"),
                    card_doc(card_size, 1, "b"),
                    card_doc(card_size, 3, "c"),
                ];
                let sheets = impose::impose(docs, &paper_target(paper, Abs::zero())).unwrap();
                assert_eq!(sheets.pages.len(), 7usize.div_ceil(n), "{what}");
                let placed: usize = sheets.pages.iter().map(|p| cards_on(p).len()).sum();
                assert_eq!(placed, 7, "{what}");
                for page in &sheets.pages {
                    assert!(close(page.frame.size.w, size(paper).w.to_pt()), "{what}");
                    assert!(close(page.frame.size.h, size(paper).h.to_pt()), "{what}");
                }
            }
        }
    }
}

#[test]
fn cards_lie_inside_the_printable_sheet_and_never_overlap() {
    for paper in PAPERS {
        for card in CARDS {
            for bleed in [Abs::zero(), Abs::mm(3.0), Abs::inches(0.125)] {
                let what = format!("{card} on {paper}, bleed {:.2} mm", bleed.to_mm());
                let sheet = size(paper);
                let printable = Rect::from_size(sheet).inset(Abs::mm(PRINTABLE_MARGIN_MM));
                let Ok(plan) = Plan::new(&paper_target(paper, bleed).target, landscape(card))
                else {
                    panic!("{what}: nothing fits");
                };
                for (i, slot) in plan.slots.iter().enumerate() {
                    assert!(printable.contains(&slot.rect), "{what}: card {i} outside");
                    assert!(
                        printable.contains(&slot.rect.inset(-bleed)),
                        "{what}: bleed of card {i} outside"
                    );
                    for other in &plan.slots[i + 1..] {
                        assert!(!slot.rect.overlaps(&other.rect), "{what}: overlap");
                        // Bleed spacing: neighbours are at least 2 x bleed apart.
                        assert!(gap(&slot.rect, &other.rect) >= (bleed * 2.0).to_pt() - 1e-6);
                    }
                }
            }
        }
    }
}

#[test]
fn grid_is_centred_on_the_sheet() {
    for paper in PAPERS {
        for card in CARDS {
            let sheet = size(paper);
            let plan =
                Plan::new(&paper_target(paper, Abs::zero()).target, landscape(card)).unwrap();
            let left = plan
                .slots
                .iter()
                .map(|s| s.rect.x.to_pt())
                .fold(f64::MAX, f64::min);
            let right = plan
                .slots
                .iter()
                .map(|s| s.rect.right().to_pt())
                .fold(0.0, f64::max);
            let top = plan
                .slots
                .iter()
                .map(|s| s.rect.y.to_pt())
                .fold(f64::MAX, f64::min);
            let bottom = plan
                .slots
                .iter()
                .map(|s| s.rect.bottom().to_pt())
                .fold(0.0, f64::max);
            assert!(
                (left - (sheet.w.to_pt() - right)).abs() < 0.01,
                "{card} on {paper}"
            );
            assert!(
                (top - (sheet.h.to_pt() - bottom)).abs() < 0.01,
                "{card} on {paper}"
            );
        }
    }
}

#[test]
fn crop_marks_lie_outside_every_card_and_inside_the_sheet() {
    for paper in PAPERS {
        for card in CARDS {
            for bleed in [Abs::zero(), Abs::mm(3.0)] {
                let what = format!("{card} on {paper}, bleed {:.0} mm", bleed.to_mm());
                let sheets = impose::impose(
                    vec![card_doc(landscape(card), 4, "r")],
                    &paper_target(paper, bleed),
                )
                .unwrap();
                let page = &sheets.pages[0];
                let cards: Vec<Rect> = cards_on(page).iter().map(|f| f.card).collect();
                let marks = marks_on(page);
                assert!(marks.len() >= 8, "{what}: {} marks", marks.len());
                let printable =
                    Rect::from_size(page.frame.size).inset(Abs::mm(PRINTABLE_MARGIN_MM));
                for mark in &marks {
                    assert!(
                        printable.contains(mark),
                        "{what}: mark {mark:?} off the sheet"
                    );
                    assert!(
                        close(mark.w.max(mark.h), MARK_LENGTH_PT),
                        "{what}: mark length"
                    );
                    for c in &cards {
                        // Outside the card and its bleed, by at least the 3 pt offset.
                        let min = bleed.to_pt().max(3.0) - 1e-6;
                        assert!(gap(mark, c) >= min, "{what}: mark {mark:?} on card {c:?}");
                    }
                }
                // Every cut line (every card edge) is marked at least once, in line with it.
                for c in &cards {
                    let vertical = |x: Abs| {
                        marks
                            .iter()
                            .any(|m| m.w.to_pt() < 1e-6 && close(m.x, x.to_pt()))
                    };
                    let horizontal = |y: Abs| {
                        marks
                            .iter()
                            .any(|m| m.h.to_pt() < 1e-6 && close(m.y, y.to_pt()))
                    };
                    assert!(vertical(c.x) && vertical(c.right()), "{what}: {c:?} x cuts");
                    assert!(
                        horizontal(c.y) && horizontal(c.bottom()),
                        "{what}: {c:?} y cuts"
                    );
                }
            }
        }
    }
}

#[test]
fn touching_cards_get_marks_only_around_the_block() {
    // Two 4x6 cards touching on Letter: 8 marks at the block's corners and 2 for the
    // shared cut, left and right of the block.
    let plan = Plan::new(
        &paper_target("letter", Abs::zero()).target,
        landscape("4x6"),
    )
    .unwrap();
    assert_eq!(plan.marks.len(), 10);
    let block = Rect::new(
        plan.slots[0].rect.x,
        plan.slots[0].rect.y,
        plan.slots[0].rect.w,
        plan.slots[1].rect.bottom() - plan.slots[0].rect.y,
    );
    for (a, b) in &plan.marks {
        for p in [a, b] {
            let inside = p.x.to_pt() > block.x.to_pt() + 1e-6
                && p.x.to_pt() < block.right().to_pt() - 1e-6
                && p.y.to_pt() > block.y.to_pt() + 1e-6
                && p.y.to_pt() < block.bottom().to_pt() - 1e-6;
            assert!(!inside, "mark inside the block at {p:?}");
        }
    }
}

#[test]
fn one_card_per_sheet_sets_the_trim_box_and_several_do_not() {
    let sheets = impose::impose(
        vec![card_doc(landscape("5x8"), 2, "r")],
        &paper_target("letter", Abs::zero()),
    )
    .unwrap();
    for page in &sheets.pages {
        let card = cards_on(page)[0].card;
        assert!(same_rect(page.trim.expect("trim box"), card));
    }
    let sheets = impose::impose(
        vec![card_doc(landscape("4x6"), 2, "r")],
        &paper_target("letter", Abs::zero()),
    )
    .unwrap();
    assert!(sheets.pages.iter().all(|p| p.trim.is_none()));
}

#[test]
fn bookmarks_point_at_the_sheet_with_the_recipes_first_card() {
    let docs = vec![
        card_doc(landscape("4x6"), 3, "first"),
        card_doc(landscape("4x6"), 1, "second"),
    ];
    let sheets = impose::impose(docs, &paper_target("letter", Abs::zero())).unwrap();
    let pages: Vec<(String, usize)> = sheets
        .outline
        .iter()
        .map(|e| (e.title.clone(), e.page))
        .collect();
    assert_eq!(pages, [("first".into(), 0), ("second".into(), 1)]);
}

#[test]
fn images_are_renumbered_per_recipe() {
    let image = || {
        Arc::new(Image {
            width: 1,
            height: 1,
            data: ImageData::Rgb {
                pixels: vec![0, 0, 0],
                alpha: None,
            },
            orientation: 1,
        })
    };
    let with_photo = |title| {
        let mut doc = card_doc(landscape("3x5"), 1, title);
        doc.images.push(image());
        // A 20 pt photo cut to 10 pt, as layout crops one.
        let mut photo = Frame::new(Size::new(Abs::pt(10.0), Abs::pt(10.0)));
        photo.push(
            Point::zero(),
            FrameItem::Image(ImageItem {
                image: 0,
                size: Size::new(Abs::pt(20.0), Abs::pt(20.0)),
                alt: None,
            }),
        );
        doc.pages[0].frame.push_clipped(Point::zero(), photo);
        doc
    };
    let sheets = impose::impose(
        vec![with_photo("a"), with_photo("b")],
        &paper_target("letter", Abs::zero()),
    )
    .unwrap();
    assert_eq!(sheets.images.len(), 2);
    let used: Vec<usize> = sheets.pages[0]
        .frame
        .all_items()
        .into_iter()
        .filter_map(|i| match i {
            FrameItem::Image(img) => Some(img.image),
            _ => None,
        })
        .collect();
    assert_eq!(used, [0, 1]);
    // Turned cards (3x5 goes 4-up turned on Letter), clip and all, still render.
    render(&sheets, &RenderOptions::default()).expect("renders");
}

// ---------------------------------------------------------------------------------------
// Duplex

/// For every sheet: each front card with a back, mirrored, covers the back card's box,
/// and the back's corner marker sits behind the front corner it should (the card turns
/// over like an unturned card would: around its vertical axis for long-edge on portrait
/// paper, around its horizontal axis for short-edge).
fn check_duplex(card: &str, paper: &str, duplex: Duplex, expect_turn: Quarter) {
    let card_size = landscape(card);
    let imposition = Imposition {
        duplex: Some(duplex),
        ..paper_target(paper, Abs::zero())
    };
    let sheets = impose::impose(vec![card_doc(card_size, 2, "two")], &imposition).unwrap();
    assert_eq!(sheets.pages.len(), 2, "front and back");
    let front = cards_on(&sheets.pages[0]);
    let back = cards_on(&sheets.pages[1]);
    assert_eq!((front.len(), back.len()), (1, 1));
    let (f, b) = (front[0], back[0]);
    assert_eq!(f.rotation, expect_turn);
    let sheet = size(paper);
    let mirror = |r: Rect| match duplex {
        Duplex::LongEdge => Rect::new(sheet.w - r.right(), r.y, r.w, r.h),
        Duplex::ShortEdge => Rect::new(r.x, sheet.h - r.bottom(), r.w, r.h),
    };
    assert!(
        same_rect(mirror(b.card), f.card),
        "{card} {duplex:?}: back {:?} mirrored is not front {:?}",
        b.card,
        f.card
    );
    // Which part of the front card lies over the back's top-left corner.
    let (w, h) = (card_size.w, card_size.h);
    let behind = match duplex {
        Duplex::LongEdge => Rect::new(w - CORNER_SIZE.w, Abs::zero(), CORNER_SIZE.w, CORNER_SIZE.h),
        Duplex::ShortEdge => {
            Rect::new(Abs::zero(), h - CORNER_SIZE.h, CORNER_SIZE.w, CORNER_SIZE.h)
        }
    };
    let group = GroupItem {
        frame: Frame::new(card_size),
        rotation: f.rotation,
        clip: false,
    };
    let expected = group.rect_to_parent(f.card.origin(), behind);
    assert!(
        same_rect(mirror(b.corner), expected),
        "{card} {duplex:?}: back corner {:?} not behind {:?}",
        mirror(b.corner),
        expected
    );
}

#[test]
fn duplex_long_edge_back_lines_up_with_the_front() {
    check_duplex("4x6", "letter", Duplex::LongEdge, Quarter::R0);
    check_duplex("3x5", "letter", Duplex::LongEdge, Quarter::R90);
    check_duplex("5x8", "a4", Duplex::LongEdge, Quarter::R90);
    check_duplex("a6", "a4", Duplex::LongEdge, Quarter::R0);
}

#[test]
fn duplex_short_edge_back_lines_up_with_the_front() {
    check_duplex("4x6", "letter", Duplex::ShortEdge, Quarter::R0);
    check_duplex("3x5", "a4", Duplex::ShortEdge, Quarter::R90);
    check_duplex("a7", "letter", Duplex::ShortEdge, Quarter::R90);
}

#[test]
fn duplex_pairs_cards_per_recipe_and_keeps_empty_backs() {
    // 4x6 on Letter: 2 per sheet. Recipe A has 3 cards (1+2 on one card, 3 alone),
    // recipe B 1 card: sheet 1 = A1/A2 and A3/-, sheet 2 = B1/-.
    let imposition = Imposition {
        duplex: Some(Duplex::LongEdge),
        ..paper_target("letter", Abs::zero())
    };
    let docs = vec![
        card_doc(landscape("4x6"), 3, "A"),
        card_doc(landscape("4x6"), 1, "B"),
    ];
    let sheets = impose::impose(docs, &imposition).unwrap();
    let counts: Vec<usize> = sheets.pages.iter().map(|p| cards_on(p).len()).collect();
    assert_eq!(counts, [2, 1, 1, 0]);
    assert!(
        sheets.pages[3].frame.items.is_empty(),
        "blank back, still emitted"
    );
    assert!(
        marks_on(&sheets.pages[1]).is_empty(),
        "marks only on fronts"
    );
    let outline: Vec<usize> = sheets.outline.iter().map(|e| e.page).collect();
    assert_eq!(outline, [0, 2]);
}

// ---------------------------------------------------------------------------------------
// Card stock

#[test]
fn avery_templates_place_cards_at_the_published_positions() {
    // (template, card size, expected card boxes in pt: x, y, w, h)
    type Case = (
        &'static str,
        &'static str,
        &'static [(f64, f64)],
        (f64, f64),
    );
    let cases: [Case; 2] = [
        (
            "avery-5388",
            "3x5",
            &[(126.0, 72.0), (126.0, 288.0), (126.0, 504.0)],
            (360.0, 216.0),
        ),
        (
            "avery-5389",
            "4x6",
            &[(90.0, 90.0), (90.0, 414.0)],
            (432.0, 288.0),
        ),
    ];
    for (name, card, boxes, (w, h)) in cases {
        let template = Template::find(name).unwrap();
        let imposition = Imposition {
            target: Target::Template(template),
            duplex: None,
        };
        let sheets = impose::impose(
            vec![card_doc(landscape(card), boxes.len(), "r")],
            &imposition,
        )
        .unwrap();
        assert_eq!(sheets.pages.len(), 1);
        let page = &sheets.pages[0];
        assert!(close(page.frame.size.w, 612.0) && close(page.frame.size.h, 792.0));
        let found = cards_on(page);
        assert_eq!(found.len(), boxes.len(), "{name}");
        for (f, &(x, y)) in found.iter().zip(boxes) {
            let expected = Rect::new(Abs::pt(x), Abs::pt(y), Abs::pt(w), Abs::pt(h));
            assert!(
                same_rect(f.card, expected),
                "{name}: {:?} != {expected:?}",
                f.card
            );
        }
        assert!(
            marks_on(page).is_empty(),
            "{name}: perforated stock needs no marks"
        );
        // Portrait cards are turned into the landscape slots, same boxes.
        let turned =
            impose::impose(vec![card_doc(size(card), boxes.len(), "r")], &imposition).unwrap();
        for (f, &(x, y)) in cards_on(&turned.pages[0]).iter().zip(boxes) {
            assert_eq!(f.rotation, Quarter::R90);
            assert!(close(f.card.x, x) && close(f.card.y, y), "{name} turned");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rendering turned groups

#[test]
fn links_in_turned_cards_cover_the_turned_box() {
    // A 3x5 card with a link; on A4 it goes 4-up, turned clockwise, first slot at
    // (81.638, 60.945). The link (18, 147.6) 117.04 x 50.4 in the card becomes
    // x 99.638..150.038, y 78.945..195.985 on the sheet: PDF y 645.905..762.945.
    let card = landscape("3x5");
    let mut doc = card_doc(card, 1, "link");
    doc.pages[0].frame.push(
        Point::new(Abs::pt(18.0), Abs::pt(147.6)),
        FrameItem::Link(LinkItem {
            size: Size::new(Abs::pt(117.04), Abs::pt(50.4)),
            url: "https://example.com/".into(),
        }),
    );
    let sheets = impose::impose(vec![doc], &paper_target("a4", Abs::zero())).unwrap();
    let bytes = render(&sheets, &RenderOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    // Annotations may be objects of their own or inline in a page's /Annots.
    fn dicts<'a>(o: &'a lopdf::Object, out: &mut Vec<&'a lopdf::Dictionary>) {
        match o {
            lopdf::Object::Dictionary(d) => {
                out.push(d);
                d.iter().for_each(|(_, v)| dicts(v, out));
            }
            lopdf::Object::Array(a) => a.iter().for_each(|v| dicts(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    pdf.objects.values().for_each(|o| dicts(o, &mut all));
    let rects: Vec<Vec<f64>> = all
        .into_iter()
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link"))
        .map(|d| {
            d.get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    v.as_float()
                        .map(f64::from)
                        .unwrap_or_else(|_| v.as_i64().unwrap() as f64)
                })
                .collect()
        })
        .collect();
    assert_eq!(rects.len(), 1);
    let expected = [99.638, 645.905, 150.038, 762.945];
    for (got, want) in rects[0].iter().zip(expected) {
        assert!((got - want).abs() < 0.01, "{:?} != {expected:?}", rects[0]);
    }
}

// ---------------------------------------------------------------------------------------
// Calibration

#[test]
fn calibration_rulers_are_exact() {
    let book = FontBook::builtin();
    let doc = impose::calibration(size("a4"), &book);
    assert_eq!(doc.pages.len(), 1);
    // Ticks: vertical lines, grouped by the ruler (baseline y) they hang from.
    let mut rulers: std::collections::BTreeMap<i64, Vec<f64>> = Default::default();
    for (pos, item) in &doc.pages[0].frame.items {
        if let FrameItem::Shape(Shape {
            geometry: Geometry::Line(to),
            ..
        }) = item
        {
            if to.x.to_pt() == 0.0 && to.y.to_pt() > 0.0 {
                rulers
                    .entry((pos.y.to_pt() * 1000.0) as i64)
                    .or_default()
                    .push(pos.x.to_pt());
            }
        }
    }
    let span = |ticks: &Vec<f64>| {
        ticks.iter().cloned().fold(f64::MIN, f64::max)
            - ticks.iter().cloned().fold(f64::MAX, f64::min)
    };
    let mm = rulers
        .values()
        .find(|t| t.len() == 101)
        .expect("a 100 mm ruler, 1 mm ticks");
    assert!(
        (span(mm) - 283.46).abs() < 0.005,
        "100 mm = {} pt",
        span(mm)
    );
    let inch = rulers
        .values()
        .find(|t| t.len() == 33)
        .expect("a 4 in ruler, 1/8 in ticks");
    assert!((span(inch) - 288.0).abs() < 1e-9);
    let text: String = doc.pages[0]
        .frame
        .items
        .iter()
        .filter_map(|(_, i)| match i {
            FrameItem::Text(t) => Some(t.text()),
            _ => None,
        })
        .collect();
    assert!(text.contains("Print at 100 % / Actual size; both rulers must measure exactly"));
    // The square.
    assert!(doc.pages[0].frame.items.iter().any(|(_, i)| matches!(i,
        FrameItem::Shape(Shape { geometry: Geometry::Rect(s), .. })
            if (s.w.to_mm() - 50.0).abs() < 1e-9 && (s.h.to_mm() - 50.0).abs() < 1e-9)));
}

// ---------------------------------------------------------------------------------------
// Through the command line

mod common;
use common::repo;

fn cardgen() -> Command {
    Command::new(common::BIN)
}

fn temp_dir(name: &str) -> PathBuf {
    common::temp("impose", name)
}

fn run_ok(args: &[&dyn AsRef<std::ffi::OsStr>]) {
    let out = cardgen().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "cardgen {:?} failed: {}",
        args.iter()
            .map(|a| a.as_ref().to_owned())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pdf_pages(path: &Path) -> Vec<(f64, f64)> {
    let pdf = lopdf::Document::load(path).unwrap();
    pdf.get_pages()
        .values()
        .map(|id| {
            let page = pdf.get_dictionary(*id).unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |o: &lopdf::Object| {
                o.as_float()
                    .map(f64::from)
                    .unwrap_or_else(|_| o.as_i64().unwrap() as f64)
            };
            (n(&media[2]) - n(&media[0]), n(&media[3]) - n(&media[1]))
        })
        .collect()
}

fn prints_at_actual_size(path: &Path) -> bool {
    let pdf = lopdf::Document::load(path).unwrap();
    let catalog = pdf.catalog().unwrap();
    let prefs = catalog.get(b"ViewerPreferences").unwrap();
    let prefs = match prefs {
        lopdf::Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
        other => other.as_dict().unwrap(),
    };
    prefs.get(b"PrintScaling").unwrap().as_name().unwrap() == b"None"
}

#[test]
fn cli_imposes_all_recipes_of_a_run_onto_sheets() {
    let dir = temp_dir("cli");
    let out = dir.join("cards.pdf");
    let inputs = [
        repo().join("recipes/shakshuka.yaml"),
        repo().join("recipes/weeknight-dal.yaml"),
    ];
    // Card count without imposition.
    let plain = dir.join("plain.pdf");
    run_ok(&[&inputs[0], &inputs[1], &"-o", &plain, &"-q"]);
    let cards = pdf_pages(&plain).len();
    run_ok(&[
        &inputs[0], &inputs[1], &"--paper", &"letter", &"-o", &out, &"-q",
    ]);
    let sheets = pdf_pages(&out);
    assert_eq!(
        sheets.len(),
        cards.div_ceil(2),
        "4x6 cards go 2-up on Letter"
    );
    assert!(sheets
        .iter()
        .all(|&(w, h)| (w - 612.0).abs() < 0.01 && (h - 792.0).abs() < 0.01));
    assert!(
        prints_at_actual_size(&out),
        "/PrintScaling /None on imposed sheets"
    );
    assert!(
        prints_at_actual_size(&plain),
        "/PrintScaling /None on cards"
    );

    // Folder mode: each recipe's PDF is imposed on its own.
    let folder = dir.join("each");
    run_ok(&[
        &inputs[0],
        &inputs[1],
        &"--template",
        &"avery-5388",
        &"-o",
        &folder,
        &"-q",
    ]);
    for stem in ["shakshuka", "weeknight-dal"] {
        let pages = pdf_pages(&folder.join(stem).with_extension("pdf"));
        assert!(!pages.is_empty());
        assert!(pages
            .iter()
            .all(|&(w, h)| (w - 612.0).abs() < 0.01 && (h - 792.0).abs() < 0.01));
    }

    // Duplex: an even number of pages (front, back, front, back …).
    let duplex = dir.join("duplex.pdf");
    run_ok(&[
        &inputs[0],
        &inputs[1],
        &"--paper",
        &"a4",
        &"--duplex",
        &"short-edge",
        &"--bleed",
        &"3mm",
        &"-o",
        &duplex,
        &"-q",
    ]);
    assert_eq!(pdf_pages(&duplex).len() % 2, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_calibrate_writes_one_actual_size_page() {
    let dir = temp_dir("calibrate");
    for (paper, w, h) in [("a4", 595.276, 841.89), ("letter", 612.0, 792.0)] {
        let out = dir.join(format!("{paper}.pdf"));
        run_ok(&[&"calibrate", &"--paper", &paper, &"-o", &out]);
        let pages = pdf_pages(&out);
        assert_eq!(pages.len(), 1);
        assert!(
            (pages[0].0 - w).abs() < 0.01 && (pages[0].1 - h).abs() < 0.01,
            "{paper}"
        );
        assert!(prints_at_actual_size(&out));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_rejects_impossible_combinations() {
    let recipe = repo().join("recipes/shakshuka.yaml");
    let cases: [(&[&str], &str); 7] = [
        (
            &["--duplex", "long-edge"],
            "--duplex needs --paper or --template",
        ),
        (&["--bleed", "3mm"], "--bleed needs --paper"),
        (
            &["--paper", "a4", "--layout", "sheet"],
            "--paper is for cards, not --layout sheet",
        ),
        (
            &["--template", "avery-5388", "--bleed", "3mm"],
            "--bleed is for --paper",
        ),
        (
            &["--template", "avery-9999"],
            "unknown --template `avery-9999`",
        ),
        (&["--template", "avery-5388", "--size", "4x6"], "--size 3x5"),
        (&["--paper", "a6", "--size", "5x8"], "does not fit"),
    ];
    for (args, message) in cases {
        let out = cardgen()
            .arg(&recipe)
            .args(args)
            .args(["-o", "/dev/null"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let out = cardgen()
        .arg(&recipe)
        .args(["--paper", "a4", "--template", "avery-5388"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--paper and --template conflict"
    );
}

/// Nine steps and a short tenth: two cards at full size, one at 90 % type
/// (not at 95 %), so `--fit shrink` makes it one card.
const FITS_AT_90: &str = "title: Long Test Soup
lang: en
ingredients:
  - 1 onion, chopped
  - 2 carrots, diced
  - 1 l stock
steps:
  - Stir the pot gently and taste for seasoning, step 0; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 1; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 2; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 3; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 4; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 5; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 6; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 7; add a pinch of salt if it needs it.
  - Stir the pot gently and taste for seasoning, step 8; add a pinch of salt if it needs it.
  - Keep stirring. Keep stirring.
";

#[test]
fn fit_shrink_never_adds_cards_and_makes_a_near_fit_one_card() {
    let dir = temp_dir("fit");
    let recipe = dir.join("long.yaml");
    std::fs::write(&recipe, FITS_AT_90).unwrap();
    let (cont, shrink) = (dir.join("continue.pdf"), dir.join("shrink.pdf"));
    run_ok(&[&recipe, &"--fit", &"continue", &"-o", &cont]);
    run_ok(&[&recipe, &"--fit", &"shrink", &"-o", &shrink]);
    assert_eq!(pdf_pages(&cont).len(), 2, "needs two cards at full size");
    assert_eq!(pdf_pages(&shrink).len(), 1, "fits one card at 90 %");

    // Every bundled recipe: shrink gives fewer or equal cards, and so fewer or equal sheets.
    for entry in std::fs::read_dir(repo().join("recipes")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let count = |extra: &[&str]| {
            let out = dir.join("count.pdf");
            let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&path, &"-o", &out];
            args.extend(extra.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
            run_ok(&args);
            pdf_pages(&out).len()
        };
        let name = path.display();
        // shrink ≤ economy (the default) ≤ continue.
        assert!(count(&["--fit", "shrink"]) <= count(&[]), "{name}: cards");
        assert!(count(&[]) <= count(&["--fit", "continue"]), "{name}: cards");
        assert!(
            count(&["--fit", "shrink", "--paper", "letter"]) <= count(&["--paper", "letter"]),
            "{name}: sheets"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
