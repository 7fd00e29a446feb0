//! The cookbook: chapters, contents with the right page numbers, index, outline, labels.

use std::path::Path;

mod common;

use cardgen::export::{layout_file, ExportOptions};
use cardgen::frame::{Document, FrameItem, LabelStyle};
use cardgen::layout::cookbook::{make_book, BookEntry, BookOptions};
use cardgen::layout::{self, Medium};
use cardgen::pagesize;
use cardgen::text::{markup, FontBook};

fn page_texts(doc: &Document, page: usize) -> Vec<String> {
    doc.pages[page]
        .frame
        .items
        .iter()
        .filter_map(|(_, item)| match item {
            FrameItem::Text(t) => Some(t.text()),
            _ => None,
        })
        .collect()
}

fn bundled_book() -> (Document, Vec<String>) {
    let fonts = FontBook::builtin();
    let size = pagesize::parse("a4").unwrap();
    let options = ExportOptions {
        layout: layout::Options::new(Medium::Sheet, size),
        no_photo: false,
        photos: Default::default(),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes");
    let mut entries = Vec::new();
    let mut titles = Vec::new();
    for name in [
        "shakshuka",
        "weeknight-dal",
        "tarte-tatin",
        "vietnamese-caramelised-pork",
    ] {
        let (recipe, doc) =
            layout_file(&dir.join(format!("{name}.yaml")), &fonts, &options).unwrap();
        titles.push(markup::plain(&recipe.title));
        let chapter = if name == "tarte-tatin" {
            "Desserts"
        } else {
            "Mains"
        }
        .to_string();
        entries.push(BookEntry {
            recipe,
            doc,
            chapter,
        });
    }
    let book = make_book(
        entries,
        &fonts,
        &BookOptions {
            title: "Our Kitchen".into(),
            size,
            theme: cardgen::layout::style::Style::CLASSIC,
        },
    );
    (book, titles)
}

#[test]
fn outline_nests_recipes_in_chapters_and_points_at_their_first_pages() {
    let (book, titles) = bundled_book();
    let chapters: Vec<&str> = book.outline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(chapters, ["Contents", "Desserts", "Mains", "Index"]);
    let recipes: Vec<&str> = book.outline[1..3]
        .iter()
        .flat_map(|c| c.children.iter().map(|r| r.title.as_str()))
        .collect();
    assert_eq!(recipes.len(), titles.len());
    for chapter in &book.outline[1..3] {
        assert_eq!(
            chapter.page, chapter.children[0].page,
            "a chapter starts at its first recipe"
        );
        for recipe in &chapter.children {
            let texts = page_texts(&book, recipe.page);
            assert!(
                texts.join(" ").contains(&recipe.title),
                "{} starts on page {}: {texts:?}",
                recipe.title,
                recipe.page
            );
        }
    }
    // Recipes are sorted by title within their chapter.
    let mains: Vec<&str> = book.outline[2]
        .children
        .iter()
        .map(|r| r.title.as_str())
        .collect();
    let mut sorted = mains.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(mains, sorted);
}

#[test]
fn contents_page_numbers_match_the_printed_page_numbers() {
    let (book, _) = bundled_book();
    let body_start = book
        .page_labels
        .iter()
        .find(|l| l.style == LabelStyle::Decimal)
        .unwrap()
        .page;
    assert_eq!(book.page_labels[0].style, LabelStyle::LowerRoman);
    let contents: Vec<String> = (1..body_start).flat_map(|p| page_texts(&book, p)).collect();
    for chapter in &book.outline[1..3] {
        for recipe in &chapter.children {
            let number = (recipe.page - body_start + 1).to_string();
            let at = contents
                .iter()
                .position(|t| t == &recipe.title)
                .unwrap_or_else(|| panic!("{} in contents", recipe.title));
            assert_eq!(
                contents[at + 1],
                number,
                "{} is listed with its page number",
                recipe.title
            );
            assert!(
                page_texts(&book, recipe.page).contains(&number),
                "page {} shows its number",
                recipe.page
            );
        }
    }
}

#[test]
fn index_lists_recipes_and_ingredients_with_pages() {
    let (book, _) = bundled_book();
    let index_page = book.outline.last().unwrap().page;
    let texts: Vec<String> = (index_page..book.pages.len())
        .flat_map(|p| page_texts(&book, p))
        .collect();
    assert!(texts.iter().any(|t| t == "Index"));
    assert!(
        texts.iter().any(|t| t == "Shakshuka"),
        "recipes are indexed"
    );
    assert!(
        texts.iter().any(|t| t == "ground pork"),
        "main ingredients are indexed: {texts:?}"
    );
}

#[test]
fn no_text_overlaps_or_leaves_the_margin_anywhere_in_the_book() {
    let (book, _) = bundled_book();
    for (p, page) in book.pages.iter().enumerate() {
        let safe = cardgen::units::Rect::from_size(page.frame.size)
            .inset(cardgen::units::Abs::inches(0.125));
        let boxes = common::text_boxes(&page.frame);
        for (i, (a, ta)) in boxes.iter().enumerate() {
            assert!(safe.contains(a), "page {p}: `{ta}` leaves the margin");
            for (b, tb) in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "page {p}: `{ta}` overlaps `{tb}`");
            }
        }
    }
}
