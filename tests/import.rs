//! Importing recipes from the formats people already have (schema.org JSON-LD in `.json` and
//! saved web pages, Paprika, Cooklang, Mealie and Tandoor exports), `cardgen convert`, and
//! scaling on the command line. (GitHub issues "Bring your recipes: import from the formats
//! people already have" and #8, Mealie and Tandoor.)

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use base64::Engine;
use cardgen::error::{Error, Span};
use cardgen::import::{self, emit};
use cardgen::recipe::{self, Recipe};

mod common;
use common::{cardgen, repo, stderr};

fn temp(name: &str) -> PathBuf {
    common::temp("import", name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The same path as the CLI prints it when run from the repository.
fn rel(name: &str) -> String {
    format!("tests/fixtures/import/{name}")
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
    // Converted YAML declares the language it found: once written down, it is declared.
    r.lang_detected = false;
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
        fixture("mealie-pancakes.json"),
        fixture("mealie-export.zip"),
        fixture("tandoor-export.zip"),
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
    let expected_start = "# Converted from page.html\n\ntitle: Shakshuka – eggs in purgatory\ndescription: Eggs poached in a smoky pepper & tomato sauce.\nsource: https://www.example.com/recipes/shakshuka\nauthor: Sam Cook, Alex Pan\nlang: en-US\nservings: 2\ntime:\n  total: 30 min\ntags: [Breakfast, Brunch, eggs, vegetarian]\n\ningredients:\n  - 2 tbsp olive oil\n  - 1 onion, thinly sliced\n";
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

// ----- Mealie and Tandoor ------------------------------------------------------------------
//
// The fixtures are written after the apps' own code (see the doc comments of
// src/import/mealie.rs and tandoor.rs): `mealie-pancakes.json` as Mealie's JSON download
// writes it (camelCase, indented), `mealie-export.zip` as its bulk export does
// (`recipes/SLUG/SLUG.json` in snake_case on one line, with `images/*.webp`), and
// `tandoor-export.zip` as Tandoor's default export does (a zip of `PK.zip`, each with
// `recipe.json` and `image.jpg`). `mealie-bad.json` and `tandoor-broken.zip` are broken.

/// The errors of bytes that fail to parse, as printed.
#[track_caller]
fn parse_errors(name: &str, bytes: &[u8]) -> Vec<String> {
    match import::parse_any(Path::new(name), bytes) {
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
        Ok(r) => panic!("expected an error, got {} recipes", r.len()),
    }
}

/// One entry of a zip.
fn unzip_one(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Ingredient groups as (title, lines).
fn ingredient_groups(r: &Recipe) -> Vec<(Option<&str>, Vec<String>)> {
    r.ingredients
        .iter()
        .map(|g| {
            let lines = g.items.iter().map(emit::ingredient_line).collect();
            (g.title.as_deref(), lines)
        })
        .collect()
}

/// Steps as (group title, step title, text).
fn steps(r: &Recipe) -> Vec<(Option<&str>, Option<&str>, &str)> {
    r.steps
        .iter()
        .flat_map(|g| {
            g.steps
                .iter()
                .map(move |s| (g.title.as_deref(), s.title.as_deref(), s.text.as_str()))
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The recipe in `mealie-pancakes.json` (and, in snake_case, in `mealie-export.zip`).
#[track_caller]
fn assert_pancakes(r: &Recipe) {
    assert_eq!(r.title, "Lemon Ricotta Pancakes");
    assert_eq!(
        r.description.as_deref(),
        Some("Light, fluffy pancakes with lemon zest & ricotta.")
    );
    let source = r.source.as_ref().unwrap();
    assert_eq!(
        (source.url.as_str(), source.name.as_deref()),
        (
            "https://www.example.com/recipes/lemon-ricotta-pancakes",
            None
        )
    );
    let servings = r.servings.as_ref().unwrap();
    assert_eq!(
        (servings.amount, servings.text.as_str()),
        (Some(4.0), "4 servings")
    );
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.rest, r.time.total),
        (Some(15), Some(20), None, Some(35))
    );
    assert_eq!(r.tags, vec!["Brunch", "Breakfast", "Vegetarian"]);
    assert_eq!(
        ingredient_groups(r),
        vec![
            (
                Some("For the batter"),
                vec![
                    "1½ cups all-purpose flour".to_string(),
                    "2 tbsp sugar".into(),
                    "1 teaspoon baking powder".into(),
                    "⅓ cup ricotta, whole milk".into(),
                    "2 eggs, separated".into(),
                ]
            ),
            (
                Some("To serve"),
                vec!["Maple syrup and fresh berries".to_string()]
            ),
        ]
    );
    let ricotta = &r.ingredients[0].items[3];
    assert_eq!(
        (
            ricotta.quantity.as_deref(),
            ricotta.unit.as_deref(),
            ricotta.item.as_str(),
            ricotta.note.as_deref()
        ),
        (Some("⅓"), Some("cup"), "ricotta", Some("whole milk"))
    );
    assert_eq!(
        steps(r),
        vec![
            (
                Some("Batter"),
                None,
                "Whisk the flour, sugar and baking powder in a large bowl."
            ),
            (
                Some("Batter"),
                Some("Fold in the whites"),
                "Beat the egg whites to soft peaks and fold them into the batter in two additions."
            ),
            (
                Some("Cook"),
                None,
                "Heat a buttered pan over medium heat and cook ¼ cup of batter at a time, **2–3 minutes** a side."
            ),
        ]
    );
    assert_eq!(r.notes, vec!["The batter keeps for a day in the fridge."]);
    assert_eq!(r.sections.len(), 1);
    assert_eq!(
        (r.sections[0].title.as_str(), r.sections[0].text.as_str()),
        (
            "Make ahead",
            "Freeze cooked pancakes between sheets of baking paper."
        )
    );
    assert_eq!(
        r.nutrition,
        pairs(&[("calories", "320"), ("fat", "11 g"), ("protein", "12 g")])
    );
    assert_eq!(r.lang, "en");
}

#[test]
fn mealie_json_download() {
    let path = fixture("mealie-pancakes.json");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(import::detect(&path, &bytes), import::Format::Mealie);
    let r = import::load_any(&path).unwrap();
    assert_pancakes(&r);
    assert!(r.photo.is_none(), "no photo next to the fixture");

    // Unpacked from an export, the photo is in images/ beside the JSON.
    let dir = temp("mealie-unpacked");
    let folder = dir.join("recipes/lemon-ricotta-pancakes");
    std::fs::create_dir_all(folder.join("images")).unwrap();
    std::fs::copy(&path, folder.join("lemon-ricotta-pancakes.json")).unwrap();
    let webp = unzip_one(
        &std::fs::read(fixture("mealie-export.zip")).unwrap(),
        "recipes/lemon-ricotta-pancakes/images/original.webp",
    );
    std::fs::write(folder.join("images/original.webp"), &webp).unwrap();
    let r = import::load_any(&folder.join("lemon-ricotta-pancakes.json")).unwrap();
    let photo = r.photo.as_ref().expect("photo found");
    assert_eq!(photo.written, "images/original.webp");
    assert_eq!(photo.alt.as_deref(), Some("Lemon Ricotta Pancakes"));

    // A Mealie recipe saved as .yaml is still Mealie's.
    std::fs::copy(&path, dir.join("pancakes.yaml")).unwrap();
    assert_eq!(
        import::load_any(&dir.join("pancakes.yaml")).unwrap().title,
        "Lemon Ricotta Pancakes"
    );
}

#[test]
fn mealie_export_zip() {
    let path = fixture("mealie-export.zip");
    let zip = std::fs::read(&path).unwrap();
    assert_eq!(import::detect(&path, &zip), import::Format::MealieArchive);
    let all = import::load_all(&path).unwrap();
    let titles: Vec<&str> = all.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Lemon Ricotta Pancakes", "Roasted Tomato Soup"]
    );

    // The same recipe as the JSON download, in snake_case and with newer servings fields.
    assert_pancakes(&all[0]);
    let json = import::load_any(&fixture("mealie-pancakes.json")).unwrap();
    assert_eq!(normalized(all[0].clone()), normalized(json));
    let photo = all[0].photo.as_ref().expect("the photo inside");
    assert_eq!(
        photo.written,
        "recipes/lemon-ricotta-pancakes/images/original.webp (inside mealie-export.zip)"
    );
    let original = unzip_one(&zip, "recipes/lemon-ricotta-pancakes/images/original.webp");
    assert_eq!(photo.data.as_deref(), Some(original.as_slice()));

    // An older recipe: amounts off, so each ingredient is the line in its note.
    let soup = &all[1];
    assert_eq!(
        ingredient_groups(soup),
        vec![(
            None,
            vec![
                "1 kg ripe tomatoes, halved".to_string(),
                "2 tbsp olive oil".into(),
                "1 onion, diced".into(),
                "500 ml vegetable stock".into(),
                "Salt and pepper".into(),
            ]
        )]
    );
    assert_eq!(
        steps(soup),
        vec![
            (
                None,
                None,
                "Roast the tomatoes with the oil at 200 °C for 40 minutes."
            ),
            (
                None,
                None,
                "Soften the onion, add the tomatoes and the stock, and simmer for 15 minutes.\nBlend until smooth."
            ),
        ]
    );
    assert_eq!(soup.servings.as_ref().unwrap().text, "4 bowls");
    assert_eq!(soup.time.total, Some(70));
    assert_eq!(soup.tags, vec!["Soup"]);
    assert!(soup.source.is_none() && soup.photo.is_none() && soup.nutrition.is_empty());
    assert!(soup.description.is_none());
}

#[test]
fn mealie_single_recipe_zip() {
    // A recipe's zip: SLUG.json (snake_case) and original.webp, at the top.
    let export = std::fs::read(fixture("mealie-export.zip")).unwrap();
    let zip = zip_of(&[
        (
            "roasted-tomato-soup.json",
            unzip_one(
                &export,
                "recipes/roasted-tomato-soup/roasted-tomato-soup.json",
            ),
        ),
        (
            "original.webp",
            unzip_one(
                &export,
                "recipes/lemon-ricotta-pancakes/images/original.webp",
            ),
        ),
    ]);
    let dir = temp("mealie-one");
    // Named as downloaded, or not: the entries decide.
    for name in ["roasted-tomato-soup.zip", "download"] {
        std::fs::write(dir.join(name), &zip).unwrap();
        let r = import::load_any(&dir.join(name)).unwrap();
        assert_eq!(r.title, "Roasted Tomato Soup");
        assert_eq!(
            r.photo.unwrap().written,
            format!("original.webp (inside {name})")
        );
    }
}

#[test]
fn tandoor_export_zip() {
    let path = fixture("tandoor-export.zip");
    let zip = std::fs::read(&path).unwrap();
    assert_eq!(import::detect(&path, &zip), import::Format::TandoorArchive);
    let all = import::load_all(&path).unwrap();
    let titles: Vec<&str> = all.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, vec!["Chana Masala", "Overnight Oats"]);

    let r = &all[0];
    assert_eq!(
        r.description.as_deref(),
        Some("A weeknight chickpea curry.")
    );
    assert_eq!(
        r.source.as_ref().unwrap().url,
        "https://www.example.com/chana-masala"
    );
    assert_eq!(
        r.servings.as_ref().map(|s| (s.amount, s.text.as_str())),
        Some((Some(4.0), "4 servings"))
    );
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.total),
        (Some(15), Some(25), None)
    );
    assert_eq!(r.tags, vec!["Indian", "vegan"]);
    // Each step's ingredients under the step's name; sub-headings start groups.
    assert_eq!(
        ingredient_groups(r),
        vec![
            (
                Some("Base"),
                vec!["2 tbsp oil".to_string(), "1 onion, finely chopped".into()]
            ),
            (
                Some("Spices"),
                vec![
                    "2 tsp garam masala".to_string(),
                    "1 tsp ground cumin".into()
                ]
            ),
            (
                Some("Main"),
                vec![
                    "2 cans chickpeas, drained".to_string(),
                    "400 g chopped tomatoes".into(),
                    "salt, to taste".into(),
                ]
            ),
        ]
    );
    let salt = &r.ingredients[2].items[2];
    assert_eq!(
        (
            salt.quantity.as_deref(),
            salt.item.as_str(),
            salt.note.as_deref()
        ),
        (None, "salt", Some("to taste"))
    );
    // Templates filled in with the step's ingredients (sub-headings count).
    assert_eq!(
        steps(r),
        vec![
            (
                None,
                Some("Base"),
                "Heat 2 tbsp oil and fry the onion until golden, about 8 minutes."
            ),
            (
                None,
                Some("Curry"),
                "Stir in the spices for a minute, then add 2 cans chickpeas and 400 g chopped tomatoes.\n\nSimmer for 15 minutes and season."
            ),
            (None, None, "Serve with rice and *fresh coriander*."),
        ]
    );
    assert_eq!(
        r.nutrition,
        pairs(&[
            ("calories", "350 kcal"),
            ("carbohydrates", "45.5 g"),
            ("fat", "9 g"),
            ("protein", "14 g"),
        ])
    );
    let photo = r.photo.as_ref().expect("the photo inside");
    assert_eq!(
        photo.written,
        "17.zip/image.jpg (inside tandoor-export.zip)"
    );
    let jpeg = unzip_one(&unzip_one(&zip, "17.zip"), "image.jpg");
    assert_eq!(photo.data.as_deref(), Some(jpeg.as_slice()));

    let oats = &all[1];
    assert_eq!(oats.servings.as_ref().unwrap().text, "2 jars");
    assert_eq!((oats.time.prep, oats.time.cook), (Some(5), Some(480)));
    assert_eq!(
        ingredient_groups(oats),
        vec![(
            None,
            vec![
                "100 g rolled oats".to_string(),
                "200 ml milk".into(),
                "honey, to taste".into(),
                "a pinch of cinnamon".into(),
            ]
        )]
    );
    assert_eq!(
        steps(oats),
        vec![(
            None,
            None,
            "Mix everything in two jars.\n\nRefrigerate overnight. See the notes."
        )]
    );
    assert!(oats.photo.is_none() && oats.nutrition.is_empty() && oats.source.is_none());
}

#[test]
fn tandoor_recipe_zip_and_unpacked_recipe_json() {
    let export = std::fs::read(fixture("tandoor-export.zip")).unwrap();
    let one = unzip_one(&export, "17.zip");
    let dir = temp("tandoor-one");
    std::fs::write(dir.join("17.zip"), &one).unwrap();
    let r = import::load_any(&dir.join("17.zip")).unwrap();
    assert_eq!(r.title, "Chana Masala");
    assert_eq!(r.photo.unwrap().written, "image.jpg (inside 17.zip)");

    let unpacked = dir.join("chana");
    std::fs::create_dir_all(&unpacked).unwrap();
    std::fs::write(unpacked.join("recipe.json"), unzip_one(&one, "recipe.json")).unwrap();
    std::fs::write(unpacked.join("image.jpg"), unzip_one(&one, "image.jpg")).unwrap();
    let bytes = std::fs::read(unpacked.join("recipe.json")).unwrap();
    assert_eq!(
        import::detect(&unpacked.join("recipe.json"), &bytes),
        import::Format::Tandoor
    );
    let from_json = import::load_any(&unpacked.join("recipe.json")).unwrap();
    let photo = from_json.photo.as_ref().unwrap();
    assert_eq!(
        (photo.written.as_str(), photo.data.is_none()),
        ("image.jpg", true)
    );
    let from_zip = import::load_all(&fixture("tandoor-export.zip")).unwrap();
    assert_eq!(normalized(from_json), normalized(from_zip[0].clone()));

    // Many keywords before the steps: told apart all the same.
    let keywords: Vec<String> = (0..80)
        .map(|i| format!(r#"{{"name": "keyword {i}", "description": "", "created_at": "2024-06-01T12:00:00+02:00"}}"#))
        .collect();
    let json = format!(
        r#"{{"name": "Tea", "description": "", "keywords": [{}], "steps": [{{"name": "", "instruction": "Steep.", "ingredients": []}}]}}"#,
        keywords.join(", ")
    );
    assert!(json.find("\"steps\"").unwrap() > 4096);
    let path = Path::new("recipe.json");
    assert_eq!(
        import::detect(path, json.as_bytes()),
        import::Format::Tandoor
    );
    let r = import::parse_any(path, json.as_bytes()).unwrap().remove(0);
    assert_eq!(
        (r.tags.len(), r.steps[0].steps[0].text.as_str()),
        (80, "Steep.")
    );
}

#[test]
fn cli_convert_writes_valid_yaml() {
    let dir = temp("apps-convert");
    for (input, files) in [
        (
            "mealie-export.zip",
            &[
                "lemon-ricotta-pancakes.yaml",
                "lemon-ricotta-pancakes.webp",
                "roasted-tomato-soup.yaml",
            ][..],
        ),
        (
            "tandoor-export.zip",
            &[
                "chana-masala.yaml",
                "chana-masala.jpg",
                "overnight-oats.yaml",
            ][..],
        ),
    ] {
        let out_dir = dir.join(input.replace('.', "-"));
        let fixture_path = fixture(input);
        let out = cardgen(
            &[
                "convert",
                fixture_path.to_str().unwrap(),
                "-o",
                out_dir.to_str().unwrap(),
            ],
            &dir,
        );
        assert_ok(&out);
        for file in files {
            assert!(out_dir.join(file).is_file(), "{input}: {file} written");
        }
        let imported = import::load_all(&fixture_path).unwrap();
        for r in imported {
            let yaml_path = out_dir.join(format!("{}.yaml", cardgen::slug::slug(&r.title)));
            let yaml = std::fs::read_to_string(&yaml_path).unwrap();
            assert!(
                yaml.starts_with(&format!("# Converted from {input} by `cardgen convert`.")),
                "{yaml}"
            );
            let back = recipe::parse(&yaml_path, yaml.as_bytes())
                .unwrap_or_else(|e| panic!("{input}: {e:?}\n{yaml}"));
            assert_eq!(normalized(back.clone()), normalized(r), "{input}:\n{yaml}");
            if let Some(photo) = back.photo {
                assert!(photo.path.is_file(), "{}", photo.path.display());
            }
        }
        // The YAML files are recipes like any other.
        let pdf = dir.join(format!("{input}.pdf"));
        let out = cardgen(
            &[out_dir.to_str().unwrap(), "-o", pdf.to_str().unwrap()],
            &dir,
        );
        assert_ok(&out);
        assert_pdf(&pdf);
    }

    // One recipe's JSON to one YAML file, or to standard output.
    let json = fixture("mealie-pancakes.json");
    let out = cardgen(
        &["convert", json.to_str().unwrap(), "-o", "pancakes.yaml"],
        &dir,
    );
    assert_ok(&out);
    let yaml = std::fs::read_to_string(dir.join("pancakes.yaml")).unwrap();
    for part in [
        "title: Lemon Ricotta Pancakes\n",
        "servings: 4\ntime:\n  prep: 15 min\n  cook: 20 min\n  total: 35 min\n",
        "  - group: For the batter\n    items:\n      - 1½ cups all-purpose flour\n",
        "      - title: Fold in the whites\n",
        "\nsections:\n  - title: Make ahead\n",
    ] {
        assert!(yaml.contains(part), "missing {part:?} in\n{yaml}");
    }
    let out = cardgen(&["convert", json.to_str().unwrap()], &dir);
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("  - group: To serve\n"));
}

#[test]
fn cli_exports_folders_batches_and_books() {
    let dir = temp("apps-cli");
    let src = dir.join("recipes");
    std::fs::create_dir_all(&src).unwrap();
    for name in [
        "mealie-export.zip",
        "tandoor-export.zip",
        "mealie-pancakes.json",
    ] {
        std::fs::copy(fixture(name), src.join(name)).unwrap();
    }
    std::fs::write(src.join("notes.txt"), "not a recipe").unwrap();

    // One PDF per recipe; an export's recipes in a folder named after it.
    let out = cardgen(&["recipes", "-o", "out/"], &dir);
    assert_ok(&out);
    for pdf in [
        "mealie-export/lemon-ricotta-pancakes.pdf",
        "mealie-export/roasted-tomato-soup.pdf",
        "tandoor-export/chana-masala.pdf",
        "tandoor-export/overnight-oats.pdf",
        "mealie-pancakes.pdf",
    ] {
        assert_pdf(&dir.join("out").join(pdf));
    }
    // The photo inside the export is printed (a sheet has room for it).
    let out = cardgen(
        &[
            "recipes/tandoor-export.zip",
            "--layout",
            "sheet",
            "-o",
            "sheets/",
        ],
        &dir,
    );
    assert_ok(&out);
    let pdf = std::fs::read(dir.join("sheets/tandoor-export/chana-masala.pdf")).unwrap();
    assert!(
        pdf.windows(10).any(|w| w == b"/DCTDecode"),
        "the JPEG is embedded"
    );

    // A batch of files into one PDF, and a book.
    let out = cardgen(
        &[
            "recipes/mealie-export.zip",
            "recipes/tandoor-export.zip",
            "-o",
            "all.pdf",
        ],
        &dir,
    );
    assert_ok(&out);
    assert_pdf(&dir.join("all.pdf"));
    let out = cardgen(
        &[
            "recipes",
            "--layout",
            "sheet",
            "--book",
            "--title",
            "From the apps",
            "-o",
            "book.pdf",
        ],
        &dir,
    );
    assert_ok(&out);
    assert_pdf(&dir.join("book.pdf"));

    // Checking only.
    let out = cardgen(&["check", "recipes/tandoor-export.zip"], &dir);
    assert_ok(&out);
}

#[test]
fn malformed_app_json_is_located() {
    assert_eq!(
        error_text(import::load_any(Path::new(&rel("mealie-bad.json")))),
        "tests/fixtures/import/mealie-bad.json:10:5: error: invalid JSON: expected `,` or `}`\n  help: check for a missing comma, quote or bracket just before this point"
    );
    assert_eq!(
        parse_errors(
            "r.json",
            b"{\"slug\": \"toast\",\n  \"name\": \"Toast\",\n  \"recipeIngredient\": \"2 slices bread\"}"
        ),
        vec!["r.json:3:3: error: `recipeIngredient` is not a list\n  help: in a Mealie recipe `recipeIngredient` is a list (`[…]`); export the recipes from Mealie again"]
    );
    assert_eq!(
        parse_errors(
            "r.json",
            b"{\"slug\": \"toast\", \"recipe_ingredient\": [], \"name\": \"  \"}"
        ),
        vec!["r.json:1:44: error: the Mealie recipe has no `name`\n  help: give the recipe a name in Mealie and export it again"]
    );
    assert_eq!(
        parse_errors("recipe.json", b"{\n  \"name\": \"Soup\",\n  \"steps\": {\"instruction\": \"Stir.\"}\n}"),
        vec!["recipe.json:3:3: error: `steps` is not a list\n  help: in a Tandoor recipe `steps` is a list (`[…]`); export the recipes from Tandoor again"]
    );
    assert_eq!(
        parse_errors("recipe.json", b"{\"steps\": [], \"working_time\": 5}"),
        vec!["recipe.json:1:1: error: the Tandoor recipe has no `name`\n  help: give the recipe a name in Tandoor and export it again"]
    );
}

#[test]
fn malformed_archives_name_the_entry() {
    assert_eq!(
        error_text(import::load_any(Path::new(&rel("tandoor-broken.zip")))),
        "tests/fixtures/import/tandoor-broken.zip:1:1: error: in `23.zip/recipe.json`, line 84 column 3: invalid JSON: expected `,` or `}`\n  help: check for a missing comma, quote or bracket just before this point"
    );
    let out = cardgen(
        &[
            "tests/fixtures/import/tandoor-broken.zip",
            "-o",
            "/tmp/never-written-tandoor.pdf",
        ],
        repo(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "tests/fixtures/import/tandoor-broken.zip:1:1: error: in `23.zip/recipe.json`, line 84 column 3: invalid JSON: expected `,` or `}`\n  help: check for a missing comma, quote or bracket just before this point\n"
    );

    // Every broken recipe of a Mealie export is reported.
    let zip = zip_of(&[
        (
            "recipes/a/a.json",
            b"{\"name\": \"A\", \"slug\": \"a\",}".to_vec(),
        ),
        ("recipes/b/b.json", b"[\"not a recipe\"]".to_vec()),
        ("recipes/c/c.json", b"\xff\xfe".to_vec()),
    ]);
    assert_eq!(
        parse_errors("export.zip", &zip),
        vec![
            "export.zip:1:1: error: in `recipes/a/a.json`, line 1 column 27: invalid JSON: trailing comma\n  help: check for a missing comma, quote or bracket just before this point",
            "export.zip:1:1: error: in `recipes/b/b.json`: the recipe data is not a Mealie recipe (expected a JSON object)\n  help: export the recipes from Mealie again",
            "export.zip:1:1: error: in `recipes/c/c.json`: the recipe data is not UTF-8 JSON\n  help: export the recipes from Mealie again",
        ]
    );

    // A Tandoor recipe zip without its recipe.json, and one that is no zip.
    let inner = zip_of(&[("image.jpg", vec![0xff, 0xd8, 0xff, 0xe0])]);
    let zip = zip_of(&[
        ("5.zip", inner),
        ("6.zip", b"PK\x03\x04 cut short".to_vec()),
    ]);
    let errors = parse_errors("export.zip", &zip);
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0],
        "export.zip:1:1: error: in `5.zip`: no `recipe.json` in this recipe's zip\n  help: export the recipes from Tandoor again"
    );
    assert!(
        errors[1].starts_with("export.zip:1:1: error: in `6.zip`: not a valid Tandoor export: the zip archive is corrupt ("),
        "{}",
        errors[1]
    );
    assert!(
        errors[1].ends_with("\n  help: export the recipes from Tandoor again (Settings → Export, type “Default”), and copy the whole file"),
        "{}",
        errors[1]
    );

    // Zips that are no export.
    let errors = parse_errors("photos.zip", &zip_of(&[("a.txt", b"hi".to_vec())]));
    assert_eq!(
        errors,
        vec!["photos.zip:1:1: error: this zip archive holds no recipes that cardgen can read\n  help: cardgen reads the zip files that Mealie, Tandoor and Paprika export: Mealie's `recipes/NAME/NAME.json`, Tandoor's zips of `recipe.json`, Paprika's `.paprikarecipe` files"]
    );
    let backup = zip_of(&[
        ("database.json", b"{\"recipes\": []}".to_vec()),
        ("data/recipes/x/images/original.webp", Vec::new()),
    ]);
    assert_eq!(
        parse_errors("mealie_2025.01.02.zip", &backup),
        vec!["mealie_2025.01.02.zip:1:1: error: this is a Mealie backup, not a recipe export\n  help: export the recipes in Mealie (Data Management → Export Recipes) and give cardgen that zip"]
    );
    let errors = parse_errors("cut.zip", b"PK\x03\x04 cut short");
    assert!(
        errors[0].starts_with(
            "cut.zip:1:1: error: not a valid recipe export: the zip archive is corrupt ("
        ),
        "{}",
        errors[0]
    );
    // A Mealie export without recipes in it.
    let errors = parse_errors("empty.zip", &zip_of(&[("recipes/a/a.json", b"{".to_vec())]));
    assert!(
        errors[0].contains(
            "in `recipes/a/a.json`, line 1 column 1: invalid JSON: EOF while parsing an object"
        ),
        "{}",
        errors[0]
    );
}

#[test]
fn export_archives_have_the_same_caps() {
    // More entries than allowed.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..1001 {
        w.start_file(format!("recipes/r{i}/r{i}.json"), stored)
            .unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    assert_eq!(
        parse_errors("many.zip", &many),
        vec!["many.zip:1:1: error: the archive has 1001 entries; at most 1000 are read\n  help: export fewer recipes at a time from Mealie"]
    );

    // A recipe that inflates past the limit, alone or in a zip in a zip.
    let big = vec![b' '; 17 << 20];
    let bomb = zip_of(&[("recipes/big/big.json", big.clone())]);
    assert!(bomb.len() < 1 << 20);
    let started = std::time::Instant::now();
    assert_eq!(
        parse_errors("bomb.zip", &bomb),
        vec!["bomb.zip:1:1: error: the recipe data unpacks to more than 16 MiB\n  help: a recipe export is far smaller; this file is damaged or not a Mealie export"]
    );
    let nested = zip_of(&[("1.zip", zip_of(&[("recipe.json", big)]))]);
    assert!(nested.len() < 1 << 20);
    assert_eq!(
        parse_errors("nested.zip", &nested),
        vec!["nested.zip:1:1: error: in `1.zip`: the recipe data unpacks to more than 16 MiB\n  help: a recipe export is far smaller; this file is damaged or not a Tandoor export"]
    );
    assert!(started.elapsed().as_secs() < 20);

    // The file itself is capped before it is read.
    let dir = temp("apps-caps");
    let file = std::fs::File::create(dir.join("huge.zip")).unwrap();
    file.set_len(17 << 20).unwrap();
    assert_eq!(
        error_text(import::load_any(&dir.join("huge.zip"))).split_once(": error: ").unwrap().1,
        "the file is larger than 16 MiB\n  help: cardgen reads exports of up to 16 MiB, photos included: export fewer recipes at a time"
    );
}
