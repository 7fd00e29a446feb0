//! Which faces a document uses and how each gets embedded: subset here (`fontfile`)
//! or handed to printpdf; their glyph sets, `/ToUnicode` texts and subset tags.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::{FontId, ParsedFont};

use super::render_error;
use crate::error::Error;
use crate::frame::{Document, FontData, FrameItem, Glyph, TextItem};
use crate::render::fontfile::{Subset, TrueType};

/// A face that is used in the document.
pub(super) struct UsedFont<'d> {
    /// Resource name; its first 6 letters are the subset tag.
    pub(super) id: FontId,
    /// The text each glyph id maps to in `/ToUnicode` (see [`unicode_mappings`]).
    pub(super) unicode: GidMap<&'d str>,
    pub(super) program: Program,
}

/// How a used face gets into the PDF.
pub(super) enum Program {
    /// Subset here (see `fontfile`) and written with lopdf after printpdf: the content
    /// stream carries the subset's renumbered glyph ids.
    Subset {
        face: Arc<Embeddable>,
        subset: Subset,
        /// Subset glyph id of each original glyph id (`u16::MAX`: not in the subset).
        new_id: Vec<u16>,
    },
    /// Registered with printpdf, which subsets it (faces `fontfile` cannot read, such
    /// as CFF-outline OpenType).
    Printpdf(Arc<Embeddable>),
}

impl Program {
    /// The glyph id written into the content stream for original glyph `gid`.
    pub(super) fn code(&self, gid: u16) -> u16 {
        match self {
            Program::Subset { new_id, .. } => new_id.get(usize::from(gid)).copied().unwrap_or(0),
            Program::Printpdf(_) => gid,
        }
    }

    /// The advance of original glyph `gid` in 1/1000 em exactly as the font's `/W`
    /// says (f32 arithmetic, truncated), so `TJ` adjustments cancel it exactly.
    pub(super) fn advance(&self, gid: u16) -> i64 {
        match self {
            Program::Subset { face, .. } | Program::Printpdf(face) => face.advance(gid),
        }
    }
}

/// The used faces, by index into [`Document::fonts`].
pub(super) type UsedFonts<'d> = BTreeMap<usize, UsedFont<'d>>;

/// A map keyed by glyph id, looked up for every glyph drawn: hashed with one multiply
/// instead of SipHash.
pub(super) type GidMap<V> = HashMap<u16, V, BuildHasherDefault<GidHasher>>;

#[derive(Default)]
pub(super) struct GidHasher(u64);

impl Hasher for GidHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) fn prepare_fonts(doc: &Document) -> Result<UsedFonts<'_>, Error> {
    let mut used = UsedFonts::new();
    let mut tags_taken = Vec::new();
    let mut unicode = unicode_mappings(doc);
    for (face, glyphs) in glyphs_by_face(doc) {
        let data = &doc.fonts[face];
        let embeddable = embeddable_face(data)?;
        check_glyph_ids(data, embeddable.num_glyphs(), &glyphs)?;
        let tag = unique_tag(subset_tag(data, &glyphs), &tags_taken);
        tags_taken.push(tag.clone());
        let program = match &embeddable.program {
            FaceProgram::TrueType(truetype) => match truetype.subset(&data.data, &glyphs) {
                Some(subset) => {
                    let mut new_id = vec![u16::MAX; truetype.num_glyphs()];
                    for (new, &old) in subset.glyphs.iter().enumerate() {
                        new_id[usize::from(old)] = new as u16;
                    }
                    Program::Subset {
                        face: embeddable.clone(),
                        subset,
                        new_id,
                    }
                }
                // A table `fontfile` could not follow: printpdf (parsed for this
                // document only; this does not happen with sane fonts).
                None => Program::Printpdf(Arc::new(Embeddable::printpdf(data)?)),
            },
            FaceProgram::Parsed(_) => Program::Printpdf(embeddable.clone()),
        };
        used.insert(
            face,
            UsedFont {
                id: FontId(tag),
                unicode: unicode.remove(&face).unwrap_or_default(),
                program,
            },
        );
    }
    Ok(used)
}

/// The glyph ids drawn with each face (faces without glyphs are not embedded).
pub(super) fn glyphs_by_face(doc: &Document) -> BTreeMap<usize, Vec<u16>> {
    let mut faces: BTreeMap<usize, Vec<u16>> = BTreeMap::new();
    for text in text_items(doc) {
        if !text.glyphs.is_empty() {
            faces
                .entry(text.face)
                .or_default()
                .extend(text.glyphs.iter().map(|g| g.id));
        }
    }
    for glyphs in faces.values_mut() {
        glyphs.sort_unstable();
        glyphs.dedup();
    }
    faces
}

pub(super) fn text_items(doc: &Document) -> impl Iterator<Item = &TextItem> {
    doc.pages
        .iter()
        .flat_map(|page| page.frame.all_items())
        .filter_map(|item| match item {
            FrameItem::Text(text) => Some(text),
            _ => None,
        })
}

/// One `/ToUnicode` text per glyph and face. A glyph that forms a cluster on its own maps
/// to that cluster's text; otherwise the first glyph of a cluster maps to the whole
/// cluster (ligatures, base + marks). Where a glyph stands for something else elsewhere,
/// that cluster gets `/ActualText` instead — see [`needs_actual_text`].
pub(super) fn unicode_mappings(doc: &Document) -> BTreeMap<usize, GidMap<&str>> {
    // (single-glyph clusters, first glyphs of longer clusters), first occurrence wins.
    let mut found: BTreeMap<usize, (GidMap<&str>, GidMap<&str>)> = BTreeMap::new();
    for text in text_items(doc) {
        let (single, multi) = found.entry(text.face).or_default();
        for cluster in clusters(&text.glyphs) {
            let glyph = &cluster[0];
            if !glyph.text.is_empty() {
                let map = if cluster.len() == 1 {
                    &mut *single
                } else {
                    &mut *multi
                };
                map.entry(glyph.id).or_insert(glyph.text.as_str());
            }
        }
    }
    found
        .into_iter()
        .map(|(face, (mut single, multi))| {
            for (id, text) in multi {
                single.entry(id).or_insert(text);
            }
            (face, single)
        })
        .collect()
}

pub(super) fn check_glyph_ids(
    data: &FontData,
    num_glyphs: usize,
    glyphs: &[u16],
) -> Result<(), Error> {
    match glyphs.last() {
        Some(&max) if usize::from(max) >= num_glyphs => Err(render_error(format!(
            "font {}: glyph id {max} is out of range (the font has {num_glyphs} glyphs)",
            data.name
        ))),
        _ => Ok(()),
    }
}

/// A face read for embedding, once per process (see [`embeddable_face`]).
pub(super) struct Embeddable {
    pub(super) program: FaceProgram,
}

pub(super) enum FaceProgram {
    /// A TrueType face this module subsets itself.
    TrueType(TrueType),
    /// Anything else: printpdf's parsed face, subset by printpdf.
    Parsed(Box<ParsedFont>),
}

impl Embeddable {
    fn read(data: &FontData) -> Result<Embeddable, Error> {
        match TrueType::read(&data.data, data.index) {
            Some(truetype) => Ok(Embeddable {
                program: FaceProgram::TrueType(truetype),
            }),
            None => Embeddable::printpdf(data),
        }
    }

    fn printpdf(data: &FontData) -> Result<Embeddable, Error> {
        Ok(Embeddable {
            program: FaceProgram::Parsed(Box::new(parse_font(data)?)),
        })
    }

    fn num_glyphs(&self) -> usize {
        match &self.program {
            FaceProgram::TrueType(face) => face.num_glyphs(),
            FaceProgram::Parsed(parsed) => usize::from(parsed.num_glyphs),
        }
    }

    /// Advance of `gid` in 1/1000 em, computed as printpdf computes `/W`.
    pub(super) fn advance(&self, gid: u16) -> i64 {
        match &self.program {
            FaceProgram::TrueType(face) => {
                (f32::from(face.advance(gid)) * 1000.0 / f32::from(face.units_per_em)) as i64
            }
            FaceProgram::Parsed(parsed) => {
                let upm = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
                parsed
                    .get_or_decode_glyph(gid)
                    .map(|g| (f32::from(g.horz_advance) * 1000.0 / upm) as i64)
                    .unwrap_or(0)
            }
        }
    }

    /// printpdf's face, for faces printpdf embeds.
    pub(super) fn parsed(&self) -> Option<&ParsedFont> {
        match &self.program {
            FaceProgram::Parsed(parsed) => Some(parsed),
            FaceProgram::TrueType(_) => None,
        }
    }
}

/// How many faces [`embeddable_face`] keeps (a card uses up to five).
pub(super) const FONT_CACHE_SIZE: usize = 16;

/// Faces read for embedding, shared by all renders in the process: reading costs more
/// than the rest of a card. Keyed by the `FontData` allocation, which the cache keeps
/// alive so the address cannot be reused by another face; bounded so that callers
/// creating new `FontData` for every document do not grow it forever.
pub(super) fn embeddable_face(data: &Arc<FontData>) -> Result<Arc<Embeddable>, Error> {
    type Cache = Mutex<Vec<(Arc<FontData>, Arc<Embeddable>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let lookup = |entries: &[(Arc<FontData>, Arc<Embeddable>)]| {
        entries
            .iter()
            .find(|(key, _)| Arc::ptr_eq(key, data))
            .map(|(_, face)| face.clone())
    };
    if let Some(face) = lookup(&lock(cache)) {
        return Ok(face);
    }
    let face = Arc::new(Embeddable::read(data)?);
    let mut entries = lock(cache);
    if let Some(existing) = lookup(&entries) {
        return Ok(existing);
    }
    if entries.len() >= FONT_CACHE_SIZE {
        entries.remove(0);
    }
    entries.push((data.clone(), face.clone()));
    Ok(face)
}

/// A poisoned cache is still a valid cache: entries are only ever appended whole.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn parse_font(data: &FontData) -> Result<ParsedFont, Error> {
    let mut warnings = Vec::new();
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        ParsedFont::from_bytes(&data.data, data.index as usize, &mut warnings)
    }))
    .ok()
    .flatten();
    let mut parsed = parsed.ok_or_else(|| {
        render_error(format!(
            "font {}: cannot be read for embedding ({warnings:?})",
            data.name
        ))
    })?;
    // /BaseFont carries the layout's PostScript name (plus the subset tag).
    parsed.font_name = Some(pdf_name(&data.name));
    Ok(parsed)
}

/// A PostScript name safe to write as a PDF name (no delimiters, whitespace or '#').
pub(super) fn pdf_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if cleaned.is_empty() {
        "Font".to_string()
    } else {
        cleaned
    }
}

/// Six capitals derived from the face and its glyph set: the same subset always gets the
/// same tag, different subsets almost always different ones.
pub(super) fn subset_tag(data: &FontData, glyphs: &[u16]) -> String {
    let mut hash = StableHasher::new();
    hash.write(data.name.as_bytes());
    hash.write(&data.index.to_le_bytes());
    hash.write(&(data.data.len() as u64).to_le_bytes());
    for gid in glyphs {
        hash.write(&gid.to_le_bytes());
    }
    letters(hash.finish())
}

pub(super) fn letters(mut value: u64) -> String {
    (0..6)
        .map(|_| {
            let letter = b'A' + (value % 26) as u8;
            value /= 26;
            letter as char
        })
        .collect()
}

/// Two faces in one document must not share a resource name.
pub(super) fn unique_tag(mut tag: String, taken: &[String]) -> String {
    let mut salt = 0u64;
    while taken.contains(&tag) {
        salt += 1;
        let mut hash = StableHasher::new();
        hash.write(tag.as_bytes());
        hash.write(&salt.to_le_bytes());
        tag = letters(hash.finish());
    }
    tag
}

/// FNV-1a: stable across Rust versions and platforms, unlike `DefaultHasher`.
pub(super) struct StableHasher(u64);

impl StableHasher {
    fn new() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Splits glyphs into clusters: a glyph with text starts one, glyphs with empty text
/// continue it.
pub(super) fn clusters(glyphs: &[Glyph]) -> impl Iterator<Item = &[Glyph]> {
    let mut rest = glyphs;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = 1 + rest[1..].iter().take_while(|g| g.text.is_empty()).count();
        let (cluster, tail) = rest.split_at(len);
        rest = tail;
        Some(cluster)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_six_capitals_and_unique() {
        let data = FontData {
            name: "Lora-Regular".into(),
            data: Arc::from(&b"abc"[..]),
            index: 0,
        };
        let tag = subset_tag(&data, &[1, 2, 3]);
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(&data, &[1, 2, 3]));
        assert_ne!(tag, subset_tag(&data, &[1, 2]));
        let other = unique_tag(tag.clone(), std::slice::from_ref(&tag));
        assert_ne!(other, tag);
        assert_eq!(other.len(), 6);
    }
}
