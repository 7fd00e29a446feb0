//! Recipes in every script print: no `.notdef` glyph (read back with `mutool trace`),
//! and pdftotext finds the words. Needs the Noto fonts (`.ci/run` installs them).

mod common;

use std::path::Path;
use std::process::Command;

use common::{cardgen, repo, temp};

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/scripts").join(name)
}

fn render(name: &str) -> std::path::PathBuf {
    render_in(name, name)
}

/// Renders fixture `name` in a folder of its own for test `test` (tests run in parallel).
fn render_in(name: &str, test: &str) -> std::path::PathBuf {
    let dir = temp("scripts", test);
    let pdf = dir.join(format!("{name}.pdf"));
    let recipe = fixture(&format!("{name}.yaml"));
    let out = cardgen(&[recipe.as_os_str(), "-o".as_ref(), pdf.as_os_str()], &dir);
    assert!(out.status.success(), "{name}: {}", common::stderr(&out));
    pdf
}

/// What `mutool trace` says the PDF draws: each glyph with its font and text.
fn trace(pdf: &Path) -> String {
    let out = Command::new("mutool")
        .args(["trace".as_ref(), pdf.as_os_str()])
        .output()
        .expect("mutool runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Glyphs drawn as `.notdef` (glyph 0).
fn notdef_glyphs(pdf: &Path) -> usize {
    let trace = trace(pdf);
    trace.matches("glyph=\"0\"").count() + trace.matches(" glyph=\".notdef\"").count()
}

fn text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_script_prints_without_missing_glyphs() {
    let words = [
        ("ja", "生姜焼き"),
        ("zh", "红烧肉"),
        ("ko", "김치찌개"),
        ("ar", "حمص"),
        ("he", "שקשוקה"),
        ("th", "ผัดไทย"),
        ("el", "Μουσακάς"),
    ];
    for (name, word) in words {
        assert_prints(name, word);
    }
}

#[test]
fn devanagari_text_extracts_whole() {
    assert_prints("hi", "दाल");
}

#[test]
fn devanagari_prints_without_missing_glyphs() {
    assert_eq!(notdef_glyphs(&render("hi")), 0, "hi: .notdef glyphs");
}

fn assert_prints(name: &str, word: &str) {
    let pdf = render(name);
    assert_eq!(notdef_glyphs(&pdf), 0, "{name}: .notdef glyphs");
    let text = text(&pdf);
    assert!(text.contains(word), "{name}: {word:?} not in {text}");
}

#[test]
fn characters_no_font_has_are_a_located_warning_and_an_error_under_strict() {
    let dir = temp("scripts", "missing");
    let recipe = fixture("ja.yaml");
    let pdf = dir.join("ja.pdf");
    let args = [recipe.as_os_str(), "-o".as_ref(), pdf.as_os_str()];
    let out = common::without_installed_fonts(&args, &dir);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let stderr = common::stderr(&out);
    let first = stderr.lines().next().unwrap_or_default();
    let expected = format!("{}:1:8: warning: no font has ", recipe.display());
    assert!(first.starts_with(&expected), "{stderr}");
    assert!(
        first.contains("characters of this recipe, so they print as boxes: 豚 (U+8C5A), の (U+306E), 生 (U+751F)"),
        "{stderr}"
    );
    assert!(stderr.contains("apt install fonts-noto-cjk"), "{stderr}");
    assert!(notdef_glyphs(&pdf) > 0, "the boxes the warning speaks of");

    // --strict: an error, exit 1, and no card.
    std::fs::remove_file(&pdf).unwrap();
    let mut strict = args.to_vec();
    strict.push("--strict".as_ref());
    let out = common::without_installed_fonts(&strict, &dir);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let stderr = common::stderr(&out);
    let expected = format!("{}:1:8: error: no font has ", recipe.display());
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(!pdf.exists(), "nothing written under --strict");
}

#[test]
fn font_path_supplies_what_the_machine_lacks() {
    let noto_cjk = Path::new("/usr/share/fonts/opentype/noto");
    assert!(
        noto_cjk.is_dir(),
        "fonts-noto-cjk is installed (.ci/run installs it)"
    );
    let dir = temp("scripts", "font-path");
    let recipe = fixture("ja.yaml");
    let pdf = dir.join("ja.pdf");
    let out = common::without_installed_fonts(
        &[
            recipe.as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
            "--font-path".as_ref(),
            noto_cjk.as_os_str(),
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(
        common::stderr(&out),
        "",
        "no warning when --font-path has the glyphs"
    );
    assert_eq!(notdef_glyphs(&pdf), 0);
    assert!(text(&pdf).contains("生姜焼き"));

    let out = common::without_installed_fonts(
        &[
            recipe.as_os_str(),
            "--font-path".as_ref(),
            "no-such-dir".as_ref(),
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out).contains("--font-path no-such-dir: not a folder"),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn the_batch_summary_counts_recipes_with_missing_characters() {
    let dir = temp("scripts", "missing-batch");
    let recipes = dir.join("in");
    std::fs::create_dir_all(&recipes).unwrap();
    std::fs::copy(fixture("ja.yaml"), recipes.join("ja.yaml")).unwrap();
    std::fs::copy(
        repo().join("recipes/shakshuka.yaml"),
        recipes.join("shakshuka.yaml"),
    )
    .unwrap();
    let out = common::without_installed_fonts(
        &[recipes.as_os_str(), "-o".as_ref(), "out".as_ref()],
        &dir,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let stderr = common::stderr(&out);
    assert_eq!(
        stderr.matches(": warning: no font has").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("1 of 2 recipes have characters that no font has"),
        "{stderr}"
    );
}

#[test]
fn japanese_punctuation_is_set_in_the_japanese_face() {
    let trace = trace(&render_in("ja", "ja-punctuation"));
    // The font of the span around each 、 and 。 drawn.
    let mut font = "";
    let mut checked = 0;
    for line in trace.lines() {
        if let Some(at) = line.find("font=\"") {
            font = line[at + 6..].split('"').next().unwrap_or_default();
        }
        if line.contains("unicode=\"、\"") || line.contains("unicode=\"。\"") {
            assert!(font.contains("CJK"), "、/。 drawn in {font}");
            checked += 1;
        }
    }
    assert!(checked > 0, "the card has Japanese punctuation");
}

/// Where pdftotext finds `word` on the first page: its left edge, in points.
fn word_x(pdf: &Path, word: &str) -> Option<f64> {
    let out = Command::new("pdftotext")
        .args([
            "-bbox".as_ref(),
            "-l".as_ref(),
            "1".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.ends_with(&format!(">{word}</word>")))?;
    let x = line.split("xMin=\"").nth(1)?.split('"').next()?;
    x.parse().ok()
}

#[test]
fn dir_overrides_the_direction_of_the_language() {
    let dir = temp("scripts", "dir");
    let card_width = 432.0;
    let cases = [
        ("title: Toast\ndir: rtl\ningredients:\n  - 1 slice bread\nsteps:\n  - Toast it.\n", "INGREDIENTS", true),
        ("title: Toast\ningredients:\n  - 1 slice bread\nsteps:\n  - Toast it.\n", "INGREDIENTS", false),
        ("title: حمص\nlang: ar\ningredients:\n  - 400 g حمص\nsteps:\n  - اهرس الحمص.\n", "400", true),
        ("title: حمص\nlang: ar\ndir: LTR\ningredients:\n  - 400 g حمص\nsteps:\n  - اهرس الحمص.\n", "400", false),
    ];
    for (i, (yaml, heading, right)) in cases.iter().enumerate() {
        let file = dir.join(format!("r{i}.yaml"));
        std::fs::write(&file, yaml).unwrap();
        let pdf = dir.join(format!("r{i}.pdf"));
        let out = cardgen(&[file.as_os_str(), "-o".as_ref(), pdf.as_os_str()], &dir);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let x = word_x(&pdf, heading).unwrap_or_else(|| panic!("case {i}: no {heading}"));
        assert_eq!(
            x > card_width / 2.0,
            *right,
            "case {i}: {heading} at x = {x}"
        );
    }
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "title: Toast\ndir: sideways\nsteps:\n  - Toast it.\n").unwrap();
    let out = cardgen(&[bad.as_os_str(), "-o".as_ref(), "bad.pdf".as_ref()], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::stderr(&out).lines().next().unwrap_or_default(),
        format!(
            "{}:2:6: error: `dir` must be `rtl` or `ltr`, found `sideways`",
            bad.display()
        )
    );
    assert!(!dir.join("bad.pdf").exists());
}

/// Every line of the Arabic and Hindi cards reads back whole: no word broken by a space
/// (a glyph standing for different letters in different places has a code for each, so
/// no `/ActualText` span splits the word; heads are not letter-spaced in joined scripts).
#[test]
fn arabic_and_hindi_lines_read_back_whole() {
    for (name, lines) in [
        (
            "ar",
            &[
                "المكونات",
                "ملاعق كبيرة طحينة",
                "طريقة التحضير",
                "حمص بالطحينة",
            ][..],
        ),
        (
            "hi",
            &["सामग्री", "1 कप अरहर दाल", "दाल को धोकर प्रेशर कुकर में हल्दी"][..],
        ),
    ] {
        let pdf = render_in(name, &format!("whole-{name}"));
        // pdftotext marks right-to-left lines with embedding controls; drop them.
        let text: String = text(&pdf)
            .chars()
            .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
            .collect();
        for line in lines {
            assert!(text.contains(line), "{name}: {line:?} in {text:?}");
        }
    }
}

/// The images `pdfimages -list` finds (colour pictures, not their alpha masks).
fn pictures(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdfimages")
        .args(["-list".as_ref(), pdf.as_os_str()])
        .output()
        .expect("pdfimages runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .map(str::to_string)
        .collect()
}

#[test]
fn colour_emoji_print_as_pictures_and_without_a_font_are_a_warning() {
    let emoji_font = Path::new("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf");
    assert!(
        emoji_font.exists(),
        "fonts-noto-color-emoji is installed (.ci/run installs it)"
    );
    let dir = temp("scripts", "emoji");
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(emoji_font, fonts.join("NotoColorEmoji.ttf")).unwrap();
    let recipe = fixture("emoji.yaml");
    let pdf = dir.join("emoji.pdf");
    let out = common::without_installed_fonts(
        &[
            recipe.as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
            "--font-path".as_ref(),
            fonts.as_os_str(),
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(common::stderr(&out), "", "every emoji has a picture");
    // 🍹 🍊 🥣: one picture each, in colour (and a colour font is never embedded).
    let found = pictures(&pdf);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|l| l.contains(" rgb ")), "{found:?}");
    let fonts_list = Command::new("pdffonts").arg(&pdf).output().unwrap();
    assert!(!String::from_utf8_lossy(&fonts_list.stdout).contains("Emoji"));
    // The pictures' text reads where they are, carried by blank glyphs of the text face
    // that are as wide as the pictures: the sentence reads on in one line.
    assert!(
        text(&pdf).contains("Mix everything in a big bowl 🥣 and serve cold."),
        "{}",
        text(&pdf)
    );
    let words = text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in [
        "Party Punch 🍹",
        "orange juice 🍊",
        "big bowl 🥣 and serve cold",
    ] {
        assert!(words.contains(phrase), "{phrase}: {words}");
    }

    // The same card as PNG draws the pictures too: colour where the bowl is.
    let png = dir.join("emoji.png");
    let out = common::without_installed_fonts(
        &[
            recipe.as_os_str(),
            "-o".as_ref(),
            png.as_os_str(),
            "--font-path".as_ref(),
            fonts.as_os_str(),
        ],
        &dir,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let image = image::open(&png).unwrap().to_rgb8();
    let coloured = image
        .pixels()
        .filter(|p| {
            let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
            (r - g).abs().max((g - b).abs()).max((r - b).abs()) > 60 && b > r
        })
        .count();
    assert!(coloured > 20, "blue of the bowl: {coloured} pixels");

    let out = common::without_installed_fonts(
        &[
            recipe.as_os_str(),
            "-o".as_ref(),
            dir.join("none.pdf").as_os_str(),
        ],
        &dir,
    );
    let stderr = common::stderr(&out);
    assert!(
        stderr.contains("🍹 (U+1F379), 🍊 (U+1F34A), 🥣 (U+1F963)")
            && stderr.contains("fonts-noto-color-emoji"),
        "{stderr}"
    );
}
