//! The list fields of a recipe: ingredients, steps, notes, sections and FAQ.

use serde_yaml::{Mapping, Value};

use super::fields::{self, Shape};
use super::from_value::FromValue;
use super::ingredient;
use super::model::{Faq, Ingredient, IngredientGroup, Section, Step, StepGroup};
use super::norm;
use super::problem::{At, NodePath, Problem};
use super::yaml::key_text;

const INGREDIENT_HELP: &str =
    "write `- 500 g ground pork` or `- { quantity: 500, unit: g, item: ground pork }`";
const STEP_HELP: &str = "write `- Step text` or `- { title: Brown the pork, text: … }`";

impl FromValue<'_> {
    /// The items of a list field, or nothing (with a problem) when it is not a list.
    fn list<'v>(&mut self, v: &'v Value, path: &NodePath, name: &str) -> &'v [Value] {
        match v {
            Value::Sequence(items) => items,
            Value::Null => &[],
            other => {
                let what = path.to_string();
                let spec = fields::spec(name);
                self.type_error(other, path, &what, spec.expected, spec.example);
                &[]
            }
        }
    }

    /// `- 2 scallions: sliced` is a one-entry mapping to YAML; say so instead of calling
    /// "2 scallions" an unknown field. Returns whether it reported that.
    fn colon_trap(&mut self, map: &Mapping, path: &NodePath, shape: &Shape, what: &str) -> bool {
        let Some((k, v)) = map.iter().next().filter(|_| map.len() == 1) else {
            return false;
        };
        let key = key_text(k);
        if shape.fields.contains(&key.as_str()) || !matches!(v, Value::String(_) | Value::Number(_))
        {
            return false;
        }
        let whole = format!(
            "{key}: {}",
            match v {
                Value::Number(n) => norm::number(n),
                _ => v.as_str().unwrap_or_default().to_string(),
            }
        );
        self.problems.push(
            Problem::new(
                At::key(&path.key(&key)),
                format!("this {what} contains `: `, which makes it a mapping in YAML"),
            )
            .help(format!(
                "put the whole {what} in quotes: \"{}\"",
                whole.replace('"', "\\\"")
            )),
        );
        true
    }

    // ----- ingredients ----------------------------------------------------------------

    pub(super) fn ingredients(&mut self, v: &Value, path: &NodePath) -> Vec<IngredientGroup> {
        let mut groups: Vec<IngredientGroup> = Vec::new();
        for (i, entry) in self.list(v, path, "ingredients").iter().enumerate() {
            let p = path.index(i);
            match entry {
                Value::Mapping(map) if map.contains_key("group") => {
                    groups.push(self.ingredient_group(map, &p))
                }
                _ => {
                    if let Some(ingredient) = self.ingredient(entry, &p) {
                        // Ungrouped items go into an untitled group (a new one after a titled group).
                        match groups.last_mut() {
                            Some(g) if g.title.is_none() => g.items.push(ingredient),
                            _ => groups.push(IngredientGroup {
                                title: None,
                                items: vec![ingredient],
                            }),
                        }
                    }
                }
            }
        }
        groups
    }

    fn ingredient_group(&mut self, map: &Mapping, path: &NodePath) -> IngredientGroup {
        self.check_fields(map, path, &fields::INGREDIENT_GROUP);
        let title = self.required_text(&map["group"], &path.key("group"), "group");
        let mut items = Vec::new();
        match map.get("items") {
            None => self.problems.push(
                Problem::new(
                    At::key(&path.key("group")),
                    "an ingredient group needs `items`",
                )
                .help("write `items: [2 scallions, 1 red chili]` under `group:`"),
            ),
            Some(list) => {
                let items_path = path.key("items");
                for (i, entry) in self
                    .list(list, &items_path, "ingredients")
                    .iter()
                    .enumerate()
                {
                    let p = items_path.index(i);
                    if entry.as_mapping().is_some_and(|m| m.contains_key("group")) {
                        self.problems.push(
                            Problem::new(At::value(&p), "ingredient groups cannot be nested")
                                .help("put the group at the top level of `ingredients`"),
                        );
                        continue;
                    }
                    items.extend(self.ingredient(entry, &p));
                }
            }
        }
        IngredientGroup { title, items }
    }

    fn ingredient(&mut self, v: &Value, path: &NodePath) -> Option<Ingredient> {
        match v {
            Value::Mapping(map) => self.ingredient_mapping(map, path),
            Value::Null => {
                self.empty_entry(path, "ingredient");
                None
            }
            Value::Sequence(_) | Value::Tagged(_) => {
                self.not_an_entry(v, path, "an ingredient", INGREDIENT_HELP);
                None
            }
            _ => match self.text(v, path, "ingredient", INGREDIENT_HELP) {
                Some(line) => Some(ingredient::split(&line)),
                None if v.is_string() => {
                    self.empty_entry(path, "ingredient");
                    None
                }
                None => None,
            },
        }
    }

    fn ingredient_mapping(&mut self, map: &Mapping, path: &NodePath) -> Option<Ingredient> {
        if self.colon_trap(map, path, &fields::INGREDIENT, "ingredient") {
            return None;
        }
        self.check_fields(map, path, &fields::INGREDIENT);
        let part = |conv: &mut Self, key: &str| {
            map.get(key)
                .and_then(|v| conv.text(v, &path.key(key), key, INGREDIENT_HELP))
        };
        let quantity = part(self, "quantity");
        let unit = part(self, "unit");
        let note = part(self, "note");
        let item = match map.get("item") {
            Some(v) => self.required_text(v, &path.key("item"), "item")?,
            None => {
                self.problems.push(
                    Problem::new(At::value(path), "an ingredient needs an `item`")
                        .help("write `{ quantity: 1½, unit: tbsp, item: fish sauce }`"),
                );
                return None;
            }
        };
        Some(Ingredient {
            quantity,
            unit,
            item,
            note,
        })
    }

    fn not_an_entry(&mut self, v: &Value, path: &NodePath, what: &str, help: &str) {
        self.problems.push(
            Problem::new(
                At::value(path),
                format!(
                    "{what} must be text or a mapping, found {}",
                    fields::kind(v)
                ),
            )
            .help(help),
        );
    }

    fn empty_entry(&mut self, path: &NodePath, what: &str) {
        self.problems.push(
            Problem::new(At::value(path), format!("empty {what}")).help(format!(
                "write the {what} after the `-`, or remove the line"
            )),
        );
    }

    // ----- steps ----------------------------------------------------------------------

    pub(super) fn steps(&mut self, v: &Value, path: &NodePath) -> Vec<StepGroup> {
        let mut groups: Vec<StepGroup> = Vec::new();
        for (i, entry) in self.list(v, path, "steps").iter().enumerate() {
            let p = path.index(i);
            match entry {
                Value::Mapping(map) if map.contains_key("group") => {
                    groups.push(self.step_group(map, &p))
                }
                _ => {
                    if let Some(step) = self.step(entry, &p) {
                        match groups.last_mut() {
                            Some(g) if g.title.is_none() => g.steps.push(step),
                            _ => groups.push(StepGroup {
                                title: None,
                                steps: vec![step],
                            }),
                        }
                    }
                }
            }
        }
        groups
    }

    fn step_group(&mut self, map: &Mapping, path: &NodePath) -> StepGroup {
        self.check_fields(map, path, &fields::STEP_GROUP);
        let title = self.required_text(&map["group"], &path.key("group"), "group");
        let mut steps = Vec::new();
        match map.get("steps") {
            None => self.problems.push(
                Problem::new(At::key(&path.key("group")), "a step group needs `steps`")
                    .help("write `steps: [Spoon over rice.]` under `group:`"),
            ),
            Some(list) => {
                let steps_path = path.key("steps");
                for (i, entry) in self.list(list, &steps_path, "steps").iter().enumerate() {
                    let p = steps_path.index(i);
                    if entry.as_mapping().is_some_and(|m| m.contains_key("group")) {
                        self.problems.push(
                            Problem::new(At::value(&p), "step groups cannot be nested")
                                .help("put the group at the top level of `steps`"),
                        );
                        continue;
                    }
                    steps.extend(self.step(entry, &p));
                }
            }
        }
        StepGroup { title, steps }
    }

    fn step(&mut self, v: &Value, path: &NodePath) -> Option<Step> {
        match v {
            Value::Mapping(map) => {
                if self.colon_trap(map, path, &fields::STEP, "step") {
                    return None;
                }
                self.check_fields(map, path, &fields::STEP);
                let title = map
                    .get("title")
                    .and_then(|t| self.text(t, &path.key("title"), "title", STEP_HELP));
                let text = self.entry_text(map, path, "text", "a step", STEP_HELP)?;
                Some(Step { title, text })
            }
            Value::Null => {
                self.empty_entry(path, "step");
                None
            }
            Value::Sequence(_) | Value::Tagged(_) => {
                self.not_an_entry(v, path, "a step", STEP_HELP);
                None
            }
            _ => {
                let text = self.text(v, path, "step", STEP_HELP);
                if text.is_none() && v.is_string() {
                    self.empty_entry(path, "step");
                }
                Some(Step {
                    title: None,
                    text: text?,
                })
            }
        }
    }

    /// A required text field of a list entry: missing is reported at the entry.
    fn entry_text(
        &mut self,
        map: &Mapping,
        path: &NodePath,
        key: &str,
        entry: &str,
        help: &str,
    ) -> Option<String> {
        match map.get(key) {
            Some(v) => self.required_text(v, &path.key(key), key),
            None => {
                self.problems.push(
                    Problem::new(At::value(path), format!("{entry} needs `{key}`")).help(help),
                );
                None
            }
        }
    }

    // ----- notes, sections, FAQ -------------------------------------------------------

    pub(super) fn notes(&mut self, v: &Value, path: &NodePath) -> Vec<String> {
        let spec = fields::spec("notes");
        match v {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.text(n, &path.index(i), "notes", spec.example))
                .collect(),
            other => self
                .text(other, path, "notes", spec.example)
                .into_iter()
                .collect(),
        }
    }

    pub(super) fn sections(&mut self, v: &Value, path: &NodePath) -> Vec<Section> {
        const HELP: &str = "write `- { title: Perfect Pairings, text: Rice and pickles. }`";
        let mut out = Vec::new();
        for (i, entry) in self.list(v, path, "sections").iter().enumerate() {
            let p = path.index(i);
            let Some(map) = self.entry_mapping(entry, &p, "section", HELP) else {
                continue;
            };
            self.check_fields(map, &p, &fields::SECTION);
            let title = self.entry_text(map, &p, "title", "a section", HELP);
            let text = self.entry_text(map, &p, "text", "a section", HELP);
            if let (Some(title), Some(text)) = (title, text) {
                out.push(Section { title, text });
            }
        }
        out
    }

    pub(super) fn faq(&mut self, v: &Value, path: &NodePath) -> Vec<Faq> {
        const HELP: &str = "write `- { q: Can I make it ahead?, a: Yes — reheat in a hot pan. }`";
        let mut out = Vec::new();
        for (i, entry) in self.list(v, path, "faq").iter().enumerate() {
            let p = path.index(i);
            let Some(map) = self.entry_mapping(entry, &p, "FAQ entry", HELP) else {
                continue;
            };
            self.check_fields(map, &p, &fields::FAQ);
            let question = self.entry_text(map, &p, "q", "a FAQ entry", HELP);
            let answer = self.entry_text(map, &p, "a", "a FAQ entry", HELP);
            if let (Some(question), Some(answer)) = (question, answer) {
                out.push(Faq { question, answer });
            }
        }
        out
    }

    fn entry_mapping<'v>(
        &mut self,
        v: &'v Value,
        path: &NodePath,
        what: &str,
        help: &str,
    ) -> Option<&'v Mapping> {
        if let Value::Mapping(map) = v {
            return Some(map);
        }
        let at = At::value(path);
        self.problems.push(
            Problem::new(
                at,
                format!("a {what} must be a mapping, found {}", fields::kind(v)),
            )
            .help(help),
        );
        None
    }
}
