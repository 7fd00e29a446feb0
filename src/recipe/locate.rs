//! Finds where a node of a YAML document is, given its path.
//!
//! yaml_serde has no positions in `Value`, but it attaches the position of the value being
//! deserialized to any error a `Deserialize` impl raises. So we deserialize the document
//! again with a seed that walks the path and raises a marker error exactly at the target;
//! the error's location is the node's position. One parse per lookup: fine, errors are rare.
//!
//! Aliases are followed, so a node reached through `*name` is reported where its anchor
//! defines it. Keys brought in by a merge (`<<: *base`) are found inside the merged mapping.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde_yaml::Value;

use crate::error::Span;

use super::problem::{NodePath, Seg, Target};
use super::yaml::key_text;

/// The error text that marks "found it", as opposed to any other error.
const FOUND: &str = "\u{1}cardgen: found";

/// A node's position: 1-based line and column (in characters), and its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Located {
    pub span: Span,
    pub offset: usize,
}

/// The position of the node at `path` (or of its key), if the document has it.
pub(crate) fn locate(text: &str, path: &NodePath, target: Target) -> Option<Located> {
    let walk = Walk {
        segs: &path.0,
        target,
        merge: false,
    };
    let err = walk
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .err()?;
    if !err.to_string().contains(FOUND) {
        return None;
    }
    let offset = err.location()?.index();
    Some(Located {
        span: Span::at(text, offset),
        offset,
    })
}

/// [`locate`] with a budget: each lookup parses the whole document again, so the total
/// number of bytes parsed is capped to keep huge files with many problems fast.
pub(crate) struct Locator<'t> {
    text: &'t str,
    budget: Cell<usize>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str, budget_bytes: usize) -> Self {
        Locator {
            text,
            budget: Cell::new(budget_bytes),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Whether another lookup fits in the budget.
    pub fn can_find(&self) -> bool {
        self.budget.get() >= self.text.len().max(1)
    }

    /// Like [`locate`]; `None` also when the budget is spent.
    pub fn find(&self, path: &NodePath, target: Target) -> Option<Located> {
        if !self.can_find() {
            return None;
        }
        self.budget.set(self.budget.get() - self.text.len().max(1));
        locate(self.text, path, target)
    }
}

fn found<E: de::Error>() -> E {
    E::custom(FOUND)
}

/// Walks `segs` from the node it is given; raises [`FOUND`] at the target, or returns
/// `Ok(())` when the document does not have the path.
#[derive(Clone, Copy)]
struct Walk<'p> {
    segs: &'p [Seg],
    target: Target,
    /// Walking the value of a `<<` entry: a list here is a list of mappings to search.
    merge: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Walk<'_> {
    /// At the end of the path, every kind of node is the target.
    fn here<E: de::Error>(&self) -> Result<(), E> {
        if self.segs.is_empty() {
            return Err(found());
        }
        Ok(())
    }

    fn rest(&self) -> Self {
        Walk {
            segs: &self.segs[1..],
            target: self.target,
            merge: false,
        }
    }

    /// The occurrence of the key to raise at, when the key itself is the target.
    fn key_occurrence(&self) -> Option<usize> {
        if self.segs.len() != 1 {
            return None;
        }
        match self.target {
            Target::Value => None,
            Target::Key => Some(0),
            Target::Occurrence(n) => Some(n),
        }
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.here()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.here()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.here()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.here()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.here()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.here()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        self.here()?;
        let (_, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.here()?;
        match self.segs[0] {
            Seg::Index(want) => {
                let mut i = 0;
                while if i == want {
                    seq.next_element_seed(self.rest())?.is_some()
                } else {
                    seq.next_element::<IgnoredAny>()?.is_some()
                } {
                    i += 1;
                }
            }
            // A merge list: search each mapping in turn.
            Seg::Key(_) if self.merge => while seq.next_element_seed(self)?.is_some() {},
            Seg::Key(_) => while seq.next_element::<IgnoredAny>()?.is_some() {},
        }
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.here()?;
        let Seg::Key(want) = &self.segs[0] else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let seen = Cell::new(0);
        let probe = KeyProbe {
            want,
            raise_at: self.key_occurrence(),
            seen: &seen,
        };
        while let Some(hit) = map.next_key_seed(probe)? {
            match hit {
                // Only the first occurrence's value is kept by the loader.
                KeyHit::Wanted if seen.get() == 1 && self.key_occurrence().is_none() => {
                    map.next_value_seed(self.rest())?
                }
                KeyHit::Merge => map.next_value_seed(Walk {
                    merge: true,
                    ..self
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyHit {
    Wanted,
    Merge,
    Other,
}

/// Reads one key; raises [`FOUND`] at the wanted occurrence of the wanted key.
#[derive(Clone, Copy)]
struct KeyProbe<'a> {
    want: &'a str,
    raise_at: Option<usize>,
    seen: &'a Cell<usize>,
}

impl KeyProbe<'_> {
    fn check<E: de::Error>(self, key: Value) -> Result<KeyHit, E> {
        let text = key_text(&key);
        if text == self.want {
            let n = self.seen.get();
            self.seen.set(n + 1);
            if self.raise_at == Some(n) {
                return Err(found());
            }
            return Ok(KeyHit::Wanted);
        }
        Ok(if text == "<<" {
            KeyHit::Merge
        } else {
            KeyHit::Other
        })
    }
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = KeyHit;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<KeyHit, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = KeyHit;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyHit, E> {
        self.check(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyHit, E> {
        self.check(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyHit, E> {
        self.check(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyHit, E> {
        self.check(Value::Number(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyHit, E> {
        self.check(Value::String(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyHit, E> {
        self.check(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<KeyHit, E> {
        self.check(Value::Null)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<KeyHit, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(KeyHit::Other)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<KeyHit, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(KeyHit::Other)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<KeyHit, A::Error> {
        use de::VariantAccess;
        let (_, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(KeyHit::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
title: Pork
servigns: 4
ingredients:
  - 500 g pork
  - { quantity: 1, unit: tbsp, item: fish sauce }
  - group: Garnish
    items:
      - 2 scallions
time:
  prep: 10 min
  prep: 20 min
";

    fn at(path: NodePath, target: Target) -> Option<(u32, u32)> {
        locate(DOC, &path, target).map(|l| (l.span.line, l.span.col))
    }

    #[test]
    fn locates_keys_values_and_list_items() {
        let root = NodePath::root();
        assert_eq!(at(root.key("servigns"), Target::Key), Some((2, 1)));
        assert_eq!(at(root.key("servigns"), Target::Value), Some((2, 11)));
        assert_eq!(
            at(root.key("ingredients").index(0), Target::Value),
            Some((4, 5))
        );
        let unit = root.key("ingredients").index(1).key("unit");
        assert_eq!(at(unit.clone(), Target::Key), Some((5, 20)));
        assert_eq!(at(unit, Target::Value), Some((5, 26)));
        let item = root.key("ingredients").index(2).key("items").index(0);
        assert_eq!(at(item, Target::Value), Some((8, 9)));
        assert_eq!(
            at(root.key("time").key("prep"), Target::Occurrence(1)),
            Some((11, 3))
        );
        assert_eq!(
            at(root.key("time").key("prep"), Target::Value),
            Some((10, 9))
        );
        assert_eq!(at(root.key("nope"), Target::Key), None);
        assert_eq!(at(root.key("ingredients").index(7), Target::Value), None);
    }

    #[test]
    fn lines_are_counted_at_newlines_only() {
        let doc = "a: \"x\u{2028}y\u{85}z\"\r\nc: 2";
        let located = locate(doc, &NodePath::root().key("c"), Target::Key).unwrap();
        assert_eq!(located.span, Span::new(2, 1));
    }

    #[test]
    fn follows_aliases_and_merges() {
        let doc = "base: &b\n  cook: 5 min\ntime:\n  <<: *b\n  prep: 1 min\nother: *b\n";
        let root = NodePath::root();
        let cook = locate(doc, &root.key("time").key("cook"), Target::Key).unwrap();
        assert_eq!(cook.span, Span::new(2, 3));
        let prep = locate(doc, &root.key("time").key("prep"), Target::Value).unwrap();
        assert_eq!(prep.span, Span::new(5, 9));
        let via_alias = locate(doc, &root.key("other").key("cook"), Target::Value).unwrap();
        assert_eq!(via_alias.span, Span::new(2, 9));
    }
}
