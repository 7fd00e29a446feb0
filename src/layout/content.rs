//! The [`Typesetter`]: the style resolution and shaping cache that every block is built
//! with (looks, paragraphs, heads, rules, single lines), shared by cards and sheets. The
//! builders of the recipe's parts (ingredients, steps, QR block, photo…) are in `parts/`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::flow::{Block, Item, TextBlock};
use super::i18n::Labels;
use super::style::{Palette, TypeScale};
use crate::frame::{Color, Frame, FrameItem, Geometry, Shape};
use crate::text::{markup, Family, FontBook, Paragraph, TextStyle};
use crate::units::{Abs, Point, Size};

/// Inline style of a run before it is resolved to a face.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub family: Family,
    pub size: f64,
    pub fill: Color,
    pub bold: bool,
    pub italic: bool,
    pub tracking: f64,
}

/// A run's identity for the shaping cache. Sizes are in millionths of a point at the
/// typesetter's scale 1, so that typesetters of one recipe at other scales (the fit
/// search) find the paragraph and scale it instead of shaping it again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RunKey {
    text: String,
    faces: [usize; 4],
    size: i64,
    fill: (u8, u8, u8),
    bold: bool,
    italic: bool,
    /// By its bits: letter-spacing does not scale with the type.
    tracking: u64,
}

impl RunKey {
    fn new(text: &str, look: &Look, scale: f64) -> Self {
        let f = look.family;
        RunKey {
            text: text.to_string(),
            faces: [f.regular, f.italic, f.bold, f.bold_italic],
            size: (look.size / scale * 1e6).round() as i64,
            fill: (look.fill.r, look.fill.g, look.fill.b),
            bold: look.bold,
            italic: look.italic,
            tracking: look.tracking.to_bits(),
        }
    }
}

/// Shaped paragraphs by their runs, with the scale each was shaped at; shared by the
/// typesetters of one recipe (see [`Typesetter::sharing`]).
pub type ShapingCache = Rc<RefCell<HashMap<Vec<RunKey>, (Paragraph, f64)>>>;

/// Builds blocks in one language, type scale and palette.
pub struct Typesetter<'a> {
    pub book: &'a FontBook,
    pub lang: &'a str,
    /// Text runs right to left (the language's direction unless the recipe sets `dir`).
    pub rtl: bool,
    pub types: &'a TypeScale,
    pub palette: Palette,
    pub labels: &'static Labels,
    /// Shaped paragraphs by their runs: a card is composed several times (with and
    /// without photo, story, footer, in smaller type) from the same texts, and shaping
    /// dominates.
    shaped: ShapingCache,
    /// This typesetter's type sizes over those of the cache's scale 1.
    scale: f64,
}

impl<'a> Typesetter<'a> {
    /// A typesetter for text in `lang` (which also picks the printed labels).
    pub fn new(book: &'a FontBook, lang: &'a str, types: &'a TypeScale, palette: Palette) -> Self {
        Typesetter {
            book,
            lang,
            rtl: super::i18n::is_rtl(lang),
            types,
            palette,
            labels: super::i18n::labels(lang),
            shaped: ShapingCache::default(),
            scale: 1.0,
        }
    }

    /// The same typesetter sharing `cache` with others whose type is `scale` times its
    /// own: a paragraph shaped by one is scaled by the others (when its letter-spacing,
    /// which does not scale, is none).
    pub fn sharing(self, cache: &ShapingCache, scale: f64) -> Self {
        Typesetter {
            shaped: cache.clone(),
            scale,
            ..self
        }
    }

    /// The same typesetter with lines running right to left, or not.
    pub fn with_direction(self, rtl: bool) -> Self {
        Typesetter { rtl, ..self }
    }

    pub fn look(&self, family: Family, size: f64, fill: Color) -> Look {
        Look {
            family,
            size,
            fill,
            bold: false,
            italic: false,
            tracking: 0.0,
        }
    }

    pub fn body(&self) -> Look {
        self.look(self.book.body, self.types.body, self.palette.ink)
    }

    pub fn style(&self, look: Look) -> TextStyle {
        TextStyle {
            face: look.family.select(look.bold, look.italic),
            size: Abs::pt(look.size),
            fill: look.fill,
            tracking: Abs::pt(look.tracking),
        }
    }

    /// A paragraph of runs; `*em*` / `**strong**` in run text switch italic / bold.
    pub fn paragraph(&self, runs: &[(&str, Look)]) -> Paragraph {
        let key: Vec<RunKey> = runs
            .iter()
            .map(|(text, look)| RunKey::new(text, look, self.scale))
            .collect();
        let untracked = runs.iter().all(|(_, look)| look.tracking == 0.0);
        if let Some((para, scale)) = self.shaped.borrow().get(&key) {
            if *scale == self.scale {
                return para.clone();
            }
            if untracked {
                return para.scaled(self.scale / scale);
            }
        }
        let mut styled: Vec<(String, TextStyle)> = Vec::new();
        for (text, look) in runs {
            for span in markup::parse(text) {
                let inner = Look {
                    bold: look.bold || span.strong,
                    italic: look.italic ^ span.emphasis,
                    ..*look
                };
                let text = match self.book.printable(&span.text) {
                    std::borrow::Cow::Borrowed(_) => span.text,
                    std::borrow::Cow::Owned(text) => text,
                };
                styled.push((text, self.style(inner)));
            }
        }
        let refs: Vec<(&str, TextStyle)> = styled.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        let para = Paragraph::new(self.book, &refs, self.lang, self.rtl);
        // A tracked paragraph of another scale stays: it is the one others can't scale.
        self.shaped
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| (para.clone(), self.scale));
        para
    }

    pub fn line_height(&self, size: f64) -> Abs {
        Abs::pt(size * self.types.leading)
    }

    pub fn text_block(&self, para: Paragraph) -> TextBlock {
        let size = para.max_size().to_pt();
        let line_height = self.line_height(size);
        TextBlock::new(para, line_height)
    }

    /// Text in one look, split into paragraphs at blank lines.
    pub fn paragraphs(&self, text: &str, look: Look, gap: Abs) -> Vec<Item> {
        split_paragraphs(text)
            .enumerate()
            .map(|(i, p)| {
                let item = Item::new(Block::text(self.text_block(self.paragraph(&[(p, look)]))));
                if i > 0 {
                    item.space_before(gap)
                } else {
                    item
                }
            })
            .collect()
    }

    /// A section head: letter-spaced capitals in the accent colour, kept with what follows.
    pub fn head(&self, label: &str, space_before: Abs) -> Item {
        let caps = self.types.head_caps;
        let look = Look {
            bold: true,
            tracking: if caps { self.types.head_tracking } else { 0.0 },
            ..self.look(self.book.body, self.types.head, self.palette.heads)
        };
        // Heads set as written are larger: capitals look bigger than their size, and a
        // head must outrank the bold sub-heads under it.
        let look = if caps {
            look
        } else {
            Look {
                size: look.size * 1.3,
                ..look
            }
        };
        let text = if caps {
            label.to_uppercase()
        } else {
            label.to_string()
        };
        let mut block = self.text_block(self.paragraph(&[(&text, look)]));
        block.keep_together = true;
        Item::new(Block::text(block))
            .space_before(space_before)
            .keep_with_next()
    }

    /// The head of a part continued from the card before: "Ingredients (continued)".
    pub fn continued_head(&self, label: &str) -> Item {
        self.head(&format!("{label} ({})", self.labels.continued), Abs::zero())
    }

    /// A sub-heading inside a list ("For the garnish", "Day 2").
    pub fn subhead(&self, text: &str, space_before: Abs) -> Item {
        let look = Look {
            bold: true,
            ..self.body()
        };
        let mut block = self.text_block(self.paragraph(&[(text, look)]));
        block.keep_together = true;
        Item::new(Block::text(block))
            .space_before(space_before)
            .keep_with_next()
    }

    /// A serif heading for free sections ("Perfect Pairings").
    pub fn section_title(&self, text: &str, size: f64, space_before: Abs) -> Item {
        let look = Look {
            bold: true,
            ..self.look(self.book.title, size, self.palette.ink)
        };
        let mut block = self.text_block(self.paragraph(&[(text, look)]));
        block.line_height = Abs::pt(size * self.types.title_leading);
        block.keep_together = true;
        Item::new(Block::text(block))
            .space_before(space_before)
            .keep_with_next()
    }

    /// A hairline rule across `width`.
    pub fn rule(&self, width: Abs, gap: Abs) -> Frame {
        let mut frame = Frame::new(Size::new(width, gap * 2.0));
        let Some(color) = self.palette.rule else {
            return frame;
        };
        frame.push(
            Point::new(Abs::zero(), gap),
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(Point::new(width, Abs::zero())),
                fill: None,
                stroke: Some(crate::frame::Stroke {
                    color,
                    width: Abs::pt(0.6),
                }),
            }),
        );
        frame
    }

    /// One line of text (running heads, footers), right-aligned at `right` when asked.
    pub fn single_line(&self, text: &str, look: Look) -> (Paragraph, Abs) {
        let para = self.paragraph(&[(text, look)]);
        let width = para.natural_width();
        (para, width)
    }
}

/// Paragraphs of a text: separated by blank lines, trimmed, empty ones dropped.
pub fn split_paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// Draws one line of a paragraph into `frame` with its baseline at `baseline`.
pub fn draw_line(frame: &mut Frame, para: &Paragraph, x: Abs, baseline: Abs, max_width: Abs) {
    if let Some(line) = para.break_lines(0, max_width, max_width).first() {
        for (dx, item) in para.line_items(line) {
            frame.push(Point::new(x + dx, baseline), FrameItem::Text(item));
        }
    }
}
