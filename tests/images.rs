//! PNG and SVG export, held to the PDF: the same card rendered by poppler from our PDF
//! and by us as PNG must agree pixel for pixel within antialiasing, and the SVG, drawn
//! by resvg, must agree with both.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pixels::{compare, Difference, SHIFT_TOLERANCE};
use common::{cardgen, repo, stderr, temp};

/// The test resolution: enough for type to have shape, small enough to compare quickly.
const DPI: u32 = 100;
/// The issue's bound on the mean difference per channel.
const MAX_MEAN: f64 = 0.02;
/// Pixels in one 16 x 16 region allowed to have no match within a few pixels: stray
/// antialiasing pixels only, never a missing or misplaced letter.
const MAX_MISPLACED_PER_REGION: usize = 12;

fn load(path: &Path) -> image::RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8()
}

/// Our PDF through poppler at `DPI`: one PNG per page, in order.
fn poppler_pages(pdf: &Path, dir: &Path) -> Vec<PathBuf> {
    let prefix = dir.join("poppler");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", &DPI.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("poppler-")
        })
        .collect();
    pages.sort();
    pages
}

fn assert_close(what: &str, d: &Difference) {
    let bounds = Bounds {
        mean: MAX_MEAN,
        misplaced_per_region: MAX_MISPLACED_PER_REGION,
    };
    assert_close_within(what, d, &bounds);
}

/// Glyphs in an SVG are not snapped to the pixel grid as the PNG's (and poppler's) are,
/// so their antialiased edges differ everywhere by a fraction of a pixel: looser bounds
/// (still far below what one misplaced or missing letter makes: a letter is ~60 pixels).
const UNSNAPPED: Bounds = Bounds {
    mean: 0.05,
    misplaced_per_region: 24,
};

/// The most two renders of one page may differ.
struct Bounds {
    mean: f64,
    misplaced_per_region: usize,
}

fn assert_close_within(what: &str, d: &Difference, bounds: &Bounds) {
    eprintln!(
        "{what}: mean difference {:.3} %, {} misplaced pixels, worst region {} at {:?}",
        d.mean * 100.0,
        d.misplaced,
        d.worst_region.0,
        d.worst_region.1
    );
    assert!(
        d.mean < bounds.mean,
        "{what}: mean difference {:.4}",
        d.mean
    );
    assert!(
        d.worst_region.0 <= bounds.misplaced_per_region,
        "{what}: {} pixels near {:?} have no match within {SHIFT_TOLERANCE} px",
        d.worst_region.0,
        d.worst_region.1
    );
}

/// Exports `recipe` with `extra` arguments as PDF and PNG; compares every page.
fn png_against_poppler(name: &str, recipe: &str, extra: &[&str]) -> usize {
    let dir = temp("images", name);
    let recipe = repo().join(recipe);
    let run = |out: &str, more: &[&str]| {
        let mut args: Vec<String> = vec![recipe.display().to_string(), "-o".into(), out.into()];
        args.extend(extra.iter().chain(more).map(|s| s.to_string()));
        let out = cardgen(&args, &dir);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    run("card.pdf", &[]);
    run("card.png", &["--dpi", &DPI.to_string()]);
    let poppler = poppler_pages(&dir.join("card.pdf"), &dir);
    let ours: Vec<PathBuf> = if poppler.len() == 1 {
        vec![dir.join("card.png")]
    } else {
        (1..=poppler.len())
            .map(|n| dir.join(format!("card-{n}.png")))
            .collect()
    };
    for (n, (theirs, ours)) in poppler.iter().zip(&ours).enumerate() {
        let d = compare(&load(theirs), &load(ours));
        assert_close(&format!("{name} page {}", n + 1), &d);
    }
    assert!(
        !dir.join(format!("card-{}.png", poppler.len() + 1)).exists(),
        "one PNG per page"
    );
    poppler.len()
}

#[test]
fn a_card_with_a_photo_matches_poppler() {
    png_against_poppler("photo", "recipes/tarte-tatin.yaml", &[]);
}

#[test]
fn every_card_of_a_long_recipe_matches_poppler_and_is_numbered() {
    let pages = png_against_poppler("long", "recipes/vietnamese-caramelised-pork.yaml", &[]);
    assert!(pages > 1, "the pork recipe takes several cards");
}

#[test]
fn a_sheet_matches_poppler() {
    png_against_poppler("sheet", "recipes/tarte-tatin.yaml", &["--layout", "sheet"]);
}

#[test]
fn cards_imposed_on_paper_match_poppler() {
    png_against_poppler(
        "imposed",
        "recipes/shakshuka.yaml",
        &["--paper", "letter", "--size", "3x5"],
    );
}

#[test]
fn svg_draws_like_the_png() {
    let dir = temp("images", "svg");
    // One card, so that `-o card.svg` names the only page.
    let recipe = repo().join("recipes/shakshuka.yaml");
    for out in ["card.svg", "card.png"] {
        let args = [
            recipe.display().to_string(),
            "-o".into(),
            out.into(),
            "--dpi".into(),
            DPI.to_string(),
        ];
        let run = cardgen(&args, &dir);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    let svg = std::fs::read_to_string(dir.join("card.svg")).unwrap();
    assert!(!svg.contains("<text"), "text is drawn as outlines");
    let options = resvg::usvg::Options::default();
    let tree = resvg::usvg::Tree::from_str(&svg, &options).expect("the SVG parses");
    let ours = load(&dir.join("card.png"));
    let (w, h) = ours.dimensions();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    // The SVG is sized in points; usvg reads them as CSS pixels (96 per inch).
    let scale = w as f32 / tree.size().width();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let drawn = image::RgbaImage::from_raw(w, h, pixmap.take()).unwrap();
    let drawn = image::DynamicImage::ImageRgba8(drawn).to_rgb8();
    // Kept beside the others, to look at when the comparison fails.
    drawn.save(dir.join("resvg.png")).unwrap();
    assert_close_within("svg via resvg", &compare(&ours, &drawn), &UNSNAPPED);
    assert_close_within(
        "svg via resvg against poppler",
        &compare(&load(&poppler_pages_of(&dir, &recipe)[0]), &drawn),
        &UNSNAPPED,
    );
}

fn poppler_pages_of(dir: &Path, recipe: &Path) -> Vec<PathBuf> {
    let args = [recipe.display().to_string(), "-o".into(), "card.pdf".into()];
    let run = cardgen(&args, dir);
    assert!(run.status.success(), "{}", stderr(&run));
    poppler_pages(&dir.join("card.pdf"), dir)
}

#[test]
fn placeholder_places_the_page_number_and_format_flag_overrides() {
    let dir = temp("images", "names");
    let recipe = repo().join("recipes/vietnamese-caramelised-pork.yaml");
    let args = [
        recipe.display().to_string(),
        "-o".into(),
        "pork-{n}-of.img".into(),
        "--format".into(),
        "svg".into(),
    ];
    let run = cardgen(&args, &dir);
    assert!(run.status.success(), "{}", stderr(&run));
    let first = std::fs::read_to_string(dir.join("pork-1-of.img")).unwrap();
    assert!(
        first.lines().take(2).any(|l| l.starts_with("<svg ")),
        "{}",
        &first[..first.len().min(200)]
    );
    assert!(dir.join("pork-2-of.img").exists());
}

#[test]
fn dpi_is_checked() {
    let dir = temp("images", "dpi");
    let recipe = repo().join("recipes/shakshuka.yaml");
    for dpi in ["0", "1201"] {
        let args = [
            recipe.display().to_string(),
            "-o".into(),
            "card.png".into(),
            "--dpi".into(),
            dpi.into(),
        ];
        let run = cardgen(&args, &dir);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains("1..=1200"), "{}", stderr(&run));
        assert!(!dir.join("card.png").exists());
    }
}

#[test]
fn png_to_stdout_needs_format_and_writes_a_png() {
    let dir = temp("images", "stdout");
    let recipe = repo().join("recipes/shakshuka.yaml");
    let args = [
        recipe.display().to_string(),
        "-o".into(),
        "-".into(),
        "--format".into(),
        "png".into(),
        "--dpi".into(),
        "50".into(),
    ];
    let run = cardgen(&args, &dir);
    assert!(run.status.success(), "{}", stderr(&run));
    let png = image::load_from_memory(&run.stdout).expect("a PNG on stdout");
    assert_eq!((png.width(), png.height()), (300, 200), "4x6 in at 50 dpi");
}

#[test]
fn folder_batches_take_the_format() {
    let dir = temp("images", "folder");
    let args = [
        repo().join("recipes").display().to_string(),
        "-o".into(),
        "out/".into(),
        "--format".into(),
        "png".into(),
        "--dpi".into(),
        "30".into(),
    ];
    let run = cardgen(&args, &dir);
    assert!(run.status.success(), "{}", stderr(&run));
    let shakshuka = dir.join("out/shakshuka.png");
    assert!(
        shakshuka.exists(),
        "{:?}",
        std::fs::read_dir(dir.join("out"))
            .unwrap()
            .collect::<Vec<_>>()
    );
    assert!(dir.join("out/vietnamese-caramelised-pork-1.png").exists());
    assert!(!dir.join("out/shakshuka.pdf").exists());
}
