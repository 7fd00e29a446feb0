//! Recipes as people really have them (issue "Recipes as people really have them"): each
//! fixture in tests/fixtures/real reproduces a way real pages, apps and hand-written files are
//! written, and the card must say what the cook wrote.

use std::path::{Path, PathBuf};

use cardgen::import;
use cardgen::recipe::scale::{self, Adjust, Target};
use cardgen::recipe::Recipe;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
}

fn load(name: &str) -> Recipe {
    import::load_any(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn steps(r: &Recipe) -> Vec<&str> {
    r.all_steps().map(|s| s.text.as_str()).collect()
}

fn lines(r: &Recipe) -> Vec<String> {
    r.all_ingredients()
        .map(|i| {
            let words = [
                i.quantity.as_deref(),
                i.unit.as_deref(),
                Some(i.item.as_str()),
            ];
            let line = words.into_iter().flatten().collect::<Vec<_>>().join(" ");
            match &i.note {
                Some(n) => format!("{line}, {n}"),
                None => line,
            }
        })
        .collect()
}

fn scaled(r: &Recipe, factor: f64) -> Recipe {
    let adjust = Adjust {
        target: Some(Target::Factor(factor)),
        units: None,
    };
    scale::apply(r, &adjust).unwrap()
}

#[test]
fn a_page_with_only_microdata_imports() {
    let r = load("microdata.html");
    assert_eq!(r.title, "Pannenkoeken");
    assert_eq!((r.lang.as_str(), r.lang_detected), ("nl-NL", false));
    assert_eq!(r.time.total, Some(30));
    assert_eq!(lines(&r), ["250 g bloem", "2 eieren", "500 ml melk"]);
    // "stap 1" is a label of the next paragraph, not a step of its own.
    assert_eq!(
        steps(&r),
        [
            "Meng de bloem met de eieren en de helft van de melk tot een glad beslag.",
            "Bak de pannenkoeken in een hete pan met een klontje boter."
        ]
    );
}

#[test]
fn lenient_json_ld_is_read_as_browsers_read_it() {
    let r = load("lenient.html");
    assert_eq!(r.title, "Pasta à la škoda");
    assert_eq!(r.lang, "it-IT");
    assert_eq!(
        (r.time.prep, r.time.cook, r.time.total),
        (Some(15), Some(5), Some(35))
    );
    assert_eq!(r.servings.as_ref().unwrap().text, "6 servings");
    assert_eq!(
        lines(&r),
        [
            "200/250 g spaghetti",
            "2 spicchi d'aglio",
            "1 pizzico di sale"
        ]
    );
    assert_eq!(
        steps(&r),
        [
            "Cuocere la pasta in acqua salata.\nScolare.",
            "Aggiungere **l'aglio** e servire."
        ]
    );
    // Alternatives scale each; Italian words are not given English plurals.
    assert_eq!(
        lines(&scaled(&r, 2.0)),
        [
            "400/500 g spaghetti",
            "4 spicchi d'aglio",
            "2 pizzico di sale"
        ]
    );
}

#[test]
fn an_undeclared_language_is_detected_and_inflection_follows_it() {
    let r = load("undeclared.html");
    assert_eq!((r.lang.as_str(), r.lang_detected), ("de", true));
    assert_eq!(
        steps(&r)[0],
        "Die Kartoffeln in der Schale kochen, abgießen und noch warm pellen."
    );
    assert_eq!(
        lines(&scaled(&r, 2.0)),
        [
            "2 kg Kartoffeln",
            "2 Ei",
            "2 Zwiebel",
            "4 Gewürzgurke(n)",
            "2 Prise Salz"
        ]
    );
}

#[test]
fn english_lines_keep_every_word_and_scale_every_amount() {
    let r = cardgen::recipe::parse(
        Path::new("r.yaml"),
        b"title: T\nlang: en\ningredients:\n  - 1 1/2 cups plus 3 tablespoons flour\n  - a handful of blueberries\n  - 2 clove(s) garlic\n  - 1 egg\n",
    )
    .unwrap();
    assert_eq!(
        lines(&r),
        [
            "1 1/2 cups plus 3 tablespoons flour",
            "a handful of blueberries",
            "2 clove(s) garlic",
            "1 egg"
        ]
    );
    assert_eq!(
        lines(&scaled(&r, 2.0)),
        [
            "3 cups plus 6 tablespoons flour",
            "a handful of blueberries",
            "4 clove(s) garlic",
            "2 eggs"
        ]
    );
}

#[test]
fn cooklang_extensions_print_no_markup() {
    let r = load("Red Beans.cook");
    assert_eq!(r.title, "Red Beans");
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].message.starts_with("invalid front matter"));
    assert_eq!(
        steps(&r),
        ["Add 🧂 and white poppy seeds (khus khus) with salt. Grease a 9\"x 5\" loaf pan and add Red Beans. hello ---"]
    );
    assert_eq!(
        lines(&r),
        [
            "🧂",
            "1 tbsp white poppy seeds (khus khus)",
            "1 tsp salt",
            "Red Beans"
        ]
    );
}

#[test]
fn a_page_is_read_as_a_page_whatever_comes_before_its_doctype() {
    let dir = std::env::temp_dir().join(format!("cardgen-real-sniff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/lenient.html"),
    )
    .unwrap();
    // Saved under a name that says nothing, after blank template lines or a stray quote.
    for (name, before) in [
        ("blank.page", "\n".repeat(6000)),
        ("quote.page", "\"".to_string()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, format!("{before}{page}")).unwrap();
        let recipe = cardgen::import::load_any(&path).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(!recipe.title.is_empty(), "{name}");
    }
}
