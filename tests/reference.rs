//! Reference images: every bundled recipe at every card size and as a sheet (and a
//! Japanese, an Arabic and a German card) rendered at low resolution, compared with the
//! PNGs in `tests/ref/`.
//! A layout change shows up here as a failing case with a difference image; reviewing
//! those images is how a layout change is reviewed.
//!
//! After an intended change, regenerate the references and look at what changed:
//!
//! ```text
//! CARDGEN_UPDATE_REFS=1 cargo test --test reference
//! git diff --stat tests/ref
//! ```
//!
//! On a failure the test writes `<case>-ours.png` and `<case>-diff.png` (differing
//! pixels in red over a faded reference) to `target/ref-diff/`.

mod common;

use std::path::{Path, PathBuf};

use common::{repo, stderr, temp};
use image::{Rgb, RgbImage};

/// Low enough to keep the set small (a 4x6 card is 240 x 160 pixels), high enough that a
/// moved line or a lost word changes hundreds of pixels.
const DPI: &str = "40";
/// A pixel differs when its grey level is further than this from the reference's.
const GREY_TOLERANCE: i32 = 48;
/// The share of a page's pixels that may differ: antialiasing from a different
/// rasteriser build, never a moved line (a line of body text is ~1 % of a card).
const MAX_DIFFERING_SHARE: f64 = 0.002;

/// Every bundled recipe (`recipes/*.yaml`) at every card size, and as a sheet.
fn bundled_recipes() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("recipes"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".yaml")?.to_string())
        })
        .collect();
    names.sort();
    names
}
const CARD_SIZES: &[&str] = &["3x5", "4x6", "5x8", "a6"];

/// Beyond the bundled recipes: (case name, recipe, arguments).
const MORE: &[(&str, &str, &[&str])] = &[
    (
        "pork-continue-4x6",
        "recipes/vietnamese-caramelised-pork.yaml",
        &["--size", "4x6", "--fit", "continue"],
    ),
    (
        "dal-letter-sheet",
        "recipes/weeknight-dal.yaml",
        &["--layout", "sheet", "--size", "letter"],
    ),
    (
        "kaesespaetzle-4x6",
        "tests/fixtures/good/kaesespaetzle.yaml",
        &["--size", "4x6"],
    ),
    (
        "ja-4x6",
        "tests/fixtures/scripts/ja.yaml",
        &["--size", "4x6"],
    ),
    (
        "ar-4x6",
        "tests/fixtures/scripts/ar.yaml",
        &["--size", "4x6"],
    ),
];

/// Every case: (name, recipe file, arguments).
fn cases() -> Vec<(String, String, Vec<String>)> {
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let mut cases = Vec::new();
    for recipe in bundled_recipes() {
        let file = format!("recipes/{recipe}.yaml");
        for size in CARD_SIZES {
            cases.push((
                format!("{recipe}-{size}"),
                file.clone(),
                owned(&["--size", size]),
            ));
        }
        cases.push((
            format!("{recipe}-sheet"),
            file.clone(),
            owned(&["--layout", "sheet", "--size", "a4"]),
        ));
    }
    for (name, recipe, args) in MORE {
        cases.push((name.to_string(), recipe.to_string(), owned(args)));
    }
    cases
}

fn ref_dir() -> PathBuf {
    repo().join("tests/ref")
}

fn diff_dir() -> PathBuf {
    let dir = repo().join("target/ref-diff");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Renders a case; returns its pages as PNG files, in order.
fn render(name: &str, recipe: &str, args: &[String]) -> Vec<PathBuf> {
    let dir = temp("reference", name);
    let out = dir.join("page.png");
    let mut all: Vec<String> = vec![
        repo().join(recipe).display().to_string(),
        "-o".into(),
        out.display().to_string(),
        "--dpi".into(),
        DPI.into(),
    ];
    all.extend(args.iter().cloned());
    let run = common::cardgen(&all, &dir);
    assert!(run.status.success(), "{name}: {}", stderr(&run));
    if out.exists() {
        return vec![out];
    }
    (1..)
        .map(|n| dir.join(format!("page-{n}.png")))
        .take_while(|p| p.exists())
        .collect()
}

fn reference_name(name: &str, page: usize) -> String {
    format!("{name}-{page}.png")
}

/// Pixels whose grey levels differ by more than [`GREY_TOLERANCE`], and a picture of them.
fn differing(ours: &RgbImage, theirs: &RgbImage) -> (usize, RgbImage) {
    let grey = |p: &Rgb<u8>| {
        (i32::from(p[0]) * 299 + i32::from(p[1]) * 587 + i32::from(p[2]) * 114) / 1000
    };
    let mut picture = RgbImage::new(ours.width(), ours.height());
    let mut count = 0;
    for (x, y, p) in theirs.enumerate_pixels() {
        let q = ours.get_pixel(x, y);
        let faded = (255 - (255 - grey(p)) / 4) as u8;
        if (grey(p) - grey(q)).abs() > GREY_TOLERANCE {
            count += 1;
            picture.put_pixel(x, y, Rgb([220, 0, 0]));
        } else {
            picture.put_pixel(x, y, Rgb([faded, faded, faded]));
        }
    }
    (count, picture)
}

#[test]
fn renders_match_their_reference_images() {
    let update = std::env::var_os("CARDGEN_UPDATE_REFS").is_some_and(|v| !v.is_empty());
    let mut failures = Vec::new();
    let mut expected: Vec<String> = Vec::new();
    for (name, recipe, args) in cases() {
        let (name, recipe) = (name.as_str(), recipe.as_str());
        let pages = render(name, recipe, &args);
        assert!(!pages.is_empty(), "{name}: no page rendered");
        for (i, page) in pages.iter().enumerate() {
            let file = reference_name(name, i + 1);
            expected.push(file.clone());
            let reference = ref_dir().join(&file);
            if update {
                std::fs::create_dir_all(ref_dir()).unwrap();
                std::fs::copy(page, &reference).unwrap();
                continue;
            }
            if let Some(problem) = compare(page, &reference, &file) {
                failures.push(problem);
            }
        }
        // A page more or fewer than the reference has is a change too.
        let extra = ref_dir().join(reference_name(name, pages.len() + 1));
        if !update && extra.exists() {
            failures.push(format!(
                "{name}: {} pages, the reference has more",
                pages.len()
            ));
        }
    }
    let on_disk: Vec<String> = std::fs::read_dir(ref_dir())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".png"))
                .collect()
        })
        .unwrap_or_default();
    for stale in on_disk.iter().filter(|n| !expected.contains(n)) {
        if update {
            std::fs::remove_file(ref_dir().join(stale)).unwrap();
        } else {
            failures.push(format!("{stale}: a reference no case renders"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pages differ from tests/ref (see target/ref-diff/; if the change is \
         intended: CARDGEN_UPDATE_REFS=1 cargo test --test reference):\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n")
    );
}

/// `None` when `page` matches `reference`; else what differs (and the pictures saved).
fn compare(page: &Path, reference: &Path, file: &str) -> Option<String> {
    let ours = image::open(page).unwrap().to_rgb8();
    let Ok(theirs) = image::open(reference) else {
        return Some(format!("{file}: no reference image (new page?)"));
    };
    let theirs = theirs.to_rgb8();
    let stem = file.trim_end_matches(".png");
    if ours.dimensions() != theirs.dimensions() {
        ours.save(diff_dir().join(format!("{stem}-ours.png")))
            .unwrap();
        return Some(format!(
            "{file}: {:?} pixels, the reference {:?}",
            ours.dimensions(),
            theirs.dimensions()
        ));
    }
    let (count, picture) = differing(&ours, &theirs);
    let share = count as f64 / f64::from(ours.width() * ours.height());
    if share <= MAX_DIFFERING_SHARE {
        return None;
    }
    ours.save(diff_dir().join(format!("{stem}-ours.png")))
        .unwrap();
    picture
        .save(diff_dir().join(format!("{stem}-diff.png")))
        .unwrap();
    Some(format!(
        "{file}: {count} pixels differ ({:.2} %)",
        share * 100.0
    ))
}

#[test]
fn the_comparison_sees_a_moved_line() {
    // A card with one line of text moved down by a line: the test above must fail it.
    let args = ["--size".to_string(), "4x6".to_string()];
    let pages = render("moved-line", "recipes/shakshuka.yaml", &args);
    let ours = image::open(&pages[0]).unwrap().to_rgb8();
    let mut moved = ours.clone();
    let (w, h) = ours.dimensions();
    // The title's rows (the top fifth) shifted down by 6 pixels (about 11 pt).
    for y in (6..h / 5).rev() {
        for x in 0..w {
            moved.put_pixel(x, y, *ours.get_pixel(x, y - 6));
        }
    }
    let (count, _) = differing(&ours, &moved);
    let share = count as f64 / f64::from(w * h);
    assert!(share > MAX_DIFFERING_SHARE, "a moved title changes {share}");
    assert_eq!(differing(&ours, &ours).0, 0);
}
