//! Problems found while reading a recipe, before they are located in the source.
//!
//! Conversion works on a parsed `Value` tree, which has no positions; it records *where* a
//! problem is as a path into the document (`ingredients[3].note`) and the locator turns that
//! into a line and column afterwards, only for the few nodes that need one.

use std::fmt;

use crate::error::Span;

/// One step of a path into the YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A mapping entry, by its key as text.
    Key(String),
    /// A list element.
    Index(usize),
}

/// A path from the document root to a node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NodePath(pub Vec<Seg>);

impl NodePath {
    pub fn root() -> Self {
        NodePath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        NodePath(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        NodePath(segs)
    }

    /// The path without its last step (the root stays the root).
    pub fn parent(&self) -> Self {
        let mut segs = self.0.clone();
        segs.pop();
        NodePath(segs)
    }
}

/// Shown in messages as `ingredients[3].note`.
impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Which part of the node at a path a problem points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The value itself (for `Seg::Key`, the value of that entry).
    Value,
    /// The key of the last `Seg::Key` step, e.g. an unknown field's name.
    Key,
    /// The `n`-th (0-based) occurrence of the last key in its mapping: duplicate keys.
    Occurrence(usize),
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum At {
    /// Already known (found by scanning the raw text).
    Span(Span),
    /// A node of the parsed document, located on demand.
    Node(NodePath, Target),
}

impl At {
    pub fn value(path: &NodePath) -> Self {
        At::Node(path.clone(), Target::Value)
    }

    pub fn key(path: &NodePath) -> Self {
        At::Node(path.clone(), Target::Key)
    }
}

/// A problem with a message and hints, not yet turned into a [`crate::error::Diagnostic`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub at: At,
    pub message: String,
    pub help: Vec<String>,
}

impl Problem {
    pub fn new(at: At, message: impl Into<String>) -> Self {
        Problem {
            at,
            message: message.into(),
            help: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// A problem that concerns the whole file, reported at its start.
    pub fn at_start(message: impl Into<String>) -> Self {
        Problem::new(At::Span(Span::start()), message)
    }
}
