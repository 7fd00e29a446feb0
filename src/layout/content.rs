//! Recipe parts → blocks: the typesetting decisions shared by cards and sheets.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::flow::{Align, Block, Cell, Item, Row, Stream, TextBlock};
use super::frame::{Color, Frame, FrameItem, Geometry, Image, ImageItem, LinkItem, Shape};
use super::i18n::{format_minutes, Labels};
use super::style::{Palette, TypeScale};
use crate::photo::ImageExt;
use crate::qr;
use crate::recipe::{Fit, Ingredient, IngredientGroup, Recipe, StepGroup};
use crate::text::{markup, Family, FontBook, Paragraph, TextStyle};
use crate::units::{Abs, Point, Rect, Size};

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

/// A run's identity for the shaping cache (floats by their bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RunKey {
    text: String,
    faces: [usize; 4],
    size: u64,
    fill: (u8, u8, u8),
    bold: bool,
    italic: bool,
    tracking: u64,
}

impl RunKey {
    fn new(text: &str, look: &Look) -> Self {
        let f = look.family;
        RunKey {
            text: text.to_string(),
            faces: [f.regular, f.italic, f.bold, f.bold_italic],
            size: look.size.to_bits(),
            fill: (look.fill.r, look.fill.g, look.fill.b),
            bold: look.bold,
            italic: look.italic,
            tracking: look.tracking.to_bits(),
        }
    }
}

/// Builds blocks in one language, type scale and palette.
pub struct Typesetter<'a> {
    pub book: &'a FontBook,
    pub lang: &'a str,
    pub types: &'a TypeScale,
    pub palette: Palette,
    pub labels: &'static Labels,
    /// Shaped paragraphs by their runs: a card is composed several times (with and
    /// without photo, story, footer) from the same texts, and shaping dominates.
    shaped: RefCell<HashMap<Vec<RunKey>, Paragraph>>,
}

/// Separates a step title from the text it runs into.
const STEP_TITLE_SEPARATOR: &str = ". ";
/// The printed form of a unit, as written but with its spaces glued, so that the
/// quantity column never breaks inside it ("c. à soupe").
fn glued_unit(unit: &str) -> String {
    unit.replace(' ', "\u{a0}")
}

impl<'a> Typesetter<'a> {
    /// A typesetter for text in `lang` (which also picks the printed labels).
    pub fn new(book: &'a FontBook, lang: &'a str, types: &'a TypeScale, palette: Palette) -> Self {
        Typesetter {
            book,
            lang,
            types,
            palette,
            labels: super::i18n::labels(lang),
            shaped: RefCell::new(HashMap::new()),
        }
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
            .map(|(text, look)| RunKey::new(text, look))
            .collect();
        if let Some(para) = self.shaped.borrow().get(&key) {
            return para.clone();
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
        let para = Paragraph::new(self.book, &refs, self.lang);
        self.shaped.borrow_mut().insert(key, para.clone());
        para
    }

    pub fn line_height(&self, size: f64) -> Abs {
        Abs::pt(size * self.types.leading)
    }

    pub fn text_block(&self, para: Paragraph) -> TextBlock {
        let size = para.max_size().to_pt();
        TextBlock {
            para,
            line_height: self.line_height(size),
            indent: Abs::zero(),
            label: None,
            align: Align::Left,
            keep_together: false,
            breaks: Default::default(),
        }
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

    /// The title at the largest size that fits in the allowed lines.
    pub fn title(&self, title: &str, width: Abs) -> TextBlock {
        let sizes = self.types.title_sizes;
        debug_assert!(!sizes.is_empty());
        let mut chosen = None;
        for &size in sizes {
            let size = size * self.types.title_scale;
            let look = Look {
                bold: self.types.title_bold,
                ..self.look(self.book.title, size, self.palette.ink)
            };
            let para = self.paragraph(&[(title, look)]);
            let lines = para.break_lines(0, width, width).len();
            let fits = lines <= self.types.title_max_lines;
            chosen = Some((para, size));
            if fits {
                break;
            }
        }
        let (para, size) = chosen.expect("title sizes are not empty");
        let mut block = self.text_block(para);
        block.line_height = Abs::pt(size * self.types.title_leading);
        block
    }

    /// "4 servings · Prep 10 min · Cook 15 min".
    pub fn meta_text(&self, recipe: &Recipe) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if let Some(servings) = &recipe.servings {
            parts.push(self.servings_text(&servings.text));
        }
        let times = [
            (self.labels.prep, recipe.time.prep),
            (self.labels.cook, recipe.time.cook),
            (self.labels.rest, recipe.time.rest),
            (self.labels.total, recipe.time.total),
        ];
        for (label, minutes) in times {
            if let Some(m) = minutes {
                parts.push(format!("{label} {}", format_minutes(self.labels, m)));
            }
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// "4 servings" as the parser spells a bare number, in the recipe's language.
    fn servings_text(&self, text: &str) -> String {
        let bare = text
            .strip_suffix(" servings")
            .or_else(|| text.strip_suffix(" serving"));
        match bare {
            Some(number) if number.parse::<f64>().is_ok() => {
                format!("{number} {}", self.labels.servings)
            }
            _ => text.to_string(),
        }
    }

    pub fn meta(&self, recipe: &Recipe, size: f64) -> Option<Item> {
        let text = self.meta_text(recipe)?;
        let look = self.look(self.book.body, size, self.palette.muted);
        Some(Item::new(Block::text(
            self.text_block(self.paragraph(&[(&text, look)])),
        )))
    }

    /// Ingredient lists: quantities right-aligned in a column sized to the widest one
    /// (at most `max_quantity_share` of `column`), items after it.
    pub fn ingredients(
        &self,
        groups: &[IngredientGroup],
        column: Abs,
        gap: Abs,
        item_gap: Abs,
    ) -> Stream {
        let quantity_col = self.quantity_column(groups, column);
        let spacing = if quantity_col > Abs::zero() {
            Abs::pt(self.types.body * 0.6)
        } else {
            Abs::zero()
        };
        let mut stream = vec![self.head(self.labels.ingredients, Abs::zero())];
        for group in groups {
            if let Some(title) = &group.title {
                stream.push(self.subhead(title, gap));
            }
            for (i, ingredient) in group.items.iter().enumerate() {
                let row = self.ingredient_row(ingredient, quantity_col, spacing);
                let space = if i == 0 && group.title.is_none() {
                    Abs::pt(2.0)
                } else {
                    item_gap
                };
                stream.push(Item::new(Block::Row(row)).space_before(space));
            }
        }
        stream
    }

    fn quantity_runs(&self, ingredient: &Ingredient) -> Vec<(String, Look)> {
        let strong = Look {
            bold: true,
            ..self.body()
        };
        let mut runs = Vec::new();
        if let Some(q) = &ingredient.quantity {
            runs.push((q.clone(), strong));
        }
        if let Some(u) = &ingredient.unit {
            let sep = if runs.is_empty() { "" } else { "\u{a0}" };
            runs.push((format!("{sep}{}", glued_unit(u)), self.body()));
        }
        runs
    }

    fn quantity_column(&self, groups: &[IngredientGroup], column: Abs) -> Abs {
        const MAX_QUANTITY_SHARE: f64 = 0.34;
        let widest = groups
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| i.quantity.is_some() || i.unit.is_some())
            .map(|i| self.runs_paragraph(&self.quantity_runs(i)).natural_width())
            .fold(Abs::zero(), Abs::max);
        widest.min(column * MAX_QUANTITY_SHARE)
    }

    fn runs_paragraph(&self, runs: &[(String, Look)]) -> Paragraph {
        let refs: Vec<(&str, Look)> = runs.iter().map(|(t, l)| (t.as_str(), *l)).collect();
        self.paragraph(&refs)
    }

    fn ingredient_row(&self, ingredient: &Ingredient, quantity_col: Abs, spacing: Abs) -> Row {
        let mut cells = Vec::new();
        let quantity = self.quantity_runs(ingredient);
        let quantity_para = (!quantity.is_empty()).then(|| self.runs_paragraph(&quantity));
        // A quantity too wide for the column (a rare long unit) runs into the item instead.
        let inline = quantity_para
            .as_ref()
            .is_some_and(|p| !p.natural_width().fits(quantity_col));
        if let (Some(para), false) = (quantity_para, inline) {
            let mut block = self.text_block(para);
            block.align = Align::Right;
            cells.push(Cell {
                x: Abs::zero(),
                width: Some(quantity_col),
                text: block,
            });
        }
        let note_look = Look {
            italic: true,
            fill: self.palette.muted,
            size: self.types.small.max(self.types.body - 1.5),
            ..self.body()
        };
        // A note that reads as a sentence goes on a line of its own; a short one
        // ("thinly sliced") follows the item after a comma.
        let note = ingredient.note.as_ref().map(|n| {
            let sentence = n.chars().next().is_some_and(char::is_uppercase);
            if sentence {
                format!("\n{n}")
            } else {
                format!(", {n}")
            }
        });
        let mut runs: Vec<(&str, Look)> = Vec::new();
        let inline_quantity: Vec<(String, Look)> = if inline { quantity } else { Vec::new() };
        for (text, look) in &inline_quantity {
            runs.push((text.as_str(), *look));
        }
        if inline {
            runs.push((" ", self.body()));
        }
        runs.push((ingredient.item.as_str(), self.body()));
        if let Some(note) = &note {
            runs.push((note.as_str(), note_look));
        }
        let block = self.text_block(self.paragraph(&runs));
        cells.push(Cell {
            x: quantity_col + spacing,
            width: None,
            text: block,
        });
        Row { cells }
    }

    /// Numbered steps with hanging numbers; a step title runs in bold into its text.
    pub fn steps(&self, groups: &[StepGroup], gap: Abs, item_gap: Abs) -> Stream {
        let total: usize = groups.iter().map(|g| g.steps.len()).sum();
        let number_look = Look {
            bold: true,
            ..self.look(self.book.body, self.types.body, self.palette.accent)
        };
        let indent = self
            .paragraph(&[(&total.to_string(), number_look)])
            .natural_width()
            + Abs::pt(self.types.body * 0.8);
        let mut stream = vec![self.head(self.labels.method, Abs::zero())];
        let mut number = 0;
        for group in groups {
            if let Some(title) = &group.title {
                stream.push(self.subhead(title, gap));
            }
            for step in &group.steps {
                number += 1;
                for (i, text) in split_paragraphs(&step.text).enumerate() {
                    let title = step
                        .title
                        .as_deref()
                        .filter(|_| i == 0)
                        .map(step_title_with_separator);
                    let mut runs: Vec<(&str, Look)> = Vec::new();
                    if let Some(t) = &title {
                        runs.push((
                            t.as_str(),
                            Look {
                                bold: true,
                                ..self.body()
                            },
                        ));
                    }
                    runs.push((text, self.body()));
                    let mut block = self.text_block(self.paragraph(&runs));
                    block.indent = indent;
                    if i == 0 {
                        block.label = Some(self.paragraph(&[(&number.to_string(), number_look)]));
                    }
                    let space = if number == 1 && i == 0 && group.title.is_none() {
                        Abs::pt(2.0)
                    } else {
                        item_gap
                    };
                    stream.push(Item::new(Block::text(block)).space_before(space));
                }
                if step.text.trim().is_empty() {
                    if let Some(title) = &step.title {
                        let mut block = self.text_block(self.paragraph(&[(
                            title,
                            Look {
                                bold: true,
                                ..self.body()
                            },
                        )]));
                        block.indent = indent;
                        block.label = Some(self.paragraph(&[(&number.to_string(), number_look)]));
                        stream.push(Item::new(Block::text(block)).space_before(item_gap));
                    }
                }
            }
        }
        stream
    }

    /// A labelled list of notes.
    pub fn notes(&self, notes: &[String], gap: Abs, item_gap: Abs) -> Stream {
        if notes.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.notes, gap)];
        for note in notes {
            let mut items = self.paragraphs(note, self.body(), item_gap);
            if let Some(first) = items.first_mut() {
                first.space_before = Abs::pt(2.0).max(item_gap);
            }
            stream.extend(items);
        }
        stream
    }

    /// Free sections, FAQ, nutrition and the like, for sheets (and cards with room).
    pub fn sections(
        &self,
        recipe: &Recipe,
        title_size: f64,
        gap: Abs,
        paragraph_gap: Abs,
    ) -> Stream {
        let mut stream = Vec::new();
        for section in &recipe.sections {
            stream.push(self.section_title(&section.title, title_size, gap));
            let mut paras = self.paragraphs(&section.text, self.body(), paragraph_gap);
            if let Some(first) = paras.first_mut() {
                first.space_before = Abs::pt(3.0);
            }
            stream.extend(paras);
        }
        stream
    }

    pub fn faq(&self, recipe: &Recipe, gap: Abs, paragraph_gap: Abs) -> Stream {
        if recipe.faq.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.faq, gap)];
        for (i, faq) in recipe.faq.iter().enumerate() {
            let question = Look {
                bold: true,
                ..self.body()
            };
            let mut block = self.text_block(self.paragraph(&[(&faq.question, question)]));
            block.keep_together = true;
            let space = if i == 0 {
                Abs::pt(3.0)
            } else {
                paragraph_gap * 1.5
            };
            stream.push(
                Item::new(Block::text(block))
                    .space_before(space)
                    .keep_with_next(),
            );
            let mut answer = self.paragraphs(&faq.answer, self.body(), paragraph_gap);
            if let Some(first) = answer.first_mut() {
                first.space_before = Abs::pt(1.0);
            }
            stream.extend(answer);
        }
        stream
    }

    /// Nutrition as a two-column table: label left, value right.
    pub fn nutrition(&self, recipe: &Recipe, column: Abs, gap: Abs) -> Stream {
        if recipe.nutrition.is_empty() {
            return Vec::new();
        }
        let mut stream = vec![self.head(self.labels.nutrition, gap)];
        let label_width = column * 0.6;
        for (label, value) in &recipe.nutrition {
            let label_block = self.text_block(self.paragraph(&[(
                label,
                self.look(self.book.body, self.types.body, self.palette.muted),
            )]));
            let mut value_block = self.text_block(self.paragraph(&[(value, self.body())]));
            value_block.align = Align::Right;
            let row = Row {
                cells: vec![
                    Cell {
                        x: Abs::zero(),
                        width: Some(label_width),
                        text: label_block,
                    },
                    Cell {
                        x: label_width,
                        width: Some(column - label_width),
                        text: value_block,
                    },
                ],
            };
            stream.push(Item::new(Block::Row(row)).space_before(Abs::pt(1.5)));
        }
        stream
    }

    /// Tags and author, muted.
    pub fn byline(&self, recipe: &Recipe, gap: Abs) -> Stream {
        let mut stream = Vec::new();
        let small = self.look(self.book.body, self.types.small, self.palette.muted);
        if let Some(author) = &recipe.author {
            let text = format!("{} {author}", self.labels.by);
            stream.push(
                Item::new(Block::text(
                    self.text_block(self.paragraph(&[(&text, small)])),
                ))
                .space_before(gap),
            );
        }
        if !recipe.tags.is_empty() {
            let text = recipe
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join("  ");
            let space = if stream.is_empty() { gap } else { Abs::pt(2.0) };
            stream.push(
                Item::new(Block::text(
                    self.text_block(self.paragraph(&[(&text, small)])),
                ))
                .space_before(space),
            );
        }
        stream
    }

    /// The QR code (with quiet zone) and, beside it, the call to scan and the short link.
    /// `None` when the URL cannot be encoded.
    pub fn qr_block(
        &self,
        url: &str,
        width: Abs,
        side: Abs,
        max_side: Abs,
        min_module: Abs,
    ) -> Option<Frame> {
        let code = qr::encode(url).ok()?;
        let modules = (code.width() + 2 * qr::QUIET_ZONE) as f64;
        let side = side.max(min_module * modules).min(max_side);
        let module = side / modules;
        let mut frame = Frame::new(Size::new(width, side));
        let quiet = module * qr::QUIET_ZONE as f64;
        // A right-to-left page is mirrored after layout: draw the code mirrored so that
        // it comes out readable (see `layout::mirror`).
        let mirrored = super::i18n::is_rtl(self.lang);
        for r in code.dark_rects() {
            let x = if mirrored {
                code.width() - r.x - r.w
            } else {
                r.x
            };
            let pos = Point::new(quiet + module * x as f64, quiet + module * r.y as f64);
            let size = Size::new(module * r.w as f64, module * r.h as f64);
            frame.push(
                pos,
                FrameItem::Shape(Shape {
                    geometry: Geometry::Rect(size),
                    fill: Some(Color::BLACK),
                    stroke: None,
                }),
            );
        }
        // The caption sits beside the code, inside the quiet zone's vertical extent.
        let caption_x = side + Abs::pt(2.0);
        let caption_w = width - caption_x;
        let small = self.types.small;
        let line_height = Abs::pt(small * 1.3);
        let lines = self.qr_caption(url, caption_w, side, line_height);
        let text_height = line_height * lines.len() as f64;
        if caption_w > Abs::pt(small * 4.0) && text_height.fits(side) {
            let mut y = (side - text_height) / 2.0;
            for (para, line) in &lines {
                let (ascent, descent) = para.extents();
                let baseline = y + (line_height - ascent - descent) / 2.0 + ascent;
                for (dx, item) in para.line_items(line) {
                    frame.push(Point::new(caption_x + dx, baseline), FrameItem::Text(item));
                }
                y += line_height;
            }
        }
        frame.push(
            Point::zero(),
            FrameItem::Link(LinkItem {
                size: Size::new(width, side),
                url: url.to_string(),
            }),
        );
        Some(frame)
    }

    /// The caption lines beside a QR code: the call to scan and the short link (which
    /// may wrap over several lines, breaking after slashes and hyphens), as much as fits
    /// beside the code; the link is shortened further before the call to scan is dropped.
    fn qr_caption(
        &self,
        url: &str,
        width: Abs,
        height: Abs,
        line_height: Abs,
    ) -> Vec<(Paragraph, crate::text::Line)> {
        const MAX_LINK_LINES: usize = 3;
        let small = self.types.small;
        let per_line = ((width.to_pt() / (small * 0.55)).floor() as usize).max(8);
        let max_lines = (height / line_height).floor() as usize;
        let scan = self.paragraph(&[(
            self.labels.scan,
            self.look(self.book.body, small, self.palette.muted),
        )]);
        let scan_lines: Vec<_> = scan
            .break_lines(0, width, width)
            .into_iter()
            .map(|l| (scan.clone(), l))
            .collect();
        for with_scan in [true, false] {
            for link_lines in (1..=MAX_LINK_LINES).rev() {
                let link = qr::short_link(url, per_line * link_lines);
                let para = self
                    .paragraph(&[(&link, self.look(self.book.body, small, self.palette.accent))]);
                let lines = para.break_lines(0, width, width);
                let mut all = if with_scan {
                    scan_lines.clone()
                } else {
                    Vec::new()
                };
                all.extend(lines.into_iter().map(|l| (para.clone(), l)));
                if all.len() <= max_lines && all.len() <= link_lines + scan_lines.len() {
                    return all;
                }
            }
        }
        Vec::new()
    }

    /// A photo in a box of `size`: cropped to fill it (`cover`) or letterboxed (`contain`).
    pub fn photo_frame(
        &self,
        image: &Arc<Image>,
        index: usize,
        size: Size,
        fit: &Fit,
        alt: Option<&str>,
    ) -> Frame {
        let mut frame = Frame::new(size);
        let aspect = image.display_aspect_ratio().max(1e-3);
        let (box_w, box_h) = (size.w.to_pt(), size.h.to_pt());
        let (w, h) = match fit {
            Fit::Cover if box_w / box_h > aspect => (box_w, box_w / aspect),
            Fit::Cover => (box_h * aspect, box_h),
            Fit::Contain if box_w / box_h > aspect => (box_h * aspect, box_h),
            Fit::Contain => (box_w, box_w / aspect),
        };
        if *fit == Fit::Contain {
            frame.push(
                Point::zero(),
                FrameItem::Shape(Shape {
                    geometry: Geometry::Rect(size),
                    fill: Some(self.palette.letterbox),
                    stroke: None,
                }),
            );
        }
        let pos = Point::new(Abs::pt((box_w - w) / 2.0), Abs::pt((box_h - h) / 2.0));
        frame.push(
            pos,
            FrameItem::Image(ImageItem {
                image: index,
                size: Size::new(Abs::pt(w), Abs::pt(h)),
                clip: Some(Rect::from_size(size)),
                alt: alt.map(str::to_owned),
            }),
        );
        frame
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
                stroke: Some(super::frame::Stroke {
                    color,
                    width: Abs::pt(0.6),
                }),
            }),
        );
        frame
    }

    /// The title in small italic type above a hairline at the top of `content`, for
    /// continuation cards and pages. Returns the height used, `gap_after` included.
    pub fn running_head(
        &self,
        frame: &mut Frame,
        content: Rect,
        title: &str,
        rule_gap: Abs,
        gap_after: Abs,
    ) -> Abs {
        const LEADING: f64 = 1.3;
        let size = self.types.running_head;
        let look = Look {
            italic: true,
            ..self.look(self.book.title, size, self.palette.muted)
        };
        let (para, _) = self.single_line(title, look);
        let (ascent, descent) = para.extents();
        draw_line(frame, &para, content.x, content.y + ascent, content.w);
        let line_height = Abs::pt(size * LEADING).max(ascent + descent);
        let rule = self.rule(content.w, rule_gap);
        let rule_height = rule.size.h;
        frame.push_frame(Point::new(content.x, content.y + line_height), rule);
        line_height + rule_height + gap_after
    }

    /// A page mark ("continued ›  1/3", "2/2") at the bottom right of `content`.
    pub fn page_mark(&self, frame: &mut Frame, content: Rect, text: &str) {
        let look = self.look(self.book.body, self.types.small, self.palette.muted);
        let (para, width) = self.single_line(text, look);
        let (_, descent) = para.extents();
        let x = content.right() - width;
        draw_line(
            frame,
            &para,
            x,
            content.bottom() - descent,
            width + Abs::pt(1.0),
        );
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

fn step_title_with_separator(title: &str) -> String {
    let ends_with_punctuation = title.trim_end().ends_with(['.', ':', '!', '?', '…']);
    if ends_with_punctuation {
        format!("{} ", title.trim_end())
    } else {
        format!("{}{STEP_TITLE_SEPARATOR}", title.trim_end())
    }
}

/// Draws one line of a paragraph into `frame` with its baseline at `baseline`.
pub fn draw_line(frame: &mut Frame, para: &Paragraph, x: Abs, baseline: Abs, max_width: Abs) {
    if let Some(line) = para.break_lines(0, max_width, max_width).first() {
        for (dx, item) in para.line_items(line) {
            frame.push(Point::new(x + dx, baseline), FrameItem::Text(item));
        }
    }
}
