//! The cookbook: chapters, contents with the right page numbers, index, outline, labels.

use std::path::Path;

mod common;

use cardgen::export::{layout_file, ExportOptions};
use cardgen::frame::{Document, FrameItem, LabelStyle};
use cardgen::layout::cookbook::{make_cookbook, CookbookEntry, CookbookOptions};
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

/// A4 sheets, as the book lays its recipes out.
fn a4_sheets() -> (cardgen::units::Size, ExportOptions) {
    let size = pagesize::parse("a4").unwrap();
    let options = ExportOptions {
        layout: layout::Options::new(Medium::Sheet, size),
        no_photo: false,
        photos: Default::default(),
    };
    (size, options)
}

fn bundled_book() -> (Document, Vec<String>) {
    let fonts = FontBook::builtin();
    let (size, options) = a4_sheets();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes");
    let mut entries = Vec::new();
    let mut docs = Vec::new();
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
        entries.push(CookbookEntry {
            recipe,
            chapter,
            pages: doc.pages.len(),
        });
        docs.push(doc);
    }
    let book = make_cookbook(
        entries,
        docs,
        &fonts,
        &CookbookOptions {
            title: "Our Kitchen".into(),
            size,
            theme: cardgen::layout::style::Style::CLASSIC,
        },
    )
    .unwrap();
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

/// The text of page `page` (1-based) of a PDF, as its non-empty lines.
fn pdf_page_lines(pdf: &Path, page: usize) -> Vec<String> {
    let page = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The book the command writes (laid out twice and streamed, see `batch::export_book`)
/// lists every recipe at the page that starts with it and prints that number there.
#[test]
fn the_written_book_lists_each_recipe_at_the_page_it_starts_on() {
    let dir = common::temp("cookbook", "written");
    let out = common::cardgen(
        &[
            common::repo().join("recipes").as_os_str(),
            "--layout".as_ref(),
            "sheet".as_ref(),
            "--book".as_ref(),
            "--title".as_ref(),
            "Ours".as_ref(),
            "-o".as_ref(),
            "book.pdf".as_ref(),
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pdf = dir.join("book.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    let texts: Vec<Vec<String>> = (1..=pages).map(|p| pdf_page_lines(&pdf, p)).collect();
    // The front matter after the cover: pages numbered i, ii, …
    let roman = |t: &Vec<String>| {
        t.last()
            .is_some_and(|l| l.chars().all(|c| "ivxlc".contains(c)))
    };
    let contents: Vec<&String> = texts[1..]
        .iter()
        .take_while(|t| roman(t))
        .flatten()
        .collect();
    let dir_recipes = std::fs::read_dir(common::repo().join("recipes")).unwrap();
    let mut checked = 0;
    for path in dir_recipes.map(|e| e.unwrap().path()) {
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let recipe = cardgen::recipe::load(&path).unwrap();
        let title = markup::plain(&recipe.title);
        let at = contents
            .iter()
            .position(|l| **l == title)
            .unwrap_or_else(|| panic!("{title} in the contents: {contents:?}"));
        let number = contents[at + 1].clone();
        // (A long title wraps; continuation pages repeat it as a running head.)
        let first = texts
            .iter()
            .position(|t| t.join(" ").starts_with(&title))
            .unwrap_or_else(|| panic!("a page starts with {title}"));
        assert_eq!(
            texts[first].last(),
            Some(&number),
            "{title} is listed at {number} and its first page shows that number"
        );
        checked += 1;
    }
    assert!(checked >= 5, "the bundled recipes are in the book");
}

/// A book of Japanese recipes prints its own words in Japanese: the cover's count, the
/// contents and index heads, and the outline.
#[test]
fn a_japanese_book_has_japanese_heads() {
    let fonts = FontBook::builtin();
    let (size, options) = a4_sheets();
    let recipe = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts/ja.yaml");
    let (recipe, doc) = layout_file(&recipe, &fonts, &options).unwrap();
    let entry = CookbookEntry {
        pages: doc.pages.len(),
        recipe,
        chapter: "主菜".into(),
    };
    let book = make_cookbook(
        vec![entry],
        vec![doc],
        &fonts,
        &CookbookOptions {
            title: "家庭料理".into(),
            size,
            theme: cardgen::layout::style::Style::CLASSIC,
        },
    )
    .unwrap();
    // Runs split where the face changes (the digit is Latin): compare the page's text.
    let text = |page: usize| page_texts(&book, page).concat();
    assert!(text(0).contains("全1レシピ"), "{}", text(0));
    assert!(text(1).starts_with("目次"), "{}", text(1));
    assert!(text(book.pages.len() - 1).starts_with("索引"));
    let outline: Vec<&str> = book.outline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(outline, ["目次", "主菜", "索引"]);
}
