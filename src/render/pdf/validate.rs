//! Checks a document for everything printpdf would otherwise index blindly (and panic
//! on): pages without size, non-finite positions, font and image indices out of range,
//! bookmarks pointing past the last page.

use super::render_error;
use crate::error::Error;
use crate::frame::{Document, Frame, FrameItem, OutlineEntry};
use crate::units::Abs;

pub(super) fn validate(doc: &Document) -> Result<(), Error> {
    if doc.pages.is_empty() {
        return Err(render_error("document has no pages"));
    }
    for (n, page) in doc.pages.iter().enumerate() {
        let size = page.frame.size;
        if !(positive(size.w) && positive(size.h)) {
            return Err(render_error(format!(
                "page {}: invalid size {} x {} pt",
                n + 1,
                size.w.to_pt(),
                size.h.to_pt()
            )));
        }
        validate_frame(doc, n, &page.frame)?;
    }
    validate_outline(&doc.outline, doc.pages.len())
}

pub(super) fn validate_frame(doc: &Document, n: usize, frame: &Frame) -> Result<(), Error> {
    for (pos, item) in &frame.items {
        if !(pos.x.is_finite() && pos.y.is_finite()) {
            return Err(render_error(format!(
                "page {}: item at a non-finite position",
                n + 1
            )));
        }
        validate_item(doc, n, item)?;
        if let FrameItem::Group(group) = item {
            let size = group.frame.size;
            if !(size.w.is_finite() && size.h.is_finite()) {
                return Err(render_error(format!(
                    "page {}: group of non-finite size",
                    n + 1
                )));
            }
            validate_frame(doc, n, &group.frame)?;
        }
    }
    Ok(())
}

pub(super) fn positive(a: Abs) -> bool {
    a.is_finite() && a.to_pt() > 0.0
}

pub(super) fn validate_item(doc: &Document, page: usize, item: &FrameItem) -> Result<(), Error> {
    match item {
        FrameItem::Text(text) if text.face >= doc.fonts.len() => Err(render_error(format!(
            "page {}: text refers to font face {} but the document has {}",
            page + 1,
            text.face,
            doc.fonts.len()
        ))),
        FrameItem::Image(img) if img.image >= doc.images.len() => Err(render_error(format!(
            "page {}: image item refers to image {} but the document has {}",
            page + 1,
            img.image,
            doc.images.len()
        ))),
        _ => Ok(()),
    }
}

pub(super) fn validate_outline(entries: &[OutlineEntry], pages: usize) -> Result<(), Error> {
    for entry in entries {
        if entry.page >= pages {
            return Err(render_error(format!(
                "bookmark \"{}\" points at page {} but the document has {pages}",
                entry.title,
                entry.page + 1
            )));
        }
        validate_outline(&entry.children, pages)?;
    }
    Ok(())
}
