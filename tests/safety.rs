//! Hostile and careless input, tried as an attacker would: every case asserts the exact
//! message, the exit status, that no file changed (sha256 before and after), and time and
//! memory bounds measured on the child process (generous, for a loaded 2-core machine).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo, temp, BIN};
use sha2::{Digest, Sha256};

/// Inputs under 1 MiB must finish within these: CPU time (user + system, which a loaded
/// machine does not inflate the way it does wall time), memory, and a generous wall clock.
const MAX_CPU_SECONDS: f64 = 2.0;
const MAX_RSS_KIB: u64 = 256 * 1024;
const MAX_WALL_SECONDS: f64 = 10.0;

const RECIPE: &str =
    "title: Toast\nservings: 1\ningredients:\n  - 1 slice bread\nsteps:\n  - Toast it.\n";

struct Run {
    out: Output,
    seconds: f64,
    /// Peak resident memory and CPU seconds of the child, when /usr/bin/time can tell.
    rss_kib: Option<u64>,
    cpu_seconds: Option<f64>,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.out.status.code()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    /// Asserts the time and memory bounds.
    fn bounded(&self) -> &Self {
        assert!(
            self.seconds < MAX_WALL_SECONDS,
            "took {:.2} s",
            self.seconds
        );
        if let Some(cpu) = self.cpu_seconds {
            assert!(cpu < MAX_CPU_SECONDS, "took {cpu:.2} s of CPU");
        }
        if let Some(rss) = self.rss_kib {
            assert!(rss < MAX_RSS_KIB, "used {} MiB", rss / 1024);
        }
        self
    }
}

/// Runs cardgen in `cwd` under /usr/bin/time (when installed), killed after 20 s so that a
/// hang fails the test instead of blocking it.
fn run(args: &[&str], cwd: &Path) -> Run {
    let stats = cwd.join(".time-stats");
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M %U %S", "-o"]).arg(&stats).arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    let started = Instant::now();
    let child = command
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cardgen runs");
    let out = common::wait_within(child, Duration::from_secs(20), &format!("cardgen {args:?}"));
    let seconds = started.elapsed().as_secs_f64();
    let stats_line = std::fs::read_to_string(&stats).unwrap_or_default();
    let _ = std::fs::remove_file(&stats);
    let fields: Vec<&str> = stats_line
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let (rss_kib, cpu_seconds) = match fields[..] {
        [rss, user, system] => (
            rss.parse().ok(),
            user.parse::<f64>()
                .ok()
                .zip(system.parse::<f64>().ok())
                .map(|(u, s)| u + s),
        ),
        _ => (None, None),
    };
    Run {
        out,
        seconds,
        rss_kib,
        cpu_seconds,
    }
}

fn sha(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The sha256 of every file below `dir` (by relative path), to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() && !path.ends_with(".time-stats") {
                all.push((path.strip_prefix(dir).unwrap().to_path_buf(), sha(&path)));
            }
        }
    }
    all.sort();
    all
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

// ---------------------------------------------------------------------------------------
// Losing the user's files

#[test]
fn inputs_are_never_written_over_whatever_names_them() {
    let dir = temp("safety", "inputs");
    write(&dir, "r.yaml", RECIPE);
    std::fs::hard_link(dir.join("r.yaml"), dir.join("hard.pdf")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("r.yaml", dir.join("soft.pdf")).unwrap();
    let before = snapshot(&dir);
    for output in ["r.yaml", "./r.yaml", "hard.pdf", "soft.pdf"] {
        let run = run(&["r.yaml", "-o", output], &dir);
        run.bounded();
        assert_eq!(run.code(), Some(3), "{output}: {}", run.stderr());
        assert_eq!(
            run.stderr(),
            format!("{output}: error: is an input of this run; cardgen never writes over its inputs\n  help: give another output path with -o\n")
        );
        assert_eq!(snapshot(&dir), before, "{output}");
    }
}

#[test]
fn convert_never_writes_over_its_input() {
    let dir = temp("safety", "convert-input");
    std::fs::copy(
        repo().join("tests/fixtures/import/page.html"),
        dir.join("page.html"),
    )
    .unwrap();
    let before = snapshot(&dir);
    let run = run(&["convert", "page.html", "-o", "page.html"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(3));
    assert!(
        run.stderr()
            .starts_with("page.html: error: is an input of this run"),
        "{}",
        run.stderr()
    );
    assert_eq!(snapshot(&dir), before);
}

/// A Paprika recipe (gzipped JSON) with `photo` as its photo.
fn paprika_with_photo(photo: &[u8]) -> Vec<u8> {
    use base64::Engine;
    use std::io::Write;
    let json = serde_json::json!({
        "name": "Toast",
        "ingredients": "1 slice bread",
        "directions": "Toast it.",
        "photo_data": base64::engine::general_purpose::STANDARD.encode(photo),
    });
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(json.to_string().as_bytes()).unwrap();
    gz.finish().unwrap()
}

fn tiny_jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(16, 16, image::Rgb([200, 120, 40]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .encode_image(&img)
        .unwrap();
    out
}

#[test]
fn photos_convert_extracts_replace_only_with_force() {
    let dir = temp("safety", "convert-photo");
    write(&dir, "x.paprikarecipe", paprika_with_photo(&tiny_jpeg()));
    write(&dir, "r.jpg", b"my own holiday photo");
    let before = snapshot(&dir);
    let run1 = run(&["convert", "x.paprikarecipe", "-o", "r.yaml"], &dir);
    run1.bounded();
    assert_eq!(run1.code(), Some(3));
    assert_eq!(
        run1.stderr(),
        "r.jpg: error: already exists and is not a photo cardgen wrote; it was left as it is\n  help: move it away, or add --force to replace it\n"
    );
    assert_eq!(snapshot(&dir), before);
    let forced = run(
        &["convert", "x.paprikarecipe", "-o", "r.yaml", "--force"],
        &dir,
    );
    assert_eq!(forced.code(), Some(0), "{}", forced.stderr());
    assert_eq!(std::fs::read(dir.join("r.jpg")).unwrap(), tiny_jpeg());
    // The same photo again is no loss: no --force needed.
    let again = run(&["convert", "x.paprikarecipe", "-o", "r.yaml"], &dir);
    assert_eq!(again.code(), Some(0), "{}", again.stderr());
}

#[cfg(unix)]
#[test]
fn special_outputs_are_followed_or_refused_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp("safety", "special-out");
    write(&dir, "r.yaml", RECIPE);
    std::fs::create_dir(dir.join("cards")).unwrap();
    write(&dir, "cards/real.pdf", b"old");
    std::os::unix::fs::symlink("cards/real.pdf", dir.join("link.pdf")).unwrap();
    let linked = run(&["r.yaml", "-o", "link.pdf"], &dir);
    linked.bounded();
    assert_eq!(linked.code(), Some(0), "{}", linked.stderr());
    assert!(std::fs::symlink_metadata(dir.join("link.pdf"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read(dir.join("cards/real.pdf"))
        .unwrap()
        .starts_with(b"%PDF-"));

    mkfifo(&dir.join("fifo.pdf"));
    let fifo = run(&["r.yaml", "-o", "fifo.pdf"], &dir);
    fifo.bounded();
    assert_eq!(fifo.code(), Some(3));
    assert_eq!(
        fifo.stderr(),
        "fifo.pdf: error: is a FIFO (named pipe), not a regular file; cardgen writes only regular files\n  help: give the path of a PDF file, or `-` for stdout\n"
    );
    assert!(std::fs::symlink_metadata(dir.join("fifo.pdf"))
        .unwrap()
        .file_type()
        .is_fifo());

    for stdout in ["-", "/dev/stdout"] {
        let piped = run(&["r.yaml", "-o", stdout], &dir);
        assert_eq!(piped.code(), Some(0), "{}", piped.stderr());
        assert!(piped.out.stdout.starts_with(b"%PDF-"), "{stdout}");
    }
}

#[test]
fn batch_names_never_collide_and_the_summary_matches_the_disk() {
    let dir = temp("safety", "collide");
    std::fs::create_dir(dir.join("in")).unwrap();
    write(&dir, "in/r.yaml", RECIPE);
    write(
        &dir,
        "in/r.json",
        r#"{"@context": "https://schema.org", "@type": "Recipe", "name": "Tea", "recipeIngredient": ["1 bag tea"], "recipeInstructions": ["Steep."]}"#,
    );
    write(&dir, "in/r.cook", "Steep @tea{1%bag} in @water{250%ml}.\n");
    write(&dir, "in/s.yaml", RECIPE);
    for round in 0..2 {
        let run = run(&["in", "-o", "out/"], &dir);
        run.bounded();
        assert_eq!(run.code(), Some(0), "{}", run.stderr());
        assert!(
            run.stderr().starts_with("exported 4 recipes"),
            "{}",
            run.stderr()
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["r.cook.pdf", "r.json.pdf", "r.yaml.pdf", "s.pdf"],
            "round {round}"
        );
    }
}

#[test]
fn foreign_files_in_an_output_folder_need_force() {
    let dir = temp("safety", "foreign");
    write(&dir, "r.yaml", RECIPE);
    write(&dir, "s.yaml", RECIPE);
    std::fs::create_dir(dir.join("out")).unwrap();
    write(&dir, "out/r.pdf", b"%PDF-1.4 my tax return");
    let before = snapshot(&dir.join("out"));
    let run1 = run(&["r.yaml", "s.yaml", "-o", "out/"], &dir);
    run1.bounded();
    assert_eq!(run1.code(), Some(3));
    assert_eq!(
        run1.stderr(),
        "out/r.pdf: error: already exists and is not a PDF cardgen wrote; it was left as it is\n  help: move it away, or add --force to replace it\n1 of 2 recipes failed\n"
    );
    assert_eq!(sha(&dir.join("out/r.pdf")), before[0].1);
    // Its own output from the run before is replaced without asking.
    let again = run(&["s.yaml", "r.yaml", "-o", "out/", "--force"], &dir);
    assert_eq!(again.code(), Some(0), "{}", again.stderr());
    let third = run(&["r.yaml", "s.yaml", "-o", "out/"], &dir);
    assert_eq!(third.code(), Some(0), "{}", third.stderr());
}

#[test]
fn man_pages_replace_only_cardgen_pages() {
    let dir = temp("safety", "man");
    write(&dir, "cardgen.1", ".TH OTHER 1 \"someone else\"\n");
    let before = snapshot(&dir);
    let run1 = run(&["man", "--dir", "."], &dir);
    assert_eq!(run1.code(), Some(3));
    assert!(
        run1.stderr()
            .starts_with("./cardgen.1: error: already exists and is not a man page cardgen wrote"),
        "{}",
        run1.stderr()
    );
    assert_eq!(snapshot(&dir), before);
    std::fs::remove_file(dir.join("cardgen.1")).unwrap();
    for _ in 0..2 {
        let ok = run(&["man", "--dir", "."], &dir);
        assert_eq!(ok.code(), Some(0), "{}", ok.stderr());
    }
}

// ---------------------------------------------------------------------------------------
// Silent truncation and silent drops

/// Runs `args` on a recipe file written with `text`, expecting exit status 1 and `message`
/// (the whole first line of stderr), the file unchanged, within the bounds.
fn refused(name: &str, text: &[u8], message: &str) {
    let dir = temp("safety", &name.replace('.', "-"));
    write(&dir, name, text);
    let before = snapshot(&dir);
    let run = run(&[name, "-o", "out.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(1), "{name}: {}", run.stderr());
    let first = run.stderr().lines().next().unwrap_or_default().to_string();
    assert_eq!(first, message, "{name}");
    assert_eq!(snapshot(&dir), before, "{name}: nothing may be written");
}

#[test]
fn control_characters_from_escapes_are_located() {
    refused(
        "escape.yaml",
        b"title: \"Toast\\e[2J\"\nsteps:\n  - Toast it.\n",
        "escape.yaml:1:8: error: the text contains the control character U+001B, which cannot be printed",
    );
    refused(
        "nul.yaml",
        b"title: Toast\nsteps:\n  - \"Toast\\0 it.\"\n",
        "nul.yaml:3:5: error: the text contains the control character U+0000, which cannot be printed",
    );
}

#[test]
fn binary_titles_are_refused() {
    refused(
        "binary.yaml",
        b"title: !!binary VG9hc3Q=\nsteps:\n  - Toast it.\n",
        "binary.yaml:1:8: error: `!!binary` values are not supported: a recipe holds text",
    );
}

#[test]
fn stacked_combining_marks_are_refused() {
    let zalgo = format!(
        "title: \"T{}oast\"\nsteps:\n  - Toast it.\n",
        "\u{0301}".repeat(3000)
    );
    refused(
        "zalgo.yaml",
        zalgo.as_bytes(),
        "zalgo.yaml:1:8: error: a character here carries 3000 combining marks; at most 30 can be printed",
    );
}

#[test]
fn a_source_too_long_for_a_qr_code_prints_its_link_and_warns() {
    let dir = temp("safety", "long-url");
    let url = format!("https://example.com/{}", "a".repeat(3200));
    write(&dir, "r.yaml", format!("{RECIPE}source: {url}\n"));
    let run = run(&["r.yaml", "-o", "r.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    assert_eq!(
        run.stderr(),
        "r.yaml:7:9: warning: the URL is too long for a QR code: 3220 bytes (the limit is 2953): the card prints the link without a QR code\n"
    );
    let text = Command::new("pdftotext")
        .args(["r.pdf", "-"])
        .current_dir(&dir)
        .output();
    if let Ok(text) = text {
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("example.com/"), "{text}");
    }
}

// ---------------------------------------------------------------------------------------
// Small files that take gigabytes or hang

#[test]
fn an_alias_of_a_large_string_fails_fast() {
    let mut text = format!("a: &big \"{}\"\ntitle: Toast\ntags:\n", "x".repeat(100_000));
    for _ in 0..5000 {
        text.push_str("  - *big\n");
    }
    refused(
        "aliases.yaml",
        text.as_bytes(),
        "aliases.yaml:1:4: error: YAML aliases expand to too much data",
    );
}

#[test]
fn json_ld_references_are_budgeted() {
    let big = "y".repeat(400_000);
    let refs: Vec<String> = (0..20_000)
        .map(|_| r##"{"@id":"#t"}"##.to_string())
        .collect();
    let doc = format!(
        r##"{{"@context":"https://schema.org","@graph":[{{"@id":"#t","@type":"HowToStep","text":"{big}"}},{{"@type":"Recipe","name":"Toast","recipeInstructions":[{}]}}]}}"##,
        refs.join(",")
    );
    assert!(doc.len() < 1 << 20);
    refused(
        "refs.json",
        doc.as_bytes(),
        "refs.json:1:1: error: this JSON-LD's references (`@id`) expand to too much: more than 4 MiB of text or 1000000 nodes",
    );
    // Cycles with fan-out: every section refers to ten others.
    let nodes: Vec<String> = (0..1000)
        .map(|i| {
            let kids: Vec<String> = (1..=10)
                .map(|k| format!(r##"{{"@id":"#s{}"}}"##, (i + k) % 1000))
                .collect();
            format!(
                r##"{{"@id":"#s{i}","@type":"HowToSection","name":"s{i}","itemListElement":[{}]}}"##,
                kids.join(",")
            )
        })
        .collect();
    let doc = format!(
        r##"{{"@context":"https://schema.org","@graph":[{},{{"@type":"Recipe","name":"Toast","recipeInstructions":[{{"@id":"#s0"}}]}}]}}"##,
        nodes.join(",")
    );
    let dir = temp("safety", "cycles");
    write(&dir, "cycles.json", &doc);
    let run = run(&["check", "cycles.json"], &dir);
    run.bounded();
    assert!(matches!(run.code(), Some(0 | 1)), "{}", run.stderr());
}

#[test]
fn tandoor_templates_are_budgeted() {
    let food = "f".repeat(500);
    let instruction = "{{ ingredients[0] }} ".repeat(20_000);
    let doc = serde_json::json!({
        "name": "Toast",
        "working_time": 5,
        "steps": [{
            "instruction": instruction,
            "ingredients": [{"amount": 1, "food": {"name": food}, "unit": {"name": "g"}}],
        }],
    });
    let text = doc.to_string();
    assert!(text.len() < 1 << 20);
    let dir = temp("safety", "tandoor");
    write(&dir, "recipe.json", &text);
    let run = run(&["recipe.json", "-o", "out.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("error: the steps' templates (`{{ ingredients[N] }}`) expand to more than 4 MiB of text"),
        "{}",
        run.stderr()
    );
    assert!(!dir.join("out.pdf").exists());
}

#[cfg(unix)]
#[test]
fn special_files_as_inputs_are_refused_without_blocking() {
    let dir = temp("safety", "special-in");
    mkfifo(&dir.join("fifo"));
    write(&dir, "photo.yaml", format!("{RECIPE}photo: fifo\n"));
    let photo = run(&["photo.yaml", "-o", "out.pdf"], &dir);
    photo.bounded();
    assert_eq!(photo.code(), Some(1));
    assert!(
        photo.stderr().starts_with("photo.yaml:7:8: error: cannot read photo `fifo`: is a FIFO (named pipe), not a regular file"),
        "{}",
        photo.stderr()
    );
    write(&dir, "r.yaml", RECIPE);
    let cases = [
        (["--body-font", "fifo"], "fifo: error: is a FIFO (named pipe), not a regular file; cardgen reads the font only from a regular file\n"),
        (["--body-font", "/dev/zero"], "/dev/zero: error: is a device, not a regular file; cardgen reads the font only from a regular file\n"),
        (["--theme", "fifo"], "fifo: error: is a FIFO (named pipe), not a regular file; cardgen reads a theme only from a regular file\n"),
        (["--theme", "/dev/zero"], "/dev/zero: error: is a device, not a regular file; cardgen reads a theme only from a regular file\n"),
    ];
    for (flags, message) in cases {
        let run = run(&["r.yaml", flags[0], flags[1], "-o", "out.pdf"], &dir);
        run.bounded();
        assert_eq!(run.code(), Some(3), "{flags:?}: {}", run.stderr());
        assert_eq!(run.stderr(), message, "{flags:?}");
    }
    let recipe = run(&["fifo", "-o", "out.pdf"], &dir);
    recipe.bounded();
    assert_eq!(recipe.code(), Some(3), "{}", recipe.stderr());
    assert!(!dir.join("out.pdf").exists());
}

#[test]
fn too_many_jobs_are_capped() {
    let dir = temp("safety", "jobs");
    write(&dir, "r.yaml", RECIPE);
    let run = run(&["r.yaml", "-j", "4096", "-o", "r.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
}

// ---------------------------------------------------------------------------------------
// Messages that mislead or are unsafe

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = temp("safety", "bom");
    write(&dir, "r.yaml", format!("\u{feff}{RECIPE}"));
    let run = run(&["check", "r.yaml"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
}

#[test]
fn messages_escape_control_characters() {
    let dir = temp("safety", "terminal");
    write(
        &dir,
        "r.yaml",
        "title: Toast\n\"\\e[2J\\e]0;pwned\\a\": 1\n",
    );
    let run = run(&["check", "r.yaml"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(1));
    let stderr = run.stderr();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("\\x1b[2J\\x1b]0;pwned\\x07"), "{stderr}");
}

#[test]
fn truncated_fonts_are_refused_with_their_path() {
    let dir = temp("safety", "font");
    write(&dir, "r.yaml", RECIPE);
    let font = std::fs::read_dir(repo().join("fonts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .expect("a bundled font");
    let bytes = std::fs::read(&font).unwrap();
    write(&dir, "cut.ttf", &bytes[..bytes.len() * 6 / 10]);
    let run = run(&["r.yaml", "--body-font", "cut.ttf", "-o", "out.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr()
            .starts_with("error: `cut.ttf` is not a usable font: the file is cut short: its `"),
        "{}",
        run.stderr()
    );
    assert!(!dir.join("out.pdf").exists());
}

#[test]
fn a_jpeg_with_too_little_data_for_its_size_is_truncated() {
    let dir = temp("safety", "jpeg");
    let mut jpeg = tiny_jpeg();
    // Claim 6300×6300 in the frame header (SOF0: FF C0, length, precision, height, width).
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x18, 0x9C, 0x18, 0x9C]);
    write(&dir, "big.jpg", &jpeg);
    write(&dir, "r.yaml", format!("{RECIPE}photo: big.jpg\n"));
    let run = run(&["r.yaml", "-o", "out.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(
        run.stderr(),
        "r.yaml:7:8: error: photo is truncated or corrupt: `big.jpg`\n  help: the image data is far shorter than the image size needs; export or download the photo again\n"
    );
}

#[test]
fn a_single_word_of_forty_thousand_letters_is_laid_out_in_bounded_time() {
    let dir = temp("safety", "long-word");
    // (Tens of thousands of letters: the test binary is a debug build, ten times slower.)
    let word = "a".repeat(40_000);
    write(&dir, "r.yaml", format!("{RECIPE}notes:\n  - {word}\n"));
    let run = run(&["r.yaml", "-o", "r.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
}

#[test]
fn imported_control_characters_and_mark_towers_are_removed_with_a_warning() {
    let dir = temp("safety", "import-controls");
    let marks = "\u{0301}".repeat(40);
    let page = format!(
        r#"<html><head><script type="application/ld+json">{{"@context":"https://schema.org","@type":"Recipe","name":"Toast\u001b[2J","recipeIngredient":["1 slice bread"],"recipeInstructions":["Toast it{marks}."]}}</script></head></html>"#
    );
    write(&dir, "page.html", &page);
    let run = run(&["page.html", "-o", "r.pdf"], &dir);
    run.bounded();
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        lines,
        [
            "page.html:1:1: warning: removed 1 control character (the first U+001B) that cannot be printed",
            "page.html:1:1: warning: removed 10 combining marks stacked over 30 on one character",
        ],
        "{stderr}"
    );
    let text = Command::new("pdftotext")
        .args(["r.pdf", "-"])
        .current_dir(&dir)
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Toast[2J"), "{text}");
}

/// Long recipes in scripts that need many glyph spans (Arabic) or large system fonts
/// (Japanese) stay within the memory bound: the PDF writer takes a few pages at a time
/// and CFF faces are subset without a second copy of the font.
#[test]
fn long_recipes_in_any_script_stay_within_memory() {
    let dir = temp("safety", "long-scripts");
    // Deterministic pseudo-random words (a real text's letters, no two steps alike).
    let words = |letters: &[char], sep: &str, bytes: usize| -> String {
        let mut state = 12345u64;
        let mut steps = String::new();
        while steps.len() < bytes {
            let mut step = Vec::new();
            for _ in 0..30 {
                let len = 2 + (state >> 60) as usize % 5;
                let word: String = (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                        letters[(state >> 33) as usize % letters.len()]
                    })
                    .collect();
                step.push(word);
            }
            steps.push_str(&format!("  - \"{}.\"\n", step.join(sep)));
        }
        steps
    };
    let arabic: Vec<char> = ('\u{0627}'..='\u{064A}')
        .filter(|c| c.is_alphabetic())
        .collect();
    let japanese: Vec<char> = ('\u{3042}'..='\u{3093}')
        .chain('\u{4E00}'..='\u{4FFF}')
        .collect();
    for (lang, letters, sep) in [("ar", &arabic, " "), ("ja", &japanese, "")] {
        let body = words(letters, sep, 200 * 1024);
        let name = format!("{lang}.yaml");
        write(
            &dir,
            &name,
            format!("title: Long\nlang: {lang}\ningredients:\n  - x\nsteps:\n{body}"),
        );
        let run = run(&[&name, "-o", &format!("{lang}.pdf")], &dir);
        assert_eq!(run.code(), Some(0), "{lang}: {}", run.stderr());
        if let Some(rss) = run.rss_kib {
            assert!(rss < MAX_RSS_KIB, "{lang}: used {} MiB", rss / 1024);
        }
    }
}
