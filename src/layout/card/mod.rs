//! Index cards: two columns (photo, ingredients and QR left; title, method and notes
//! right), continuing onto further cards marked "continued" and "n/N".
//! Narrow cards stack everything in one column. Which layout of a recipe is printed
//! (type size, photo size, story) is the fit search's choice, in `fit.rs`.

use std::cell::OnceCell;
use std::sync::Arc;

use super::content::{Look, ShapingCache, Typesetter};
use super::flow::{Block, Cursor, Item, Stream};
use super::pages::{paginate, Column, Float, Master, Paged, Spot, MAX_PAGES};
use super::style::CardTemplate;
use super::Assets;
use crate::frame::{Frame, Image, Page};
use crate::qr::QrCode;
use crate::recipe::Recipe;
use crate::units::{Abs, Point, Rect, Size};

mod fit;
pub use fit::{layout, ECONOMY_STEPS};

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
            |reserve_footer| self.paginate([left, right, side], qr, reserve_footer, draw),
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
    fn streams(&self, extras: Extras) -> ([Stream; 3], Option<&Frame>) {
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
            return ([left, right, side], parts.qr.as_ref());
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
        qr: Option<&Frame>,
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
            // Ingredients and notes going on from the card before are headed so.
            let continued = |label: &str| vec![self.ts.continued_head(label)];
            let labels = self.ts.labels;
            let notes_started = cursors[SIDE] != Cursor::default() && !done(SIDE);
            if !self.two_columns() {
                let size = Size::new(right_w, height - footer);
                let mut column = Column::new(Point::new(right_x, top), size, &[LEFT, RIGHT, SIDE]);
                if page > 0 && !done(LEFT) {
                    column = column.led_by(LEFT, continued(labels.ingredients));
                }
                return Master {
                    frame,
                    columns: vec![column],
                    floats: Vec::new(),
                };
            }
            let mut left_h = height;
            if let (0, Some(qr)) = (page, qr) {
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
                let left = left(&[LEFT]).led_by(LEFT, continued(labels.ingredients));
                // With the method done, the ingredients read on into the second column.
                if done(RIGHT) {
                    let mut right = right(&[LEFT, SIDE]);
                    if notes_started {
                        right = right.led_by(SIDE, continued(labels.notes));
                    }
                    (vec![left, right], Vec::new())
                } else {
                    (vec![left, right(&[RIGHT])], vec![notes.clone()])
                }
            } else {
                let mut first = left(&[RIGHT, SIDE]);
                if notes_started {
                    first = first.led_by(SIDE, continued(labels.notes));
                }
                (vec![first, right(&[RIGHT, SIDE])], Vec::new())
            };
            Master {
                frame,
                columns,
                floats,
            }
        };
        paginate(&streams, t.gaps.block, MAX_PAGES, draw, master)
    }

    /// The title in small type and a hairline, at the top of continuation cards; returns
    /// the height used. It is the same on every card: set once, then copied (in a
    /// measured pass, only its height is taken).
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
