//! Real PDFs read back with poppler and qpdf, for every bundled recipe as a 4x6 card and as
//! an A4 sheet: every word is there, page sizes are right, fonts are embedded subsets, the
//! QR code scans to the exact source URL, output is small, byte-for-byte repeatable, valid,
//! and photos are embedded without re-encoding.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use cardgen::recipe::{self, Recipe};
use cardgen::text::markup;
use unicode_normalization::UnicodeNormalization;

mod common;
use common::{repo, BIN};

fn temp(name: &str) -> PathBuf {
    common::temp("pdf", name)
}

fn recipes() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("recipes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "bundled recipes: {files:?}");
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Runs cardgen; it must succeed.
#[track_caller]
fn export(input: &Path, output: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let mut cmd = Command::new(BIN);
    cmd.arg(input)
        .args(args)
        .arg("-o")
        .arg(output)
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "cardgen {} {args:?} failed: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[track_caller]
fn tool(program: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = Command::new(program);
    for a in args {
        cmd.arg(a);
    }
    cmd.output().unwrap_or_else(|e| panic!("{program}: {e}"))
}

#[track_caller]
fn tool_ok(program: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let out = tool(program, args);
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One generated PDF.
struct Pdf {
    recipe: PathBuf,
    sheet: bool,
    path: PathBuf,
}

impl Pdf {
    fn name(&self) -> String {
        format!(
            "{} ({})",
            stem(&self.recipe),
            if self.sheet { "sheet" } else { "card" }
        )
    }
}

/// Every bundled recipe as a default card and a default sheet, made once per test run.
fn generated() -> &'static [Pdf] {
    static PDFS: OnceLock<Vec<Pdf>> = OnceLock::new();
    PDFS.get_or_init(|| {
        let dir = temp("generated");
        let mut out = Vec::new();
        for recipe in recipes() {
            for sheet in [false, true] {
                let path = dir.join(format!(
                    "{}-{}.pdf",
                    stem(&recipe),
                    if sheet { "sheet" } else { "card" }
                ));
                let args: &[&str] = if sheet { &["--layout", "sheet"] } else { &[] };
                export(&recipe, &path, args, &[]);
                out.push(Pdf {
                    recipe: recipe.clone(),
                    sheet,
                    path,
                });
            }
        }
        out
    })
}

fn pages(pdf: &Path) -> usize {
    let info = tool_ok("pdfinfo", &[&pdf]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Every page's size in points, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let n = pages(pdf).to_string();
    let info = tool_ok("pdfinfo", &[&"-f", &"1", &"-l", &n, &pdf]);
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .map(|l| {
            let rest = l.split_once("size:").unwrap().1.trim();
            let mut it = rest.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            assert_eq!(it.next(), Some("x"), "{l}");
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect();
    assert_eq!(sizes.len(), pages(pdf), "{info}");
    sizes
}

// ----- words ----------------------------------------------------------------------------

fn words(text: &str) -> Vec<String> {
    let plain: String = markup::plain(text).nfc().collect();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Texts a reader must find: title, ingredients, steps and notes; on sheets also the rest.
fn essential_texts(r: &Recipe, sheet: bool) -> Vec<String> {
    let mut texts = vec![r.title.clone()];
    for i in r.all_ingredients() {
        texts.extend(
            [&i.quantity, &i.unit, &Some(i.item.clone()), &i.note]
                .into_iter()
                .flatten()
                .cloned(),
        );
    }
    for s in r.all_steps() {
        texts.extend(s.title.clone());
        texts.push(s.text.clone());
    }
    texts.extend(r.notes.iter().cloned());
    if sheet {
        texts.extend(r.subtitle.clone());
        texts.extend(r.description.clone());
        texts.extend(r.ingredients.iter().filter_map(|g| g.title.clone()));
        texts.extend(r.steps.iter().filter_map(|g| g.title.clone()));
        for s in &r.sections {
            texts.push(s.title.clone());
            texts.push(s.text.clone());
        }
        for f in &r.faq {
            texts.push(f.question.clone());
            texts.push(f.answer.clone());
        }
        for (k, v) in &r.nutrition {
            texts.push(k.clone());
            texts.push(v.clone());
        }
    }
    texts
}

#[test]
fn every_word_can_be_extracted_from_the_pdf() {
    let mut failures = Vec::new();
    for pdf in generated() {
        let recipe = recipe::load(&pdf.recipe).unwrap();
        let text = tool_ok("pdftotext", &[&"-enc", &"UTF-8", &pdf.path, &"-"]);
        // Joined without separators: words broken across lines (with or without a hyphen)
        // are found too.
        let haystack: String = words(&text).concat();
        let mut missing = Vec::new();
        for t in essential_texts(&recipe, pdf.sheet) {
            for w in words(&t) {
                if !haystack.contains(&w) && !missing.contains(&w) {
                    missing.push(w);
                }
            }
        }
        if !missing.is_empty() {
            failures.push(format!("{}: missing {missing:?}", pdf.name()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_recipe_language_and_title_are_in_the_metadata() {
    for pdf in generated() {
        let recipe = recipe::load(&pdf.recipe).unwrap();
        let info = tool_ok("pdfinfo", &[&"-enc", &"UTF-8", &pdf.path]);
        let title = info
            .lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .map(str::trim);
        assert_eq!(
            title,
            Some(markup::plain(&recipe.title).as_str()),
            "{}",
            pdf.name()
        );
    }
}

// ----- sizes ----------------------------------------------------------------------------

#[track_caller]
fn assert_size(pdf: &Path, expected: (f64, f64), what: &str) {
    for (i, (w, h)) in page_sizes(pdf).into_iter().enumerate() {
        assert!(
            (w - expected.0).abs() < 0.01 && (h - expected.1).abs() < 0.01,
            "{what}: page {} is {w} x {h} pts, expected {} x {}",
            i + 1,
            expected.0,
            expected.1
        );
    }
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn default_page_sizes() {
    for pdf in generated() {
        let info = tool_ok("pdfinfo", &[&pdf.path]);
        if pdf.sheet {
            assert!(
                info.contains("595.276 x 841.89 pts (A4)"),
                "{}: {info}",
                pdf.name()
            );
            assert_size(&pdf.path, (210.0 * MM, 297.0 * MM), &pdf.name());
        } else {
            assert!(
                info.contains("Page size:       432 x 288 pts\n"),
                "{}: {info}",
                pdf.name()
            );
            assert_size(&pdf.path, (432.0, 288.0), &pdf.name());
        }
    }
}

#[test]
fn named_sizes_and_orientation() {
    let dir = temp("sizes");
    let recipe = repo().join("recipes/sourdough-country-loaf.yaml");
    let cases: &[(&[&str], (f64, f64))] = &[
        (&["--size", "3x5"], (360.0, 216.0)),
        (&["--size", "4x6"], (432.0, 288.0)),
        (&["--size", "5x8"], (576.0, 360.0)),
        (&["--size", "a6"], (148.0 * MM, 105.0 * MM)),
        (&["--size", "a7"], (105.0 * MM, 74.0 * MM)),
        (&["--portrait"], (288.0, 432.0)),
        (&["--size", "3x5", "--portrait"], (216.0, 360.0)),
        (&["--size", "a6", "--portrait"], (105.0 * MM, 148.0 * MM)),
        (
            &["--size", "100x150mm", "--portrait"],
            (100.0 * MM, 150.0 * MM),
        ),
        (&["--layout", "sheet", "--size", "letter"], (612.0, 792.0)),
        (
            &["--layout", "sheet", "--size", "a5"],
            (148.0 * MM, 210.0 * MM),
        ),
        (
            &["--layout", "sheet", "--size", "a4"],
            (210.0 * MM, 297.0 * MM),
        ),
        (
            &["--layout", "sheet", "--landscape"],
            (297.0 * MM, 210.0 * MM),
        ),
    ];
    for (i, (args, expected)) in cases.iter().enumerate() {
        let pdf = dir.join(format!("{i}.pdf"));
        export(&recipe, &pdf, args, &[]);
        assert_size(&pdf, *expected, &format!("{args:?}"));
    }
    let letter = tool_ok("pdfinfo", &[&dir.join("9.pdf")]);
    assert!(letter.contains("612 x 792 pts (letter)"), "{letter}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- fonts ----------------------------------------------------------------------------

#[test]
fn every_font_is_an_embedded_subset() {
    for pdf in generated() {
        let list = tool_ok("pdffonts", &[&pdf.path]);
        let rows: Vec<&str> = list
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(rows.len() >= 2, "{}: {list}", pdf.name());
        for row in rows {
            // name type [type…] encoding emb sub uni object ID
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert!(n >= 7, "{row}");
            let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
            assert_eq!(
                (emb, sub),
                ("yes", "yes"),
                "{}: not an embedded subset: {row}",
                pdf.name()
            );
            assert_eq!(uni, "yes", "{}: no ToUnicode map: {row}", pdf.name());
            let name = cols[0];
            assert!(
                name.len() > 7
                    && name.as_bytes()[6] == b'+'
                    && name[..6].bytes().all(|b| b.is_ascii_uppercase()),
                "{}: subset fonts are named ABCDEF+Name: {row}",
                pdf.name()
            );
        }
    }
}

// ----- QR codes -------------------------------------------------------------------------

/// What zbarimg reads on one page rendered at 300 dpi (empty when nothing).
fn scan(pdf: &Path, page: usize, dir: &Path) -> String {
    let prefix = dir.join(format!("{}-p{page}", stem(pdf)));
    let p = page.to_string();
    tool_ok(
        "pdftoppm",
        &[
            &"-r",
            &"300",
            &"-png",
            &"-f",
            &p,
            &"-l",
            &p,
            &"-singlefile",
            &pdf,
            &prefix,
        ],
    );
    let png = prefix.with_extension("png");
    let out = tool("zbarimg", &[&"--raw", &"-q", &png]);
    let _ = std::fs::remove_file(&png);
    String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string()
}

#[test]
fn qr_codes_scan_to_the_exact_source_url() {
    let dir = temp("qr");
    // One thread per PDF: rendering at 300 dpi and scanning is the slow part.
    let results: Vec<Option<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = generated()
            .iter()
            .map(|pdf| {
                let dir = dir.join(pdf.name().replace([' ', '(', ')'], ""));
                scope.spawn(move || {
                    std::fs::create_dir_all(&dir).unwrap();
                    check_qr(pdf, &dir)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sheet_pages: Vec<String> = results.iter().flatten().cloned().collect();
    eprintln!("QR codes on sheets: {sheet_pages:#?}");
    let with_source = generated()
        .iter()
        .filter(|p| recipe::load(&p.recipe).unwrap().source.is_some())
        .count();
    assert!(
        with_source >= 8,
        "at least four recipes with a source, card and sheet"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Checks one PDF's QR code; for sheets, says on which page it is.
fn check_qr(pdf: &Pdf, dir: &Path) -> Option<String> {
    let recipe = recipe::load(&pdf.recipe).unwrap();
    let Some(source) = &recipe.source else {
        // No source, no QR code anywhere.
        for page in 1..=pages(&pdf.path) {
            assert_eq!(scan(&pdf.path, page, dir), "", "{} page {page}", pdf.name());
        }
        return None;
    };
    let n = pages(&pdf.path);
    if pdf.sheet {
        // Sheets place the QR code at the end of the side column, which may be a later page.
        let found: Vec<usize> = (1..=n)
            .filter(|&p| scan(&pdf.path, p, dir) == source.url)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{}: QR code on pages {found:?} of {n}",
            pdf.name()
        );
        Some(format!("{}: page {} of {n}", pdf.name(), found[0]))
    } else {
        assert_eq!(
            scan(&pdf.path, 1, dir),
            source.url,
            "{}: QR code on the first card",
            pdf.name()
        );
        for page in 2..=n {
            assert_eq!(
                scan(&pdf.path, page, dir),
                "",
                "{}: only the first card has the QR code",
                pdf.name()
            );
        }
        None
    }
}

#[test]
fn qr_codes_survive_small_cards_and_long_urls() {
    let dir = temp("qr-small");
    let url = "https://www.example.com/recipes/a-very-long-address/with-several-parts/and-a-query?utm_source=card&id=1234567890";
    let recipe = dir.join("long-url.yaml");
    std::fs::write(
        &recipe,
        format!("title: Long Link\nsource: \"{url}\"\nsteps: [Cook it.]\n"),
    )
    .unwrap();
    for size in ["3x5", "a7"] {
        let pdf = dir.join(format!("{size}.pdf"));
        export(&recipe, &pdf, &["--size", size], &[]);
        assert_eq!(scan(&pdf, 1, &dir), url, "{size}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- file size, reproducibility, validity ---------------------------------------------

#[test]
fn a_card_without_photo_is_small() {
    const LIMIT: u64 = 40 * 1024;
    let mut report = Vec::new();
    let mut single_page_cards = 0;
    for pdf in generated() {
        let recipe = recipe::load(&pdf.recipe).unwrap();
        let size = std::fs::metadata(&pdf.path).unwrap().len();
        let n = pages(&pdf.path);
        report.push(format!(
            "{:40} {n} page(s) {size:>7} bytes ({:.1} KiB)",
            pdf.name(),
            size as f64 / 1024.0
        ));
        if !pdf.sheet && n == 1 && recipe.photo.is_none() {
            single_page_cards += 1;
            assert!(size < LIMIT, "{}: {size} bytes, limit {LIMIT}", pdf.name());
        }
    }
    // A minimal card too.
    let dir = temp("small");
    let minimal = dir.join("minimal.yaml");
    std::fs::write(
        &minimal,
        "title: Toast\ningredients: [2 slices bread]\nsteps: [Toast the bread.]\n",
    )
    .unwrap();
    let pdf = dir.join("minimal.pdf");
    export(&minimal, &pdf, &[], &[]);
    let size = std::fs::metadata(&pdf).unwrap().len();
    report.push(format!(
        "{:40} 1 page(s) {size:>7} bytes ({:.1} KiB)",
        "minimal (card)",
        size as f64 / 1024.0
    ));
    eprintln!("PDF sizes:\n{}", report.join("\n"));
    assert!(size < LIMIT, "minimal card: {size} bytes");
    assert!(single_page_cards >= 1, "shakshuka is a single card");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_is_byte_for_byte_repeatable() {
    let dir = temp("repeat");
    for recipe in recipes() {
        for (i, envs) in [&[][..], &[("SOURCE_DATE_EPOCH", "1700000000")][..]]
            .into_iter()
            .enumerate()
        {
            let a = dir.join(format!("{}-{i}-a.pdf", stem(&recipe)));
            let b = dir.join(format!("{}-{i}-b.pdf", stem(&recipe)));
            export(&recipe, &a, &["--layout", "sheet"], envs);
            export(&recipe, &b, &["--layout", "sheet"], envs);
            let (a_bytes, b_bytes) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
            assert!(
                a_bytes == b_bytes,
                "{} differs between runs (env {envs:?})",
                recipe.display()
            );
        }
        // Cards: compare with the shared generated copy.
        let card = dir.join(format!("{}-card.pdf", stem(&recipe)));
        export(&recipe, &card, &[], &[]);
        let shared = generated()
            .iter()
            .find(|p| p.recipe == recipe && !p.sheet)
            .unwrap();
        assert!(
            std::fs::read(&card).unwrap() == std::fs::read(&shared.path).unwrap(),
            "{}",
            recipe.display()
        );
    }
    // SOURCE_DATE_EPOCH sets the dates; without it they are fixed (the epoch).
    let shakshuka = repo().join("recipes/shakshuka.yaml");
    let dated = dir.join("dated.pdf");
    export(
        &shakshuka,
        &dated,
        &[],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let info = tool_ok("pdfinfo", &[&"-isodates", &dated]);
    assert!(info.contains("2023-11-14T22:13:20"), "{info}");
    let undated = dir.join("undated.pdf");
    export(&shakshuka, &undated, &[], &[]);
    let info = tool_ok("pdfinfo", &[&"-isodates", &undated]);
    assert!(info.contains("1970-01-01T00:00:00"), "{info}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn qpdf_finds_no_problems() {
    for pdf in generated() {
        let out = tool("qpdf", &[&"--check", &pdf.path]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.code() == Some(0),
            "{}: qpdf --check exit {:?}\n{text}\n{}",
            pdf.name(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("No syntax or stream encoding errors found"),
            "{}: {text}",
            pdf.name()
        );
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn the_photo_is_embedded_verbatim() {
    let jpeg = std::fs::read(repo().join("recipes/photos/tarte-tatin.jpg")).unwrap();
    let sheet = generated()
        .iter()
        .find(|p| p.sheet && stem(&p.recipe) == "tarte-tatin")
        .expect("tarte-tatin sheet");
    let bytes = std::fs::read(&sheet.path).unwrap();
    let at = find(&bytes, &jpeg).expect("the sheet contains the JPEG file byte for byte");
    // Exactly once, as a DCTDecode stream.
    assert!(
        find(&bytes[at + 1..], &jpeg[..4096]).is_none(),
        "the photo is embedded twice"
    );
    let before = String::from_utf8_lossy(&bytes[at.saturating_sub(600)..at]);
    assert!(before.contains("/DCTDecode"), "stream dictionary: {before}");
    // The image list agrees: one 800×600 JPEG.
    let list = tool_ok("pdfimages", &[&"-list", &sheet.path]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{list}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    assert_eq!(
        (cols[3], cols[4], cols[8]),
        ("800", "600", "jpeg"),
        "{list}"
    );
    // --no-photo leaves it out.
    let dir = temp("no-photo");
    let pdf = dir.join("t.pdf");
    export(
        &sheet.recipe,
        &pdf,
        &["--layout", "sheet", "--no-photo"],
        &[],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(find(&bytes, &jpeg[..4096]).is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}
