//! Layout: recipes in, frames out. Pure and testable; never touches the PDF crate.
//!
//! [`layout`] turns one recipe (with its loaded photo) into a [`Document`] of pages.
//! Cards and sheets share the [`content::Typesetter`], the builders of each recipe part
//! (`parts/`, one file a part), the region filler in [`flow`] and the page loop with its
//! page masters in [`pages`]; their looks are data in [`style`]. A new page design
//! (template) goes beside `card/` and `sheet.rs`: streams, and a master for each page.

pub mod card;
pub mod collation;
pub mod content;
pub mod cookbook;
pub mod flow;
pub mod i18n;
pub mod mirror;
pub mod pages;
mod parts;
pub mod sheet;
pub mod style;

use std::sync::Arc;

use crate::frame::{Document, Image, Metadata, OutlineEntry};
use crate::recipe::Recipe;
use crate::text::{markup, FontBook};
use crate::units::Size;

/// What layout needs besides the recipe: fonts, and the photo if it loaded.
pub struct Assets<'a> {
    pub book: &'a FontBook,
    pub photo: Option<Arc<Image>>,
}

/// Index card or full-page sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Card,
    Sheet,
}

/// What to do with a recipe that does not fit on one card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overflow {
    /// Fewest cards: a modest type reduction (to [`card::ECONOMY_STEPS`]'s floor) where it
    /// saves a card, then continue onto further cards.
    #[default]
    Economy,
    /// Continue onto further cards at full size.
    Continue,
    /// Reduce the type step by step (to a readable minimum) before continuing.
    Shrink,
}

/// How to lay out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Cards or full-page sheets.
    pub medium: Medium,
    /// The page (card) size, orientation applied.
    pub size: Size,
    pub fit: Overflow,
    /// No filled areas (photo, letterbox) and lighter rules, for everyday printing.
    pub ink_saver: bool,
    /// Colours, type and spacing (the fonts are in the [`FontBook`]).
    pub theme: style::Style,
}

impl Options {
    pub fn new(medium: Medium, size: Size) -> Self {
        Options {
            medium,
            size,
            fit: Overflow::default(),
            ink_saver: false,
            theme: style::Style::CLASSIC,
        }
    }

    /// The theme with `ink_saver` applied.
    pub fn effective_theme(&self) -> style::Style {
        if self.ink_saver {
            self.theme.ink_saver()
        } else {
            self.theme
        }
    }
}

pub use pages::MAX_PAGES;

/// Whether the recipe is laid out right to left: as its `dir` says, else as its language
/// is written.
pub fn right_to_left(recipe: &Recipe) -> bool {
    use crate::recipe::Direction;
    match recipe.dir {
        Some(dir) => dir == Direction::RightToLeft,
        None => i18n::is_rtl(&recipe.lang),
    }
}

/// Lays out one recipe as a document of its own.
pub fn layout(recipe: &Recipe, assets: &Assets, options: &Options) -> Document {
    let theme = options.effective_theme();
    // Ink saver leaves the photo out: it is the largest filled area.
    let assets = &Assets {
        book: assets.book,
        photo: assets.photo.clone().filter(|_| !options.ink_saver),
    };
    let (pages, photo_used) = match options.medium {
        Medium::Card => {
            let template =
                style::CardTemplate::for_width(options.size.w.max(options.size.h), &theme);
            card::layout(recipe, assets, options.size, &template, options.fit)
        }
        Medium::Sheet => {
            let template = style::SheetTemplate::standard(&theme);
            sheet::layout(recipe, assets, options.size, &template)
        }
    };
    let mut pages = pages;
    if right_to_left(recipe) {
        for page in &mut pages {
            mirror::mirror(&mut page.frame);
        }
    }
    let images = match (&assets.photo, photo_used) {
        (Some(image), true) => vec![image.clone()],
        _ => Vec::new(),
    };
    let mut doc = Document {
        pages,
        fonts: assets.book.font_data(),
        images,
        meta: metadata(recipe),
        outline: vec![OutlineEntry {
            title: markup::plain(&recipe.title),
            page: 0,
            children: Vec::new(),
        }],
        page_labels: Vec::new(),
    };
    crate::text::bitmap::draw_bitmap_glyphs(&mut doc);
    doc
}

fn metadata(recipe: &Recipe) -> Metadata {
    Metadata {
        title: markup::plain(&recipe.title),
        author: recipe.author.clone(),
        subject: recipe
            .description
            .as_deref()
            .map(|d| first_sentence(&markup::plain(d))),
        keywords: recipe.tags.clone(),
        lang: Some(recipe.lang.clone()),
    }
}

/// The description's opening, short enough for a PDF subject line.
fn first_sentence(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat.find(". ").map(|i| i + 1).unwrap_or(flat.len());
    flat[..end].chars().take(MAX_CHARS).collect()
}
