//! Layout invariants on the frames, for every bundled recipe at every size:
//! nothing outside the safe margin, no two text runs overlapping, every word of the
//! recipe's title, ingredients, steps and notes present, continuation marks right.

use std::path::{Path, PathBuf};

mod common;

use cardgen::export::{layout_file, ExportOptions};
use cardgen::frame::{Document, FrameItem};
use cardgen::layout::{self, Medium};
use cardgen::pagesize;
use cardgen::recipe::Recipe;
use cardgen::text::{markup, FontBook};
use cardgen::units::{Abs, Rect};

fn recipes() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "the bundled collection has at least six recipes"
    );
    files
}

fn options(kind: Medium, size: &str, landscape: bool) -> ExportOptions {
    let size = pagesize::orient(pagesize::parse(size).unwrap(), landscape);
    ExportOptions {
        layout: layout::Options::new(kind, size),
        no_photo: false,
        photos: Default::default(),
    }
}

/// Every combination the CLI offers by name.
fn all_layouts() -> Vec<(String, ExportOptions)> {
    let mut out = Vec::new();
    for size in ["3x5", "4x6", "5x8", "a6", "a7"] {
        for landscape in [true, false] {
            out.push((
                format!("card {size} landscape={landscape}"),
                options(Medium::Card, size, landscape),
            ));
        }
    }
    for size in ["a4", "letter", "a5"] {
        out.push((format!("sheet {size}"), options(Medium::Sheet, size, false)));
    }
    out
}

/// Text runs of a page with their boxes.
fn text_boxes(doc: &Document, page: usize) -> Vec<(Rect, String)> {
    common::text_boxes(&doc.pages[page].frame)
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// All words a reader must find on the printout.
fn essential_words(recipe: &Recipe) -> Vec<String> {
    let mut texts = vec![recipe.title.clone()];
    for i in recipe.all_ingredients() {
        texts.extend(
            [
                i.quantity.clone(),
                i.unit.clone(),
                Some(i.item.clone()),
                i.note.clone(),
            ]
            .into_iter()
            .flatten(),
        );
    }
    for s in recipe.all_steps() {
        texts.extend(s.title.clone());
        texts.push(s.text.clone());
    }
    texts.extend(recipe.notes.iter().cloned());
    texts
        .iter()
        .flat_map(|t| {
            markup::plain(t)
                .split(|c: char| !c.is_alphanumeric())
                .map(normalize)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn every_layout_keeps_text_inside_the_margin_without_overlaps() {
    let book = FontBook::builtin();
    let eighth_inch = Abs::inches(0.125);
    for path in recipes() {
        for (name, opts) in all_layouts() {
            let (_, doc) = layout_file(&path, &book, &opts).unwrap();
            assert!(!doc.pages.is_empty());
            for page in 0..doc.pages.len() {
                let frame = &doc.pages[page].frame;
                let safe = Rect::from_size(frame.size).inset(eighth_inch);
                let boxes = text_boxes(&doc, page);
                for (rect, text) in &boxes {
                    assert!(
                        safe.contains(rect),
                        "{}: {name} p{page}: `{text}` at {rect:?} leaves the margin",
                        path.display()
                    );
                }
                for (i, (a, ta)) in boxes.iter().enumerate() {
                    for (b, tb) in &boxes[i + 1..] {
                        assert!(
                            !a.overlaps(b),
                            "{}: {name} p{page}: `{ta}` overlaps `{tb}`",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn every_word_reaches_the_page() {
    let book = FontBook::builtin();
    for path in recipes() {
        for (name, opts) in all_layouts() {
            let (recipe, doc) = layout_file(&path, &book, &opts).unwrap();
            let all: String = (0..doc.pages.len())
                .flat_map(|p| text_boxes(&doc, p).into_iter().map(|(_, t)| t))
                .collect::<Vec<_>>()
                .join("");
            let haystack = normalize(&all);
            for word in essential_words(&recipe) {
                assert!(
                    haystack.contains(&word),
                    "{}: {name}: `{word}` is missing",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn multi_card_recipes_are_numbered_and_repeat_the_title() {
    let book = FontBook::builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes/sourdough-country-loaf.yaml");
    let (recipe, doc) = layout_file(&path, &book, &options(Medium::Card, "4x6", true)).unwrap();
    let total = doc.pages.len();
    assert!(
        (2..=6).contains(&total),
        "the long loaf needs several cards, got {total}"
    );
    for page in 0..total {
        let texts: Vec<String> = text_boxes(&doc, page).into_iter().map(|(_, t)| t).collect();
        let mark = format!("{}/{total}", page + 1);
        assert!(
            texts.iter().any(|t| t.ends_with(&mark)),
            "card {} shows {mark}: {texts:?}",
            page + 1
        );
        assert_eq!(
            texts.iter().any(|t| t.starts_with("continued")),
            page + 1 < total
        );
        if page > 0 {
            assert_eq!(
                texts[0], recipe.title,
                "continuation cards start with the title"
            );
        }
    }
}

#[test]
fn a_short_recipe_is_one_card_with_a_qr_code() {
    let book = FontBook::builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes/shakshuka.yaml");
    let (_, doc) = layout_file(&path, &book, &options(Medium::Card, "4x6", true)).unwrap();
    assert_eq!(doc.pages.len(), 1);
    let page = &doc.pages[0].frame;
    assert_eq!((page.size.w.to_pt(), page.size.h.to_pt()), (432.0, 288.0));
    let modules = page
        .items
        .iter()
        .filter(|(_, i)| matches!(i, FrameItem::Shape(_)))
        .count();
    assert!(modules > 50, "the QR code is drawn as vector modules");
    assert!(page
        .items
        .iter()
        .any(|(_, i)| matches!(i, FrameItem::Link(l) if l.url.starts_with("https://"))));
}

#[test]
fn a_recipe_without_source_has_no_qr_code() {
    let book = FontBook::builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes/weeknight-dal.yaml");
    let (recipe, doc) = layout_file(&path, &book, &options(Medium::Card, "4x6", true)).unwrap();
    assert!(recipe.source.is_none());
    assert!(doc.pages.iter().all(|p| p
        .frame
        .items
        .iter()
        .all(|(_, i)| !matches!(i, FrameItem::Link(_)))));
}

#[test]
fn layout_is_deterministic() {
    let book = FontBook::builtin();
    for path in recipes() {
        let opts = options(Medium::Card, "4x6", true);
        let a = layout_file(&path, &book, &opts).unwrap().1;
        let b = layout_file(&path, &book, &opts).unwrap().1;
        assert_eq!(format!("{:?}", a.pages), format!("{:?}", b.pages));
    }
}

/// A step that runs onto the next card repeats its number where it continues, so the
/// cook looking for the rest of step 2 finds a 2 (and the number is not a new step's).
#[test]
fn a_step_split_across_cards_repeats_its_number() {
    let long = "Stir the pot slowly and keep tasting as it cooks. ".repeat(40);
    let yaml = format!(
        "title: Long stew\ningredients:\n  - 1 onion\nsteps:\n  - Chop the onion.\n  - {long}\n  - Serve.\n"
    );
    let recipe = cardgen::recipe::parse(Path::new("stew.yaml"), yaml.as_bytes()).unwrap();
    let fonts = FontBook::builtin();
    let options = options(Medium::Card, "3x5", true);
    let doc = cardgen::export::layout_recipe(&recipe, &fonts, &options).unwrap();
    assert!(doc.pages.len() >= 2, "the long step needs a second card");
    let second = text_boxes(&doc, 1);
    // The first body line of the second card, and the label on its baseline.
    let stir = second
        .iter()
        .find(|(_, t)| t.contains("Stir") || t.contains("slowly") || t.contains("tasting"))
        .expect("the step continues on card 2");
    let label = second.iter().find(|(r, t)| {
        t == "2" && (r.bottom() - stir.0.bottom()).to_pt().abs() < 0.5 && r.x < stir.0.x
    });
    assert!(
        label.is_some(),
        "card 2 starts step 2's rest with a 2: {second:?}"
    );
    assert!(
        !second.iter().any(|(_, t)| t == "1"),
        "no other step's number is repeated"
    );
}

/// Card economy, the default: a recipe a few lines too long for one 4x6 card (nine
/// ingredients, four steps, two notes) takes one card in type a little smaller, never
/// under 8 pt; `--fit continue` keeps full size and two cards.
#[test]
fn a_near_fit_takes_one_card_by_default_in_type_no_smaller_than_8_pt() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/kaesespaetzle.yaml");
    let fonts = FontBook::builtin();
    let economy = options(Medium::Card, "4x6", true);
    let mut full = options(Medium::Card, "4x6", true);
    full.layout.fit = layout::Overflow::Continue;
    let (_, doc) = layout_file(&path, &fonts, &economy).unwrap();
    let (_, continued) = layout_file(&path, &fonts, &full).unwrap();
    assert_eq!(continued.pages.len(), 2, "two cards at full size");
    assert_eq!(doc.pages.len(), 1, "one card by default");
    let step = doc.pages[0]
        .frame
        .all_items()
        .into_iter()
        .find_map(|item| match item {
            FrameItem::Text(t) if t.text().contains("Mehl, Eier") => Some(t.size),
            _ => None,
        })
        .expect("the first step is on the card");
    assert!(step.to_pt() >= 7.99, "step text at {} pt", step.to_pt());
}

/// A photo that would cost a card at its full height is kept smaller (a strip, down to a
/// fifth of the card) before it is left out.
#[test]
fn a_photo_is_made_smaller_before_it_is_left_out() {
    let dir = common::temp("layout", "photo-share");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes/photos/tarte-tatin.jpg"),
        dir.join("dish.jpg"),
    )
    .unwrap();
    let ingredients: String = (1..=12)
        .map(|i| format!("  - {i} tsp spice number {i}\n"))
        .collect();
    let yaml = format!(
        "title: Spiced eggs\nphoto: dish.jpg\ningredients:\n{ingredients}steps:\n  - Toast the spices.\n  - Add the eggs.\n"
    );
    std::fs::write(dir.join("eggs.yaml"), yaml).unwrap();
    let fonts = FontBook::builtin();
    let (_, doc) = layout_file(
        &dir.join("eggs.yaml"),
        &fonts,
        &options(Medium::Card, "4x6", true),
    )
    .unwrap();
    assert_eq!(doc.pages.len(), 1, "one card");
    assert_eq!(doc.images.len(), 1, "with its photo");
    // The photo's box: the clipped group that crops it.
    let photo_height = doc.pages[0]
        .frame
        .all_items()
        .into_iter()
        .find_map(|item| match item {
            FrameItem::Group(group) if group.clip => Some(group.frame.size.h),
            _ => None,
        })
        .expect("the photo is drawn");
    let card_height = doc.pages[0].frame.size.h;
    assert!(
        photo_height < card_height * 0.45,
        "smaller than the full share"
    );
}

/// Continuation cards keep the columns' roles: the ingredients that did not fit go on
/// under "Ingredients (continued)" at the top of the ingredient column, and the method
/// goes on at the top of the method column (never under the ingredients).
#[test]
fn continuation_cards_keep_ingredients_left_and_the_method_right() {
    let items: String = (1..=30)
        .map(|i| format!("  - {i} g spice number {i}\n"))
        .collect();
    let steps: String = (1..=8)
        .map(|i| {
            let text = "stir the pot and keep tasting as it cooks slowly. ".repeat(3);
            format!("  - Step {i}, {text}\n")
        })
        .collect();
    let yaml = format!("title: Spice stew\ningredients:\n{items}steps:\n{steps}");
    let recipe = cardgen::recipe::parse(Path::new("stew.yaml"), yaml.as_bytes()).unwrap();
    let fonts = FontBook::builtin();
    let options = options(Medium::Card, "4x6", true);
    let doc = cardgen::export::layout_recipe(&recipe, &fonts, &options).unwrap();
    assert!(doc.pages.len() >= 2, "30 ingredients need a second card");
    let second = text_boxes(&doc, 1);
    let head = second
        .iter()
        .find(|(_, t)| t == "INGREDIENTS (CONTINUED)")
        .unwrap_or_else(|| panic!("card 2 heads its ingredients: {second:?}"));
    let spices: Vec<&(Rect, String)> = second.iter().filter(|(_, t)| t.contains("spice")).collect();
    assert!(!spices.is_empty(), "ingredients continue on card 2");
    let column_x = head.0.x;
    for (r, t) in &spices {
        assert!(r.y > head.0.y, "{t} is under the head");
        assert!(
            r.x < column_x + Abs::pt(60.0),
            "{t} stays in the left column"
        );
    }
    // Whatever of the method is on card 2 is right of every ingredient.
    let right_edge = spices
        .iter()
        .map(|(r, _)| r.right())
        .fold(Abs::zero(), Abs::max);
    let method: Vec<_> = second
        .iter()
        .filter(|(_, t)| t.contains("Step") || t.contains("tasting"))
        .collect();
    assert!(!method.is_empty(), "the method continues on card 2 too");
    for (r, t) in method {
        assert!(r.x >= right_edge, "{t} at {r:?} is in the method column");
    }
}

/// On a narrow card (one column) the ingredients that go on to the next card are headed
/// "Ingredients (continued)" there too.
#[test]
fn a_one_column_continuation_heads_its_ingredients() {
    let items: String = (1..=40)
        .map(|i| format!("  - {i} g spice number {i}\n"))
        .collect();
    let yaml = format!("title: Spice stew\ningredients:\n{items}steps:\n  - Stir.\n");
    let recipe = cardgen::recipe::parse(Path::new("stew.yaml"), yaml.as_bytes()).unwrap();
    let fonts = FontBook::builtin();
    let options = options(Medium::Card, "3x5", false);
    let doc = cardgen::export::layout_recipe(&recipe, &fonts, &options).unwrap();
    assert!(doc.pages.len() >= 2, "40 ingredients need a second card");
    let second = text_boxes(&doc, 1);
    let head = second
        .iter()
        .find(|(_, t)| t == "INGREDIENTS (CONTINUED)")
        .unwrap_or_else(|| panic!("card 2 heads its ingredients: {second:?}"));
    let first_spice = second
        .iter()
        .filter(|(_, t)| t.contains("spice"))
        .map(|(r, _)| r.y)
        .fold(Abs::pt(f64::INFINITY), Abs::min);
    assert!(head.0.y < first_spice, "the head is above the ingredients");
}

/// Notes that go on from one card to the next are headed "Notes (continued)" where they
/// begin a column (the bundled pork recipe's third 4x6 card).
#[test]
fn notes_going_on_to_another_card_are_headed() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes/vietnamese-caramelised-pork.yaml");
    let fonts = FontBook::builtin();
    let (_, doc) = layout_file(&path, &fonts, &options(Medium::Card, "4x6", true)).unwrap();
    let last = text_boxes(&doc, doc.pages.len() - 1);
    let head = last
        .iter()
        .find(|(_, t)| t == "NOTES (CONTINUED)")
        .unwrap_or_else(|| panic!("the last card heads its notes: {last:?}"));
    let note = last
        .iter()
        .find(|(_, t)| t.contains("Keeps"))
        .expect("the note goes on there");
    assert!(head.0.y < note.0.y && (head.0.x - note.0.x).to_pt().abs() < 1.0);
}
