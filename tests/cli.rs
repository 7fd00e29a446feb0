//! The `cardgen` binary end to end: exact located errors, exit codes, output that is never
//! half-written, hostile inputs refused fast, batches, `check`, stdout and help.
//! (GitHub issue "Clear errors, safe output, and no crash on any input".)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{repo, stderr, BIN};

fn temp(name: &str) -> PathBuf {
    common::temp("cli", name)
}

fn cardgen(args: &[&dyn AsRef<std::ffi::OsStr>], cwd: &Path) -> Output {
    common::cardgen(args, cwd)
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status; stderr:\n{}",
        stderr(out)
    );
    assert!(
        !stderr(out).contains("panicked"),
        "panic in stderr:\n{}",
        stderr(out)
    );
}

/// Files (recursively, relative, sorted) in a folder, hidden ones included.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    assert!(out.status.success(), "pdfinfo {}", path.display());
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap_or_else(|| panic!("no page count in {text}"))
        .trim()
        .parse()
        .unwrap()
}

fn tarte_jpeg() -> Vec<u8> {
    std::fs::read(repo().join("recipes/photos/tarte-tatin.jpg")).unwrap()
}

// ----- invalid recipes: exact message, help, and no output -----------------------------

/// What a bad recipe must produce: `FILE:LOCATION: error: MESSAGE` and a help line.
struct Bad {
    name: &'static str,
    recipe: Vec<u8>,
    /// Extra files next to the recipe (photos).
    extra: Vec<(&'static str, Vec<u8>)>,
    /// `:LINE:COL: error: MESSAGE`, appended to the recipe's path.
    error: &'static str,
    /// The help line without the `  help: ` prefix; `{dir}` is the recipe's folder.
    /// `None`: any help line that ends with `help_suffix`.
    help: Option<&'static str>,
    help_suffix: &'static str,
}

fn bad(
    name: &'static str,
    recipe: impl Into<Vec<u8>>,
    error: &'static str,
    help: &'static str,
) -> Bad {
    Bad {
        name,
        recipe: recipe.into(),
        extra: Vec::new(),
        error,
        help: Some(help),
        help_suffix: "",
    }
}

fn check_bad(case: Bad) {
    let dir = temp(&format!("bad-{}", case.name));
    let recipe = write(&dir.join("recipe.yaml"), &case.recipe);
    for (name, bytes) in &case.extra {
        write(&dir.join(name), bytes);
    }
    let before = listing(&dir);

    // 1. No previous output: none is created (and no temporary file is left behind).
    let out_pdf = dir.join("out.pdf");
    let out = cardgen(&[&recipe, &"-o", &out_pdf], &dir);
    assert_exit(&out, 1);
    let err = stderr(&out);
    let first = format!("{}{}", recipe.display(), case.error);
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == first)
        .unwrap_or_else(|| panic!("{}: expected line\n{first}\nin stderr:\n{err}", case.name));
    let help_line = lines
        .get(at + 1)
        .unwrap_or_else(|| panic!("{}: no help line after the error:\n{err}", case.name));
    let help_text = help_line
        .strip_prefix("  help: ")
        .unwrap_or_else(|| panic!("{}: `{help_line}` is not a help line", case.name));
    match case.help {
        Some(help) => assert_eq!(
            help_text,
            help.replace("{dir}", &dir.display().to_string()),
            "{}",
            case.name
        ),
        None => assert!(
            help_text.ends_with(case.help_suffix),
            "{}: {help_text}",
            case.name
        ),
    }
    assert!(
        !err.contains('\x1b'),
        "no colours when stderr is not a terminal"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
    assert!(
        !out_pdf.exists(),
        "{}: out.pdf was written for an invalid recipe",
        case.name
    );
    assert_eq!(listing(&dir), before, "{}: files appeared", case.name);

    // 2. A previous output stays byte for byte.
    let old = b"%PDF-1.7 an older, perfectly good card\n%%EOF\n".to_vec();
    write(&out_pdf, &old);
    let out = cardgen(&[&recipe, &"-o", &out_pdf], &dir);
    assert_exit(&out, 1);
    assert_eq!(
        std::fs::read(&out_pdf).unwrap(),
        old,
        "{}: existing PDF touched",
        case.name
    );
    let mut expected = before.clone();
    expected.push("out.pdf".into());
    expected.sort();
    assert_eq!(listing(&dir), expected, "{}: files appeared", case.name);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unknown_field_suggests_the_right_one() {
    check_bad(bad(
        "unknown-field",
        "title: Pork\nservigns: 4\n",
        ":2:1: error: unknown field `servigns`",
        "did you mean `servings`?",
    ));
}

#[test]
fn ingredients_as_a_number() {
    check_bad(bad(
        "ingredients-number",
        "title: Pork\ningredients: 5\n",
        ":2:14: error: `ingredients` must be a list of ingredients, found a number",
        "write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line",
    ));
}

#[test]
fn missing_title() {
    check_bad(bad(
        "missing-title",
        "servings: 4\n",
        ":1:1: error: missing `title`",
        "add a line like `title: Vietnamese Caramelised Pork` at the top",
    ));
}

#[test]
fn empty_file() {
    check_bad(bad(
        "empty",
        "",
        ":1:1: error: the file is empty",
        "a recipe needs at least a `title`",
    ));
}

#[test]
fn top_level_list() {
    check_bad(bad(
        "top-level-list",
        "- title: Pork\n- title: Beef\n",
        ":1:1: error: a recipe must be a mapping of fields like `title: …`, found a list",
        "start with a line like `title: Vietnamese Caramelised Pork`, then one `field: value` per line",
    ));
}

#[test]
fn non_utf8_bytes() {
    check_bad(bad(
        "latin1",
        b"title: Gr\xfc\xdfe\nservings: 4\n".to_vec(),
        ":1:10: error: invalid UTF-8 at byte 9",
        "save the file with UTF-8 encoding (it may be in Latin-1 or Windows-1252)",
    ));
}

#[test]
fn tab_indentation() {
    check_bad(bad(
        "tabs",
        "title: Pork\ningredients:\n\t- 500 g pork\n",
        ":3:1: error: tab character used for indentation",
        "YAML needs spaces; replace tabs with spaces",
    ));
}

#[test]
fn source_without_scheme() {
    check_bad(bad(
        "source",
        "title: Pork\nsource: example.com/x\n",
        ":2:9: error: `source` must be a web address starting with http:// or https://, found `example.com/x`",
        "write the full address, e.g. https://example.com/recipe",
    ));
}

#[test]
fn missing_photo() {
    check_bad(bad(
        "missing-photo",
        "title: Pork\nphoto: photos/none.jpg\n",
        ":2:8: error: photo not found: `photos/none.jpg`",
        "looked for {dir}/photos/none.jpg",
    ));
}

#[test]
fn truncated_jpeg_photo() {
    let jpeg = tarte_jpeg();
    for (i, cut) in [jpeg.len() / 2, 600].into_iter().enumerate() {
        let mut case = bad(
            if i == 0 {
                "truncated-half"
            } else {
                "truncated-600"
            },
            "title: Tarte\nsteps: [Bake.]\nphoto: { path: photos/cut.jpg, fit: cover }\n",
            ":3:16: error: photo is truncated or corrupt: `photos/cut.jpg`",
            "",
        );
        case.extra = vec![("photos/cut.jpg", jpeg[..cut].to_vec())];
        case.help = None;
        case.help_suffix = "; export or download the photo again";
        check_bad(case);
    }
}

#[test]
fn text_file_named_jpg() {
    let mut case = bad(
        "text-jpg",
        "title: Pork\nphoto: photos/pork.jpg\n",
        ":2:8: error: unsupported photo format: `photos/pork.jpg` is a text file",
        "use a JPEG, PNG or WebP image (the format is detected from the content, not the file name)",
    );
    case.extra = vec![(
        "photos/pork.jpg",
        b"<html><body>404 Not Found</body></html>\n".to_vec(),
    )];
    check_bad(case);
}

#[test]
fn no_photo_flag_skips_a_broken_photo() {
    let dir = temp("no-photo-flag");
    let recipe = write(
        &dir.join("r.yaml"),
        "title: Pork\nsteps: [Fry.]\nphoto: photos/none.jpg\n",
    );
    let pdf = dir.join("r.pdf");
    let out = cardgen(&[&recipe, &"--no-photo", &"-o", &pdf], &dir);
    assert_exit(&out, 0);
    assert_eq!(pdf_pages(&pdf), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_problem_in_a_file_is_reported_in_one_run() {
    let dir = temp("many-problems");
    let recipe = write(
        &dir.join("many.yaml"),
        "title: Pork\nservigns: 4\ningredients: 5\nlang: english\ntitle: Beef\ntime: { prep: ten minutes }\n",
    );
    let out = cardgen(&[&recipe, &"-o", &dir.join("many.pdf")], &dir);
    assert_exit(&out, 1);
    let p = recipe.display();
    let expected = format!(
        "{p}:2:1: error: unknown field `servigns`
  help: did you mean `servings`?
{p}:3:14: error: `ingredients` must be a list of ingredients, found a number
  help: write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line
{p}:4:7: error: `lang` must be a language tag like `en`, `de` or `pt-BR`, found `english`
  help: did you mean `en`?
{p}:5:1: error: duplicate field `title`
  help: `title` is already given above; remove one of them
{p}:6:15: error: `time.prep` must be a duration, found `ten minutes`
  help: write e.g. `15 min`, `1 h 20 min`, `1½ hours`, `PT1H20M`, or a number of minutes
"
    );
    assert_eq!(stderr(&out), expected);
    assert!(!dir.join("many.pdf").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- exit codes ---------------------------------------------------------------------

#[test]
fn exit_status_zero_on_success_and_default_output_name() {
    let dir = temp("exit-0");
    let recipe = write(
        &dir.join("toast.yaml"),
        "title: Toast\nsteps: [Toast the bread.]\n",
    );
    // Without -o: RECIPE.pdf in the current folder.
    let out = cardgen(&[&"toast.yaml"], &dir);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).is_empty(),
        "a single success is silent: {}",
        stderr(&out)
    );
    assert_eq!(pdf_pages(&dir.join("toast.pdf")), 1);
    assert!(recipe.exists());
    assert_eq!(listing(&dir), ["toast.pdf", "toast.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_status_two_for_usage_errors() {
    let dir = temp("exit-2");
    let recipe = write(&dir.join("r.yaml"), "title: Toast\n");
    let pdf = dir.join("r.pdf");
    let cases: Vec<(Vec<&dyn AsRef<std::ffi::OsStr>>, &str)> = vec![
        (
            vec![&recipe, &"--frobnicate", &"-o", &pdf],
            "unexpected argument '--frobnicate'",
        ),
        (
            vec![&recipe, &"--size", &"huge", &"-o", &pdf],
            "error: unknown size `huge`",
        ),
        (
            vec![&recipe, &"--size", &"0x0", &"-o", &pdf],
            "out of range",
        ),
        (
            vec![&recipe, &"--size", &"100x100in", &"-o", &pdf],
            "out of range",
        ),
        (vec![&recipe, &"--layout", &"poster", &"-o", &pdf], "poster"),
        (
            vec![&recipe, &"--jobs", &"0", &"-o", &pdf],
            "--jobs must be at least 1",
        ),
        (
            vec![&recipe, &"--portrait", &"--landscape", &"-o", &pdf],
            "cannot be used with",
        ),
        (vec![], "error: no recipe given"),
        (vec![&"check"], "required"),
    ];
    for (args, message) in cases {
        let out = cardgen(&args, &dir);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains(message),
            "expected `{message}` in:\n{}",
            stderr(&out)
        );
        assert!(!pdf.exists());
    }
    // Several recipes, no -o: nowhere obvious to write.
    let other = write(&dir.join("s.yaml"), "title: Soup\n");
    let out = cardgen(&[&recipe, &other], &dir);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("several recipes need -o"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(&dir), ["r.yaml", "s.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_status_three_for_io_errors() {
    let dir = temp("exit-3");
    // A recipe that does not exist.
    let missing = dir.join("missing.yaml");
    let out = cardgen(&[&missing, &"-o", &dir.join("m.pdf")], &dir);
    assert_exit(&out, 3);
    assert_eq!(
        stderr(&out),
        format!("{}: error: no such file or directory\n", missing.display())
    );
    assert!(!dir.join("m.pdf").exists());

    // An output folder that cannot be created (its parent is a file).
    let recipe = write(&dir.join("r.yaml"), "title: Toast\n");
    let blocker = write(&dir.join("blocker"), "not a folder");
    let out = cardgen(&[&recipe, &"-o", &blocker.join("r.pdf")], &dir);
    assert_exit(&out, 3);
    assert!(stderr(&out).contains(": error: "), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&blocker.display().to_string()),
        "{}",
        stderr(&out)
    );

    // An output folder that cannot be created (under /proc).
    let out = cardgen(&[&recipe, &"-o", &"/proc/cardgen-no-such-dir/x.pdf"], &dir);
    assert_exit(&out, 3);

    // I/O beats invalid: a missing file and an invalid recipe together exit 3.
    let bad = write(&dir.join("bad.yaml"), "servings: 4\n");
    let out = cardgen(&[&missing, &bad, &"-o", &dir.join("out/")], &dir);
    assert_exit(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("missing.yaml: error: no such file or directory"),
        "{err}"
    );
    assert!(
        err.contains("bad.yaml:1:1: error: missing `title`"),
        "{err}"
    );
    assert_eq!(listing(&dir), ["bad.yaml", "blocker", "r.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- check ----------------------------------------------------------------------------

#[test]
fn check_validates_without_writing() {
    let dir = temp("check");
    let good = write(
        &dir.join("good.yaml"),
        "title: Toast\nsteps: [Toast the bread.]\n",
    );
    let also_good = write(&dir.join("sub/also.yml"), "title: Tea\n");
    let bad = write(&dir.join("bad.yaml"), "title: Toast\nservigns: 2\n");
    let before = listing(&dir);

    for args in [
        vec![&"check" as &dyn AsRef<std::ffi::OsStr>, &good, &also_good],
        vec![&"--check", &good, &also_good],
        vec![&"check", &good],
        vec![&"--check", &good, &"-o", &"out.pdf"],
    ] {
        let out = cardgen(&args, &dir);
        assert_exit(&out, 0);
        assert!(out.stdout.is_empty());
        assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
        assert_eq!(listing(&dir), before, "check wrote something");
    }
    let out = cardgen(&[&"--check", &"-q", &dir], &dir);
    assert_exit(&out, 1);
    assert_eq!(listing(&dir), before);

    for args in [
        vec![&"check" as &dyn AsRef<std::ffi::OsStr>, &good, &bad],
        vec![&"--check", &bad],
    ] {
        let out = cardgen(&args, &dir);
        assert_exit(&out, 1);
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "{}:2:1: error: unknown field `servigns`\n  help: did you mean `servings`?\n",
                bad.display()
            )),
            "{err}"
        );
        assert_eq!(listing(&dir), before, "check wrote something");
    }
    // A whole folder, with one bad recipe: counted in the summary.
    let out = cardgen(&[&"check", &dir], &dir);
    assert_exit(&out, 1);
    assert!(
        stderr(&out).ends_with("1 of 3 recipes failed\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(&dir), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- hostile input --------------------------------------------------------------------

/// Runs cardgen on a recipe (and optional photo); it must fail fast, cleanly, with `message`.
#[track_caller]
fn refused_fast(
    name: &str,
    recipe: &[u8],
    photo: Option<(&str, &[u8])>,
    message: &str,
) -> Duration {
    let dir = temp(&format!("hostile-{name}"));
    let path = write(&dir.join("hostile.yaml"), recipe);
    if let Some((rel, bytes)) = photo {
        write(&dir.join(rel), bytes);
    }
    let pdf = dir.join("out.pdf");
    let start = Instant::now();
    let out = cardgen(&[&path, &"-o", &pdf], &dir);
    let took = start.elapsed();
    eprintln!("{name}: {} bytes refused in {took:?}", recipe.len());
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(took < Duration::from_secs(2), "{name} took {took:?}");
    let first = err.lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with(&path.display().to_string())
            && first.contains(": error: ")
            && first.ends_with(message),
        "{name}: expected `FILE:LINE:COL: error: {message}`, got:\n{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("  help: ")),
        "{name}: no help:\n{err}"
    );
    assert!(
        err.len() < 10_000,
        "{name}: {} bytes of diagnostics",
        err.len()
    );
    assert!(!pdf.exists());
    std::fs::remove_dir_all(&dir).unwrap();
    took
}

#[test]
fn alias_bomb() {
    let mut text = String::from("title: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names: Vec<char> = ('a'..='j').collect();
    for w in names.windows(2) {
        let p = w[0];
        text.push_str(&format!(
            "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
            w[1], w[1]
        ));
    }
    text.push_str("steps: *j\n");
    refused_fast(
        "alias-bomb",
        text.as_bytes(),
        None,
        "YAML aliases expand to too much data",
    );
}

#[test]
fn deep_flow_nesting() {
    let text = format!(
        "title: x\nsteps: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    refused_fast(
        "flow-nesting",
        text.as_bytes(),
        None,
        "the recipe is nested too deeply",
    );
    let text = format!("title: x\nsteps: {}\n", "{a: ".repeat(20_000));
    refused_fast(
        "flow-map-nesting",
        text.as_bytes(),
        None,
        "the recipe is nested too deeply",
    );
}

#[test]
fn deep_block_nesting() {
    let text = format!("title: x\nsteps:\n{}x\n", "- ".repeat(20_000));
    refused_fast(
        "block-nesting",
        text.as_bytes(),
        None,
        "the recipe is nested too deeply",
    );
    let mut text = String::from("title: x\nsteps:\n");
    for depth in 0..1000 {
        text.push_str(&" ".repeat(depth + 1));
        text.push_str("a:\n");
    }
    refused_fast(
        "block-map-nesting",
        text.as_bytes(),
        None,
        "the recipe is nested too deeply",
    );
}

#[test]
fn five_megabyte_file() {
    let mut text = b"title: Big\nnotes:\n".to_vec();
    while text.len() < 5 << 20 {
        text.extend_from_slice(b"  - Keeps 3 days in the fridge, covered, and freezes well.\n");
    }
    refused_fast(
        "5mb",
        &text,
        None,
        "recipe file is too large (more than 1 MiB)",
    );
}

#[test]
fn ten_megabyte_single_line() {
    let mut text = b"title: ".to_vec();
    text.resize(10 << 20, b'a');
    refused_fast(
        "10mb-line",
        &text,
        None,
        "recipe file is too large (more than 1 MiB)",
    );
}

#[test]
fn binary_file() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    refused_fast(
        "png-as-recipe",
        &png,
        None,
        "this looks like a binary file, not a YAML recipe",
    );
}

/// The PNG chunk checksum (CRC-32), from the zlib crate we already use.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

#[test]
fn decompression_bomb_photo() {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = 60000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    // A small zlib stream of zeros: valid data that would inflate to gigabytes.
    png_chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x60, 0x18, 0x05, 0x00, 0x00],
    );
    png_chunk(&mut png, b"IEND", &[]);
    for layout in ["card", "sheet"] {
        let dir = temp(&format!("png-bomb-{layout}"));
        let recipe = write(
            &dir.join("r.yaml"),
            "title: Bomb\nsteps: [Wait.]\nphoto: photos/bomb.png\n",
        );
        write(&dir.join("photos/bomb.png"), &png);
        let pdf = dir.join("r.pdf");
        let start = Instant::now();
        let out = cardgen(&[&recipe, &"--layout", &layout, &"-o", &pdf], &dir);
        let took = start.elapsed();
        eprintln!("60000×60000 PNG ({layout}) refused in {took:?}");
        assert_exit(&out, 1);
        assert!(took < Duration::from_secs(2), "took {took:?}");
        assert_eq!(
            stderr(&out),
            format!(
                "{}:3:8: error: photo is too large: 60000×60000 pixels\n  help: the limit is 40 megapixels; export a smaller image\n",
                recipe.display()
            )
        );
        assert!(!pdf.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

// ----- batches --------------------------------------------------------------------------

const GOOD_A: &str = "title: Toast\nservings: 1\ningredients: [2 slices bread, butter]\nsteps: [Toast the bread., Butter it.]\n";
const GOOD_B: &str =
    "title: Tea\nsteps: [Boil water., Steep 3 min.]\nsource: https://example.com/tea\n";
const GOOD_C: &str =
    "title: Eggs\ntime: { cook: 8 min }\ningredients: [2 eggs]\nsteps: [Boil the eggs.]\n";

#[test]
fn a_folder_with_good_and_bad_recipes() {
    let dir = temp("batch");
    let input = dir.join("in");
    write(&input.join("a-toast.yaml"), GOOD_A);
    write(&input.join("b-bad.yaml"), "title: Pork\nservigns: 4\n");
    write(&input.join("sub/c-tea.yml"), GOOD_B);
    write(
        &input.join("sub/d-bad.yaml"),
        "title: Pork\ningredients: 5\n",
    );
    write(&input.join("sub/deeper/e-eggs.yaml"), GOOD_C);
    // Not recipes: ignored.
    write(&input.join("notes.txt"), "not a recipe");
    write(&input.join(".hidden.yaml"), "servigns: 1\n");
    let out_dir = dir.join("out");
    let out = cardgen(&[&input, &"-o", &"out/"], &dir);
    assert_exit(&out, 1);
    assert_eq!(
        listing(&out_dir),
        ["a-toast.pdf", "sub/c-tea.pdf", "sub/deeper/e-eggs.pdf"]
    );
    for pdf in listing(&out_dir) {
        assert_eq!(pdf_pages(&out_dir.join(&pdf)), 1, "{pdf}");
    }
    let err = stderr(&out);
    let b = input.join("b-bad.yaml");
    let d = input.join("sub/d-bad.yaml");
    let expected = format!(
        "{}:2:1: error: unknown field `servigns`\n  help: did you mean `servings`?\n\
         {}:2:14: error: `ingredients` must be a list of ingredients, found a number\n  \
         help: write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line\n\
         2 of 5 recipes failed\n",
        b.display(),
        d.display()
    );
    assert_eq!(err, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_of_good_recipes_reports_a_summary_and_exits_zero() {
    let dir = temp("batch-ok");
    let input = dir.join("in");
    write(&input.join("a.yaml"), GOOD_A);
    write(&input.join("b.yaml"), GOOD_B);
    let out = cardgen(&[&input, &"-o", &dir.join("out")], &dir);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(err.starts_with("exported 2 recipes: 2 pages in "), "{err}");
    assert_eq!(listing(&dir.join("out")), ["a.pdf", "b.pdf"]);
    let out = cardgen(&[&"-q", &input, &"-o", &dir.join("out")], &dir);
    assert_exit(&out, 0);
    assert!(stderr(&out).is_empty(), "-q: {}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jobs_do_not_change_the_bytes() {
    let dir = temp("jobs");
    let recipes = repo().join("recipes");
    let one = cardgen(&[&recipes, &"--jobs", &"1", &"-o", &dir.join("one/")], &dir);
    assert_exit(&one, 0);
    let four = cardgen(
        &[&recipes, &"--jobs", &"4", &"-o", &dir.join("four/")],
        &dir,
    );
    assert_exit(&four, 0);
    let files = listing(&dir.join("one"));
    assert!(files.len() >= 7, "{files:?}");
    assert_eq!(files, listing(&dir.join("four")));
    for f in &files {
        let a = std::fs::read(dir.join("one").join(f)).unwrap();
        let b = std::fs::read(dir.join("four").join(f)).unwrap();
        assert!(a == b, "{f} differs between --jobs 1 and --jobs 4");
    }
    // And the combined PDF too.
    let a = cardgen(&[&recipes, &"-j", &"1", &"-o", &dir.join("a.pdf")], &dir);
    let b = cardgen(&[&recipes, &"-j", &"4", &"-o", &dir.join("b.pdf")], &dir);
    assert_exit(&a, 0);
    assert_exit(&b, 0);
    assert!(std::fs::read(dir.join("a.pdf")).unwrap() == std::fs::read(dir.join("b.pdf")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn several_recipes_into_one_pdf() {
    let dir = temp("combined");
    let names = [
        "shakshuka",
        "weeknight-dal",
        "tarte-tatin",
        "sourdough-country-loaf",
    ];
    let mut sum = 0;
    let mut inputs = Vec::new();
    for name in names {
        let input = repo().join(format!("recipes/{name}.yaml"));
        let pdf = dir.join(format!("{name}.pdf"));
        let out = cardgen(&[&input, &"-o", &pdf], &dir);
        assert_exit(&out, 0);
        sum += pdf_pages(&pdf);
        inputs.push(input);
    }
    let all = dir.join("all.pdf");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = inputs
        .iter()
        .map(|p| p as &dyn AsRef<std::ffi::OsStr>)
        .collect();
    args.extend([&"-o" as &dyn AsRef<std::ffi::OsStr>, &all]);
    let out = cardgen(&args, &dir);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).starts_with(&format!("exported 4 recipes: {sum} pages in ")),
        "{}",
        stderr(&out)
    );
    assert_eq!(pdf_pages(&all), sum);
    // The same for sheets.
    let sheets = dir.join("sheets.pdf");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = inputs
        .iter()
        .map(|p| p as &dyn AsRef<std::ffi::OsStr>)
        .collect();
    args.extend([
        &"--layout" as &dyn AsRef<std::ffi::OsStr>,
        &"sheet",
        &"-o",
        &sheets,
    ]);
    assert_exit(&cardgen(&args, &dir), 0);
    let mut sheet_sum = 0;
    for input in &inputs {
        let pdf = dir.join("one-sheet.pdf");
        assert_exit(
            &cardgen(&[input, &"--layout", &"sheet", &"-o", &pdf], &dir),
            0,
        );
        sheet_sum += pdf_pages(&pdf);
    }
    assert_eq!(pdf_pages(&sheets), sheet_sum);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- stdout, help, version ------------------------------------------------------------

#[test]
fn dash_writes_a_pdf_to_stdout() {
    let dir = temp("stdout");
    let recipe = repo().join("recipes/shakshuka.yaml");
    let out = cardgen(&[&recipe, &"-o", &"-"], &dir);
    assert_exit(&out, 0);
    assert!(
        out.stdout.starts_with(b"%PDF-"),
        "stdout starts with {:?}",
        &out.stdout[..out.stdout.len().min(16)]
    );
    assert!(out.stdout.trim_ascii_end().ends_with(b"%%EOF"));
    assert!(
        listing(&dir).is_empty(),
        "-o - wrote a file: {:?}",
        listing(&dir)
    );
    let pdf = write(&dir.join("from-stdout.pdf"), &out.stdout);
    assert_eq!(pdf_pages(&pdf), 1);
    // Identical to what -o FILE writes.
    let file = dir.join("file.pdf");
    assert_exit(&cardgen(&[&recipe, &"-o", &file], &dir), 0);
    assert!(
        std::fs::read(&file).unwrap() == out.stdout,
        "-o - and -o FILE differ"
    );
    // pdfinfo reading from stdin.
    let mut child = Command::new("pdfinfo")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let info = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success() && text.contains("Pages:"),
        "pdfinfo -: {text}"
    );
    assert!(text.contains("432 x 288 pts"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_version() {
    let dir = temp("help");
    for flag in ["--help", "-h"] {
        let out = cardgen(&[&flag], &dir);
        assert_exit(&out, 0);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: cardgen"), "{text}");
        assert!(
            text.contains("Examples:") && text.contains("cardgen recipe.yaml -o card.pdf"),
            "{text}"
        );
        assert!(text.contains("Exit status:"), "{text}");
        for code in ["0  ", "1  ", "2  ", "3  "] {
            assert!(text.contains(code), "exit status {code} documented");
        }
    }
    let out = cardgen(&[&"--version"], &dir);
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("cardgen {}", env!("CARGO_PKG_VERSION"))
    );
    let out = cardgen(&[&"check", &"--help"], &dir);
    assert_exit(&out, 0);
    assert!(listing(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Was a bug (reported): an input path that cannot be read was not counted as a recipe, so
/// `cardgen missing.yaml bad.yaml -o out/` printed no "N of M recipes failed" line at all,
/// and `cardgen missing.yaml a.yaml b.yaml -o out/` said "1 of 2 recipes failed".
#[test]
fn unreadable_inputs_count_in_the_summary() {
    let dir = temp("summary-missing");
    let missing = dir.join("missing.yaml");
    let bad = write(&dir.join("bad.yaml"), "servings: 4\n");
    let out = cardgen(&[&missing, &bad, &"-o", &dir.join("out/")], &dir);
    assert_exit(&out, 3);
    assert!(
        stderr(&out).ends_with("2 of 2 recipes failed\n"),
        "{}",
        stderr(&out)
    );
    let good = write(&dir.join("good.yaml"), GOOD_A);
    let out = cardgen(&[&missing, &good, &bad, &"-o", &dir.join("out/")], &dir);
    assert_exit(&out, 3);
    assert!(
        stderr(&out).ends_with("2 of 3 recipes failed\n"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs cardgen, killing it after `limit`; `None` when it had to be killed.
fn cardgen_within(
    args: &[&dyn AsRef<std::ffi::OsStr>],
    cwd: &Path,
    limit: Duration,
) -> Option<(Output, Duration)> {
    let mut cmd = Command::new(BIN);
    for a in args {
        cmd.arg(a);
    }
    let mut child = cmd
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            let took = start.elapsed();
            return Some((child.wait_with_output().unwrap(), took));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// BUG (reported): line breaking is quadratic in the length of one paragraph. Measured with
/// the debug binary, sheet layout: a 50 KB paragraph takes 10 s, 100 KB 38 s, 200 KB 145 s
/// (release: 100 KB 3.7 s); a 1 MiB one would take hours. `Paragraph::break_lines` tries every
/// earlier break for each break when nothing is overfull, which is always the case for the
/// `Abs::pt(1e6)` width used to measure natural widths (layout/flow.rs, impose.rs).
#[test]
fn one_long_paragraph_is_laid_out_quickly() {
    let dir = temp("long-paragraph");
    let mut text = String::from("title: Long\nsteps:\n  - \"");
    while text.len() < 150_000 {
        text.push_str("Stir the onions gently and let them brown. ");
    }
    text.push_str("\"\n");
    let recipe = write(&dir.join("long.yaml"), &text);
    for layout in ["card", "sheet"] {
        let pdf = dir.join(format!("{layout}.pdf"));
        let result = cardgen_within(
            &[&recipe, &"--layout", &layout, &"-o", &pdf],
            &dir,
            Duration::from_secs(10),
        );
        let (out, took) =
            result.unwrap_or_else(|| panic!("a 150 KB paragraph ({layout}) took more than 10 s"));
        eprintln!("150 KB paragraph ({layout}): {took:?}");
        assert_exit(&out, 0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
