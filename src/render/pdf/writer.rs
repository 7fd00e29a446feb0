//! One PDF being written: the serialisation context (as krilla's `SerializeContext`)
//! that owns the document's object numbers, fonts, images, pages and outline.
//!
//! A document is added part by part (a recipe at a time, in a batch): each part's
//! pages are written to the file at once (content streams compressed, see `sink`) and
//! the part itself can be dropped. What stays until the end is what the end needs: the
//! glyphs drawn with each face (their subsets are written last), which images are in
//! the file, where each page is, the outline and the page labels. So a 2000-recipe PDF
//! holds its own bytes and one window of layouts, not 2000 layouts and their printpdf
//! and lopdf copies.

use lopdf::{Dictionary, Object, ObjectId};

use super::cid::write_fonts;
use super::font::FontState;
use super::image::ImageTable;
use super::outline::{page_labels, write_outline, OutlineTargets};
use super::page::{build_pdf_document, PageResources};
use super::primitive::{pt, text_string};
use super::serialize::{info_dictionary, to_lopdf};
use super::sink::{compressed, Sink};
use super::validate::validate;
use super::{render_error, RenderOptions};
use crate::error::Error;
use crate::frame::{Document, Metadata, OutlineEntry, Page, PageLabel};

/// Pages printpdf turns into content streams at a time (see [`PdfWriter::add`]).
const PAGES_AT_A_TIME: usize = 8;

/// A PDF being written; [`PdfWriter::add`] parts, then [`PdfWriter::finish`].
pub struct PdfWriter {
    options: RenderOptions,
    sink: Sink,
    /// The page tree and the one resource dictionary all pages share (written last,
    /// when every font and image is known).
    pages_id: ObjectId,
    resources_id: ObjectId,
    targets: OutlineTargets,
    fonts: FontState,
    images: ImageTable,
    /// The first part's metadata: the document's title, author, language.
    meta: Option<Metadata>,
    outline: Vec<OutlineEntry>,
    page_labels: Vec<PageLabel>,
}

impl PdfWriter {
    pub fn new(options: RenderOptions) -> Self {
        // SMask, /Lang and /PrintScaling need more than printpdf's 1.3.
        let mut sink = Sink::new("1.7");
        let pages_id = sink.reserve();
        let resources_id = sink.reserve();
        PdfWriter {
            options,
            sink,
            pages_id,
            resources_id,
            targets: OutlineTargets::default(),
            fonts: FontState::default(),
            images: ImageTable::default(),
            meta: None,
            outline: Vec::new(),
            page_labels: Vec::new(),
        }
    }

    /// Pages written so far.
    pub fn pages(&self) -> usize {
        self.targets.pages.len()
    }

    /// Writes the pages of `part` after those added before; its outline and page
    /// labels follow them. The first part's metadata is the document's.
    pub fn add(&mut self, part: &Document) -> Result<(), Error> {
        validate(part)?;
        let faces = self.fonts.register(part, &mut self.sink)?;
        let image_names = self.images.register(part, &mut self.sink)?;
        let offset = self.pages();
        let resources = PageResources {
            fonts: self.fonts.part_fonts(&faces),
            images: &part.images,
            image_names: &image_names,
        };
        let mut pages = PageSink {
            sink: &mut self.sink,
            targets: &mut self.targets,
            parent: self.pages_id,
            resources: self.resources_id,
        };
        // A few pages at a time: printpdf's operations for a long recipe's hundreds of
        // pages would be most of the memory of the run.
        for chunk in part.pages.chunks(PAGES_AT_A_TIME) {
            let pdf = build_pdf_document(chunk, &resources);
            let mut printed = to_lopdf(&pdf)?;
            drop(pdf);
            let printed_pages: Vec<ObjectId> = printed.get_pages().into_values().collect();
            if printed_pages.len() != chunk.len() {
                return Err(render_error(format!(
                    "printpdf wrote {} pages for {}",
                    printed_pages.len(),
                    chunk.len()
                )));
            }
            for (page, printed_id) in chunk.iter().zip(printed_pages) {
                pages.add(page, &mut printed, printed_id)?;
            }
        }
        self.outline
            .extend(part.outline.iter().cloned().map(|e| e.shifted(offset)));
        self.page_labels
            .extend(part.page_labels.iter().map(|label| PageLabel {
                page: label.page + offset,
                ..*label
            }));
        if self.meta.is_none() {
            self.meta = Some(part.meta.clone());
        }
        Ok(())
    }

    /// The whole document's outline, by page of the whole document (replacing what the
    /// parts brought): for documents planned before their parts were laid out.
    pub fn set_outline(&mut self, outline: Vec<OutlineEntry>) {
        self.outline = outline;
    }

    /// The whole document's page labels (replacing what the parts brought).
    pub fn set_page_labels(&mut self, labels: Vec<PageLabel>) {
        self.page_labels = labels;
    }

    /// Writes the fonts, the page tree, the outline and the catalog; returns the file.
    pub fn finish(mut self) -> Result<Vec<u8>, Error> {
        if self.targets.pages.is_empty() {
            return Err(render_error("document has no pages"));
        }
        let meta = self.meta.take().unwrap_or_default();
        let pages = self.targets.pages.len();
        let mut outline = std::mem::take(&mut self.outline);
        if !outline_fits(&outline, pages) {
            return Err(render_error("an outline entry points past the last page"));
        }
        self.page_labels.retain(|label| label.page < pages);
        write_fonts(&mut self.sink, &self.fonts)?;

        let mut fonts = Dictionary::new();
        for face in &self.fonts.faces {
            fonts.set(face.resource.as_bytes(), Object::Reference(face.object));
        }
        let mut xobjects = Dictionary::new();
        for (name, id) in &self.images.embedded {
            xobjects.set(name.as_bytes(), Object::Reference(*id));
        }
        let mut resources = Dictionary::new();
        resources.set("Font", fonts);
        resources.set("XObject", xobjects);
        self.sink
            .write(self.resources_id, &Object::Dictionary(resources));

        let kids = self.targets.pages.iter().map(|&id| Object::Reference(id));
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Count", Object::Integer(self.targets.pages.len() as i64));
        pages.set("Kids", Object::Array(kids.collect()));
        self.sink.write(self.pages_id, &Object::Dictionary(pages));

        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(self.pages_id));
        catalog.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
        if let Some(lang) = meta.lang.as_deref().filter(|l| !l.is_empty()) {
            catalog.set("Lang", text_string(lang));
        }
        if !self.page_labels.is_empty() {
            catalog.set("PageLabels", page_labels(&self.page_labels));
        }
        let mut prefs = Dictionary::new();
        // Cards are printed at their size, never fitted to the paper.
        prefs.set("PrintScaling", Object::Name(b"None".to_vec()));
        catalog.set("ViewerPreferences", prefs);
        outline.shrink_to_fit();
        match write_outline(&mut self.sink, &outline, &self.targets) {
            Some(outlines) => {
                catalog.set("Outlines", Object::Reference(outlines));
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
        let catalog = self.sink.add(&Object::Dictionary(catalog));
        let info = info_dictionary(&meta, &self.options);
        let info = self.sink.add(&Object::Dictionary(info));
        self.sink.finish(catalog, info)
    }
}

/// Where pages go: the file, and the list of pages the outline and page tree point at.
struct PageSink<'w> {
    sink: &'w mut Sink,
    targets: &'w mut OutlineTargets,
    /// The page tree and the shared resource dictionary (reserved objects).
    parent: ObjectId,
    resources: ObjectId,
}

impl PageSink<'_> {
    /// One page: printpdf's content stream (compressed now) and link annotations, in a
    /// page object of ours that uses the shared resources.
    fn add(
        &mut self,
        page: &Page,
        printed: &mut lopdf::Document,
        printed_id: ObjectId,
    ) -> Result<(), Error> {
        let wrote = |what: &str| render_error(format!("printpdf wrote no usable {what}"));
        let dict = printed
            .get_dictionary(printed_id)
            .map_err(|_| wrote("page"))?;
        let contents = dict
            .get(b"Contents")
            .and_then(Object::as_reference)
            .map_err(|_| wrote("page contents"))?;
        let annots = dict
            .get(b"Annots")
            .ok()
            .and_then(|a| a.as_array().ok())
            .filter(|a| !a.is_empty())
            .cloned();
        let Some(Object::Stream(stream)) = printed.objects.remove(&contents) else {
            return Err(wrote("content stream"));
        };
        let stream = compressed(Dictionary::new(), stream.content)?;
        let contents_id = self.sink.add(&Object::Stream(stream));

        let size = page.frame.size;
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        dict.set("Parent", Object::Reference(self.parent));
        let media = [0.0, 0.0, pt(size.w).0, pt(size.h).0];
        dict.set("MediaBox", reals(media));
        if let Some(trim) = page.trim {
            let corners = [
                trim.x,
                size.h - trim.bottom(),
                trim.right(),
                size.h - trim.y,
            ];
            dict.set("TrimBox", reals(corners.map(|c| pt(c).0)));
        }
        dict.set("Resources", Object::Reference(self.resources));
        dict.set("Contents", Object::Reference(contents_id));
        if let Some(annots) = annots {
            dict.set("Annots", Object::Array(annots));
        }
        let id = self.sink.add(&Object::Dictionary(dict));
        self.targets.pages.push(id);
        self.targets.heights.push(pt(size.h).0);
        Ok(())
    }
}

fn outline_fits(entries: &[OutlineEntry], pages: usize) -> bool {
    entries
        .iter()
        .all(|e| e.page < pages && outline_fits(&e.children, pages))
}

fn reals<const N: usize>(values: [f32; N]) -> Object {
    Object::Array(values.iter().map(|&v| Object::Real(v)).collect())
}
