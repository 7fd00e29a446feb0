//! `cardgen convert --to jsonld|cooklang`: what a blog or a Cooklang app gets, and that
//! cardgen reads it back into a card with the same words.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{cardgen, repo, stderr, temp};

const BUNDLED: &[&str] = &[
    "pho-bo",
    "shakshuka",
    "sourdough-country-loaf",
    "tarte-tatin",
    "vietnamese-caramelised-pork",
    "weeknight-dal",
    "zwiebelkuchen",
];

/// A copy of the bundled recipes and their photos, so outputs land beside them.
fn recipes_copy(name: &str) -> std::path::PathBuf {
    let dir = temp("publish", name);
    let status = Command::new("cp")
        .arg("-r")
        .arg(repo().join("recipes"))
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    dir.join("recipes")
}

fn run_ok(args: &[&str], cwd: &Path) -> std::process::Output {
    let out = cardgen(args, cwd);
    assert!(out.status.success(), "cardgen {args:?}: {}", stderr(&out));
    out
}

/// The words pdftotext finds in a PDF, without page marks ("1/3", "continued").
fn words(pdf: &Path) -> BTreeSet<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit() || c == '/'))
        // The words, not their punctuation: JSON-LD's one line per ingredient is read
        // back with a parenthesis as the ingredient's note ("hạt ngò (hạt mùi)" prints
        // "hạt ngò, hạt mùi").
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '(' | ')' | ','))
                .to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn json_ld_has_what_search_engines_require() {
    let dir = recipes_copy("required");
    let out = run_ok(&["convert", "tarte-tatin.yaml", "--to", "jsonld"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "Recipe");
    assert_eq!(v["name"], "Tarte Tatin");
    assert_eq!(v["image"][0], "photos/tarte-tatin.jpg");
    assert!(v["recipeIngredient"].as_array().unwrap().len() > 5);
    let sections = v["recipeInstructions"].as_array().unwrap();
    assert_eq!(sections[0]["@type"], "HowToSection");
    assert_eq!(sections[0]["itemListElement"][0]["@type"], "HowToStep");
    assert_eq!(v["prepTime"], "PT40M");
    assert_eq!(v["cookTime"], "PT1H5M");
    assert_eq!(v["inLanguage"], "fr");
    assert_eq!(v["author"]["name"], "Claire Dumoulin");
    assert!(v["keywords"].as_str().unwrap().contains("dessert"));
    // What schema.org has no place for is said, not dropped silently.
    let err = stderr(&out);
    assert!(
        err.contains("Repos") || err.contains("resting time"),
        "{err}"
    );
}

/// The YAML recipe without what schema.org's Recipe has no property for (notes,
/// sections, FAQ, resting time, ingredient group headings, nutrition JSON-LD does not
/// name): what a card from the JSON-LD must print, word for word.
fn expressible_in_json_ld(yaml: &str, json: &serde_json::Value) -> String {
    use serde_yaml::Value;
    let mut doc: Value = serde_yaml::from_str(yaml).unwrap();
    let map = doc.as_mapping_mut().unwrap();
    for key in ["notes", "sections", "faq"] {
        map.remove(key);
    }
    if let Some(Value::Mapping(time)) = map.get_mut("time") {
        time.remove("rest");
    }
    if let Some(Value::Sequence(items)) = map.get_mut("ingredients") {
        let mut flat = Vec::new();
        for item in items.drain(..) {
            match item.get("items") {
                Some(Value::Sequence(inner)) => flat.extend(inner.iter().cloned()),
                _ => flat.push(item),
            }
        }
        *items = flat;
    }
    let carried: Vec<String> = json["nutrition"]
        .as_object()
        .map(|o| {
            o.values()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(Value::Mapping(nutrition)) = map.get_mut("nutrition") {
        nutrition.retain(|_, v| v.as_str().is_some_and(|v| carried.iter().any(|c| c == v)));
        // JSON-LD has one name per nutrient, which is what reading it back prints.
        let renamed: serde_yaml::Mapping = std::mem::take(nutrition)
            .into_iter()
            .map(|(k, v)| {
                let label = match k.as_str().unwrap_or_default() {
                    "serving" => "serving size",
                    "carbohydrate" | "carbs" => "carbohydrates",
                    "fibre" => "fiber",
                    "sugars" => "sugar",
                    other => other,
                };
                (Value::String(label.to_string()), v)
            })
            .collect();
        *nutrition = renamed;
    }
    serde_yaml::to_string(&doc).unwrap()
}

#[test]
fn every_bundled_recipe_prints_the_same_words_through_json_ld() {
    let dir = recipes_copy("roundtrip");
    for name in BUNDLED {
        let yaml = format!("{name}.yaml");
        let json = format!("{name}.json");
        let converted = run_ok(&["convert", &yaml, "--to", "jsonld", "-o", &json], &dir);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(&json)).unwrap()).unwrap();
        for key in ["name", "recipeIngredient", "recipeInstructions"] {
            assert!(!v[key].is_null(), "{name}: no {key}");
        }
        let reference = format!("{name}-reference.yaml");
        let original = std::fs::read_to_string(dir.join(&yaml)).unwrap();
        let stripped = expressible_in_json_ld(&original, &v);
        std::fs::write(dir.join(&reference), &stripped).unwrap();
        if stripped.len() < original.len() {
            assert!(
                stderr(&converted).contains("left out"),
                "{name}: parts left out without a word said"
            );
        }
        // Sheets print everything a recipe has.
        let (from_yaml, from_json) = (format!("{name}-yaml.pdf"), format!("{name}-json.pdf"));
        run_ok(&[&reference, "--layout", "sheet", "-o", &from_yaml], &dir);
        run_ok(&[&json, "--layout", "sheet", "-o", &from_json], &dir);
        let (a, b) = (words(&dir.join(&from_yaml)), words(&dir.join(&from_json)));
        let only_yaml: Vec<&String> = a.difference(&b).collect();
        let only_json: Vec<&String> = b.difference(&a).collect();
        assert!(
            only_yaml.is_empty() && only_json.is_empty(),
            "{name}: only from YAML {only_yaml:?}, only from JSON-LD {only_json:?}"
        );
    }
}

#[test]
fn cooklang_reads_back_with_its_ingredients_and_steps() {
    let dir = recipes_copy("cooklang");
    run_ok(
        &[
            "convert",
            "shakshuka.yaml",
            "--to",
            "cooklang",
            "-o",
            "shakshuka.cook",
        ],
        &dir,
    );
    let cook = std::fs::read_to_string(dir.join("shakshuka.cook")).unwrap();
    assert!(cook.starts_with("---\ntitle: Shakshuka\n"), "{cook}");
    assert!(cook.contains("@eggs{4}"), "{cook}");
    run_ok(&["shakshuka.yaml", "-o", "yaml.pdf"], &dir);
    run_ok(&["shakshuka.cook", "-o", "cook.pdf"], &dir);
    let (a, b) = (words(&dir.join("yaml.pdf")), words(&dir.join("cook.pdf")));
    for word in ["Shakshuka", "feta", "crusty", "harissa", "wells"] {
        assert!(a.contains(word) && b.contains(word), "{word}");
    }
}
