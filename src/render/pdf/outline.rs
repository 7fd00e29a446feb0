//! The nested outline (bookmarks) and the `/PageLabels` number tree, which printpdf
//! writes flat or not at all.

use lopdf::{Dictionary, Object, ObjectId};

use super::primitive::text_string;
use super::sink::Sink;
use crate::frame::OutlineEntry;

/// `/PageLabels` number tree: how viewers show page numbers (i, ii, 1, 2, …).
pub(super) fn page_labels(labels: &[crate::frame::PageLabel]) -> Dictionary {
    use crate::frame::LabelStyle;
    let mut nums = Vec::new();
    for label in labels {
        let mut range = Dictionary::new();
        let style: &[u8] = match label.style {
            LabelStyle::Decimal => b"D",
            LabelStyle::LowerRoman => b"r",
        };
        range.set("S", Object::Name(style.to_vec()));
        range.set("St", Object::Integer(i64::from(label.first.max(1))));
        nums.push(Object::Integer(label.page as i64));
        nums.push(Object::Dictionary(range));
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    tree
}

/// Writes the (nested) outline; returns the `/Outlines` dictionary's id.
/// printpdf's own bookmarks are flat, so the outline is built here.
pub(super) fn write_outline(
    sink: &mut Sink,
    outline: &[OutlineEntry],
    targets: &OutlineTargets,
) -> Option<ObjectId> {
    if outline.is_empty() {
        return None;
    }
    let root = sink.reserve();
    let (first, last, count) = write_outline_level(sink, outline, root, targets)?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    dict.set("Count", Object::Integer(count));
    sink.write(root, &Object::Dictionary(dict));
    Some(root)
}

/// Where outline entries point: each page's object and height (for "top of page").
#[derive(Default)]
pub(super) struct OutlineTargets {
    pub(super) pages: Vec<ObjectId>,
    pub(super) heights: Vec<f32>,
}

/// One level of outline items under `parent`: (first, last, number of open items).
pub(super) fn write_outline_level(
    sink: &mut Sink,
    entries: &[OutlineEntry],
    parent: ObjectId,
    targets: &OutlineTargets,
) -> Option<(ObjectId, ObjectId, i64)> {
    let ids: Vec<ObjectId> = entries.iter().map(|_| sink.reserve()).collect();
    let mut count = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(parent));
        // Top of the page, zoom unchanged.
        let dest = vec![
            Object::Reference(*targets.pages.get(entry.page)?),
            Object::Name(b"XYZ".to_vec()),
            Object::Integer(0),
            Object::Real(*targets.heights.get(entry.page)?),
            Object::Null,
        ];
        dict.set("Dest", Object::Array(dest));
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        count += 1;
        if let Some((first, last, open)) =
            write_outline_level(sink, &entry.children, ids[i], targets)
        {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(open));
            count += open;
        }
        sink.write(ids[i], &Object::Dictionary(dict));
    }
    Some((*ids.first()?, *ids.last()?, count))
}
