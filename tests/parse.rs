//! The recipe reader end to end: fixtures with the exact diagnostics they must produce, a
//! full recipe and its model, and generated hostile inputs that must be refused quickly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cardgen::error::{Diagnostic, Error, Span};
use cardgen::recipe::{self, Fit, Ingredient, Recipe};

fn fixture(kind: &str, name: &str) -> (PathBuf, Vec<u8>) {
    let path = PathBuf::from(format!("tests/fixtures/{kind}/{name}.yaml"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, bytes)
}

fn diagnostics(file: &Path, bytes: &[u8]) -> String {
    match recipe::parse(file, bytes) {
        Ok(r) => panic!("{} parsed, but should not: {r:#?}", file.display()),
        Err(diags) => diags
            .iter()
            .map(Diagnostic::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[track_caller]
fn assert_diagnostics(name: &str, expected: &str) {
    let (path, bytes) = fixture("bad", name);
    assert_eq!(diagnostics(&path, &bytes), expected);
}

fn good(name: &str) -> Recipe {
    let (path, bytes) = fixture("good", name);
    recipe::parse(&path, &bytes).unwrap_or_else(|diags| {
        panic!(
            "{}",
            diags
                .iter()
                .map(Diagnostic::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Runs `f` on generated input and checks that it is refused fast with `message`.
#[track_caller]
fn refused_quickly(bytes: &[u8], message: &str) -> Diagnostic {
    let start = Instant::now();
    let result = recipe::parse(Path::new("gen.yaml"), bytes);
    let took = start.elapsed();
    let diags = result.expect_err("hostile input must be refused");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].message, message);
    diags[0].clone()
}

fn ing(q: Option<&str>, u: Option<&str>, item: &str, note: Option<&str>) -> Ingredient {
    Ingredient {
        quantity: q.map(String::from),
        unit: u.map(String::from),
        item: item.into(),
        note: note.map(String::from),
    }
}

// ----- a full recipe ------------------------------------------------------------------

#[test]
fn the_format_example_parses_to_the_model() {
    let r = good("pork");
    assert_eq!(r.file, Path::new("tests/fixtures/good/pork.yaml"));
    assert_eq!(r.title, "Vietnamese Caramelised Pork Mince Stir Fry");
    assert_eq!(r.subtitle.as_deref(), Some("Thịt heo kho quẹt style"));
    // `>-` folds lines; the blank line stays a paragraph break.
    assert_eq!(
        r.description.as_deref(),
        Some("Sweet, salty, sticky pork in twenty minutes.\n\nSecond paragraph.")
    );
    let source = r.source.as_ref().unwrap();
    assert_eq!(source.url, "https://example.com/recipes/pork-mince");
    assert_eq!(source.name, None);
    assert_eq!(source.span, Span::new(8, 9));
    assert_eq!(r.author.as_deref(), Some("Linh Nguyen"));
    assert_eq!(r.lang, "vi");
    let servings = r.servings.as_ref().unwrap();
    assert_eq!(
        (servings.amount, servings.text.as_str()),
        (Some(4.0), "4 servings")
    );
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.rest, r.time.total),
        (Some(10), Some(80), Some(5), Some(95))
    );
    assert_eq!(r.tags, ["pork", "weeknight", "vietnamese"]);
    let photo = r.photo.as_ref().unwrap();
    assert_eq!(photo.written, "photos/pork.jpg");
    assert_eq!(photo.path, Path::new("tests/fixtures/good/photos/pork.jpg"));
    assert_eq!(photo.alt.as_deref(), Some("Pork in a clay pot"));
    assert_eq!(photo.fit, Fit::Contain);
    assert_eq!(photo.span, Span::new(14, 16));

    assert_eq!(r.ingredients.len(), 2);
    assert_eq!(r.ingredients[0].title, None);
    assert_eq!(
        r.ingredients[0].items,
        [
            ing(Some("500"), Some("g"), "ground pork", Some("15–20% fat")),
            ing(
                Some("3"),
                Some("tbsp"),
                "palm sugar",
                Some("or brown sugar")
            ),
            ing(
                Some("1½"),
                Some("tbsp"),
                "fish sauce",
                Some("Red Boat or Three Crabs")
            ),
        ]
    );
    assert_eq!(r.ingredients[1].title.as_deref(), Some("For the garnish"));
    assert_eq!(
        r.ingredients[1].items,
        [
            ing(Some("2"), None, "scallions", Some("thinly sliced")),
            ing(Some("1"), None, "red chili", None)
        ]
    );

    assert_eq!(r.steps.len(), 2);
    let first = &r.steps[0].steps;
    assert_eq!(first[0].title, None);
    assert_eq!(
        first[0].text,
        "Melt the palm sugar with a splash of water until **deep amber**."
    );
    assert_eq!(first[1].title.as_deref(), Some("Brown the Pork Perfectly"));
    // `|` keeps its line breaks; the blank line is a paragraph break.
    assert_eq!(
        first[1].text,
        "Add the pork, break it up,\nand let it *sit* to crisp.\n\nThen stir."
    );
    assert_eq!(r.steps[1].title.as_deref(), Some("To serve"));
    assert_eq!(r.steps[1].steps[0].text, "Spoon over rice.");

    assert_eq!(r.notes, ["Keeps 3 days in the fridge.", "Freezes well."]);
    assert_eq!(r.sections.len(), 1);
    assert_eq!(r.sections[0].title, "Perfect Pairings");
    assert_eq!(
        r.sections[0].text,
        "Broken rice (cơm tấm), pickles (đồ chua), canh chua."
    );
    assert_eq!(r.faq[0].question, "Can I make it ahead?");
    assert_eq!(r.faq[0].answer, "Yes — reheat in a hot pan.");
    assert_eq!(
        r.nutrition,
        [
            ("calories".to_string(), "420 kcal".to_string()),
            ("protein".to_string(), "28 g".to_string())
        ]
    );
}

#[test]
fn minimal_recipe_is_trimmed_nfc_with_defaults() {
    let r = good("minimal");
    assert_eq!(r.title, "Caf\u{e9} au lait");
    assert_eq!(r.lang, "en");
    let servings = r.servings.unwrap();
    assert_eq!(
        (servings.amount, servings.text.as_str()),
        (Some(2.0), "2 mugs")
    );
    assert_eq!(r.tags, ["coffee", "breakfast"]);
    assert!(r.ingredients.is_empty() && r.steps.is_empty() && r.photo.is_none());
}

#[test]
fn yield_numbers_and_anchors() {
    let text = "base: &t { prep: 5 }\ntitle: Cookies\nyield: 12 cookies\ntime:\n  <<: *t\n  cook: 12\nnutrition: { calories: 95, fat: 4.5 }\n";
    let err = recipe::parse(Path::new("c.yaml"), text.as_bytes()).unwrap_err();
    // `base` is not a recipe field, even when it only holds an anchor.
    assert_eq!(err[0].to_string(), "c.yaml:1:1: error: unknown field `base`\n  help: known fields here: `title`, `subtitle`, `description`, `source`, `author`, `lang`, `dir`, `servings`, `yield`, `time`, `tags`, `photo`, `ingredients`, `steps`, `notes`, `sections`, `faq`, `nutrition`");
    let text = "title: Cookies\nyield: 12 cookies\ntime: &t\n  prep: 5\nnutrition: { calories: 95, fat: 4.5 }\nsteps:\n  - &s Mix.\n  - *s\n";
    let r = recipe::parse(Path::new("c.yaml"), text.as_bytes()).unwrap();
    let servings = r.servings.unwrap();
    assert_eq!(
        (servings.amount, servings.text.as_str()),
        (Some(12.0), "12 cookies")
    );
    assert_eq!(r.time.prep, Some(5));
    assert_eq!(r.nutrition[1], ("fat".to_string(), "4.5".to_string()));
    assert_eq!(r.steps[0].steps.len(), 2);
}

#[test]
fn merged_keys_are_located_in_the_merged_mapping() {
    let text = "title: x\ntime:\n  <<: { prep: 5, cok: 3 }\n  cook: 2\n";
    let diags = recipe::parse(Path::new("m.yaml"), text.as_bytes()).unwrap_err();
    assert_eq!(
        diags[0].to_string(),
        "m.yaml:3:18: error: unknown field `cok` in `time`\n  help: did you mean `cook`?"
    );
}

// ----- hostile and mistaken input -----------------------------------------------------

#[test]
fn too_large_files_are_refused() {
    let mut bytes = b"title: x\ndescription: ".to_vec();
    bytes.resize(recipe::MAX_FILE_BYTES + 1, b'a');
    let d = refused_quickly(&bytes, "recipe file is too large (more than 1 MiB)");
    assert_eq!(d.span, Some(Span::start()));
}

#[test]
fn load_refuses_large_files_without_reading_them_whole() {
    let dir = std::env::temp_dir().join(format!("cardgen-parse-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.yaml");
    std::fs::write(&big, vec![b'#'; 8 << 20]).unwrap();
    match recipe::load(&big) {
        Err(Error::Invalid(d)) => {
            assert_eq!(d[0].message, "recipe file is too large (more than 1 MiB)")
        }
        other => panic!("{other:?}"),
    }
    let ok = dir.join("ok.yaml");
    std::fs::write(&ok, "title: Toast\n").unwrap();
    assert_eq!(recipe::load(&ok).unwrap().title, "Toast");
    assert!(matches!(
        recipe::load(&dir.join("missing.yaml")),
        Err(Error::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_string_just_under_the_limit_is_fine() {
    let mut text = "title: ".to_string();
    text.push_str(&"long ".repeat((recipe::MAX_FILE_BYTES - 100) / 5));
    let start = Instant::now();
    let r = recipe::parse(Path::new("long.yaml"), text.as_bytes()).unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(r.title.len() > 1_000_000);
}

#[test]
fn alias_bombs_are_refused() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names: Vec<char> = ('a'..='j').collect();
    for w in names.windows(2) {
        let p = w[0];
        text.push_str(&format!(
            "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
            w[1], w[1]
        ));
    }
    refused_quickly(text.as_bytes(), "YAML aliases expand to too much data");
}

#[test]
fn a_megabyte_of_aliases_is_refused() {
    // Within yaml_serde's own repetition limit (which scales with file size), but it would
    // build millions of values: our node budget stops it.
    let mut text = String::from(
        "title: x\nbase: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\nsteps:\n",
    );
    while text.len() < recipe::MAX_FILE_BYTES - 10 {
        text.push_str(" - *a\n");
    }
    refused_quickly(text.as_bytes(), "YAML aliases expand to too much data");
}

#[test]
fn deep_flow_nesting_is_refused() {
    let text = format!(
        "title: x\nsteps: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let d = refused_quickly(text.as_bytes(), "the recipe is nested too deeply");
    assert_eq!(d.span, Some(Span::new(2, 72)));
    let text = format!("title: x\nsteps: {}\n", "{a: ".repeat(20_000));
    refused_quickly(text.as_bytes(), "the recipe is nested too deeply");
}

#[test]
fn deep_block_nesting_is_refused() {
    let text = format!("title: x\nsteps:\n{}x\n", "- ".repeat(20_000));
    refused_quickly(text.as_bytes(), "the recipe is nested too deeply");
    let mut text = String::from("title: x\nsteps:\n");
    for depth in 0..1000 {
        text.push_str(&" ".repeat(depth + 1));
        text.push_str("a:\n");
    }
    refused_quickly(text.as_bytes(), "the recipe is nested too deeply");
}

#[test]
fn binary_files_are_recognised() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 100_000));
    refused_quickly(&png, "this looks like a binary file, not a YAML recipe");
    let d = refused_quickly(
        b"title: x\n\0",
        "this looks like a binary file, not a YAML recipe",
    );
    assert_eq!(d.span, Some(Span::new(2, 1)));
}

#[test]
fn invalid_utf8_is_located() {
    let mut text = "title: Pork\nnotes: ".as_bytes().to_vec();
    text.extend(b"caf\xe9\n");
    let d = refused_quickly(&text, "invalid UTF-8 at byte 22");
    assert_eq!(d.span, Some(Span::new(2, 11)));
}

#[test]
fn a_megabyte_of_problems_stays_fast_and_bounded() {
    let mut text = String::from("title: x\n");
    let mut i = 0;
    while text.len() < recipe::MAX_FILE_BYTES - 30 {
        text.push_str(&format!("unknown_field_number_{i:07}_with_padding: 1\n"));
        i += 1;
    }
    let start = Instant::now();
    let diags = recipe::parse(Path::new("many.yaml"), text.as_bytes()).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert!(diags.len() <= 101);
    let last = diags.last().unwrap();
    assert!(
        last.message.ends_with("more problems not shown"),
        "{}",
        last.message
    );
}

// ----- fixtures with their exact diagnostics -----------------------------------------

#[test]
fn bad_bad_durations() {
    assert_diagnostics(
        "bad-durations",
        r#"tests/fixtures/bad/bad-durations.yaml:3:9: error: `time.prep` must be a duration, found `ten minutes`
  help: write e.g. `15 min`, `1 h 20 min`, `1½ hours`, `PT1H20M`, or a number of minutes
tests/fixtures/bad/bad-durations.yaml:4:9: error: `time.cook` must be a duration, found `10-15 min`
  help: write e.g. `15 min`, `1 h 20 min`, `1½ hours`, `PT1H20M`, or a number of minutes
tests/fixtures/bad/bad-durations.yaml:5:9: error: `time.rest` must be a duration, found `-5`
  help: write e.g. `15 min`, `1 h 20 min`, `1½ hours`, `PT1H20M`, or a number of minutes"#,
    );
}

#[test]
fn bad_bad_start() {
    assert_diagnostics(
        "bad-start",
        r#"tests/fixtures/bad/bad-start.yaml:1:8: error: `@` cannot start a value
  help: put text that starts with `@`, `` ` ``, `%` or a tab in quotes"#,
    );
}

#[test]
fn bad_colon_in_text() {
    assert_diagnostics(
        "colon-in-text",
        r#"tests/fixtures/bad/colon-in-text.yaml:1:12: error: unexpected `:` here
  help: if this is text containing `: `, put it in quotes; if it is a new field, check its indentation"#,
    );
}

#[test]
fn bad_duplicate() {
    assert_diagnostics(
        "duplicate",
        r#"tests/fixtures/bad/duplicate.yaml:3:1: error: duplicate field `servings`
  help: `servings` is already given above; remove one of them"#,
    );
}

#[test]
fn bad_empty() {
    assert_diagnostics(
        "empty",
        r#"tests/fixtures/bad/empty.yaml:1:1: error: the file is empty
  help: a recipe needs at least a `title`"#,
    );
}

#[test]
fn bad_empty_title() {
    assert_diagnostics(
        "empty-title",
        r#"tests/fixtures/bad/empty-title.yaml:1:1: error: `title` is empty
  help: write the recipe's name after `title:`"#,
    );
}

#[test]
fn bad_lang_garbage() {
    assert_diagnostics(
        "lang-garbage",
        r#"tests/fixtures/bad/lang-garbage.yaml:2:7: error: `lang` must be a language tag like `en`, `de` or `pt-BR`, found `123`
  help: use a BCP-47 language tag: a two-letter language code, optionally with a region, e.g. `fr-CA`"#,
    );
}

#[test]
fn bad_lang_name() {
    assert_diagnostics(
        "lang-name",
        r#"tests/fixtures/bad/lang-name.yaml:2:7: error: `lang` must be a language tag like `en`, `de` or `pt-BR`, found `english`
  help: did you mean `en`?"#,
    );
}

#[test]
fn bad_lang_underscore() {
    assert_diagnostics(
        "lang-underscore",
        r#"tests/fixtures/bad/lang-underscore.yaml:2:7: error: `lang` must be a language tag like `en`, `de` or `pt-BR`, found `en_US`
  help: did you mean `en-US`?"#,
    );
}

#[test]
fn bad_latin1() {
    assert_diagnostics(
        "latin1",
        r#"tests/fixtures/bad/latin1.yaml:1:10: error: invalid UTF-8 at byte 9
  help: save the file with UTF-8 encoding (it may be in Latin-1 or Windows-1252)"#,
    );
}

#[test]
fn bad_list_entries() {
    assert_diagnostics(
        "list-entries",
        r#"tests/fixtures/bad/list-entries.yaml:3:5: error: this ingredient contains `: `, which makes it a mapping in YAML
  help: put the whole ingredient in quotes: "2 scallions: thinly sliced"
tests/fixtures/bad/list-entries.yaml:4:4: error: empty ingredient
  help: write the ingredient after the `-`, or remove the line
tests/fixtures/bad/list-entries.yaml:5:5: error: an ingredient must be text or a mapping, found a list
  help: write `- 500 g ground pork` or `- { quantity: 500, unit: g, item: ground pork }`
tests/fixtures/bad/list-entries.yaml:6:5: error: an ingredient needs an `item`
  help: write `{ quantity: 1½, unit: tbsp, item: fish sauce }`
tests/fixtures/bad/list-entries.yaml:9:5: error: this step contains `: `, which makes it a mapping in YAML
  help: put the whole step in quotes: "Simmer: until thick""#,
    );
}

#[test]
fn bad_many_problems() {
    assert_diagnostics(
        "many-problems",
        r#"tests/fixtures/bad/many-problems.yaml:2:1: error: unknown field `servigns`
  help: did you mean `servings`?
tests/fixtures/bad/many-problems.yaml:3:14: error: `ingredients` must be a list of ingredients, found a number
  help: write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line
tests/fixtures/bad/many-problems.yaml:4:7: error: `lang` must be a language tag like `en`, `de` or `pt-BR`, found `english`
  help: did you mean `en`?
tests/fixtures/bad/many-problems.yaml:5:1: error: duplicate field `title`
  help: `title` is already given above; remove one of them"#,
    );
}

#[test]
fn bad_missing_title() {
    assert_diagnostics(
        "missing-title",
        r#"tests/fixtures/bad/missing-title.yaml:1:1: error: missing `title`
  help: add a line like `title: Vietnamese Caramelised Pork` at the top"#,
    );
}

#[test]
fn bad_only_comments() {
    assert_diagnostics(
        "only-comments",
        r#"tests/fixtures/bad/only-comments.yaml:1:1: error: the file is empty
  help: a recipe needs at least a `title`"#,
    );
}

#[test]
fn bad_photo_fit() {
    assert_diagnostics(
        "photo-fit",
        r#"tests/fixtures/bad/photo-fit.yaml:2:28: error: `photo.fit` must be `cover` or `contain`, found `stretch`
  help: `cover` fills the box and crops the edges; `contain` shows the whole photo"#,
    );
}

#[test]
fn bad_servings_and_yield() {
    assert_diagnostics(
        "servings-and-yield",
        r#"tests/fixtures/bad/servings-and-yield.yaml:3:1: error: give either `servings` or `yield`, not both
  help: `servings: 4` says how many it serves; `yield: 12 cookies` says what it makes"#,
    );
}

#[test]
fn bad_servings_negative() {
    assert_diagnostics(
        "servings-negative",
        r#"tests/fixtures/bad/servings-negative.yaml:2:11: error: `servings` must be more than zero, found `-2 bowls`
  help: write `servings: 4` or `servings: 4 bowls`"#,
    );
}

#[test]
fn bad_servings_zero() {
    assert_diagnostics(
        "servings-zero",
        r#"tests/fixtures/bad/servings-zero.yaml:2:11: error: `servings` must be more than zero, found 0
  help: write `servings: 4` or `servings: 4 bowls`"#,
    );
}

#[test]
fn bad_source_mapping_not_url() {
    assert_diagnostics(
        "source-mapping-not-url",
        r#"tests/fixtures/bad/source-mapping-not-url.yaml:2:16: error: `source.url` must be a web address starting with http:// or https://, found `ftp://example.com/x`
  help: write the full address, e.g. https://example.com/recipe"#,
    );
}

#[test]
fn bad_source_not_url() {
    assert_diagnostics(
        "source-not-url",
        r#"tests/fixtures/bad/source-not-url.yaml:2:9: error: `source` must be a web address starting with http:// or https://, found `example.com/recipe`
  help: write the full address, e.g. https://example.com/recipe"#,
    );
}

#[test]
fn bad_tabs() {
    assert_diagnostics(
        "tabs",
        r#"tests/fixtures/bad/tabs.yaml:3:1: error: tab character used for indentation
  help: YAML needs spaces; replace tabs with spaces"#,
    );
}

#[test]
fn bad_top_level_list() {
    assert_diagnostics(
        "top-level-list",
        r#"tests/fixtures/bad/top-level-list.yaml:1:1: error: a recipe must be a mapping of fields like `title: …`, found a list
  help: start with a line like `title: Vietnamese Caramelised Pork`, then one `field: value` per line"#,
    );
}

#[test]
fn bad_top_level_scalar() {
    assert_diagnostics(
        "top-level-scalar",
        r#"tests/fixtures/bad/top-level-scalar.yaml:1:1: error: a recipe must be a mapping of fields like `title: …`, found text
  help: start with a line like `title: Vietnamese Caramelised Pork`, then one `field: value` per line"#,
    );
}

#[test]
fn bad_two_documents() {
    assert_diagnostics(
        "two-documents",
        r#"tests/fixtures/bad/two-documents.yaml:2:1: error: the file contains more than one YAML document
  help: put each recipe in its own file, and remove the `---` line"#,
    );
}

#[test]
fn bad_unclosed_list() {
    assert_diagnostics(
        "unclosed-list",
        r#"tests/fixtures/bad/unclosed-list.yaml:2:7: error: unclosed `[`
  help: close the list with `]`, and put items that contain `,`, `[`, `]` or `: ` in quotes"#,
    );
}

#[test]
fn bad_unclosed_quote() {
    assert_diagnostics(
        "unclosed-quote",
        r#"tests/fixtures/bad/unclosed-quote.yaml:1:8: error: unclosed quote
  help: add the closing quote"#,
    );
}

#[test]
fn bad_unknown_alias() {
    assert_diagnostics(
        "unknown-alias",
        r#"tests/fixtures/bad/unknown-alias.yaml:2:8: error: this alias (`*…`) refers to an anchor that is not defined
  help: define the anchor first, e.g. `&base` on a value above, then refer to it with `*base`"#,
    );
}

#[test]
fn bad_unknown_field() {
    assert_diagnostics(
        "unknown-field",
        r#"tests/fixtures/bad/unknown-field.yaml:2:1: error: unknown field `servigns`
  help: did you mean `servings`?"#,
    );
}

#[test]
fn bad_unknown_nested() {
    assert_diagnostics(
        "unknown-nested",
        r#"tests/fixtures/bad/unknown-nested.yaml:3:50: error: unknown field `nte` in an ingredient
  help: did you mean `note`?
tests/fixtures/bad/unknown-nested.yaml:4:5: error: an ingredient group needs `items`
  help: write `items: [2 scallions, 1 red chili]` under `group:`
tests/fixtures/bad/unknown-nested.yaml:5:5: error: unknown field `itms` in an ingredient group
  help: did you mean `items`?
tests/fixtures/bad/unknown-nested.yaml:6:23: error: unknown field `cok` in `time`
  help: did you mean `cook`?
tests/fixtures/bad/unknown-nested.yaml:7:39: error: unknown field `nmae` in `source`
  help: did you mean `name`?
tests/fixtures/bad/unknown-nested.yaml:8:31: error: unknown field `fitt` in `photo`
  help: did you mean `fit`?
tests/fixtures/bad/unknown-nested.yaml:10:5: error: a step needs `text`
  help: write `- Step text` or `- { title: Brown the pork, text: … }`
tests/fixtures/bad/unknown-nested.yaml:10:19: error: unknown field `txt` in a step
  help: did you mean `text`?
tests/fixtures/bad/unknown-nested.yaml:11:5: error: a step group needs `steps`
  help: write `steps: [Spoon over rice.]` under `group:`
tests/fixtures/bad/unknown-nested.yaml:12:5: error: unknown field `step` in a step group
  help: did you mean `steps`?
tests/fixtures/bad/unknown-nested.yaml:14:5: error: a section needs `text`
  help: write `- { title: Perfect Pairings, text: Rice and pickles. }`
tests/fixtures/bad/unknown-nested.yaml:14:24: error: unknown field `body` in a section
  help: did you mean `text`?
tests/fixtures/bad/unknown-nested.yaml:16:5: error: a FAQ entry needs `q`
  help: write `- { q: Can I make it ahead?, a: Yes — reheat in a hot pan. }`
tests/fixtures/bad/unknown-nested.yaml:16:7: error: unknown field `question` in a FAQ entry
  help: did you mean `q`?
tests/fixtures/bad/unknown-nested.yaml:17:1: error: unknown field `zzz`
  help: known fields here: `title`, `subtitle`, `description`, `source`, `author`, `lang`, `dir`, `servings`, `yield`, `time`, `tags`, `photo`, `ingredients`, `steps`, `notes`, `sections`, `faq`, `nutrition`"#,
    );
}

#[test]
fn bad_wrong_type() {
    assert_diagnostics(
        "wrong-type",
        r#"tests/fixtures/bad/wrong-type.yaml:2:14: error: `ingredients` must be a list of ingredients, found a number
  help: write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line
tests/fixtures/bad/wrong-type.yaml:3:8: error: `steps` must be a list of steps, found text
  help: write one `- Step text` per line under `steps:`
tests/fixtures/bad/wrong-type.yaml:4:7: error: `time` must be a mapping of times, found a list
  help: write `time: { prep: 10 min, cook: 15 min }`
tests/fixtures/bad/wrong-type.yaml:5:7: error: `tags` must be a list of tags, found a mapping
  help: write `tags: [pork, weeknight]`"#,
    );
}

#[test]
fn an_empty_photo_fit_keeps_the_photo_with_the_default_fit() {
    let yaml = "title: T\ningredients: [salt]\nsteps: [Stir.]\nphoto: { path: p.jpg, fit: }\n";
    let r = recipe::parse(Path::new("t.yaml"), yaml.as_bytes()).expect("valid");
    let photo = r.photo.expect("the photo is kept");
    assert_eq!((photo.written.as_str(), photo.fit), ("p.jpg", Fit::Cover));
}
