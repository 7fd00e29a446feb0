//! The cookbook: a cover, a table of contents with page numbers, the recipes grouped into
//! chapters (one recipe's sheets after another), an alphabetical index of recipes and main
//! ingredients, page numbers in the footer, a nested outline (chapter → recipe) and page
//! labels (i, ii … for the front matter, then 1, 2 …).

use std::collections::BTreeMap;

use super::collation::Collation;
use super::content::{draw_line, Look, Typesetter};
use super::flow::{fill_region, Align, Block, Cell, Cursor, Item, Region, Row, Stream};
use super::pages::{paginate, Column, Master};
use super::style::{SheetTemplate, Style};
use crate::frame::{Document, Frame, LabelStyle, Metadata, OutlineEntry, Page, PageLabel};
use crate::recipe::Recipe;
use crate::text::{markup, FontBook};
use crate::units::{Abs, Point, Rect, Size};

/// One recipe of the book. Its page count is all the plan needs of its layout, so a
/// large book can be planned without holding every recipe's sheets.
pub struct CookbookEntry {
    pub recipe: Recipe,
    /// The chapter it belongs to (its folder or first tag).
    pub chapter: String,
    /// How many sheets it takes.
    pub pages: usize,
}

/// The book's own settings.
pub struct CookbookOptions {
    pub title: String,
    pub size: Size,
    pub theme: Style,
}

/// Width of the page-number column in the contents and the index.
const NUMBER_COLUMN: Abs = Abs::pt(60.0);
/// A book longer than this stops adding front/back matter pages (nothing loops for ever).
const MAX_MATTER_PAGES: usize = 500;

/// The cookbook, planned from its recipes' page counts: the recipes in book order, the
/// front matter (cover, contents) and the index laid out and numbered, and the outline
/// and page labels of the whole book. The recipes' own sheets are added in book order
/// by whoever writes the book ([`CookbookPlan::recipe_part`]).
pub struct CookbookPlan {
    /// The recipes, by chapter, then title.
    pub entries: Vec<CookbookEntry>,
    /// Where each of `entries` was in the list the plan was made from.
    pub order: Vec<usize>,
    /// Cover and contents, with the book's metadata.
    pub front: Document,
    /// The index (no pages for an empty book).
    pub index: Document,
    /// Chapters → recipes, contents and index, by page of the whole book.
    pub outline: Vec<OutlineEntry>,
    pub page_labels: Vec<PageLabel>,
    /// Body page number (1-based) of each entry's first page.
    starts: Vec<usize>,
    template: SheetTemplate,
    content: Rect,
}

impl CookbookPlan {
    pub fn new(
        entries: Vec<CookbookEntry>,
        fonts: &FontBook,
        options: &CookbookOptions,
    ) -> CookbookPlan {
        let lang = cookbook_language(&entries);
        let collation = Collation::new(&lang);
        let words = super::i18n::book_words(&lang);
        // By chapter, then title (its text without markup, worked out once per entry).
        let mut titled: Vec<(String, usize, CookbookEntry)> = entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| (markup::plain(&e.recipe.title), i, e))
            .collect();
        titled.sort_by(|(title_a, _, a), (title_b, _, b)| {
            collation
                .compare(&a.chapter, &b.chapter)
                .then_with(|| collation.compare(title_a, title_b))
        });
        let order: Vec<usize> = titled.iter().map(|(_, i, _)| *i).collect();
        let entries: Vec<CookbookEntry> = titled.into_iter().map(|(_, _, e)| e).collect();
        let template = SheetTemplate::standard(&options.theme);
        // The book's language also picks its CJK faces' regional forms.
        let ts = Typesetter::new(fonts, &lang, &template.types, template.palette);
        let content = Rect::from_size(options.size).inset(template.margin);

        let mut starts = Vec::with_capacity(entries.len());
        let mut next = 1;
        for entry in &entries {
            starts.push(next);
            next += entry.pages.max(1);
        }
        let body_pages = next - 1;

        let count = words.recipes.replace("{n}", &entries.len().to_string());
        let mut front = vec![cover(&ts, options, content, &count)];
        front.extend(flow_pages(
            &contents_stream(&ts, words.contents, &entries, &starts, content.w),
            options.size,
            content,
            1,
            &template,
        ));
        let mut index = flow_pages(
            &index_stream(
                &ts,
                words.index,
                (&entries, &starts),
                &collation,
                (content.w - template.gutter) / 2.0,
            ),
            options.size,
            content,
            2,
            &template,
        );
        // The cover has no number; front matter i, ii …; the index follows the recipes.
        for (i, frame) in front.iter_mut().enumerate().skip(1) {
            page_number(&ts, frame, content, &roman(i + 1));
        }
        for (i, frame) in index.iter_mut().enumerate() {
            page_number(&ts, frame, content, &(body_pages + i + 1).to_string());
        }
        let front_len = front.len();

        let mut outline = vec![OutlineEntry {
            title: words.contents.into(),
            page: 1.min(front_len - 1),
            children: Vec::new(),
        }];
        let mut chapters: Vec<OutlineEntry> = Vec::new();
        for (entry, start) in entries.iter().zip(&starts) {
            let first_page = front_len + start - 1;
            let recipe_entry = OutlineEntry {
                title: markup::plain(&entry.recipe.title),
                page: first_page,
                children: Vec::new(),
            };
            match chapters.last_mut() {
                Some(chapter) if chapter.title == entry.chapter => {
                    chapter.children.push(recipe_entry)
                }
                _ => chapters.push(OutlineEntry {
                    title: entry.chapter.clone(),
                    page: first_page,
                    children: vec![recipe_entry],
                }),
            }
        }
        outline.extend(chapters);
        if !index.is_empty() {
            outline.push(OutlineEntry {
                title: words.index.into(),
                page: front_len + body_pages,
                children: Vec::new(),
            });
        }
        let page_labels = vec![
            PageLabel {
                page: 0,
                style: LabelStyle::LowerRoman,
                first: 1,
            },
            PageLabel {
                page: front_len,
                style: LabelStyle::Decimal,
                first: 1,
            },
        ];
        let pages = |frames: Vec<Frame>| -> Document {
            let mut doc = Document {
                pages: frames
                    .into_iter()
                    .map(|frame| Page { frame, trim: None })
                    .collect(),
                fonts: fonts.font_data(),
                ..Document::default()
            };
            crate::text::bitmap::draw_bitmap_glyphs(&mut doc);
            doc
        };
        let mut front = pages(front);
        front.meta = Metadata {
            title: options.title.clone(),
            ..Metadata::default()
        };
        CookbookPlan {
            entries,
            order,
            front,
            index: pages(index),
            outline,
            page_labels,
            starts,
            template,
            content,
        }
    }

    /// The sheets of entry `at` (in book order) as the book prints them: its own
    /// outline entry goes (the book's outline has it), page numbers go in the footer.
    /// Errs if the sheets are not the ones planned for.
    pub fn recipe_part(
        &self,
        fonts: &FontBook,
        at: usize,
        mut doc: Document,
    ) -> Result<Document, String> {
        let planned = self.entries[at].pages;
        if doc.pages.len() != planned {
            return Err(format!(
                "“{}” was planned with {planned} pages and laid out with {}",
                markup::plain(&self.entries[at].recipe.title),
                doc.pages.len()
            ));
        }
        let ts = Typesetter::new(fonts, "en", &self.template.types, self.template.palette);
        for (i, page) in doc.pages.iter_mut().enumerate() {
            let label = (self.starts[at] + i).to_string();
            page_number(&ts, &mut page.frame, self.content, &label);
        }
        doc.outline.clear();
        doc.page_labels.clear();
        Ok(doc)
    }
}

/// The whole cookbook as one document, from recipes already laid out (`docs[i]` is the
/// sheets of `entries[i]`). For large books, write the [`CookbookPlan`]'s parts one by one.
pub fn make_cookbook(
    entries: Vec<CookbookEntry>,
    mut docs: Vec<Document>,
    fonts: &FontBook,
    options: &CookbookOptions,
) -> Result<Document, String> {
    let mut plan = CookbookPlan::new(entries, fonts, options);
    let mut book = std::mem::take(&mut plan.front);
    for (at, &original) in plan.order.iter().enumerate() {
        let doc = std::mem::take(&mut docs[original]);
        book.append(plan.recipe_part(fonts, at, doc)?);
    }
    book.append(std::mem::take(&mut plan.index));
    book.outline = plan.outline;
    book.page_labels = plan.page_labels;
    Ok(book)
}

fn cover(ts: &Typesetter, options: &CookbookOptions, content: Rect, count: &str) -> Frame {
    let mut frame = Frame::new(options.size);
    let title_look = Look {
        bold: true,
        ..ts.look(ts.book.title, 34.0, ts.palette.ink)
    };
    let mut title = ts.text_block(ts.paragraph(&[(&options.title, title_look)]));
    title.line_height = Abs::pt(34.0 * 1.2);
    let count_look = Look {
        italic: true,
        ..ts.look(ts.book.title, 14.0, ts.palette.muted)
    };
    let stream: Stream = vec![
        Item::new(Block::text(title)),
        Item::new(Block::Fixed(ts.rule(content.w * 0.3, Abs::pt(10.0)))),
        Item::new(Block::text(
            ts.text_block(ts.paragraph(&[(count, count_look)])),
        )),
    ];
    let region = Region::new(Size::new(content.w, content.h), Abs::zero());
    let placed = fill_region(region, &[&stream], &mut [Cursor::default()], &[0]);
    frame.push_frame(Point::new(content.x, content.y + content.h * 0.33), placed);
    frame
}

/// Chapter heads and recipe titles with their page numbers.
fn contents_stream(
    ts: &Typesetter,
    head: &str,
    entries: &[CookbookEntry],
    starts: &[usize],
    width: Abs,
) -> Stream {
    let mut stream = vec![ts.section_title(head, 22.0, Abs::zero())];
    let mut chapter: Option<&str> = None;
    for (entry, start) in entries.iter().zip(starts) {
        if chapter != Some(entry.chapter.as_str()) {
            stream.push(ts.head(&entry.chapter, Abs::pt(14.0)));
            chapter = Some(&entry.chapter);
        }
        let title = markup::plain(&entry.recipe.title);
        stream.push(
            Item::new(Block::Row(number_row(
                ts,
                &title,
                &start.to_string(),
                width,
            )))
            .space_before(Abs::pt(3.0)),
        );
    }
    stream
}

/// Recipes and main ingredients, alphabetically, under letter heads.
fn index_stream(
    ts: &Typesetter,
    head: &str,
    (entries, starts): (&[CookbookEntry], &[usize]),
    collation: &Collation,
    width: Abs,
) -> Stream {
    let mut terms: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (entry, &start) in entries.iter().zip(starts) {
        let title = markup::plain(&entry.recipe.title);
        add_term(&mut terms, &title, start);
        for ingredient in entry.recipe.all_ingredients() {
            if let Some(term) = main_ingredient(&ingredient.item) {
                add_term(&mut terms, &term, start);
            }
        }
    }
    let mut terms: Vec<(String, Vec<usize>)> = terms.into_values().collect();
    terms.sort_by(|a, b| collation.compare(&a.0, &b.0));
    let mut stream = vec![ts.section_title(head, 22.0, Abs::zero())];
    let mut letter = None;
    for (display, pages) in &terms {
        let first = collation.letter(display);
        if first != letter {
            stream.push(ts.head(first.as_deref().unwrap_or("#"), Abs::pt(10.0)));
            letter = first;
        }
        let numbers = pages
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        stream.push(
            Item::new(Block::Row(number_row(ts, display, &numbers, width)))
                .space_before(Abs::pt(1.0)),
        );
    }
    stream
}

fn add_term(terms: &mut BTreeMap<String, (String, Vec<usize>)>, term: &str, page: usize) {
    let key = entry_key(term);
    let entry = terms
        .entry(key)
        .or_insert_with(|| (term.to_string(), Vec::new()));
    if entry.1.last() != Some(&page) {
        entry.1.push(page);
    }
}

/// The language most of the book's recipes are in (the first of them on a tie), whose
/// alphabet orders the contents and the index.
fn cookbook_language(entries: &[CookbookEntry]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for entry in entries {
        let lang = entry.recipe.lang.split(['-', '_']).next().unwrap_or("en");
        match counts.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((lang, 1)),
        }
    }
    let most = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    counts
        .iter()
        .find(|&&(_, n)| n == most)
        .map_or("en", |&(l, _)| l)
        .to_string()
}

/// The key that makes index terms one entry: the letters without their accents, then the
/// text in lower case, so "Bánh" and "bánh" merge and "banh" stays apart. (The order
/// is the collation's.)
fn entry_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let base: String = text
        .nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            'ß' => 's',
            'œ' | 'Œ' => 'o',
            'æ' | 'Æ' => 'a',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect();
    format!("{base}\u{0}{}", text.to_lowercase())
}

/// The indexable part of an ingredient: the item before any comma or parenthesis, if it is
/// a short name rather than a sentence.
fn main_ingredient(item: &str) -> Option<String> {
    const MAX_WORDS: usize = 4;
    let plain = markup::plain(item);
    let name = plain.split([',', '(', ';']).next()?.trim();
    let words = name.split_whitespace().count();
    (words > 0 && words <= MAX_WORDS).then(|| name.to_lowercase())
}

/// Text on the left, a number (or list of numbers) right-aligned.
fn number_row(ts: &Typesetter, text: &str, numbers: &str, width: Abs) -> Row {
    let mut number = ts.text_block(ts.paragraph(&[(numbers, ts.body())]));
    number.align = Align::Right;
    let label = ts.text_block(ts.paragraph(&[(text, ts.body())]));
    let text_width = (width - NUMBER_COLUMN).max(Abs::pt(1.0));
    Row {
        cells: vec![
            Cell {
                x: Abs::zero(),
                width: Some(text_width - Abs::pt(6.0)),
                text: label,
            },
            Cell {
                x: text_width,
                width: Some(NUMBER_COLUMN),
                text: number,
            },
        ],
    }
}

/// Flows a stream over as many pages as it needs, in `columns` columns.
fn flow_pages(
    stream: &Stream,
    size: Size,
    content: Rect,
    columns: usize,
    template: &SheetTemplate,
) -> Vec<Frame> {
    let columns = columns.max(1);
    let footer = Abs::pt(template.types.small * 2.5);
    let width = (content.w - template.gutter * (columns - 1) as f64) / columns as f64;
    let master = |_, _: &[Cursor]| Master {
        frame: Frame::new(size),
        columns: (0..columns)
            .map(|column| {
                let x = content.x + (width + template.gutter) * column as f64;
                let size = Size::new(width, content.h - footer);
                Column::new(Point::new(x, content.y), size, &[0])
            })
            .collect(),
        floats: Vec::new(),
    };
    // `paginate` makes one page past its cap; the matter stops at the cap.
    let mut pages = paginate(&[stream], Abs::zero(), MAX_MATTER_PAGES, true, master).frames;
    pages.truncate(MAX_MATTER_PAGES);
    pages
}

/// The page number, centred in the bottom margin: below everything a recipe's own sheets
/// put in their content area, and well inside the page edge.
fn page_number(ts: &Typesetter, frame: &mut Frame, content: Rect, label: &str) {
    let look = ts.look(ts.book.body, ts.types.small, ts.palette.muted);
    let (para, width) = ts.single_line(label, look);
    let (ascent, descent) = para.extents();
    let margin = frame.size.h - content.bottom();
    let baseline = content.bottom() + (margin - ascent - descent) / 2.0 + ascent;
    let x = content.x + (content.w - width) / 2.0;
    draw_line(frame, &para, x, baseline, width + Abs::pt(1.0));
}

/// Lower-case roman numerals for front-matter page numbers.
fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }

    #[test]
    fn main_ingredients_are_short_names() {
        assert_eq!(
            main_ingredient("ground pork").as_deref(),
            Some("ground pork")
        );
        assert_eq!(
            main_ingredient("Palm sugar, or brown").as_deref(),
            Some("palm sugar")
        );
        assert_eq!(
            main_ingredient("salt and freshly ground black pepper to taste"),
            None
        );
    }

    #[test]
    fn index_entries_are_one_whatever_their_accents_and_case() {
        assert_eq!(entry_key("Äpfel")[..5], entry_key("apfel")[..5]);
        assert_ne!(
            entry_key("Äpfel"),
            entry_key("apfel"),
            "ties broken by the text"
        );
        assert!(entry_key("đường").starts_with("duong"));
    }

    #[test]
    fn the_book_is_in_the_language_of_most_of_its_recipes() {
        let entry = |lang: &str| CookbookEntry {
            recipe: Recipe {
                lang: lang.into(),
                ..Recipe::default()
            },
            chapter: "Recipes".into(),
            pages: 1,
        };
        let entries = [entry("sv"), entry("sv-SE"), entry("en")];
        assert_eq!(cookbook_language(&entries), "sv");
        assert_eq!(cookbook_language(&[]), "en");
    }
}
