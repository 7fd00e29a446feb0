//! Engine benchmarks (divan): each pipeline stage on its own, the whole pipeline per
//! recipe, and batch throughput of `cardgen::batch::run` over 1, 100 and 1000 recipes.
//!
//! Run: `cargo bench --bench engine` (about 70 s on 2 cores).
//! Filter: `cargo bench --bench engine -- stage::parse` or `-- batch`.
//!
//! Stages (4x6 in landscape card, the CLI default):
//! - `parse`: `recipe::parse` on the file's bytes (already in memory);
//! - `layout`: `layout::layout` with a `FontBook::builtin()` built once and the photo
//!   already decoded (decoding is part of `pipeline`);
//! - `render`: `render::pdf::render` of an already laid-out document;
//! - `pipeline`: parse → photo load → layout → render, no file output (the font book is
//!   still built once, as `batch::run` does for a whole run).
//!
//! `batch` generates collections of 1, 100 and 1000 recipes in a temporary folder (the
//! bundled recipes cycled, each with a distinct title, the photo folder alongside) and
//! times `batch::run` exporting the folder to one PDF per recipe: reading, all stages,
//! and the atomic, fsynced writes, on all cores. Five samples each, but sampling stops
//! after 30 s, so on 2 cores the 1000-recipe run is a single sample (about 40 s).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use cardgen::batch::{self, RunOptions};
use cardgen::export::{self, ExportOptions};
use cardgen::frame::{Document, Image};
use cardgen::layout::{self, Assets};
use cardgen::pagesize;
use cardgen::photo;
use cardgen::recipe::{self, Recipe};
use cardgen::render::pdf::{self, RenderOptions};
use cardgen::text::FontBook;

fn main() {
    divan::main();
}

/// The three recipes measured stage by stage: short, long, and with a photo.
const RECIPES: &[&str] = &["shakshuka", "sourdough-country-loaf", "tarte-tatin"];

/// Photos are decoded to at most this many pixels on the long side for a 4x6 in card
/// (half the card's long side at 300 dpi, as `export` does).
const CARD_PHOTO_PX: u32 = 900;

fn recipes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes")
}

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

/// The CLI's default layout: 4x6 in landscape cards.
fn card_options() -> layout::Options {
    let size = pagesize::parse("4x6").expect("a known card size");
    layout::Options::new(layout::Medium::Card, pagesize::orient(size, true))
}

fn export_options() -> ExportOptions {
    ExportOptions {
        layout: card_options(),
        no_photo: false,
        photos: Default::default(),
    }
}

/// A bundled recipe: its path and bytes.
fn source(name: &str) -> (PathBuf, Vec<u8>) {
    let path = recipes_dir().join(format!("{name}.yaml"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, bytes)
}

fn parsed(name: &str) -> Recipe {
    let (path, bytes) = source(name);
    recipe::parse(&path, &bytes).unwrap_or_else(|d| panic!("{name} does not parse: {d:?}"))
}

fn decoded_photo(recipe: &Recipe) -> Option<Arc<Image>> {
    recipe.photo.as_ref().map(|p| {
        Arc::new(
            photo::load(p, &recipe.file, CARD_PHOTO_PX).unwrap_or_else(|d| panic!("photo: {d:?}")),
        )
    })
}

fn laid_out(name: &str) -> Document {
    let recipe = parsed(name);
    let assets = Assets {
        book: book(),
        photo: decoded_photo(&recipe),
    };
    layout::layout(&recipe, &assets, &card_options())
}

mod stage {
    use super::*;

    #[divan::bench(args = RECIPES, max_time = 2)]
    fn parse(bencher: divan::Bencher, name: &str) {
        let (path, bytes) = source(name);
        bencher
            .counter(divan::counter::BytesCount::new(bytes.len()))
            .bench(|| {
                recipe::parse(divan::black_box(&path), divan::black_box(&bytes)).expect("parses")
            });
    }

    #[divan::bench(args = RECIPES, max_time = 2)]
    fn layout(bencher: divan::Bencher, name: &str) {
        let recipe = parsed(name);
        let assets = Assets {
            book: book(),
            photo: decoded_photo(&recipe),
        };
        let options = card_options();
        bencher.bench(|| layout::layout(divan::black_box(&recipe), &assets, &options));
    }

    #[divan::bench(args = RECIPES, max_time = 2)]
    fn render(bencher: divan::Bencher, name: &str) {
        let doc = laid_out(name);
        let options = RenderOptions::default();
        bencher.bench(|| pdf::render(divan::black_box(&doc), &options).expect("renders"));
    }

    #[divan::bench(args = RECIPES, max_time = 2)]
    fn pipeline(bencher: divan::Bencher, name: &str) {
        let (path, bytes) = source(name);
        let options = export_options();
        let book = book();
        bencher.bench(|| {
            let recipe = recipe::parse(&path, divan::black_box(&bytes)).expect("parses");
            let doc = export::layout_recipe(&recipe, book, &options).expect("lays out");
            export::render(&doc).expect("renders")
        });
    }
}

/// A generated collection of `n` recipes and the folder its PDFs go to.
struct Collection {
    input: PathBuf,
    output: PathBuf,
}

/// Writes `n` recipes (the bundled ones cycled, titles numbered) into a fresh folder
/// under the system temp dir, with the bundled `photos/` folder copied alongside.
fn collection(n: usize) -> Collection {
    let root = std::env::temp_dir()
        .join(format!("cardgen-bench-{}", std::process::id()))
        .join(format!("n{n}"));
    let input = root.join("recipes");
    let output = root.join("out");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(input.join("photos")).expect("temp dir");
    let photos = recipes_dir().join("photos");
    for entry in std::fs::read_dir(&photos).expect("photos folder") {
        let path = entry.expect("photo entry").path();
        if path
            .extension()
            .is_some_and(|e| e == "jpg" || e == "png" || e == "webp")
        {
            std::fs::copy(
                &path,
                input.join("photos").join(path.file_name().expect("name")),
            )
            .expect("copy photo");
        }
    }
    let mut bundled: Vec<PathBuf> = std::fs::read_dir(recipes_dir())
        .expect("recipes folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    bundled.sort();
    let texts: Vec<(String, String)> = bundled
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_string();
            (stem, std::fs::read_to_string(p).expect("read recipe"))
        })
        .collect();
    for i in 0..n {
        let (stem, text) = &texts[i % texts.len()];
        let varied = vary_title(text, i + 1);
        std::fs::write(input.join(format!("{:04}-{stem}.yaml", i + 1)), varied)
            .expect("write recipe");
    }
    Collection { input, output }
}

/// Appends " No. N" to the top-level `title:` (a plain scalar in every bundled recipe).
fn vary_title(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut done = false;
    for line in text.lines() {
        match line.strip_prefix("title: ") {
            Some(title) if !done => {
                out.push_str(&format!(
                    "title: \"{} No. {n}\"\n",
                    title.trim().replace('"', "\\\"")
                ));
                done = true;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert!(done, "recipe without a top-level title");
    out
}

/// The run `cardgen DIR -o OUT -q` describes (a folder in: one PDF per recipe in OUT).
/// What `cardgen INPUT -o OUTPUT -q` runs.
fn batch_config(c: &Collection) -> RunOptions {
    RunOptions {
        quiet: true,
        ..RunOptions::new(
            vec![c.input.clone()],
            Some(c.output.clone()),
            card_options(),
        )
    }
}

/// Wall time of `batch::run` on a folder of N recipes, one PDF each (all cores).
#[divan::bench(args = [1, 100, 1000], sample_count = 5, sample_size = 1, max_time = 30)]
fn batch(bencher: divan::Bencher, n: usize) {
    let c = collection(n);
    let config = batch_config(&c);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench(|| {
            let summary = batch::run(&config).expect("batch runs");
            assert!(
                summary.errors.is_empty(),
                "batch errors: {:?}",
                summary.errors
            );
            assert_eq!(summary.recipes, n);
            summary
        });
    let root = c.input.parent().expect("collection root");
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir(root.parent().expect("bench temp dir"));
}
