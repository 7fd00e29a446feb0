//! The Cooklang spec's canonical test suite (tests/fixtures/cooklang/canonical.json, converted
//! from the spec's canonical.yaml by convert_canonical.py beside it; MIT, licence beside it):
//! every case's steps and ingredients must come out as the spec says.

use std::path::Path;

use cardgen::import::cook;
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cooklang/canonical.json"),
    )
    .expect("the converted canonical suite");
    serde_json::from_str(&text).expect("valid JSON")
}

/// A quantity as a number, when it is one ("0.5", "1/2", "2"); spelt-out text stays text.
fn number(q: &str) -> Option<f64> {
    if q.starts_with('0') && q.len() > 1 && !q.starts_with("0.") {
        return None;
    }
    match q.split_once('/') {
        Some((n, d)) => Some(n.trim().parse::<f64>().ok()? / d.trim().parse::<f64>().ok()?),
        None => q.trim().parse().ok(),
    }
}

fn same_quantity(ours: Option<&str>, theirs: Option<&str>) -> bool {
    match (ours, theirs) {
        (Some(a), Some(b)) => {
            a == b
                || number(a)
                    .zip(number(b))
                    .is_some_and(|(x, y)| (x - y).abs() < 1e-9)
        }
        (a, b) => a == b,
    }
}

/// What went wrong with one case, if anything.
fn run(case: &Value) -> Option<String> {
    let source = case["source"].as_str().unwrap();
    let recipe = match cook::parse(Path::new("case.cook"), source) {
        Ok(r) => r,
        Err(e) => return Some(format!("refused: {e}")),
    };
    let steps: Vec<String> = recipe.all_steps().map(|s| s.text.clone()).collect();
    let expected: Vec<String> = case["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    // Quantities in the text (a timer's "1/2 hour") compare as numbers, as ingredients do:
    // the suite writes what its parser's numbers print as ("0.5 hour").
    let same_words = |a: &String, b: &String| {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
        a.len() == b.len()
            && a.iter()
                .zip(&b)
                .all(|(x, y)| same_quantity(Some(x), Some(y)))
    };
    if steps.len() != expected.len() || !steps.iter().zip(&expected).all(|(a, b)| same_words(a, b))
    {
        return Some(format!("steps {steps:?}, expected {expected:?}"));
    }
    let mut wanted: Vec<&Value> = Vec::new();
    for i in case["ingredients"].as_array().unwrap() {
        if !wanted.contains(&i) {
            wanted.push(i);
        }
    }
    let ours: Vec<_> = recipe.all_ingredients().collect();
    let same = ours.len() == wanted.len()
        && ours.iter().zip(&wanted).all(|(o, w)| {
            o.item == w["name"].as_str().unwrap()
                && same_quantity(o.quantity.as_deref(), w["quantity"].as_str())
                && o.unit.as_deref() == w["units"].as_str()
        });
    if !same {
        let ours: Vec<_> = ours
            .iter()
            .map(|i| (&i.item, &i.quantity, &i.unit))
            .collect();
        return Some(format!("ingredients {ours:?}, expected {wanted:?}"));
    }
    None
}

#[test]
fn canonical_suite_passes_every_case() {
    let suite = fixture();
    let cases = suite["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 60, "the suite has 60 cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run(c).map(|why| format!("{}: {why}", c["name"].as_str().unwrap())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
