//! Property tests with a fixed budget and a fixed seed (so failures reproduce):
//! random recipes (odd Unicode, huge numbers, strange durations, garbage) at random page
//! sizes go through `recipe::parse` and `layout::layout` without panicking, and every
//! text run stays on its page; random bytes and mutated bundled recipes never panic the
//! parser, and its diagnostics point inside the file.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cardgen::error::Diagnostic;
use cardgen::frame::FrameItem;
use cardgen::layout::{self, Assets, Medium, Overflow};
use cardgen::recipe::{self, Recipe};
use cardgen::text::FontBook;
use cardgen::theme::Builtin;
use cardgen::units::{Abs, Rect, Size};

/// xorshift64*: tiny, deterministic, good enough to pick test inputs.
/// `strict`: generate only values a valid recipe may contain (the odd ones included).
struct Rng {
    state: u64,
    strict: bool,
    /// Keep texts short (for small pages, where long texts mean hundreds of pages).
    short: bool,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng {
            state: seed.max(1),
            strict: false,
            short: false,
        }
    }
    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// ----- random text ----------------------------------------------------------------------

const WORDS: &[&str] = &[
    "pork",
    "Zwiebelkuchen",
    "crème",
    "fraîche",
    "phở",
    "bò",
    "Thịt",
    "heo",
    "½",
    "1–2",
    "°C",
    "350°F",
    "**bold**",
    "*em*",
    "**",
    "*",
    "a",
    "I",
    "naïve",
    "Straße",
    "ﬁsh",
    "—",
    "…",
    "“quoted”",
    "l’eau",
    "中文",
    "日本語のレシピ",
    "한국어",
    "ไทย",
    "हिन्दी",
    "مرحبا",
    "بالعالم",
    "שלום",
    "עולם",
    "Ελληνικά",
    "Кириллица",
    "😀",
    "👩‍👩‍👧‍👦",
    "🇩🇪",
    "👍🏽",
    "🍳🥚",
    "e\u{301}\u{302}\u{303}\u{304}",
    "a\u{308}\u{323}",
    "Z\u{351}\u{35b}\u{34b}\u{310}\u{352}a\u{35d}\u{318}l\u{334}g\u{332}o\u{31f}",
    "\u{200b}",
    "\u{ad}",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{202e}rtl-override",
    "\u{200d}",
    "\u{e000}",
    "\u{fffd}",
    "\u{1}",
    "\u{7f}",
    "\u{10ffff}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "ǅ",
    "ß",
    "İ",
    "http://x.y/z",
    "C++",
    "50%",
    "#hash",
    "&amp",
    "[x]",
    "{y}",
    "a: b",
    "- z",
    "'",
    "\"",
    "\\",
    "\t",
    "Ω",
    "∑",
    "√2",
];

fn long_word(rng: &mut Rng) -> String {
    let unit = rng.pick(&[
        "a",
        "Donaudampfschifffahrt",
        "ø",
        "中",
        "😀",
        "e\u{301}",
        "ش",
        "-",
        "/",
    ]);
    let n = match rng.below(4) {
        0 => rng.below(20),
        1 => 50 + rng.below(100),
        2 => 200 + rng.below(400),
        _ => 1000 + rng.below(2000),
    };
    // At most 400 characters: longer words hit the (reported) quadratic line breaking and
    // would blow the time budget; `tests/cli.rs` has that regression test.
    unit.repeat(n.max(1)).chars().take(400).collect()
}

fn random_char(rng: &mut Rng) -> char {
    loop {
        let c = match rng.below(5) {
            0 => rng.below(0x80) as u32,
            1 => rng.below(0x800) as u32,
            2 => 0x300 + rng.below(0x70) as u32,
            3 => rng.below(0x1_0000) as u32,
            _ => rng.below(0x11_0000) as u32,
        };
        match char::from_u32(c) {
            Some(c) if rng.strict && c.is_control() => continue,
            Some(c) => return c,
            None => continue,
        }
    }
}

fn text(rng: &mut Rng) -> String {
    let mut out = String::new();
    let n = match rng.below(10) {
        0 if !rng.strict => 0,
        0..=6 => 1 + rng.below(8),
        7 | 8 if rng.short => 2 + rng.below(10),
        7 | 8 => 10 + rng.below(30),
        _ if rng.short => 10 + rng.below(20),
        _ => 40 + rng.below(60),
    };
    for i in 0..n {
        if i > 0 {
            out.push_str(rng.pick(&[" ", " ", " ", "  ", "\n", "\n\n", "-", "/", ""]));
        }
        match rng.below(20) {
            0 => out.push_str(&long_word(rng)),
            1 => out.extend((0..1 + rng.below(6)).map(|_| random_char(rng))),
            2 => out.push_str(&format!("{}", rng.next())),
            _ => {
                let word = rng.pick(WORDS);
                if !(rng.strict && word.chars().any(char::is_control)) {
                    out.push_str(word);
                }
            }
        }
    }
    if rng.strict && out.trim().is_empty() {
        out.push('x');
    }
    out
}

/// A YAML scalar for `s`: usually double-quoted (always valid), sometimes plain or
/// single-quoted (may be invalid YAML, which is fine: the parser must cope).
fn scalar(rng: &mut Rng, s: &str) -> String {
    match rng.below(10) {
        0 if !rng.strict => s.replace('\n', " "),
        1 => format!("'{}'", s.replace('\'', "''")),
        2 if !s.is_empty() => format!("|\n    {}", s.replace('\n', "\n    ")),
        _ => {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    c if (c as u32) < 0x20 || c == '\u{7f}' => {
                        out.push_str(&format!("\\x{:02x}", c as u32))
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
    }
}

/// Random text as a YAML scalar.
fn qtext(rng: &mut Rng) -> String {
    let t = text(rng);
    scalar(rng, &t)
}

/// Random text as a YAML scalar that can stand inside `{ … }` on one line.
fn ftext(rng: &mut Rng) -> String {
    let t = text(rng);
    loop {
        let s = scalar(rng, &t);
        if !s.starts_with('|') {
            return s.replace('\n', " ");
        }
    }
}

fn number(rng: &mut Rng) -> String {
    let all = [
        "0",
        "1",
        "-1",
        "4",
        "2.5",
        "1e308",
        "-1e308",
        "1e-300",
        "18446744073709551616",
        "99999999999999999999999",
        "4294967295",
        "4294967296",
        ".nan",
        ".inf",
        "-.inf",
        "0x1F",
        "0o17",
        "1_000",
        "½",
        "1½",
        "¼ cup",
        "4 bowls",
        "12 cookies",
        "~",
        "null",
        "true",
        "\"\"",
        "[]",
        "{}",
    ];
    let valid = STRICT_NUMBERS;
    rng.pick(if rng.strict { valid } else { &all }).to_string()
}

fn duration(rng: &mut Rng) -> String {
    let all = [
        "15 min",
        "1 h 20 min",
        "1½ hours",
        "PT1H20M",
        "PT0S",
        "P1D",
        "P999999999D",
        "90",
        "0",
        "-5",
        "4294967295",
        "1e30",
        "99999 h",
        "10-15 min",
        "ten minutes",
        "1 h 1 h",
        "min",
        "½ min",
        "PT",
        "2 days",
        "1.5",
        ".inf",
        "\"\"",
        "[]",
        "{ a: 1 }",
        "overnight",
        "24 h 30 min",
        "PT1000000H",
    ];
    let valid = STRICT_DURATIONS;
    rng.pick(if rng.strict { valid } else { &all }).to_string()
}

/// Servings that must be accepted.
const STRICT_NUMBERS: &[&str] = &[
    "1",
    "4",
    "2.5",
    "1e308",
    "99999999999999999999999",
    "4294967296",
    "1½",
    "4 bowls",
    "12 cookies",
    "½",
];
/// Durations that must be accepted.
const STRICT_DURATIONS: &[&str] = &[
    "15 min",
    "1 h 20 min",
    "1½ hours",
    "PT1H20M",
    "90",
    "0",
    "4294967295",
    "99999 h",
    "24 h 30 min",
    "PT1000000H",
    "P1D",
    "½ min",
];

fn key(rng: &mut Rng, known: &[&str]) -> String {
    if !rng.strict && rng.chance(4) {
        rng.pick(&[
            "servigns",
            "titel",
            "ingredient",
            "zzz",
            "Title",
            "\"title\"",
            "? title",
            "<<",
            "1",
            "\"\"",
        ])
        .to_string()
    } else {
        rng.pick(known).to_string()
    }
}

fn list(rng: &mut Rng, item: impl Fn(&mut Rng) -> String) -> String {
    let n = match rng.below(6) {
        0 => 0,
        1..=4 => 1 + rng.below(6),
        _ if rng.short => 1 + rng.below(6),
        _ => 8 + rng.below(12),
    };
    if n == 0 {
        return "[]".into();
    }
    let mut out = String::new();
    for _ in 0..n {
        out.push_str("\n  - ");
        out.push_str(&item(rng).replace('\n', "\n    "));
    }
    out
}

fn ingredient(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => {
            let mut fields = Vec::new();
            for k in ["quantity", "unit", "item", "note"] {
                if rng.chance(70) || (rng.strict && k == "item") {
                    let v = if k == "quantity" {
                        number(rng)
                    } else {
                        ftext(rng)
                    };
                    fields.push(format!("{}: {}", key(rng, &[k]), v.replace('\n', " ")));
                }
            }
            format!("{{ {} }}", fields.join(", "))
        }
        1 => format!("group: {}\n  items: {}", ftext(rng), list(rng, qtext)),
        _ => {
            let line = format!(
                "{} {} {}",
                number(rng),
                rng.pick(&["g", "kg", "tbsp", "TL", "cups", ""]),
                text(rng)
            );
            scalar(rng, &line)
        }
    }
}

fn step(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{{ title: {}, text: {} }}", ftext(rng), ftext(rng)),
        1 => format!("group: {}\n  steps: {}", ftext(rng), list(rng, qtext)),
        _ => qtext(rng),
    }
}

/// The top-level fields, from the parser itself.
fn fields() -> &'static [&'static str] {
    recipe::known_fields()
        .find(|(shape, _)| *shape == "recipe")
        .expect("the parser lists the top-level fields")
        .1
}

/// A random recipe in YAML: mostly well-formed, with random values.
fn random_recipe(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.strict || !rng.chance(5) {
        out.push_str(&format!("title: {}\n", ftext(rng)));
    }
    let mut used = vec!["title".to_string()];
    for _ in 0..rng.below(14) {
        let field = key(rng, fields());
        if rng.strict {
            let clash = if field == "servings" {
                "yield"
            } else {
                "servings"
            };
            if used.contains(&field)
                || (field == clash || field == "yield") && used.iter().any(|u| u == clash)
            {
                continue;
            }
            used.push(field.clone());
        }
        let value = match field.as_str() {
            "source" => match rng.below(4) {
                1 | 2 if rng.strict => format!("\"https://example.com/{}\"", long_word(rng)),
                0 => format!(
                    "{{ url: \"https://example.com/{}\", name: {} }}",
                    rng.next(),
                    ftext(rng)
                ),
                1 => {
                    let url = format!(
                        "https://例え.jp/{}?q={}#{}",
                        text(rng).replace('\n', ""),
                        rng.next(),
                        long_word(rng)
                    );
                    scalar(rng, &url)
                }
                2 => qtext(rng),
                _ => format!("https://www.example.com/{}", rng.next()),
            },
            "lang" if rng.strict => rng
                .pick(&[
                    "en", "de", "fr", "vi", "ar", "he", "ja", "zh-Hant", "th", "hi", "pt-BR", "nl",
                ])
                .to_string(),
            "lang" => rng
                .pick(&[
                    "en", "de", "fr", "vi", "ar", "he", "ja", "zh-Hant", "th", "hi", "pt-BR", "xx",
                    "en_US", "english", "123", "",
                ])
                .to_string(),
            "dir" if rng.strict => rng.pick(&["rtl", "ltr", "RTL"]).to_string(),
            "dir" => rng.pick(&["rtl", "ltr", "sideways", "", "1"]).to_string(),
            "servings" | "yield" => number(rng),
            "time" => {
                let mut parts = Vec::new();
                for k in ["prep", "cook", "rest", "total"] {
                    if rng.chance(50) {
                        parts.push(format!("{}: {}", key(rng, &[k]), duration(rng)));
                    }
                }
                format!("{{ {} }}", parts.join(", "))
            }
            "tags" => list(rng, qtext),
            "photo" => rng
                .pick(&[
                    "photos/none.jpg",
                    "{ path: x.png, fit: cover }",
                    "{ path: y.jpg, fit: contain, alt: \"\" }",
                    if rng.strict { "z.webp" } else { "''" },
                ])
                .to_string(),
            "ingredients" => list(rng, ingredient),
            "steps" => list(rng, step),
            "notes" => {
                if rng.chance(50) {
                    qtext(rng)
                } else {
                    list(rng, qtext)
                }
            }
            "sections" => list(rng, |r| {
                format!("{{ title: {}, text: {} }}", ftext(r), ftext(r))
            }),
            "faq" => list(rng, |r| format!("{{ q: {}, a: {} }}", ftext(r), ftext(r))),
            "nutrition" => {
                let n = rng.below(8);
                let parts: Vec<String> = (0..n)
                    .map(|i| format!("k{i}{}: {}", rng.next() % 100, ftext(rng)))
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }
            _ => qtext(rng),
        };
        out.push_str(&format!("{field}: {value}\n"));
    }
    // Now and then, YAML-ish garbage somewhere.
    if !rng.strict && rng.chance(10) {
        let junk = rng.pick(&[
            "&a",
            "*a",
            "!!binary",
            "%YAML 1.2",
            "---",
            "...",
            "? ",
            "- -",
            ": :",
            "{[",
            "]}",
            "\t",
            "@x",
            "`",
        ]);
        let at = rng.below(out.len() + 1);
        if out.is_char_boundary(at) {
            out.insert_str(at, junk);
        }
    }
    out
}

// ----- invariants -----------------------------------------------------------------------

fn describe_panic(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic)".into()
    }
}

/// Diagnostics must name the file and point at a line that exists (or just past the end).
fn check_diagnostics(file: &Path, bytes: &[u8], diags: &[Diagnostic]) -> Result<(), String> {
    if diags.is_empty() {
        return Err("an error without diagnostics".into());
    }
    // Counted as the YAML parser does (YAML 1.1 also breaks lines at NEL, LS and PS);
    // `unicode_line_separators_do_not_shift_diagnostics` checks the stricter editor view.
    let text = String::from_utf8_lossy(bytes);
    let lines = 1 + text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
                || (c == '\r' && !text[i + 1..].starts_with('\n'))
        })
        .count() as u32;
    for d in diags {
        if d.file != file || d.message.trim().is_empty() {
            return Err(format!("bad diagnostic {d:?}"));
        }
        if let Some(span) = d.span {
            // (Just past the end is where an unterminated last line's problems are reported.)
            if span.line == 0 || span.col == 0 || span.line > lines + 1 {
                return Err(format!("diagnostic outside the file ({lines} lines): {d}"));
            }
        }
    }
    Ok(())
}

/// Lays out `recipe` on a page of `size`: every text run must stay on the page.
fn check_layout(
    book: &FontBook,
    recipe: &Recipe,
    options: &layout::Options,
) -> Result<usize, String> {
    let size = options.size;
    let assets = Assets { book, photo: None };
    let doc = layout::layout(recipe, &assets, options);
    if doc.pages.is_empty() {
        return Err("no pages".into());
    }
    for (p, page) in doc.pages.iter().enumerate() {
        let frame = &page.frame;
        if frame.size != size {
            return Err(format!("page {p} is {:?}, not {size:?}", frame.size));
        }
        let bounds = Rect::from_size(frame.size);
        for (pos, item) in &frame.items {
            if let FrameItem::Text(t) = item {
                let bbox = t.bbox(*pos);
                let finite = [bbox.x, bbox.y, bbox.w, bbox.h]
                    .iter()
                    .all(|a| a.is_finite());
                if !finite || !bounds.contains(&bbox) {
                    return Err(format!(
                        "page {p}: text `{}` at {bbox:?} leaves the {:.1}x{:.1} pt page",
                        t.text().chars().take(80).collect::<String>(),
                        size.w.to_pt(),
                        size.h.to_pt()
                    ));
                }
            }
        }
    }
    Ok(doc.pages.len())
}

fn random_options(rng: &mut Rng) -> layout::Options {
    let (kind, size) = random_size(rng);
    let mut options = layout::Options::new(kind, size);
    options.fit = if rng.chance(30) {
        Overflow::Shrink
    } else {
        Overflow::Continue
    };
    options.ink_saver = rng.chance(20);
    options.theme = THEMES[rng.below(THEMES.len())].theme().style;
    options
}

const THEMES: [Builtin; 3] = Builtin::ALL;

/// The font book of the built-in theme whose look `options` has.
fn book_for<'b>(
    books: &'b [(layout::style::Style, FontBook)],
    options: &layout::Options,
) -> &'b FontBook {
    &books
        .iter()
        .find(|(style, _)| *style == options.theme)
        .expect("a built-in theme")
        .1
}

fn random_size(rng: &mut Rng) -> (Medium, Size) {
    let kind = if rng.chance(50) {
        Medium::Card
    } else {
        Medium::Sheet
    };
    let side = |rng: &mut Rng| match rng.below(5) {
        0 => 2.0,
        1 => 20.0,
        _ => rng.range(2.0, 20.0),
    };
    (
        kind,
        Size::new(Abs::inches(side(rng)), Abs::inches(side(rng))),
    )
}

fn failure_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("cardgen-fuzz-{name}-{}.yaml", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn random_recipes_parse_and_lay_out_inside_the_page() {
    // Override with CARDGEN_FUZZ_CASES / CARDGEN_FUZZ_SEED to explore further.
    let cases: usize = env_or("CARDGEN_FUZZ_CASES", 300);
    let mut rng = Rng::new(env_or("CARDGEN_FUZZ_SEED", 0x00C0_FFEE_2024));
    // Inputs first (deterministic), then checked on all cores.
    let inputs: Vec<(String, layout::Options, bool)> = (0..cases)
        .map(|_| {
            let options = random_options(&mut rng);
            rng.strict = rng.chance(70);
            rng.short = options.size.w.min(options.size.h).to_inches() < 5.0;
            (random_recipe(&mut rng), options, rng.strict)
        })
        .collect();
    let strict_cases = inputs.iter().filter(|c| c.2).count();
    let books: Vec<_> = THEMES
        .iter()
        .map(|t| {
            let theme = t.theme();
            (theme.style, theme.font_book().unwrap())
        })
        .collect();
    let start = Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .min(8);
    let outcomes: Vec<(usize, Result<usize, String>, Duration)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let case = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((yaml, options, _)) = inputs.get(case) else {
                            break;
                        };
                        let case_start = Instant::now();
                        let book = book_for(&books, options);
                        done.push((case, run_case(book, yaml, options), case_start.elapsed()));
                    }
                    done
                })
            })
            .collect();
        let mut all: Vec<_> = workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        all.sort_by_key(|o| o.0);
        all
    });
    let took = start.elapsed();
    let (mut parsed, mut pages, mut capped, mut failures) = (0, 0, Vec::new(), Vec::new());
    for (case, outcome, _) in &outcomes {
        match outcome {
            Ok(0) => {}
            Ok(n) => {
                parsed += 1;
                pages += n;
                // Layout stops at 999 pages and drops the rest (reported, not asserted).
                if *n >= 999 {
                    capped.push(*case);
                }
            }
            Err(problem) => {
                let (yaml, options, _) = &inputs[*case];
                let saved = failure_file(&format!("case{case}"), yaml.as_bytes());
                failures.push(format!(
                    "case {case} ({:?} {:.2}x{:.2} in, fit {:?}, ink saver {}, theme {:?}, input saved to {}): {problem}",
                    options.medium,
                    options.size.w.to_inches(),
                    options.size.h.to_inches(),
                    options.fit,
                    options.ink_saver,
                    THEMES.iter().find(|t| t.theme().style == options.theme).map(|t| t.name()),
                    saved.display()
                ));
            }
        }
    }
    let slowest = outcomes.iter().max_by_key(|o| o.2).unwrap();
    eprintln!(
        "{cases} random recipes ({strict_cases} meant to be valid): {parsed} parsed and laid out ({pages} pages), \
         {} failures, in {took:?} on {threads} threads; slowest case {} took {:?}",
        failures.len(),
        slowest.0,
        slowest.2
    );
    if !capped.is_empty() {
        eprintln!("cases that hit the 999-page cap (content dropped): {capped:?}");
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        parsed * 2 >= strict_cases,
        "the generator should mostly produce valid recipes: {parsed}/{strict_cases}"
    );
}

/// Parses one generated recipe and lays it out: the page count, 0 when it was (rightly)
/// refused, or what went wrong.
fn run_case(book: &FontBook, yaml: &str, options: &layout::Options) -> Result<usize, String> {
    let file = Path::new("fuzz.yaml");
    let result = catch_unwind(AssertUnwindSafe(|| {
        match recipe::parse(file, yaml.as_bytes()) {
            Ok(recipe) => check_layout(book, &recipe, options),
            Err(diags) => check_diagnostics(file, yaml.as_bytes(), &diags).map(|()| 0),
        }
    }));
    result.unwrap_or_else(|panic| Err(format!("PANIC: {}", describe_panic(panic))))
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every bundled recipe at extreme page sizes.
#[test]
fn bundled_recipes_at_extreme_sizes() {
    let book = FontBook::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let mut failures = Vec::new();
    for path in files {
        let recipe = recipe::load(&path).unwrap();
        for (w, h) in [(2.0, 2.0), (2.0, 20.0), (20.0, 2.0), (20.0, 20.0)] {
            for (kind, fit) in [
                (Medium::Card, Overflow::Continue),
                (Medium::Card, Overflow::Shrink),
                (Medium::Sheet, Overflow::Continue),
            ] {
                let size = Size::new(Abs::inches(w), Abs::inches(h));
                let mut options = layout::Options::new(kind, size);
                options.fit = fit;
                let result =
                    catch_unwind(AssertUnwindSafe(|| check_layout(&book, &recipe, &options)));
                let problem = match result {
                    Ok(Ok(_)) => continue,
                    Ok(Err(p)) => p,
                    Err(panic) => format!("PANIC: {}", describe_panic(panic)),
                };
                failures.push(format!(
                    "{} {kind:?} {fit:?} {w}x{h} in: {problem}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ----- the parser alone: random bytes and mutations -------------------------------------

const YAML_BITS: &[&str] = &[
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!", "|", ">", "|-", "#",
    "'", "\"", "\t", "\n", "\n  ", "  ", "?", "%", "@", "`", "\\", "\u{feff}", "\r", "\r\n",
    "---\n", "...\n", "<<: ", "\0", "\u{85}", "\u{2028}", "é", "\u{301}", "😀", "\u{ff}",
];

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if at < bytes.len() => bytes[at] = rng.next() as u8,
            1 if at < bytes.len() => {
                let end = (at + 1 + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 if at < bytes.len() => {
                let end = (at + 1 + rng.below(200)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            3 => bytes.truncate(at),
            _ => {
                let bit = rng.pick(YAML_BITS).as_bytes().to_vec();
                bytes.splice(at..at, bit);
            }
        }
    }
    bytes
}

#[test]
fn mutated_recipes_and_random_bytes_never_panic_the_parser() {
    const CASES: usize = 600;
    let book = FontBook::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes");
    let mut originals: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    originals.sort();
    let mut rng = Rng::new(0x5EED_1234_ABCD);
    let start = Instant::now();
    let (mut ok, mut failures) = (0, Vec::new());
    for case in 0..CASES {
        let (file, bytes) = match rng.below(10) {
            0 => {
                let n = rng.below(2000);
                (
                    PathBuf::from("random.yaml"),
                    (0..n).map(|_| rng.next() as u8).collect(),
                )
            }
            1 => {
                let n = rng.below(300);
                let s: String = (0..n)
                    .map(|_| {
                        rng.pick(YAML_BITS).to_string() + if rng.chance(30) { "x" } else { "" }
                    })
                    .collect();
                (PathBuf::from("bits.yaml"), s.into_bytes())
            }
            _ => {
                let (path, original) = &originals[rng.below(originals.len())];
                (path.clone(), mutate(&mut rng, original))
            }
        };
        let options = random_options(&mut rng);
        // Layout is the slow part (and covered above): only every 8th mutant that parses.
        let lay_out = case % 8 == 0;
        let result = catch_unwind(AssertUnwindSafe(|| match recipe::parse(&file, &bytes) {
            Ok(recipe) if lay_out => check_layout(&book, &recipe, &options).map(|_| true),
            Ok(_) => Ok(true),
            Err(diags) => check_diagnostics(&file, &bytes, &diags).map(|()| false),
        }));
        let problem = match result {
            Ok(Ok(parsed)) => {
                ok += usize::from(parsed);
                continue;
            }
            Ok(Err(p)) => p,
            Err(panic) => format!("PANIC: {}", describe_panic(panic)),
        };
        let saved = failure_file(&format!("mutant{case}"), &bytes);
        failures.push(format!(
            "case {case} (from {}, {:?} {:.2}x{:.2} in, saved to {}): {problem}",
            file.display(),
            options.medium,
            options.size.w.to_inches(),
            options.size.h.to_inches(),
            saved.display()
        ));
    }
    let took = start.elapsed();
    eprintln!(
        "{CASES} mutated/random inputs: {ok} still parsed and laid out, {} failures, in {took:?}",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {CASES} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Was a bug (found by this fuzzer): diagnostics counted U+2028 LINE SEPARATOR (and U+2029,
/// U+0085) inside quoted text as line breaks, as libyaml does, so every later problem was
/// reported on the wrong line — even past the end of the file. Editors and `grep -n` count
/// `\n` only.
#[test]
fn unicode_line_separators_do_not_shift_diagnostics() {
    for sep in ['\u{2028}', '\u{2029}', '\u{85}'] {
        let text = format!("title: \"a{sep}b\"\nservings: 1\nservings: 2\n");
        let diags = recipe::parse(Path::new("ls.yaml"), text.as_bytes()).unwrap_err();
        assert_eq!(
            diags[0].to_string().lines().next().unwrap(),
            "ls.yaml:3:1: error: duplicate field `servings`",
            "separator U+{:04X}",
            sep as u32
        );
    }
}

/// Replays a saved input: `CARDGEN_FUZZ_REPLAY=/tmp/cardgen-fuzz-….yaml
/// CARDGEN_FUZZ_PAGE=sheet:18.1x20 cargo test --test fuzz replay -- --ignored --nocapture`.
#[test]
#[ignore = "a tool for reproducing fuzz failures"]
fn replay() {
    let Some(path) = std::env::var_os("CARDGEN_FUZZ_REPLAY") else {
        return;
    };
    let page = std::env::var("CARDGEN_FUZZ_PAGE").unwrap_or_else(|_| "card:6x4".into());
    let (kind, size) = page.split_once(':').unwrap();
    let kind = if kind == "sheet" {
        Medium::Sheet
    } else {
        Medium::Card
    };
    let (w, h) = size.split_once('x').unwrap();
    let size = Size::new(
        Abs::inches(w.parse().unwrap()),
        Abs::inches(h.parse().unwrap()),
    );
    let bytes = std::fs::read(&path).unwrap();
    let book = FontBook::builtin();
    let start = Instant::now();
    let parsed = recipe::parse(Path::new("replay.yaml"), &bytes);
    eprintln!("parse: {:?}", start.elapsed());
    match parsed {
        Ok(recipe) => {
            let start = Instant::now();
            let result = check_layout(&book, &recipe, &layout::Options::new(kind, size));
            eprintln!("layout: {:?} → {result:?}", start.elapsed());
        }
        Err(diags) => diags.iter().for_each(|d| eprintln!("{d}")),
    }
}

/// BUG (found by this fuzzer, CARDGEN_FUZZ_CASES=300): on 2 in tall sheets, text is placed
/// below the bottom edge of the page (y 142.5–153.3 pt on a 144 pt page).
#[test]
fn text_stays_on_two_inch_tall_sheets() {
    let book = FontBook::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    for (name, w) in [
        ("fuzz-offpage-sheet-20x2", 20.0),
        ("fuzz-offpage-sheet-9.66x2", 9.66),
    ] {
        let bytes = std::fs::read(dir.join(format!("{name}.yaml"))).unwrap();
        let recipe = recipe::parse(Path::new("fuzz.yaml"), &bytes).unwrap();
        let size = Size::new(Abs::inches(w), Abs::inches(2.0));
        let result = check_layout(&book, &recipe, &layout::Options::new(Medium::Sheet, size));
        assert!(result.is_ok(), "{name}: {}", result.unwrap_err());
    }
}

/// Every import fixture and theme, mutated: the readers never panic, and each case finishes
/// quickly (a mutant must not turn a budget into a hang).
#[test]
fn mutated_imports_and_themes_never_panic() {
    const CASES: usize = 300;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut originals: Vec<(PathBuf, Vec<u8>)> = ["tests/fixtures/import", "themes"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "py"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    originals.sort();
    let mut rng = Rng::new(0x001A_90B7_5AFE);
    let mut failures = Vec::new();
    for case in 0..CASES {
        let (path, original) = &originals[rng.below(originals.len())];
        let bytes = mutate(&mut rng, original);
        let theme = path.parent().is_some_and(|p| p.ends_with("themes"));
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            if theme {
                let _ = cardgen::theme::Theme::parse(path, &bytes);
            } else {
                let _ = cardgen::import::parse_any(path, &bytes);
            }
        }));
        let took = started.elapsed();
        let problem = match result {
            Err(panic) => Some(format!("PANIC: {}", describe_panic(panic))),
            Ok(()) if took > Duration::from_secs(2) => Some(format!("took {took:?}")),
            Ok(()) => None,
        };
        if let Some(problem) = problem {
            let saved = failure_file(&format!("import{case}"), &bytes);
            failures.push(format!(
                "case {case} (from {}, saved to {}): {problem}",
                path.display(),
                saved.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Random command lines over awkward paths (missing, folders, `-`, devices, the inputs
/// themselves): cardgen never panics or hangs, and never changes an input.
#[test]
fn random_command_lines_never_panic_or_touch_inputs() {
    use std::process::{Command, Stdio};
    const CASES: usize = 40;
    let dir = std::env::temp_dir().join(format!("cardgen-fuzz-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("folder")).unwrap();
    let recipe = "title: Toast\nsteps:\n  - Toast it.\n";
    std::fs::write(dir.join("r.yaml"), recipe).unwrap();
    std::fs::write(dir.join("folder/s.yaml"), recipe).unwrap();
    const PATHS: &[&str] = &[
        "r.yaml",
        "./r.yaml",
        "folder",
        "folder/",
        "folder/s.yaml",
        "missing.yaml",
        "-",
        "/dev/null",
        "/dev/zero",
        "out.pdf",
        "out/",
        "r.pdf",
        "",
    ];
    const FLAGS: &[&str] = &[
        "-o",
        "--theme",
        "--body-font",
        "--title-font",
        "--size",
        "--paper",
        "-j",
        "--layout",
        "--force",
        "--check",
        "--book",
        "--fit",
        "convert",
        "check",
        "man",
        "--dir",
        "--bleed",
    ];
    const VALUES: &[&str] = &[
        "0", "1", "4096", "a4", "3x5", "sheet", "shrink", "1e9", "-1",
    ];
    let inputs = ["r.yaml", "folder/s.yaml"].map(|p| std::fs::read(dir.join(p)).unwrap());
    let mut rng = Rng::new(0x0C11_F422);
    for case in 0..CASES {
        let mut args: Vec<&str> = Vec::new();
        for _ in 0..1 + rng.below(6) {
            args.push(match rng.below(3) {
                0 => rng.pick(PATHS),
                1 => rng.pick(FLAGS),
                _ => rng.pick(VALUES),
            });
        }
        let child = Command::new(env!("CARGO_BIN_EXE_cardgen"))
            .args(&args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let what = format!("case {case}: cardgen {args:?}");
        let out = common::wait_within(child, Duration::from_secs(30), &what);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(
            out.status.code(),
            Some(101),
            "case {case}: {args:?}: {stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "case {case}: {args:?}: {stderr}"
        );
        let now = ["r.yaml", "folder/s.yaml"].map(|p| std::fs::read(dir.join(p)).unwrap());
        assert_eq!(
            now, inputs,
            "case {case}: cardgen {args:?} changed an input"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
