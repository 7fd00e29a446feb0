//! Importing recipes from the formats people already have (schema.org JSON-LD in `.json` and
//! saved web pages, Paprika, Cooklang), `cardgen convert`, and scaling on the command line.
//! (GitHub issue "Bring your recipes: import from the formats people already have".)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine;
use cardgen::error::{Error, Span};
use cardgen::import::{self, emit};
use cardgen::recipe::{self, Recipe};

const BIN: &str = env!("CARGO_BIN_EXE_cardgen");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The same path as the CLI prints it when run from the repository.
fn rel(name: &str) -> String {
    format!("tests/fixtures/import/{name}")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardgen-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cardgen(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("cardgen runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn assert_ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(out));
}

#[track_caller]
fn assert_pdf(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"%PDF-"),
        "{} is not a PDF",
        path.display()
    );
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The one error message of a failed load, as printed.
#[track_caller]
fn error_text(result: Result<Recipe, Error>) -> String {
    match result {
        Err(e) => e.to_string(),
        Ok(r) => panic!("expected an error, got {:?}", r.title),
    }
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 20) as u8, (y * 20) as u8, 90])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .encode_image(&img)
        .unwrap();
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A Paprika recipe as the app exports it (fields as in Paprika 3's export).
fn paprika_json(name: &str, photo: Option<&[u8]>) -> String {
    let photo_data = photo
        .map(|p| base64::engine::general_purpose::STANDARD.encode(p))
        .map_or("null".to_string(), |b| format!("\"{b}\""));
    format!(
        r#"{{
  "uid": "5A1B2C3D-0000-4000-8000-000000000001",
  "name": "{name}",
  "ingredients": "For the batter:\n200 g plain flour\n2 eggs\n300 ml milk\n1 pinch salt\n\nTo serve:\nmaple syrup",
  "directions": "Whisk the flour, eggs, milk and salt until smooth.\n\nRest for 30 minutes.\n\nFry thin pancakes in a hot buttered pan.",
  "notes": "The batter keeps a day in the fridge.",
  "servings": "4",
  "prep_time": "10 mins",
  "cook_time": "20 mins",
  "total_time": "1 hr",
  "source": "Example Kitchen",
  "source_url": "https://www.example.com/recipes/pancakes",
  "categories": ["Breakfast", "Quick"],
  "nutritional_info": "Calories: 210\nProtein: 8 g",
  "description": "Thin, lacy pancakes.",
  "difficulty": "Easy",
  "rating": 5,
  "photo": "ABCD-1234.jpg",
  "photo_data": {photo_data},
  "image_url": "https://www.example.com/img/pancakes.jpg",
  "created": "2024-03-01 10:00:00",
  "hash": "abc"
}}"#
    )
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// What the YAML reader cannot reproduce: where the recipe was read from and positions in it.
fn normalized(mut r: Recipe) -> Recipe {
    r.file = PathBuf::new();
    if let Some(s) = &mut r.source {
        s.span = Span::start();
    }
    r.photo = None;
    r
}

// ----- schema.org JSON-LD ------------------------------------------------------------------

#[test]
fn json_ld_with_graph_references_and_sections() {
    let r = import::load_any(&fixture("graph-sections.json")).unwrap();
    assert_eq!(r.title, "Country Loaf");
    assert_eq!(
        r.description.as_deref(),
        Some("A crackly, open-crumbed sourdough loaf & a *very* forgiving schedule.")
    );
    assert_eq!(r.author.as_deref(), Some("Ada Baker"));
    let source = r.source.as_ref().unwrap();
    assert_eq!(source.url, "https://www.example.com/recipes/country-loaf/");
    assert_eq!(source.name.as_deref(), Some("Example Kitchen"));
    assert_eq!(r.lang, "en-GB");
    let servings = r.servings.as_ref().unwrap();
    assert_eq!(
        (servings.amount, servings.text.as_str()),
        (Some(1.0), "1 loaf")
    );
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.total),
        (Some(30), Some(45), Some(1515))
    );
    assert_eq!(r.tags, vec!["Bread", "French", "sourdough", "Baking"]);
    assert!(r.photo.is_none(), "a remote image is not fetched");
    let items: Vec<_> = r.all_ingredients().collect();
    assert_eq!(items.len(), 4);
    assert_eq!(
        (
            items[1].quantity.as_deref(),
            items[1].unit.as_deref(),
            items[1].item.as_str(),
            items[1].note.as_deref()
        ),
        (Some("375"), Some("g"), "water", Some("at room temperature"))
    );
    let groups: Vec<_> = r
        .steps
        .iter()
        .map(|g| (g.title.as_deref(), g.steps.len()))
        .collect();
    assert_eq!(groups, vec![(Some("The dough"), 2), (Some("Baking"), 2)]);
    assert!(
        r.all_steps().all(|s| s.title.is_none()),
        "names repeating the text are dropped"
    );
    assert_eq!(
        r.steps[1].steps[0].text,
        "Heat the oven to 475 °F with a Dutch oven inside."
    );
    assert_eq!(
        r.nutrition,
        vec![
            ("calories".to_string(), "180 kcal".to_string()),
            ("carbohydrates".to_string(), "36 g".to_string()),
            ("protein".to_string(), "6 g".to_string()),
        ]
    );
}

#[test]
fn web_page_with_two_ld_json_blocks() {
    let r = import::load_any(&fixture("page.html")).unwrap();
    assert_eq!(r.title, "Shakshuka – eggs in purgatory");
    assert_eq!(r.author.as_deref(), Some("Sam Cook, Alex Pan"));
    assert_eq!(
        r.source.as_ref().unwrap().url,
        "https://www.example.com/recipes/shakshuka"
    );
    assert_eq!(r.servings.as_ref().unwrap().text, "2 servings");
    assert_eq!(r.time.total, Some(30));
    assert_eq!(r.tags, vec!["Breakfast", "Brunch", "eggs", "vegetarian"]);
    assert_eq!(
        r.description.as_deref(),
        Some("Eggs poached in a smoky pepper & tomato sauce.")
    );
    let feta = r.all_ingredients().last().unwrap();
    assert_eq!(
        (
            feta.quantity.as_deref(),
            feta.unit.as_deref(),
            feta.item.as_str()
        ),
        (Some("30"), Some("g"), "feta")
    );
    let steps: Vec<&str> = r.all_steps().map(|s| s.text.as_str()).collect();
    assert_eq!(
        steps[0],
        "Heat the oil in a 24 cm pan and cook the onion for 8–10 minutes."
    );
    assert_eq!(steps[2], "Add the tomatoes and simmer until **thick**.");
    assert_eq!(r.nutrition[0], ("calories".to_string(), "310".to_string()));
    assert!(r.photo.is_none());
}

#[test]
fn a_saved_photo_next_to_the_page_is_used() {
    let dir = temp("page-photo");
    std::fs::copy(fixture("page.html"), dir.join("page.html")).unwrap();
    std::fs::create_dir_all(dir.join("page_files")).unwrap();
    std::fs::write(dir.join("page_files/shakshuka.jpg"), jpeg(32, 24)).unwrap();
    let r = import::load_any(&dir.join("page.html")).unwrap();
    let photo = r.photo.as_ref().expect("photo found");
    assert_eq!(photo.written, "page_files/shakshuka.jpg");
    let out = cardgen(&["page.html", "-o", "page.pdf"], &dir);
    assert_ok(&out);
    assert_pdf(&dir.join("page.pdf"));
}

#[test]
fn a_yaml_file_that_is_json_ld_is_read_as_json_ld() {
    let dir = temp("yaml-jsonld");
    std::fs::copy(fixture("graph-sections.json"), dir.join("loaf.yaml")).unwrap();
    assert_eq!(
        import::load_any(&dir.join("loaf.yaml")).unwrap().title,
        "Country Loaf"
    );
    // and our format written as JSON is still our format
    std::fs::write(
        dir.join("ours.json"),
        r#"{"title": "Toast", "ingredients": ["1 slice bread"]}"#,
    )
    .unwrap();
    assert_eq!(
        import::load_any(&dir.join("ours.json")).unwrap().title,
        "Toast"
    );
}

#[test]
fn malformed_json_is_located() {
    assert_eq!(
        error_text(import::load_any(Path::new(&rel("bad-syntax.json")))),
        "tests/fixtures/import/bad-syntax.json:5:3: error: invalid JSON: expected `,` or `}`\n  help: check for a missing comma, quote or bracket just before this point"
    );
    let page = "<html>\n<script type=\"application/ld+json\">\n{\"@type\": \"Recipe\",\n \"name\": \"X\",,}\n</script>";
    let err = import::parse_any(Path::new("p.html"), page.as_bytes()).unwrap_err();
    assert_eq!(err[0].to_string(), "p.html:4:14: error: invalid JSON: key must be a string\n  help: check for a missing comma, quote or bracket just before this point");
}

#[test]
fn a_page_without_a_recipe_says_what_it_found() {
    assert_eq!(
        error_text(import::load_any(Path::new(&rel("no-recipe.html")))),
        "tests/fixtures/import/no-recipe.html:3:36: error: no schema.org Recipe in this page's JSON-LD (found `WebSite`, `Organization`, `BreadcrumbList`)\n  help: save the page of the recipe itself (its JSON-LD has `\"@type\": \"Recipe\"`), or write the recipe in YAML"
    );
    let err =
        import::parse_any(Path::new("plain.html"), b"<html><body>hi</body></html>").unwrap_err();
    assert_eq!(err[0].message, "no schema.org recipe data in this page");
    let err = import::parse_any(
        Path::new("r.json"),
        br#"{"@type": "Recipe", "recipeIngredient": []}"#,
    )
    .unwrap_err();
    assert_eq!(err[0].to_string(), "r.json:1:1: error: the schema.org Recipe has no `name`\n  help: a recipe needs a title: add `\"name\": \"…\"` to the Recipe, or convert it and write `title:` in the YAML");
}

#[test]
fn real_world_instruction_shapes() {
    let json = r#"{"@context": "https://schema.org", "@type": "Recipe", "name": "X",
      "recipeYield": "4 to 6 servings",
      "recipeInstructions": "<ol><li>Preheat the oven.</li><li>Mix &amp; bake.</li></ol>"}"#;
    let r = import::parse_any(Path::new("x.json"), json.as_bytes())
        .unwrap()
        .remove(0);
    let steps: Vec<&str> = r.all_steps().map(|s| s.text.as_str()).collect();
    assert_eq!(steps, vec!["Preheat the oven.", "Mix & bake."]);
    assert_eq!(r.servings.unwrap().amount, Some(4.0));

    let json = r#"[{"@type": "WebPage", "mainEntity": {"@type": "schema:Recipe", "name": "Y",
      "recipeInstructions": ["1. Boil water.", "2. Add pasta."],
      "image": {"url": "https://x/y.jpg"}, "author": "Jo"}}]"#;
    let r = import::parse_any(Path::new("y.json"), json.as_bytes())
        .unwrap()
        .remove(0);
    let steps: Vec<&str> = r.all_steps().map(|s| s.text.as_str()).collect();
    assert_eq!(steps, vec!["Boil water.", "Add pasta."]);
    assert_eq!(r.author.as_deref(), Some("Jo"));

    let json = r#"{"@type": "Recipe", "name": "Z", "recipeInstructions": [
      {"@type": "HowToStep", "name": "Make the sauce", "text": "Simmer tomatoes."},
      {"@type": "HowToSection", "name": "Finish", "itemListElement": ["Serve hot."]}]}"#;
    let r = import::parse_any(Path::new("z.json"), json.as_bytes())
        .unwrap()
        .remove(0);
    assert_eq!(r.steps[0].steps[0].title.as_deref(), Some("Make the sauce"));
    assert_eq!(r.steps[1].title.as_deref(), Some("Finish"));
}

// ----- Paprika -----------------------------------------------------------------------------

#[test]
fn paprika_recipe_with_photo() {
    let dir = temp("paprika");
    let photo = jpeg(40, 30);
    let path = dir.join("pancakes.paprikarecipe");
    std::fs::write(&path, gzip(paprika_json("Crêpes", Some(&photo)).as_bytes())).unwrap();
    let r = import::load_any(&path).unwrap();
    assert_eq!(r.title, "Crêpes");
    assert_eq!(r.servings.as_ref().unwrap().text, "4 servings");
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.total),
        (Some(10), Some(20), Some(60))
    );
    assert_eq!(r.tags, vec!["Breakfast", "Quick"]);
    assert_eq!(r.ingredients.len(), 2);
    assert_eq!(r.ingredients[0].title.as_deref(), Some("For the batter"));
    assert_eq!(r.ingredients[1].items[0].item, "maple syrup");
    assert_eq!(r.all_steps().count(), 3);
    assert_eq!(r.notes, vec!["The batter keeps a day in the fridge."]);
    assert_eq!(r.nutrition[1], ("protein".to_string(), "8 g".to_string()));
    let source = r.source.as_ref().unwrap();
    assert_eq!(
        (source.url.as_str(), source.name.as_deref()),
        (
            "https://www.example.com/recipes/pancakes",
            Some("Example Kitchen")
        )
    );
    let p = r.photo.as_ref().unwrap();
    assert_eq!(p.data.as_deref(), Some(photo.as_slice()));
    assert_eq!(p.written, "ABCD-1234.jpg (inside pancakes.paprikarecipe)");

    // The photo is printed from memory.
    let out = cardgen(
        &[
            "pancakes.paprikarecipe",
            "--layout",
            "sheet",
            "-o",
            "pancakes.pdf",
        ],
        &dir,
    );
    assert_ok(&out);
    assert_pdf(&dir.join("pancakes.pdf"));
    let pdf = std::fs::read(dir.join("pancakes.pdf")).unwrap();
    assert!(
        pdf.windows(10).any(|w| w == b"/DCTDecode"),
        "the JPEG is embedded"
    );
}

#[test]
fn paprika_bundle_of_two() {
    let dir = temp("bundle");
    let bundle = zip_of(&[
        (
            "Crêpes.paprikarecipe",
            gzip(paprika_json("Crêpes", Some(&jpeg(16, 16))).as_bytes()),
        ),
        (
            "Waffles.paprikarecipe",
            gzip(paprika_json("Waffles", None).as_bytes()),
        ),
    ]);
    std::fs::write(dir.join("export.paprikarecipes"), &bundle).unwrap();
    let all = import::load_all(&dir.join("export.paprikarecipes")).unwrap();
    let titles: Vec<&str> = all.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, vec!["Crêpes", "Waffles"]);
    assert_eq!(
        error_text(import::load_any(&dir.join("export.paprikarecipes")))
            .lines()
            .next()
            .unwrap()
            .split(": error: ")
            .nth(1),
        Some("this file holds 2 recipes where one was expected")
    );

    // One PDF with both…
    let out = cardgen(&["export.paprikarecipes", "-o", "all.pdf"], &dir);
    assert_ok(&out);
    assert_pdf(&dir.join("all.pdf"));
    // …or one PDF each, named after the recipes, in a folder named after the file.
    let out = cardgen(&["export.paprikarecipes", "-o", "out/"], &dir);
    assert_ok(&out);
    assert_pdf(&dir.join("out/export/crepes.pdf"));
    assert_pdf(&dir.join("out/export/waffles.pdf"));
}

#[test]
fn malformed_paprika_files() {
    let path = Path::new("bad.paprikarecipes");
    let err = import::parse_any(path, b"PK\x03\x04 this is not really a zip").unwrap_err();
    assert!(
        err[0].to_string().starts_with("bad.paprikarecipes:1:1: error: not a valid Paprika export: the zip archive is corrupt ("),
        "{}",
        err[0]
    );
    assert_eq!(
        err[0].help,
        vec!["export the recipes from Paprika again (File → Export…), and copy the whole file"]
    );

    let json = paprika_json("Bad Photo", None)
        .replace("\"photo_data\": null", "\"photo_data\": \"!!not base64!!\"");
    let err = import::parse_any(Path::new("p.paprikarecipe"), &gzip(json.as_bytes())).unwrap_err();
    assert_eq!(err[0].to_string(), "p.paprikarecipe:1:1: error: `photo_data` is not valid base64 (Invalid symbol 33, offset 12.)\n  help: the photo inside the recipe is damaged; export the recipe from Paprika again, or remove its photo in Paprika first");

    let gz = gzip(paprika_json("Cut", None).as_bytes());
    let err = import::parse_any(Path::new("cut.paprikarecipe"), &gz[..gz.len() / 2]).unwrap_err();
    assert!(
        err[0].message.starts_with("the gzip data is corrupt"),
        "{}",
        err[0]
    );

    let err = import::parse_any(
        Path::new("n.paprikarecipe"),
        &gzip(br#"{"ingredients": "x"}"#),
    )
    .unwrap_err();
    assert_eq!(err[0].message, "the Paprika recipe has no `name`");

    // One bad entry in a bundle is reported with its name.
    let bundle = zip_of(&[
        (
            "Good.paprikarecipe",
            gzip(paprika_json("Good", None).as_bytes()),
        ),
        ("Broken.paprikarecipe", b"\x1f\x8b\x08\x00garbage".to_vec()),
    ]);
    let err = import::parse_any(Path::new("b.paprikarecipes"), &bundle).unwrap_err();
    assert!(
        err[0]
            .message
            .starts_with("in `Broken.paprikarecipe`: the gzip data is corrupt"),
        "{}",
        err[0]
    );
}

#[test]
fn archive_bombs_are_refused() {
    // More entries than allowed.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..1001 {
        w.start_file(format!("{i}.paprikarecipe"), stored).unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    let err = import::parse_any(Path::new("many.paprikarecipes"), &many).unwrap_err();
    assert_eq!(
        err[0].message,
        "the archive has 1001 entries; at most 1000 are read"
    );

    // An entry that inflates past the limit.
    let big = vec![b' '; 17 << 20];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "big.paprikarecipe",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(&big).unwrap();
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20);
    let started = std::time::Instant::now();
    let err = import::parse_any(Path::new("bomb.paprikarecipes"), &bomb).unwrap_err();
    assert_eq!(
        err[0].message,
        "the recipe data unpacks to more than 16 MiB"
    );
    assert!(started.elapsed().as_secs() < 10);
}

// ----- Cooklang ----------------------------------------------------------------------------

#[test]
fn cooklang_with_metadata_lines() {
    let r = import::load_any(&fixture("shakshuka.cook")).unwrap();
    assert_eq!(r.title, "Weeknight Shakshuka");
    assert_eq!(r.servings.as_ref().unwrap().text, "2 servings");
    assert_eq!(
        r.source.as_ref().unwrap().url,
        "https://www.example.com/recipes/shakshuka"
    );
    assert_eq!(r.tags, vec!["eggs", "vegetarian"]);
    assert_eq!(r.time.total, Some(30));
    assert_eq!(r.author.as_deref(), Some("Sam Cook"));
    let lines: Vec<String> = r.all_ingredients().map(emit::ingredient_line).collect();
    assert_eq!(
        lines,
        vec![
            "2 tbsp olive oil",
            "1 onion, thinly sliced",
            "2 cloves garlic",
            "1 tsp ground cumin",
            "400 g tinned tomatoes",
            "4 eggs",
            "salt",
            "pepper",
        ]
    );
    let steps: Vec<&str> = r.all_steps().map(|s| s.text.as_str()).collect();
    assert_eq!(
        steps,
        vec![
            "Heat olive oil in a frying pan and cook onion for 8 minutes.",
            "Stir in garlic and ground cumin, then add tinned tomatoes. Simmer for 10 minutes.",
            "Crack in eggs, cover and cook until set. Season with salt and pepper.",
        ]
    );
}

#[test]
fn cooklang_with_front_matter_sections_and_notes() {
    let r = import::load_any(&fixture("country-bread.cook")).unwrap();
    assert_eq!(r.title, "Country Bread");
    assert_eq!(r.servings.as_ref().unwrap().text, "1 loaf");
    assert_eq!((r.time.prep, r.time.cook), (Some(30), Some(45)));
    assert_eq!(r.description.as_deref(), Some("An overnight loaf."));
    assert_eq!(r.tags, vec!["bread", "baking"]);
    let groups: Vec<_> = r
        .steps
        .iter()
        .map(|g| (g.title.as_deref(), g.steps.len()))
        .collect();
    assert_eq!(groups, vec![(Some("Dough"), 2), (Some("Bake"), 1)]);
    assert_eq!(
        r.steps[0].steps[0].text,
        "Mix strong white flour with water and rest 1 hour."
    );
    assert_eq!(
        r.steps[1].steps[0].text,
        "Heat a dutch oven at 250 °C. Bake for 45 minutes."
    );
    assert_eq!(r.notes, vec!["Keeps three days wrapped in a cloth."]);
    assert_eq!(r.all_ingredients().count(), 4);
}

#[test]
fn cooklang_unclosed_brace_is_located() {
    assert_eq!(
        error_text(import::load_any(Path::new(&rel("unclosed.cook")))),
        "tests/fixtures/import/unclosed.cook:3:11: error: unclosed `{` in ingredient `flour`\n  help: close it with `}` on the same line, e.g. `@flour{200%g}`"
    );
    let err = import::parse_any(Path::new("c.cook"), b"Mix [- never closed\n\nmore").unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "c.cook:1:5: error: unclosed block comment `[-`\n  help: end the comment with `-]`"
    );
}

// ----- convert -----------------------------------------------------------------------------

/// Every imported recipe written as YAML reads back as the same recipe.
#[test]
fn converted_yaml_reads_back_the_same() {
    let dir = temp("roundtrip");
    let paprika = dir.join("p.paprikarecipe");
    std::fs::write(
        &paprika,
        gzip(paprika_json("Crêpes", Some(&jpeg(8, 8))).as_bytes()),
    )
    .unwrap();
    let inputs = [
        fixture("graph-sections.json"),
        fixture("page.html"),
        fixture("shakshuka.cook"),
        fixture("country-bread.cook"),
        paprika,
        repo().join("recipes/shakshuka.yaml"),
    ];
    for input in inputs {
        for r in import::load_all(&input).unwrap() {
            let yaml = emit::to_yaml(&r, "Converted from a test");
            let back = recipe::parse(Path::new("back.yaml"), yaml.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e:?}\n{yaml}", input.display()));
            assert_eq!(
                normalized(back),
                normalized(r),
                "{}:\n{yaml}",
                input.display()
            );
        }
    }
}

#[test]
fn converted_yaml_is_pleasant() {
    let r = import::load_any(&fixture("page.html")).unwrap();
    let yaml = emit::to_yaml(&r, "Converted from page.html");
    let expected_start = "# Converted from page.html\n\ntitle: Shakshuka – eggs in purgatory\ndescription: Eggs poached in a smoky pepper & tomato sauce.\nsource: https://www.example.com/recipes/shakshuka\nauthor: Sam Cook, Alex Pan\nlang: en\nservings: 2\ntime:\n  total: 30 min\ntags: [Breakfast, Brunch, eggs, vegetarian]\n\ningredients:\n  - 2 tbsp olive oil\n  - 1 onion, thinly sliced\n";
    assert!(yaml.starts_with(expected_start), "{yaml}");
    assert!(
        yaml.contains(
            "\nsteps:\n  - Heat the oil in a 24 cm pan and cook the onion for 8–10 minutes.\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("\nnutrition:\n  calories: 310\n  protein: 17 g\n"),
        "{yaml}"
    );
}

#[test]
fn cli_exports_and_converts_a_web_page() {
    let dir = temp("cli-page");
    let page = fixture("page.html");
    let page = page.to_str().unwrap();
    let out = cardgen(&[page, "-o", "x.pdf"], &dir);
    assert_ok(&out);
    assert_pdf(&dir.join("x.pdf"));

    let out = cardgen(&["convert", page, "-o", "r.yaml"], &dir);
    assert_ok(&out);
    let yaml = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    assert!(
        yaml.starts_with("# Converted from page.html by `cardgen convert`."),
        "{yaml}"
    );
    let out = cardgen(&["r.yaml", "-o", "y.pdf"], &dir);
    assert_ok(&out);
    assert_pdf(&dir.join("y.pdf"));

    // Without -o the YAML goes to stdout.
    let out = cardgen(&["convert", page], &dir);
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("title: Shakshuka – eggs in purgatory"));
}

#[test]
fn cli_convert_keeps_an_embedded_photo_next_to_the_yaml() {
    let dir = temp("cli-paprika");
    std::fs::write(
        dir.join("c.paprikarecipe"),
        gzip(paprika_json("Crêpes", Some(&jpeg(24, 16))).as_bytes()),
    )
    .unwrap();
    let out = cardgen(&["convert", "c.paprikarecipe", "-o", "crepes.yaml"], &dir);
    assert_ok(&out);
    assert!(dir.join("crepes.jpg").is_file());
    let yaml = std::fs::read_to_string(dir.join("crepes.yaml")).unwrap();
    assert!(
        yaml.contains("photo:\n  path: crepes.jpg\n  alt: Crêpes\n"),
        "{yaml}"
    );
    let out = cardgen(&["crepes.yaml", "-o", "crepes.pdf"], &dir);
    assert_ok(&out);

    // A bundle converts into a folder, one YAML per recipe.
    let bundle = zip_of(&[
        (
            "A.paprikarecipe",
            gzip(paprika_json("Crêpes", None).as_bytes()),
        ),
        (
            "B.paprikarecipe",
            gzip(paprika_json("Waffles", None).as_bytes()),
        ),
    ]);
    std::fs::write(dir.join("all.paprikarecipes"), bundle).unwrap();
    let out = cardgen(&["convert", "all.paprikarecipes", "-o", "yaml/"], &dir);
    assert_ok(&out);
    assert!(dir.join("yaml/crepes.yaml").is_file() && dir.join("yaml/waffles.yaml").is_file());
    let out = cardgen(&["convert", "all.paprikarecipes", "-o", "one.yaml"], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn folders_pick_up_every_format() {
    let dir = temp("folder");
    let src = dir.join("recipes");
    std::fs::create_dir_all(&src).unwrap();
    for name in ["page.html", "graph-sections.json", "shakshuka.cook"] {
        std::fs::copy(fixture(name), src.join(name)).unwrap();
    }
    std::fs::write(
        src.join("p.paprikarecipe"),
        gzip(paprika_json("Crêpes", None).as_bytes()),
    )
    .unwrap();
    std::fs::write(src.join("notes.txt"), "not a recipe").unwrap();
    let out = cardgen(&["recipes", "-o", "out/"], &dir);
    assert_ok(&out);
    for pdf in ["page.pdf", "graph-sections.pdf", "shakshuka.pdf", "p.pdf"] {
        assert_pdf(&dir.join("out").join(pdf));
    }
    assert!(!dir.join("out/notes.pdf").exists());
}

#[test]
fn cli_errors_in_imported_files_are_located() {
    let out = cardgen(
        &[&rel("unclosed.cook"), "-o", "/tmp/never-written-import.pdf"],
        repo(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "tests/fixtures/import/unclosed.cook:3:11: error: unclosed `{` in ingredient `flour`\n  help: close it with `}` on the same line, e.g. `@flour{200%g}`\n"
    );
}

// ----- scaling -----------------------------------------------------------------------------

#[test]
fn cli_scales_and_converts_units() {
    let dir = temp("scale");
    let out = cardgen(
        &[
            "convert",
            fixture("page.html").to_str().unwrap(),
            "--servings",
            "4",
            "--units",
            "us",
            "-o",
            "r.yaml",
        ],
        &dir,
    );
    assert_ok(&out);
    let yaml = std::fs::read_to_string(dir.join("r.yaml")).unwrap();
    for line in [
        "servings: 4\n",
        "  - 4 tbsp olive oil\n",
        "  - 2 onions, thinly sliced\n",
        "  - 4 cloves garlic, crushed\n",
        "  - 1¾ lb tinned chopped tomatoes\n",
        "  - 8 eggs\n",
        "  - 2 oz feta, crumbled\n",
    ] {
        assert!(yaml.contains(line), "missing {line:?} in\n{yaml}");
    }
    let out = cardgen(
        &[
            fixture("graph-sections.json").to_str().unwrap(),
            "--scale",
            "2",
            "--units",
            "metric",
            "-o",
            "loaf.pdf",
        ],
        &dir,
    );
    assert_ok(&out);
    assert_pdf(&dir.join("loaf.pdf"));

    let out = cardgen(
        &[
            "convert",
            fixture("country-bread.cook").to_str().unwrap(),
            "--units",
            "metric",
        ],
        &dir,
    );
    assert_ok(&out);
    let out = cardgen(
        &[
            "convert",
            fixture("no-recipe.html").to_str().unwrap(),
            "--scale",
            "0",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --scale must be a number above 0 and at most 1000, found 0\n"
    );

    std::fs::write(
        dir.join("no-servings.yaml"),
        "title: Toast\ningredients: [1 slice bread]\n",
    )
    .unwrap();
    let out = cardgen(
        &["no-servings.yaml", "--servings", "6", "-o", "t.pdf"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "no-servings.yaml:1:1: error: cannot scale to 6 servings: the recipe does not say how many it serves\n  help: add e.g. `servings: 4` to the recipe, or use `--scale 1.5` instead\n"
    );
}

#[test]
fn scaling_temperatures_in_steps() {
    let r = import::load_any(&fixture("graph-sections.json")).unwrap();
    let adjust = recipe::scale::Adjust {
        target: None,
        units: Some(recipe::scale::System::Metric),
    };
    let metric = recipe::scale::apply(&r, &adjust).unwrap();
    assert_eq!(
        metric.steps[1].steps[0].text,
        "Heat the oven to 245 °C with a Dutch oven inside."
    );
}
