//! Index cards: two columns (photo, ingredients and QR left; title, method and notes
//! right), continuing onto further cards marked "continued" and "n/N".
//! Narrow cards stack everything in one column.

use std::cell::OnceCell;
use std::sync::Arc;

use super::content::{Look, ShapingCache, Typesetter};
use super::flow::{Block, Cursor, Item, Stream};
use super::pages::{paginate, Column, Float, Master, Paged, Spot, MAX_PAGES};
use super::style::CardTemplate;
use super::{Assets, Overflow};
use crate::frame::{Frame, Image, Page};
use crate::qr::QrCode;
use crate::recipe::Recipe;
use crate::units::{Abs, Point, Rect, Size};

/// What may go on a card beyond the essentials, tried in this order while the card
/// count stays the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Extras {
    /// The photo, at [`PHOTO_SHARES`]`[i]` of the card's height at most.
    photo: Option<usize>,
    description: bool,
    sections: bool,
}

/// The shares of the card's height the photo may take, largest first: a smaller photo is
/// tried before the photo is left out (it stays only where it costs no extra card).
const PHOTO_SHARES: [f64; 3] = [0.45, 0.32, 0.22];

/// Type scale factors tried by `--fit shrink`, down to a readable minimum
/// (8.5 pt body text becomes 7 pt at the last step).
const SHRINK_STEPS: [f64; 5] = [0.97, 0.94, 0.9, 0.86, 0.82];

/// Type scale factors [`Overflow::Economy`] tries where they save a card: modest enough to
/// stay legible in a kitchen (8.5 pt text on 4x6 becomes 8 pt at the last step).
pub const ECONOMY_STEPS: [f64; 2] = [0.97, 0.94];

/// The most cards [`Overflow::Economy`] tries to save one on.
const ECONOMY_MAX_CARDS: usize = 12;

/// What a card layout costs, compared field by field: the cards it takes first, then how
/// far its type was reduced, then its photo, then the extras left out. The search keeps
/// the cheapest layout it tries (the first of equals), so the choice is deterministic and
/// a layout of one card fewer always wins within the limits tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    cards: usize,
    /// Steps down from full-size type (0: full size).
    type_steps: usize,
    /// Steps down the [`PHOTO_SHARES`] (0: the largest; their count: no photo).
    photo_steps: usize,
    /// Of the story and the sheet-only sections, how many were left out.
    extras_left_out: usize,
}

/// A layout tried (counted and measured, not drawn), with its cost.
struct Trial {
    extras: Extras,
    cost: Cost,
    /// How full its last card is (see [`super::pages::Paged::last_fill`]).
    last_fill: f64,
}

impl Trial {
    /// Whether type scaled by `factor` could save the last card. Scaling lengths by `f`
    /// scales a column's content by about `f²` (fewer lines, each lower): the cards
    /// before the last free about `1/f² - 1` of a card each. Twice that is allowed for
    /// line breaks and keep rules; past it the trial cannot save a card and is skipped.
    fn could_save_a_card(&self, factor: f64) -> bool {
        const SLACK: f64 = 2.0;
        let freed = (self.cost.cards.saturating_sub(1)) as f64 * (1.0 / (factor * factor) - 1.0);
        self.cost.cards > 1 && self.last_fill <= freed * SLACK
    }
}

/// Lays out `recipe` as cards of `size`; returns the pages and whether the photo was used.
/// With [`Overflow::Economy`] a recipe that needs several cards is tried in slightly smaller
/// type, kept where that takes fewer cards; [`Overflow::Shrink`] goes further to fit one.
/// Trials are only counted and measured; the chosen one is drawn once.
pub fn layout(
    recipe: &Recipe,
    assets: &Assets,
    size: Size,
    template: &CardTemplate,
    fit: Overflow,
) -> (Vec<Page>, bool) {
    let steps: &[f64] = match fit {
        Overflow::Continue => &[],
        Overflow::Economy => &ECONOMY_STEPS,
        Overflow::Shrink => &SHRINK_STEPS,
    };
    // One shaping for every type size tried: the smaller ones scale its paragraphs.
    let shaping = ShapingCache::default();
    let templates: Vec<CardTemplate> = std::iter::once(1.0)
        .chain(steps.iter().copied())
        .map(|factor| template.scaled(factor))
        .collect();
    let factors: Vec<f64> = std::iter::once(1.0).chain(steps.iter().copied()).collect();
    let qr_code = recipe.source.as_ref().map(|s| crate::qr::encode(&s.url));
    let card = |step: usize| {
        let shared = (&shaping, factors[step]);
        CardLayout::new(recipe, assets, size, &templates[step], shared, &qr_code)
    };
    let normal = card(0);
    let mut best = (normal.search(0), normal);
    // Each step lays the whole recipe out again: past a dozen cards, full size.
    let search = !(fit == Overflow::Economy && best.0.cost.cards > ECONOMY_MAX_CARDS);
    // Smaller type only ever buys cards: none to buy at one. The smallest step is tried
    // first: when even it saves no card, no larger one does, and the usual case costs one
    // trial, not one per step. When it does, the largest type that does as well is kept.
    if let (true, Some(&smallest)) = (search, steps.last()) {
        if best.0.could_save_a_card(smallest) {
            let floor = card(steps.len());
            let trial = floor.search(steps.len());
            if trial.cost < best.0.cost {
                best = (trial, floor);
                for step in 1..steps.len() {
                    let larger = card(step);
                    let trial = larger.search(step);
                    if trial.cost.cards <= best.0.cost.cards {
                        best = (trial, larger);
                        break;
                    }
                }
            }
        }
    }
    let (trial, chosen) = best;
    let pages = chosen.compose(trial.extras, Pass::Draw(trial.cost.cards));
    (pages.0, trial.extras.photo.is_some())
}

/// How a composition is paginated.
#[derive(Debug, Clone, Copy)]
enum Pass {
    /// Counted and measured only.
    Measure,
    /// Drawn, with the card count a measured pass found.
    Draw(usize),
}

impl<'a> CardLayout<'a> {
    fn new(
        recipe: &'a Recipe,
        assets: &Assets<'a>,
        size: Size,
        template: &'a CardTemplate,
        (shaping, scale): (&ShapingCache, f64),
        qr_code: &'a Option<Result<QrCode, String>>,
    ) -> CardLayout<'a> {
        let ts = Typesetter::new(assets.book, &recipe.lang, &template.types, template.palette)
            .with_direction(super::right_to_left(recipe))
            .sharing(shaping, scale);
        CardLayout {
            recipe,
            ts,
            template,
            size,
            photo: assets.photo.clone(),
            parts: OnceCell::new(),
            running_head: OnceCell::new(),
            qr_code,
        }
    }

    /// The cheapest layout at this type size (`type_steps` down from full size): the
    /// photo as large as costs no extra card, smaller if it must; story and sheet-only
    /// sections only when the whole recipe still fits on one card with them.
    fn search(&self, type_steps: usize) -> Trial {
        let recipe = self.recipe;
        let has_photo = self.photo.is_some() && recipe.photo.is_some();
        let has_sections =
            !(recipe.sections.is_empty() && recipe.faq.is_empty() && recipe.nutrition.is_empty());
        let extras_available =
            usize::from(recipe.description.is_some()) + usize::from(has_sections);
        let try_extras = |extras: Extras| {
            let (pages, last_fill) = self.compose(extras, Pass::Measure);
            let cost = Cost {
                cards: pages.len(),
                type_steps,
                photo_steps: extras.photo.unwrap_or(PHOTO_SHARES.len()),
                extras_left_out: extras_available
                    - usize::from(extras.description)
                    - usize::from(extras.sections),
            };
            Trial {
                extras,
                cost,
                last_fill,
            }
        };
        let mut best = try_extras(Extras::default());
        if has_photo {
            // The largest photo that costs no card; smaller ones only cost more.
            for share in 0..PHOTO_SHARES.len() {
                let trial = try_extras(Extras {
                    photo: Some(share),
                    ..best.extras
                });
                if trial.cost.cards <= best.cost.cards {
                    best = trial;
                    break;
                }
            }
        }
        // (available, how to enable): tried only on a single card.
        type Candidate = (bool, fn(&mut Extras));
        let candidates: [Candidate; 2] = [
            (recipe.description.is_some(), |e| e.description = true),
            (has_sections, |e| e.sections = true),
        ];
        for (available, enable) in candidates {
            if !available || best.cost.cards > 1 {
                continue;
            }
            let mut extras = best.extras;
            enable(&mut extras);
            let trial = try_extras(extras);
            if trial.cost < best.cost {
                best = trial;
            }
        }
        best
    }
}

struct CardLayout<'a> {
    recipe: &'a Recipe,
    ts: Typesetter<'a>,
    template: &'a CardTemplate,
    size: Size,
    photo: Option<Arc<Image>>,
    parts: OnceCell<Parts>,
    /// The running head of continuation cards and its height.
    running_head: OnceCell<(Frame, Abs)>,
    /// The source's QR code, encoded once for every type size tried.
    qr_code: &'a Option<Result<QrCode, String>>,
}

/// The recipe's parts as streams at one type size (see [`CardLayout::parts`]).
struct Parts {
    /// Title, subtitle and meta line.
    title: Stream,
    ingredients: Stream,
    method: Stream,
    notes: Stream,
    /// Encoded once: choosing its mask is the costliest step of a card.
    qr: Option<Frame>,
    extras: OnceCell<ExtraParts>,
}

/// The parts only a single card may have room for (see [`CardLayout::extra_parts`]).
struct ExtraParts {
    description: Stream,
    /// Sheet-only sections, FAQ and nutrition.
    sections: Stream,
}

/// Which stream a column takes content from.
const LEFT: usize = 0;
const RIGHT: usize = 1;
/// The notes, on two columns (see [`CardLayout::paginate`]).
const SIDE: usize = 2;

impl CardLayout<'_> {
    fn content(&self) -> Rect {
        Rect::from_size(self.size).inset(self.template.margin)
    }

    fn two_columns(&self) -> bool {
        self.content().w >= self.template.min_two_column_width
    }

    fn column_widths(&self) -> (Abs, Abs) {
        let content = self.content();
        if !self.two_columns() {
            return (content.w, content.w);
        }
        let left = (content.w - self.template.gutter) * self.template.left_ratio;
        (left, content.w - self.template.gutter - left)
    }

    /// Lays out all cards, first without and then (if there is more than one card) with
    /// room reserved for the "continued n/N" footer. A drawn pass knows from its measured
    /// one which of the two it is.
    fn compose(&self, extras: Extras, pass: Pass) -> (Vec<Page>, f64) {
        let (streams, qr) = self.streams(extras);
        let [left, right, side] = &streams;
        let several = match pass {
            Pass::Measure => None,
            Pass::Draw(cards) => Some(cards > 1),
        };
        let draw = matches!(pass, Pass::Draw(_));
        super::pages::numbered(
            several,
            |reserve_footer| self.paginate([left, right, side], qr.clone(), reserve_footer, draw),
            |frame, number, total| {
                if draw {
                    self.footer(frame, number, total)
                }
            },
        )
    }

    /// The recipe's parts, shaped once: every trial layout (photo sizes, extras, the
    /// footer pass) only assembles and paginates them again. Shaping was two thirds of
    /// a trial.
    fn parts(&self) -> &Parts {
        self.parts.get_or_init(|| {
            let (left_w, right_w) = self.column_widths();
            let t = self.template;
            let gaps = &t.gaps;
            // The title block goes first in the right (or only) column.
            let title = self.ts.heading(self.recipe, right_w, gaps);
            let ingredients =
                self.ts
                    .ingredients(&self.recipe.ingredients, left_w, gaps.list, gaps.ingredient);
            let mut method = self.ts.steps(&self.recipe.steps, gaps.list, gaps.step);
            if let Some(first) = method.first_mut() {
                first.space_before = gaps.block;
            }
            let notes = self.ts.notes(&self.recipe.notes, gaps.part, gaps.note);
            let qr = self.recipe.source.as_ref().and_then(|source| {
                let sizes = (t.qr_size, t.qr_max, t.qr_min_module);
                let code = self.qr_code.as_ref().and_then(|code| code.as_ref().ok());
                self.ts.qr_block_of(&source.url, code, left_w, sizes)
            });
            Parts {
                title,
                ingredients,
                method,
                notes,
                qr,
                extras: OnceCell::new(),
            }
        })
    }

    /// The story and the sheet-only sections, shaped only when a trial first wants them
    /// (on one card): most cards never do.
    fn extra_parts(&self) -> &ExtraParts {
        self.parts().extras.get_or_init(|| {
            let (_, right_w) = self.column_widths();
            let t = self.template;
            let gaps = &t.gaps;
            let mut description = Vec::new();
            if let Some(text) = &self.recipe.description {
                let look = Look {
                    italic: true,
                    fill: t.palette.muted,
                    ..self.ts.body()
                };
                description = self.ts.paragraphs(text, look, gaps.paragraph);
                if let Some(first) = description.first_mut() {
                    first.space_before = gaps.block;
                }
            }
            let mut sections =
                self.ts
                    .sections(self.recipe, t.types.body + 1.5, gaps.part, gaps.paragraph);
            sections.extend(self.ts.faq(self.recipe, gaps.part, gaps.paragraph));
            sections.extend(self.ts.nutrition(self.recipe, right_w, gaps.part));
            ExtraParts {
                description,
                sections,
            }
        })
    }

    /// The three streams (ingredients, title and method, notes) for `extras`, and the QR
    /// block when the page master places it (on two columns).
    fn streams(&self, extras: Extras) -> ([Stream; 3], Option<Frame>) {
        let (left_w, _) = self.column_widths();
        let gaps = &self.template.gaps;
        let parts = self.parts();
        let mut left: Stream = Vec::new();
        let mut right: Stream = parts.title.clone();
        if extras.description {
            right.extend(self.extra_parts().description.iter().cloned());
        }
        let photo_item = extras
            .photo
            .and_then(|share| self.photo_item(left_w, PHOTO_SHARES[share]));
        let mut method = parts.method.clone();
        // On two columns the notes are a stream of their own, placed where they fit
        // (see `paginate`); with the sections, which follow them, they stay in order.
        let mut side: Stream = Vec::new();
        if self.two_columns() && !extras.sections {
            side = parts.notes.clone();
        } else {
            method.extend(parts.notes.iter().cloned());
        }
        if extras.sections {
            method.extend(self.extra_parts().sections.iter().cloned());
        }
        if self.two_columns() {
            left.extend(photo_item);
            left.extend(parts.ingredients.iter().cloned());
            right.extend(method);
            return ([left, right, side], parts.qr.clone());
        }
        // One column: the heading, photo and ingredients, then the method and the QR, as
        // two streams in one column, so that a continuation card knows whether it
        // continues the ingredients.
        left = right;
        left.extend(photo_item.map(|p| p.space_before(gaps.block)));
        left.extend(parts.ingredients.iter().enumerate().map(|(i, it)| {
            if i == 0 {
                it.clone().space_before(gaps.block)
            } else {
                it.clone()
            }
        }));
        let mut right = method;
        if let Some(qr) = &parts.qr {
            right.push(Item::new(Block::Fixed(qr.clone())).space_before(gaps.block));
        }
        ([left, right, side], None)
    }

    /// The photo, `width` wide and at most `share` of the card's height.
    fn photo_item(&self, width: Abs, share: f64) -> Option<Item> {
        let (image, photo) = (self.photo.as_ref()?, self.recipe.photo.as_ref()?);
        let height = (width * self.template.photo_aspect).min(self.content().h * share);
        let size = Size::new(width, height);
        let frame = self
            .ts
            .photo_frame(image, 0, size, &photo.fit, photo.alt.as_deref());
        Some(Item::new(Block::Fixed(frame)).space_before(Abs::zero()))
    }

    /// Cards from the three streams: ingredients (left), title and method (right), and
    /// notes, which go where they fit whole — under the method, else under the
    /// ingredients — and flow on after the method otherwise. Continuation cards keep the
    /// columns' roles while ingredients remain (under "Ingredients (continued)"); after
    /// that the method reads on across both columns.
    fn paginate(
        &self,
        streams: [&Stream; 3],
        qr: Option<Frame>,
        reserve_footer: bool,
        draw: bool,
    ) -> Paged {
        let content = self.content();
        let (left_w, right_w) = self.column_widths();
        let t = self.template;
        let footer = if reserve_footer {
            Abs::pt(t.types.small * 1.6)
        } else {
            Abs::zero()
        };
        let right_x = if self.two_columns() {
            content.x + left_w + t.gutter
        } else {
            content.x
        };
        let notes = Float {
            stream: SIDE,
            after: RIGHT,
            spots: [(1, true), (0, true), (1, false)]
                .map(|(column, whole)| Spot { column, whole })
                .to_vec(),
        };
        let master = |page: usize, cursors: &[Cursor]| {
            let done = |s: usize| cursors[s].is_done(streams[s]);
            let mut frame = Frame::new(self.size);
            let mut top = content.y;
            if page > 0 {
                top += self.running_head(&mut frame, draw);
            }
            let height = content.bottom() - top;
            if !self.two_columns() {
                let size = Size::new(right_w, height - footer);
                let mut column = Column::new(Point::new(right_x, top), size, &[LEFT, RIGHT, SIDE]);
                if page > 0 && !done(LEFT) {
                    let head = self.ts.continued_head(self.ts.labels.ingredients);
                    column = column.led_by(vec![head]);
                }
                return Master {
                    frame,
                    columns: vec![column],
                    floats: Vec::new(),
                };
            }
            let mut left_h = height;
            if let (0, Some(qr)) = (page, &qr) {
                left_h -= qr.size.h + t.gaps.block;
                frame.push_frame(
                    Point::new(content.x, content.bottom() - qr.size.h),
                    qr.clone(),
                );
            }
            let left = |feeds: &[usize]| {
                Column::new(Point::new(content.x, top), Size::new(left_w, left_h), feeds)
            };
            let right = |feeds: &[usize]| {
                let size = Size::new(right_w, height - footer);
                Column::new(Point::new(right_x, top), size, feeds)
            };
            let (columns, floats) = if page == 0 {
                (vec![left(&[LEFT]), right(&[RIGHT])], vec![notes.clone()])
            } else if !done(LEFT) {
                let head = self.ts.continued_head(self.ts.labels.ingredients);
                let left = left(&[LEFT]).led_by(vec![head]);
                // With the method done, the ingredients read on into the second column.
                if done(RIGHT) {
                    (vec![left, right(&[LEFT, SIDE])], Vec::new())
                } else {
                    (vec![left, right(&[RIGHT])], vec![notes.clone()])
                }
            } else {
                (
                    vec![left(&[RIGHT, SIDE]), right(&[RIGHT, SIDE])],
                    Vec::new(),
                )
            };
            Master {
                frame,
                columns,
                floats,
            }
        };
        paginate(&streams, t.gaps.block, MAX_PAGES, draw, master)
    }

    /// The title in small type and a hairline, at the top of continuation cards.
    /// Returns the height used.
    /// The same on every card: set once, then copied (or, in a measured pass, only its
    /// height taken).
    fn running_head(&self, frame: &mut Frame, draw: bool) -> Abs {
        let (head, height) = self.running_head.get_or_init(|| {
            let (title, gaps) = (&self.recipe.title, &self.template.gaps);
            let mut head = Frame::new(self.size);
            let height = self.ts.running_head(&mut head, self.content(), title, gaps);
            (head, height)
        });
        if draw {
            frame.push_frame(Point::new(Abs::zero(), Abs::zero()), head.clone());
        }
        *height
    }

    /// "continued  1/3" at the bottom right; the last card shows only "3/3".
    fn footer(&self, frame: &mut Frame, number: usize, total: usize) {
        let text = if number < total {
            format!("{} ›  {number}/{total}", self.ts.labels.continued)
        } else {
            format!("{number}/{total}")
        };
        self.ts.page_mark(frame, self.content(), &text);
    }
}
