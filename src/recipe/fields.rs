//! The known fields of each kind of mapping, what each top-level field expects, and the
//! suggestions made for unknown ones. All data; the checks live in `convert`.

use serde_yaml::Value;

/// A kind of mapping in a recipe and its fields.
pub(crate) struct Shape {
    /// How messages name it: "in `time`", "in an ingredient"; empty at the top level.
    pub context: &'static str,
    pub fields: &'static [&'static str],
}

pub(crate) const RECIPE: Shape = Shape {
    context: "",
    fields: &[
        "title",
        "subtitle",
        "description",
        "source",
        "author",
        "lang",
        "dir",
        "servings",
        "yield",
        "time",
        "tags",
        "photo",
        "ingredients",
        "steps",
        "notes",
        "sections",
        "faq",
        "nutrition",
    ],
};
pub(crate) const TIME: Shape = Shape {
    context: " in `time`",
    fields: &["prep", "cook", "rest", "total"],
};
pub(crate) const SOURCE: Shape = Shape {
    context: " in `source`",
    fields: &["url", "name"],
};
pub(crate) const PHOTO: Shape = Shape {
    context: " in `photo`",
    fields: &["path", "alt", "fit"],
};
pub(crate) const INGREDIENT: Shape = Shape {
    context: " in an ingredient",
    fields: &["quantity", "unit", "item", "note"],
};
pub(crate) const INGREDIENT_GROUP: Shape = Shape {
    context: " in an ingredient group",
    fields: &["group", "items"],
};
pub(crate) const STEP: Shape = Shape {
    context: " in a step",
    fields: &["title", "text"],
};
pub(crate) const STEP_GROUP: Shape = Shape {
    context: " in a step group",
    fields: &["group", "steps"],
};
pub(crate) const SECTION: Shape = Shape {
    context: " in a section",
    fields: &["title", "text"],
};
pub(crate) const FAQ: Shape = Shape {
    context: " in a FAQ entry",
    fields: &["q", "a"],
};

/// Every kind of mapping with a fixed set of fields, by name ("recipe" is the top level).
const SHAPES: &[(&str, &Shape)] = &[
    ("recipe", &RECIPE),
    ("time", &TIME),
    ("source", &SOURCE),
    ("photo", &PHOTO),
    ("ingredient", &INGREDIENT),
    ("ingredient group", &INGREDIENT_GROUP),
    ("step", &STEP),
    ("step group", &STEP_GROUP),
    ("section", &SECTION),
    ("faq", &FAQ),
];

/// The fields the parser accepts in each kind of mapping of a recipe, by the mapping's name
/// ("recipe" is the top level, then "time", "source", "photo", "ingredient",
/// "ingredient group", "step", "step group", "section", "faq"); any other key there is an
/// error. `nutrition` takes any label. The JSON Schema (`cardgen schema`) is tested against
/// this list.
pub fn known_fields() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    SHAPES.iter().map(|(name, shape)| (*name, shape.fields))
}

/// Names people reach for, and the field they mean (used when that field is valid there).
const SYNONYMS: &[(&str, &str)] = &[
    ("name", "title"),
    ("name", "item"),
    ("heading", "title"),
    ("heading", "group"),
    ("serves", "servings"),
    ("portions", "servings"),
    ("yields", "yield"),
    ("makes", "yield"),
    ("image", "photo"),
    ("picture", "photo"),
    ("img", "photo"),
    ("url", "source"),
    ("link", "source"),
    ("directions", "steps"),
    ("instructions", "steps"),
    ("method", "steps"),
    ("language", "lang"),
    ("locale", "lang"),
    ("keywords", "tags"),
    ("categories", "tags"),
    ("category", "tags"),
    ("tips", "notes"),
    ("intro", "description"),
    ("summary", "description"),
    ("question", "q"),
    ("answer", "a"),
    ("amount", "quantity"),
    ("qty", "quantity"),
    ("ingredient", "item"),
    ("comment", "note"),
    ("description", "text"),
    ("body", "text"),
    ("caption", "alt"),
    ("file", "path"),
    ("src", "path"),
    ("href", "url"),
    ("link", "url"),
    ("preparation", "prep"),
    ("cooking", "cook"),
    ("resting", "rest"),
];

/// Times written at the top level instead of under `time:`.
const TIME_KEYS_AT_TOP: &[&str] = &[
    "prep",
    "cook",
    "rest",
    "total",
    "prep_time",
    "cook_time",
    "total_time",
];

/// The hint for an unknown field `key` in a mapping of `shape`.
pub(crate) fn suggest(key: &str, shape: &Shape) -> String {
    let lower = key.trim().to_lowercase();
    if shape.context.is_empty() && TIME_KEYS_AT_TOP.contains(&lower.as_str()) {
        return "times go under `time:`, e.g. `time: { prep: 10 min, cook: 15 min }`".into();
    }
    let synonym = SYNONYMS
        .iter()
        .find(|(from, to)| *from == lower && shape.fields.contains(to))
        .map(|(_, to)| *to);
    match synonym.or_else(|| closest(&lower, shape.fields)) {
        Some(field) => format!("did you mean `{field}`?"),
        None => {
            let list: Vec<String> = shape.fields.iter().map(|f| format!("`{f}`")).collect();
            format!("known fields here: {}", list.join(", "))
        }
    }
}

/// The field within a small edit distance, allowing more typos in longer names.
fn closest(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    let (best, distance) = fields
        .iter()
        .map(|f| (*f, strsim::damerau_levenshtein(key, f)))
        .min_by_key(|(_, d)| *d)?;
    let allowed = match key.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    (distance <= allowed).then_some(best)
}

/// What the value of a top-level field should be, and an example, for type errors.
pub(crate) struct Spec {
    pub name: &'static str,
    pub expected: &'static str,
    pub example: &'static str,
}

const SPECS: &[Spec] = &[
    Spec { name: "title", expected: "text", example: "write `title: Vietnamese Caramelised Pork`" },
    Spec { name: "subtitle", expected: "text", example: "write `subtitle: Thịt heo kho quẹt style`" },
    Spec {
        name: "description",
        expected: "text",
        example: "write `description: Sweet, salty, sticky pork.`, or `description: >-` and indented lines below",
    },
    Spec {
        name: "source",
        expected: "a web address or a mapping with `url` and `name`",
        example: "write `source: https://example.com/recipe`",
    },
    Spec { name: "author", expected: "text", example: "write `author: Linh Nguyen`" },
    Spec { name: "lang", expected: "a language tag", example: "write `lang: en`, `lang: de` or `lang: pt-BR`" },
    Spec { name: "dir", expected: "`rtl` or `ltr`", example: "write `dir: rtl` (right to left) or `dir: ltr`" },
    Spec { name: "servings", expected: "a number or text", example: "write `servings: 4` or `servings: 4 bowls`" },
    Spec { name: "yield", expected: "text", example: "write `yield: 12 cookies`" },
    Spec {
        name: "time",
        expected: "a mapping of times",
        example: "write `time: { prep: 10 min, cook: 15 min }`",
    },
    Spec { name: "tags", expected: "a list of tags", example: "write `tags: [pork, weeknight]`" },
    Spec {
        name: "photo",
        expected: "a path or a mapping with `path`, `alt` and `fit`",
        example: "write `photo: photos/pork.jpg`",
    },
    Spec {
        name: "ingredients",
        expected: "a list of ingredients",
        example: "write a list, e.g. `ingredients: [500 g ground pork, 2 eggs]`, or one `- 500 g ground pork` per line",
    },
    Spec { name: "steps", expected: "a list of steps", example: "write one `- Step text` per line under `steps:`" },
    Spec {
        name: "notes",
        expected: "text or a list of texts",
        example: "write `notes: Keeps 3 days in the fridge.` or a list of notes",
    },
    Spec {
        name: "sections",
        expected: "a list of sections",
        example: "write `- { title: Perfect Pairings, text: Rice and pickles. }` under `sections:`",
    },
    Spec {
        name: "faq",
        expected: "a list of questions and answers",
        example: "write `- { q: Can I make it ahead?, a: Yes. }` under `faq:`",
    },
    Spec {
        name: "nutrition",
        expected: "a mapping of labels to values",
        example: "write `nutrition: { calories: 420 kcal, protein: 28 g }`",
    },
];

pub(crate) fn spec(name: &str) -> &'static Spec {
    SPECS.iter().find(|s| s.name == name).unwrap_or(&SPECS[0])
}

/// How a value's type is named in messages: "found a number".
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value (`!…`)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_fields() {
        assert_eq!(suggest("servigns", &RECIPE), "did you mean `servings`?");
        assert_eq!(suggest("Title", &RECIPE), "did you mean `title`?");
        assert_eq!(
            suggest("ingredient", &RECIPE),
            "did you mean `ingredients`?"
        );
        assert_eq!(suggest("directions", &RECIPE), "did you mean `steps`?");
        assert_eq!(suggest("name", &INGREDIENT), "did you mean `item`?");
        assert_eq!(suggest("prepp", &TIME), "did you mean `prep`?");
        assert_eq!(suggest("question", &FAQ), "did you mean `q`?");
        assert_eq!(
            suggest("cook_time", &RECIPE),
            "times go under `time:`, e.g. `time: { prep: 10 min, cook: 15 min }`"
        );
    }

    #[test]
    fn lists_fields_without_a_close_match() {
        assert_eq!(
            suggest("zzz", &TIME),
            "known fields here: `prep`, `cook`, `rest`, `total`"
        );
    }
}
