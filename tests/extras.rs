//! `cardgen completions`, `cardgen man` and `cardgen schema` (issue #8): what they print, and
//! the recipe JSON Schema kept honest against the parser — same fields, same closed mappings,
//! and the same verdict as `cardgen::recipe::parse` on every recipe and fixture we have and on
//! a few hundred generated variants. JSON Schema is checked by a small validator below that
//! refuses any keyword it does not implement, so the schema cannot use one unchecked.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

mod common;
use common::{repo, BIN};

/// The subcommands, as the man pages and completions must show them.
const SUBCOMMANDS: &[&str] = &[
    "convert",
    "check",
    "calibrate",
    "completions",
    "man",
    "schema",
    "watch",
];

fn cardgen(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cardgen runs")
}

#[track_caller]
fn stdout_of(args: &[&str]) -> String {
    let out = cardgen(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "cardgen {args:?}; stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardgen-extras-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

// ----- completions ----------------------------------------------------------------------

#[test]
fn completions_for_every_shell_know_the_options_and_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        for option in ["paper", "layout", "template", "servings", "output"] {
            // fish names long options `-l paper`, the others `--paper`.
            let word = match shell {
                "fish" => format!("-l {option}"),
                _ => format!("--{option}"),
            };
            assert!(script.contains(&word), "{shell} completions lack `{word}`");
        }
        assert!(script.contains("cardgen"), "{shell}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
    }
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("complete -F _cardgen"), "{bash}");
    // Values of value enums are offered too.
    assert!(bash.contains("long-edge") && bash.contains("sheet"));
}

/// What bash offers for the word being typed (the last of `words`), using the generated script.
fn bash_complete(words: &[&str]) -> String {
    let script = stdout_of(&["completions", "bash"]);
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; \
         _cardgen cardgen \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         echo \"${{COMPREPLY[*]}}\"",
        words = words.join(" "),
        cword = words.len() - 1,
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn bash_completes_options_values_and_subcommands() {
    assert_eq!(bash_complete(&["cardgen", "--pap"]), "--paper");
    assert_eq!(bash_complete(&["cardgen", "--layout", ""]), "card sheet");
    assert_eq!(bash_complete(&["cardgen", "--duplex", "l"]), "long-edge");
    assert_eq!(bash_complete(&["cardgen", "sch"]), "schema");
    let shells = bash_complete(&["cardgen", "completions", ""]);
    assert!(
        shells.contains("bash elvish fish powershell zsh"),
        "{shells}"
    );
    assert!(bash_complete(&["cardgen", "man", "--"]).contains("--dir"));
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let out = cardgen(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

// ----- man pages ------------------------------------------------------------------------

/// The first request of a roff page, past the comments.
fn first_request(page: &str) -> &str {
    page.lines()
        .find(|l| !l.starts_with(".\\\"") && !l.starts_with("'\\\""))
        .unwrap_or("")
}

#[test]
fn man_page_has_every_option_and_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(
        first_request(&page).starts_with(".TH cardgen 1 "),
        "{}",
        &page[..page.len().min(300)]
    );
    // The page refers to each subcommand's page, `cardgen-NAME(1)`, and to no other (that
    // every long option of the definitions is on it is a unit test beside the generator,
    // which sees the clap definitions).
    let mut subs: BTreeSet<&str> = BTreeSet::new();
    for piece in page.split("cardgen\\-").skip(1) {
        let end = piece
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(piece.len());
        if piece[end..].starts_with("(1)") {
            subs.insert(&piece[..end]);
        }
    }
    let expected: BTreeSet<&str> = SUBCOMMANDS.iter().copied().collect();
    assert_eq!(subs, expected, "SUBCOMMANDS in this test is out of date");
    for section in [
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH PRINTING",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "no `{section}`");
    }
    // The examples and exit status are their own sections, kept line by line.
    let examples = page
        .split(".SH EXAMPLES\n")
        .nth(1)
        .expect("an EXAMPLES section");
    assert!(examples.starts_with(".nf\n"), "{examples}");
    assert!(page.contains(".SH \"EXIT STATUS\"") || page.contains(".SH EXIT STATUS"));
    assert!(page.contains("cardgen calibrate \\-\\-paper letter"));
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = temp("man");
    let out = cardgen(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = SUBCOMMANDS
        .iter()
        .map(|s| format!("cardgen-{s}.1"))
        .chain(["cardgen.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(files, expected);
    // The stdout page is the folder's cardgen.1.
    let main = std::fs::read_to_string(dir.join("cardgen.1")).unwrap();
    assert_eq!(main, stdout_of(&["man"]));
    for sub in SUBCOMMANDS {
        let page = std::fs::read_to_string(dir.join(format!("cardgen-{sub}.1"))).unwrap();
        assert!(
            first_request(&page).starts_with(&format!(".TH cardgen-{sub} 1 ")),
            "{sub}: {}",
            first_request(&page)
        );
        assert!(
            page.contains(&format!("cardgen {sub}")),
            "{sub}: no synopsis"
        );
        assert!(page.contains("cardgen(1)"), "{sub}: no SEE ALSO");
    }
    let convert = std::fs::read_to_string(dir.join("cardgen-convert.1")).unwrap();
    assert!(convert.contains("\\-\\-output") && convert.contains("\\-\\-servings"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), expected.len(), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ----- the schema: printed, well-formed, and the parser's fields --------------------------

fn schema() -> Json {
    let text = std::fs::read_to_string(repo().join("schema/recipe.schema.json")).unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let printed = stdout_of(&["schema"]);
    let file = std::fs::read_to_string(repo().join("schema/recipe.schema.json")).unwrap();
    assert_eq!(printed, file);
    let schema: Json = serde_json::from_str(&printed).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["required"], serde_json::json!(["title"]));
}

/// Where each kind of mapping the parser knows is described in the schema.
const SHAPES: &[(&str, &str)] = &[
    ("recipe", ""),
    ("time", "/$defs/timeMapping"),
    ("source", "/$defs/sourceMapping"),
    ("photo", "/$defs/photoMapping"),
    ("ingredient", "/$defs/ingredient"),
    ("ingredient group", "/$defs/ingredientGroup"),
    ("step", "/$defs/step"),
    ("step group", "/$defs/stepGroup"),
    ("section", "/$defs/section"),
    ("faq", "/$defs/faqEntry"),
];

#[test]
fn schema_has_exactly_the_fields_the_parser_knows() {
    let schema = schema();
    let parser: BTreeMap<&str, &[&str]> = cardgen::recipe::known_fields().collect();
    let mapped: BTreeSet<&str> = SHAPES.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        parser.keys().copied().collect::<BTreeSet<_>>(),
        mapped,
        "a kind of mapping was added to or removed from the parser: update the schema and SHAPES"
    );
    for (name, pointer) in SHAPES {
        let node = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer}"));
        let properties: BTreeSet<&str> = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: no properties"))
            .keys()
            .map(String::as_str)
            .collect();
        let fields: BTreeSet<&str> = parser[name].iter().copied().collect();
        assert_eq!(
            properties, fields,
            "{name}: schema properties vs parser fields"
        );
        // The parser says "unknown field … did you mean" for any other key: so must the schema.
        assert_eq!(node["additionalProperties"], false, "{name} must be closed");
        assert_eq!(node["type"], "object", "{name}");
        assert!(
            node.get("description").is_some() || name == &"recipe",
            "{name}: no description"
        );
    }
    // And no other mapping is closed: nutrition takes any label.
    let closed: BTreeSet<String> = closed_objects(&schema, String::new());
    let expected: BTreeSet<String> = SHAPES.iter().map(|(_, p)| p.to_string()).collect();
    assert_eq!(closed, expected);
    // Every property of the top level has a description (from the format doc).
    for (key, value) in schema["properties"].as_object().unwrap() {
        assert!(
            value.get("description").is_some(),
            "`{key}` has no description"
        );
    }
}

fn closed_objects(node: &Json, pointer: String) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match node {
        Json::Object(map) => {
            if map.get("additionalProperties") == Some(&Json::Bool(false)) {
                out.insert(pointer.clone());
            }
            for (k, v) in map {
                out.extend(closed_objects(v, format!("{pointer}/{k}")));
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                out.extend(closed_objects(v, format!("{pointer}/{i}")));
            }
        }
        _ => {}
    }
    out
}

#[test]
fn schema_parser_fields_reach_the_parser() {
    // The list the schema is compared with is the one the parser checks keys against: each
    // top-level property is accepted, and a key that is not one is refused.
    let schema = schema();
    for key in schema["properties"].as_object().unwrap().keys() {
        let text = format!("title: Pork\n{key}:\n");
        let result = parse(&text);
        if let Err(diags) = &result {
            assert!(
                !diags.contains("unknown field"),
                "`{key}` is in the schema but unknown to the parser: {diags}"
            );
        }
    }
    assert!(parse("title: Pork\nservigns: 4\n")
        .unwrap_err()
        .contains("unknown field"));
}

// ----- the schema against the parser ----------------------------------------------------

/// The parser's verdict: Ok, or its messages on one string.
fn parse(text: &str) -> Result<(), String> {
    cardgen::recipe::parse(Path::new("t.yaml"), text.as_bytes())
        .map(drop)
        .map_err(|diags| {
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

/// YAML as a YAML language server sees it: one document, merge keys applied, as JSON.
/// `None` if it is not YAML we can load (syntax errors, several documents, bad bytes).
fn yaml_to_json(text: &str) -> Option<Json> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    value.apply_merge().ok()?;
    Some(to_json(&value))
}

fn to_json(value: &serde_yaml::Value) -> Json {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Json::Null,
        Y::Bool(b) => Json::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                Json::from(n.as_f64().expect("a number"))
            }
        }
        Y::String(s) => Json::String(s.clone()),
        Y::Sequence(items) => Json::Array(items.iter().map(to_json).collect()),
        Y::Mapping(map) => Json::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        Y::Null => "null".into(),
                        other => panic!("key {other:?} has no JSON form"),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(_) => panic!("YAML tags have no JSON form"),
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn schema_accepts_every_valid_recipe_and_rejects_the_invalid_fixtures() {
    let validator = Validator::new(schema());
    // The recipes and the recipe fixtures (other YAML, like themes, is not a recipe).
    let files: Vec<PathBuf> = [
        "recipes",
        "tests/fixtures/good",
        "tests/fixtures/cli",
        "tests/fixtures/bad",
    ]
    .iter()
    .flat_map(|dir| yaml_files(&repo().join(dir)))
    .collect();
    let (mut valid, mut invalid, mut unloadable) = (0, 0, 0);
    for file in &files {
        let name = file.strip_prefix(repo()).unwrap().display().to_string();
        let bytes = std::fs::read(file).unwrap();
        let parsed = cardgen::recipe::parse(file, &bytes);
        let json = std::str::from_utf8(&bytes).ok().and_then(yaml_to_json);
        let under_bad = name.starts_with("tests/fixtures/bad/");
        match (parsed, json) {
            (Ok(_), Some(json)) => {
                assert!(!under_bad, "{name} is under bad/ but valid");
                let errors = validator.errors(&json);
                assert!(
                    errors.is_empty(),
                    "{name} is valid but the schema says:\n{errors:#?}"
                );
                valid += 1;
            }
            (Ok(_), None) => panic!("{name}: valid for cardgen, but not loadable as YAML"),
            (Err(_), None) => {
                // YAML syntax errors, bytes that are not UTF-8, duplicate keys: the editor's
                // YAML parser reports those, not the schema.
                assert!(under_bad, "{name} cannot be loaded as YAML");
                unloadable += 1;
            }
            (Err(diags), Some(json)) => {
                let errors = validator.errors(&json);
                assert!(
                    !errors.is_empty(),
                    "{name}: cardgen says {diags:?}, but the schema accepts it"
                );
                invalid += 1;
            }
        }
    }
    eprintln!("{valid} valid, {invalid} invalid, {unloadable} not YAML");
    // The bundled recipes and good fixtures; the bad fixtures that are YAML at all.
    assert!(valid >= 9, "{valid} valid files checked");
    assert!(invalid >= 15, "{invalid} invalid files checked");
}

#[test]
fn schema_accepts_what_convert_writes() {
    let dir = repo().join("tests/fixtures/import");
    let validator = Validator::new(schema());
    let mut checked = 0;
    for name in [
        "page.html",
        "graph-sections.json",
        "country-bread.cook",
        "shakshuka.cook",
    ] {
        let out = cardgen(&["convert", dir.join(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "convert {name}: {out:?}");
        let yaml = String::from_utf8(out.stdout).unwrap();
        for doc in yaml.split("\n---\n") {
            assert!(parse(doc).is_ok(), "{name}: {:?}", parse(doc));
            let errors = validator.errors(&yaml_to_json(doc).expect("YAML"));
            assert!(errors.is_empty(), "{name}:\n{doc}\n{errors:#?}");
            checked += 1;
        }
    }
    assert!(checked >= 4);
}

/// Values for each top-level field: accepted and refused ones, in every shape the parser
/// distinguishes. Each becomes `title: Pork\nFIELD: VALUE` (or the whole document).
fn variants() -> Vec<String> {
    let text = [
        "x",
        "",
        "\"\"",
        "\"  \"",
        "5",
        "false",
        "[a]",
        "{a: 1}",
        "|\n  a\n\n  b",
        ">-\n  a\n  b",
    ];
    let fields: &[(&str, &[&str])] = &[
        (
            "title",
            &[
                "Pork", "", "\"\"", "\"  \"", "1984", "true", "[a]", "{a: b}", "Café",
            ],
        ),
        ("subtitle", &text),
        ("description", &text),
        ("author", &text),
        (
            "source",
            &[
                "https://example.com/x",
                "HTTP://EXAMPLE.COM",
                "http://",
                "https://",
                "example.com",
                "ftp://x.y",
                "\"https://exa mple.com\"",
                "\"  https://example.com  \"",
                "https://a.b/path?q=1#frag",
                "\"https://?x\"",
                "\"https://a.b?x\"",
                "",
                "\"\"",
                "5",
                "true",
                "[https://a.b]",
                "{url: https://a.b}",
                "{url: https://a.b, name: Blog}",
                "{name: Blog}",
                "{url: https://a.b, nmae: x}",
                "{url: ftp://a}",
                "{url: }",
                "{url: https://a.b, name: [x]}",
                "{url: https://a.b, name: }",
                "{url: 5}",
            ],
        ),
        (
            "lang",
            &[
                "en",
                "vi",
                "pt-BR",
                "pt-br",
                "zh-Hant-TW",
                "de-CH-1996",
                "english",
                "e",
                "en_US",
                "en-",
                "\"12\"",
                "123",
                "true",
                "",
                "\"\"",
                "\" en \"",
                "abcd",
                "en-abcdefghi",
                "en-a",
                "[en]",
                "EN",
                "{a: b}",
            ],
        ),
        ("servings", SERVINGS),
        ("yield", SERVINGS),
        (
            "time",
            &[
                "10",
                "-5",
                "0",
                "1.5",
                "45 min",
                "overnight",
                "",
                "\"\"",
                "[10 min]",
                "true",
                "{prep: 10 min}",
                "{prep: ten}",
                "{prep: -1}",
                "{prep: }",
                "{prep: 10, cook: 1 h 20 min, rest: PT5M, total: 95}",
                "{prepp: 5}",
                "{prep: [5]}",
                "{prep: true}",
                "{total: \"1:20\"}",
                "{total: \"\"}",
                "{cook: 2 Stunden, rest: 1½ hours}",
                "{cook: 10-15 min}",
            ],
        ),
        (
            "tags",
            &[
                "a, b",
                "[a, b]",
                "[a, [b]]",
                "[a, {b: c}]",
                "[a, ~]",
                "[1, true]",
                "",
                "5",
                "true",
                "{a: b}",
                "\"\"",
            ],
        ),
        (
            "photo",
            &[
                "p.jpg",
                "",
                "\"\"",
                "5",
                "[p.jpg]",
                "{path: p.jpg}",
                "{path: p.jpg, alt: x, fit: contain}",
                "{path: p.jpg, fit: COVER}",
                "{path: p.jpg, fit: \" Contain \"}",
                "{path: p.jpg, fit: stretch}",
                "{path: p.jpg, fit: }",
                "{path: p.jpg, fit: 5}",
                "{alt: x}",
                "{path: }",
                "{path: \"\"}",
                "{path: 5}",
                "{path: p.jpg, caption: x}",
                "{path: [a]}",
                "{path: p.jpg, alt: [x]}",
            ],
        ),
        (
            "ingredients",
            &[
                "[500 g pork, 2 eggs]",
                "",
                "5",
                "pork",
                "{item: pork}",
                "[~]",
                "[\"\"]",
                "[\"  \"]",
                "[5, true]",
                "[[a]]",
                "[{item: pork}]",
                "[{quantity: 1, unit: g, item: x, note: y}]",
                "[{quantity: 2}]",
                "[{item: }]",
                "[{item: \"\"}]",
                "[{item: 5}]",
                "[{item: x, nte: y}]",
                "[{item: x, quantity: [1]}]",
                "[{item: x, quantity: , unit: }]",
                "[\"2 scallions: sliced\"]",
                "\n  - 2 scallions: sliced",
                "\n  - 2 scallions: [a]",
                "[{group: G, items: [a, b]}]",
                "[{group: G, items: [a], title: T}]",
                "[{group: G}]",
                "[{group: G, items: }]",
                "[{group: G, items: 5}]",
                "[{group: , items: [a]}]",
                "[{group: G, items: [{group: H, items: [a]}]}]",
                "[{group: G, items: [{item: x}]}]",
                "[{group: G, itms: [a]}]",
                "[{group: G, items: [a], quantity: 1}]",
                "[{group: G, items: [~]}]",
                "[{group: [G], items: [a]}]",
            ],
        ),
        (
            "steps",
            &[
                "[Fry.]",
                "",
                "Fry it.",
                "5",
                "[{title: T, text: x}]",
                "[{title: T, text: x, note: y}]",
                "[{text: x}]",
                "[{title: T}]",
                "[{title: T, text: }]",
                "[{title: T, text: \"\"}]",
                "[{title: [a], text: x}]",
                "[{title: , text: x}]",
                "[{txt: x}]",
                "[~]",
                "[[a]]",
                "[5, false]",
                "[\"\"]",
                "\n  - Simmer: until thick",
                "[{group: G, steps: [a]}]",
                "[{group: G, steps: [a], title: T}]",
                "[{group: G}]",
                "[{group: G, steps: }]",
                "[{group: G, steps: 5}]",
                "[{group: G, steps: [{group: H, steps: [a]}]}]",
                "[{group: G, steps: [{title: T, text: x}]}]",
                "[{group: G, step: [a]}]",
                "[{group: \"\", steps: [a]}]",
            ],
        ),
        (
            "notes",
            &[
                "x", "[a, b]", "[a, [b]]", "[a, ~]", "", "5", "{a: b}", "[{a: b}]", "\"\"",
            ],
        ),
        (
            "sections",
            &[
                "[{title: T, text: x}]",
                "[{title: T}]",
                "[{title: T, text: }]",
                "[{title: T, body: x}]",
                "[{title: T, text: x, extra: 1}]",
                "[x]",
                "[~]",
                "",
                "5",
                "{title: T, text: x}",
                "[{title: 5, text: true}]",
                "[{title: \" \", text: x}]",
            ],
        ),
        (
            "faq",
            &[
                "[{q: Q, a: A}]",
                "[{q: Q, a: A, b: 1}]",
                "[{q: Q}]",
                "[{question: Q, a: A}]",
                "[Q]",
                "[{q: \"\", a: A}]",
                "",
                "x",
                "[{q: Q, a: [A]}]",
            ],
        ),
        (
            "nutrition",
            &[
                "{calories: 420 kcal}",
                "{calories: }",
                "{calories: \"\"}",
                "{calories: [1]}",
                "{calories: {a: b}}",
                "{1: x}",
                "{calories: 420}",
                "",
                "420",
                "[a]",
                "{calories: true}",
            ],
        ),
        ("servigns", &["4"]),
        ("prep", &["10 min"]),
        ("zzz", &["1"]),
        ("1", &["x"]),
        ("\"\"", &["x"]),
    ];
    let mut docs: Vec<String> = fields
        .iter()
        .flat_map(|(field, values)| {
            values.iter().map(move |value| {
                if *field == "title" {
                    format!("title: {value}\n")
                } else {
                    format!("title: Pork\n{field}: {value}\n")
                }
            })
        })
        .collect();
    docs.extend(
        [
            "servings: 4\n",
            "title: Pork\nservings: 4\nyield: 12 cookies\n",
            "title: Pork\nservings:\nyield: 12 cookies\n",
            "title: Pork\nyield: 12 cookies\nservings: 4\n",
            "- title: Pork\n",
            "just text\n",
            "42\n",
            "",
            "# only a comment\n",
            "base: &b {prep: 5 min}\ntitle: Pork\n",
            "title: Pork\ntime: &t {prep: 5 min}\nnotes: x\n",
            "title: Pork\ntime:\n  <<: {prep: 5 min}\n  cook: 10 min\n",
            "title: Pork\ntime:\n  <<: {prepp: 5 min}\n",
        ]
        .map(String::from),
    );
    docs
}

const SERVINGS: &[&str] = &[
    "4",
    "0",
    "-1",
    "0.5",
    "2.5",
    "4 bowls",
    "\"0 bowls\"",
    "\"-2 bowls\"",
    "\"−2\"",
    "bowls",
    "\"0.0 l\"",
    "\"0,5 l\"",
    "\"0.05\"",
    "\"0/3\"",
    "\"0 1/2 cups\"",
    "\"0 0/2\"",
    "\"00\"",
    "\"007\"",
    "\"0½\"",
    "\"½\"",
    "\"0 ½\"",
    "\"0/0\"",
    "\"0x\"",
    "\"0\"",
    "\"1/0\"",
    "\"-\"",
    "\"- 2\"",
    "\"-½\"",
    "\"  0  \"",
    "\"0, 1\"",
    "\"0,1\"",
    "\"0.\"",
    "true",
    "",
    "\"\"",
    "[4]",
    "{a: 1}",
];

#[test]
fn schema_agrees_with_the_parser_on_generated_recipes() {
    let validator = Validator::new(schema());
    let mut disagreements = Vec::new();
    let docs = variants();
    for doc in &docs {
        let parsed = parse(doc);
        let json = yaml_to_json(doc).unwrap_or_else(|| panic!("not YAML:\n{doc}"));
        let errors = validator.errors(&json);
        if parsed.is_ok() != errors.is_empty() {
            disagreements.push(format!("---\n{doc}parser: {parsed:?}\nschema: {errors:?}"));
        }
    }
    assert!(docs.len() > 300, "{} documents", docs.len());
    assert!(
        disagreements.is_empty(),
        "{} of {} documents judged differently:\n{}",
        disagreements.len(),
        docs.len(),
        disagreements.join("\n")
    );
}

#[test]
fn duration_pattern_reads_what_parse_minutes_reads() {
    let schema = schema();
    let pattern = schema
        .pointer("/$defs/duration/anyOf/1/pattern")
        .and_then(Json::as_str)
        .expect("the duration pattern");
    let re = regex_lite::Regex::new(pattern).unwrap();
    let mut cases: Vec<String> = [
        "10 min",
        "10 mins",
        "10 minutes",
        "10m",
        "1 h 20 min",
        "1h20",
        "1h 20m",
        "1 hour and 20 minutes",
        "1½ hours",
        "1 1/2 hours",
        "1.5 h",
        "1,5 Std.",
        "2 Stunden",
        "PT1H20M",
        "PT90M",
        "P1DT2H",
        "PT30S",
        "90",
        "1:20",
        "1 day",
        "45 Min.",
        "0 min",
        "",
        "overnight",
        "10-15 min",
        "PT",
        "P1X",
        "ten minutes",
        "1 20",
        "1:2",
        "min",
        "1/0 h",
        "  15 min  ",
        "pt1.5h",
        "PT1E2M",
        "P1D",
        "P1DT",
        "PT+5M",
        "P.5D",
        "PT1H2M3S",
        "PT1M1H",
        "P1H",
        "p1dt1h",
        "12:345",
        "and 10",
        "10 und",
        "10und",
        "10 etc",
        "1 hand",
        "20 hund",
        "1h and 20",
        "1h 20 and 5 s",
        "1h.20",
        "1 std.und 20",
        "1h+20m",
        "1h, 30",
        "½ h",
        "½½ h",
        "1h ½½ s",
        "1h 2½ min",
        "20 1/2 min",
        "1 h 20 30",
        "1 h 1/2",
        "3 phút",
        "3 PHÚT",
        "3 phut",
        "2 jours",
        "1 Tag",
        "2 Tage",
        "5 Sekunden",
        "3 heures",
        "1 hr",
        "2 hrs",
        "10 minuten",
        "10 minut",
        "10 mn",
        "10 sec.",
        "10 seconds",
        "10 secs",
        "1/2",
        "3/4 h",
        "1 ½ h",
        "1  1/2 h",
        "1/2½ h",
        "1,",
        "10,",
        "1h 20.",
        "1 h 1 h",
        "1 min 1",
        "1 d 2 h 3 min 4 s",
        "2 h 1",
        "2 h 1 2",
        "1.5.5 h",
        "1,5,5 h",
        ".5 h",
        "1e2 min",
        "+5 min",
        "-5 min",
        "1 m 20",
        "1 s 20",
        "1 d 20",
        "1 stunde 20",
    ]
    .map(String::from)
    .to_vec();
    // Random sentences from the pieces the grammar is made of (a fixed seed: repeatable).
    let numbers = [
        "1", "20", "0", "1.5", "1,5", "½", "1½", "1 1/2", "3/4", "1/0", "12", "1/", ".5",
    ];
    let units = [
        "h", "hr", "hours", "Std.", "min", "MIN", "m", "mn", "phút", "s", "sec", "d", "day",
        "Tage", "jour", "minx", "hund", "x", "", "", "",
    ];
    // Between a number and its unit, and between parts: mostly what the grammar allows.
    let space = ["", " ", " ", "", "  ", ".", "-"];
    let glue = [
        " ", "", " and ", "und", ",", "+", ", ", " et ", " ", "", "-", ".", ":", "x",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..20_000 {
        let mut s = String::new();
        if next(4) == 0 {
            s.push_str(glue[next(glue.len())]);
        }
        for part in 0..=next(3) {
            if part > 0 {
                s.push_str(glue[next(glue.len())]);
            }
            s.push_str(numbers[next(numbers.len())]);
            s.push_str(space[next(space.len())]);
            s.push_str(units[next(units.len())]);
        }
        if next(4) == 0 {
            s.push_str(glue[next(glue.len())]);
        }
        cases.push(s);
    }
    let wrong: Vec<String> = cases
        .iter()
        .filter(|s| cardgen::recipe::parse_minutes(s).is_some() != re.is_match(s))
        .map(|s| {
            format!(
                "{s:?}: parse_minutes {:?}",
                cardgen::recipe::parse_minutes(s)
            )
        })
        .collect();
    let read = cases
        .iter()
        .filter(|s| cardgen::recipe::parse_minutes(s).is_some())
        .count();
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        read > 1000 && read < cases.len() - 1000,
        "{read} of {} read",
        cases.len()
    );
}

// ----- a small JSON Schema validator, for the keywords the recipe schema uses ------------

/// Draft 2020-12 semantics for: type, properties, required, additionalProperties, items,
/// enum, pattern, minimum, exclusiveMinimum, exclusiveMaximum, anyOf, allOf, not and local
/// `$ref`s; annotations are skipped. Any other keyword panics, so that the schema cannot rely
/// on a keyword this test does not check.
struct Validator {
    root: Json,
    patterns: RefCell<HashMap<String, regex_lite::Regex>>,
}

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
];

impl Validator {
    fn new(root: Json) -> Self {
        Validator {
            root,
            patterns: RefCell::default(),
        }
    }

    /// Why `value` is invalid; empty when it is valid.
    fn errors(&self, value: &Json) -> Vec<String> {
        let mut out = Vec::new();
        self.check(&self.root, value, "", &mut out);
        out
    }

    fn valid(&self, schema: &Json, value: &Json) -> bool {
        let mut out = Vec::new();
        self.check(schema, value, "", &mut out);
        out.is_empty()
    }

    fn check(&self, schema: &Json, value: &Json, at: &str, out: &mut Vec<String>) {
        let schema = match schema {
            Json::Bool(true) => return,
            Json::Bool(false) => return out.push(format!("{at}: not allowed")),
            Json::Object(map) => map,
            other => panic!("not a schema: {other}"),
        };
        let mut fail = |keyword: &str| out.push(format!("{at}: fails `{keyword}`"));
        let mut nested = Vec::new();
        for (keyword, arg) in schema {
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => {
                    let target = arg.as_str().unwrap();
                    let pointer = target.strip_prefix('#').expect("a local $ref");
                    let resolved = self.root.pointer(pointer).unwrap_or_else(|| {
                        panic!("$ref {target} points nowhere");
                    });
                    self.check(resolved, value, at, &mut nested);
                }
                "type" => {
                    let types: Vec<&str> = match arg {
                        Json::String(t) => vec![t.as_str()],
                        Json::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                        other => panic!("type {other}"),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        fail("type");
                    }
                }
                "enum" => {
                    if !arg.as_array().unwrap().contains(value) {
                        fail("enum");
                    }
                }
                "pattern" => {
                    if let Json::String(s) = value {
                        let p = arg.as_str().unwrap();
                        let mut cache = self.patterns.borrow_mut();
                        let re = cache
                            .entry(p.to_string())
                            .or_insert_with(|| regex_lite::Regex::new(p).unwrap());
                        if !re.is_match(s) {
                            fail("pattern");
                        }
                    }
                }
                "minimum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    if let Some(v) = value.as_f64() {
                        let limit = arg.as_f64().unwrap();
                        let ok = match keyword.as_str() {
                            "minimum" => v >= limit,
                            "exclusiveMinimum" => v > limit,
                            _ => v < limit,
                        };
                        if !ok {
                            fail(keyword);
                        }
                    }
                }
                "required" => {
                    if let Json::Object(map) = value {
                        for key in arg.as_array().unwrap() {
                            if !map.contains_key(key.as_str().unwrap()) {
                                fail(&format!("required {key}"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Json::Object(map) = value {
                        for (key, sub) in arg.as_object().unwrap() {
                            if let Some(v) = map.get(key) {
                                self.check(sub, v, &format!("{at}/{key}"), &mut nested);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Json::Object(map) = value {
                        let known = schema.get("properties").and_then(Json::as_object);
                        for (key, v) in map {
                            if !known.is_some_and(|k| k.contains_key(key)) {
                                self.check(arg, v, &format!("{at}/{key}"), &mut nested);
                            }
                        }
                    }
                }
                "items" => {
                    if let Json::Array(items) = value {
                        for (i, v) in items.iter().enumerate() {
                            self.check(arg, v, &format!("{at}/{i}"), &mut nested);
                        }
                    }
                }
                "anyOf" => {
                    if !arg.as_array().unwrap().iter().any(|s| self.valid(s, value)) {
                        fail("anyOf");
                    }
                }
                "allOf" => {
                    for s in arg.as_array().unwrap() {
                        self.check(s, value, at, &mut nested);
                    }
                }
                "not" => {
                    if self.valid(arg, value) {
                        fail("not");
                    }
                }
                other => panic!("the test's validator does not implement `{other}`"),
            }
        }
        out.extend(nested);
    }
}

fn has_type(value: &Json, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}

#[test]
fn the_validator_is_strict() {
    let v = Validator::new(serde_json::json!({
        "type": "object",
        "properties": { "a": { "type": "string", "pattern": "^x" } },
        "required": ["a"],
        "additionalProperties": false,
        "not": { "required": ["b"] }
    }));
    assert!(v.errors(&serde_json::json!({ "a": "xy" })).is_empty());
    assert!(!v.errors(&serde_json::json!({ "a": "y" })).is_empty());
    assert!(!v.errors(&serde_json::json!({ "a": 1 })).is_empty());
    assert!(!v.errors(&serde_json::json!({})).is_empty());
    assert!(!v
        .errors(&serde_json::json!({ "a": "x", "c": 1 }))
        .is_empty());
    assert!(!v.errors(&serde_json::json!([])).is_empty());
    let unknown = std::panic::catch_unwind(|| {
        Validator::new(serde_json::json!({ "minLength": 1 })).errors(&Json::Null)
    });
    assert!(
        unknown.is_err(),
        "an unknown keyword must not pass silently"
    );
}
