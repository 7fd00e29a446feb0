//! The faces one PDF draws with: read once per process (a bounded cache of parsed
//! tables, which nothing writes to), and, per document being written, the glyphs drawn
//! with each face in the order they were first drawn. That order is the subset's glyph
//! numbering, so a page can be written the moment it is laid out, before the document's
//! last glyph is known (see `writer`). The codes written for glyf faces are CIDs, one
//! per glyph and the text it stands for, so every code's `/ToUnicode` is exact.

use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::ObjectId;

use super::render_error;
use super::sink::Sink;
use crate::error::Error;
use crate::frame::{Document, FontData, FrameItem, Glyph, TextItem};
use crate::render::fontfile::TrueType;

/// One face of the document being written.
pub(super) struct FaceState {
    pub(super) data: Arc<FontData>,
    pub(super) face: Arc<Embeddable>,
    /// The name the content streams select the face by (`/F0 9 Tf`).
    pub(super) resource: String,
    /// The Type 0 font object: reserved when the face is first drawn, written last.
    pub(super) object: ObjectId,
    /// Original glyph ids in subset order: glyph 0, then as first drawn.
    pub(super) order: Vec<u16>,
    /// Subset id of each original glyph id (`u16::MAX`: not drawn yet).
    new_id: Vec<u16>,
    /// glyf faces: one CID per glyph *and the text it stands for there*, in the order
    /// first drawn (`/CIDToGIDMap` maps them to glyphs). A glyph that stands for
    /// different texts in different places (an Arabic letter's dotless base, a
    /// ligature's parts) gets a CID for each, and every CID's `/ToUnicode` is exact: no
    /// `/ActualText` needed, which extractors read as word breaks.
    pub(super) cids: Vec<(u16, Box<str>)>,
    /// Each CID's `/W` width in 1/1000 em: its glyph's advance, except for a blank glyph
    /// standing in for text drawn much wider (an emoji's picture, see
    /// [`crate::text::bitmap`]), which takes the width it is drawn at, so that
    /// extractors see the text as wide as its picture, not as a narrow space before a gap.
    pub(super) cid_widths: Vec<i64>,
    /// The CIDs of each original glyph id, with their texts.
    cid_of: GidMap<Vec<(Box<str>, u16)>>,
    /// CFF faces (whose CIDs are their subset glyph ids): the `/ToUnicode` text of each
    /// glyph drawn, fixed by the first part that draws it (see [`unicode_mappings`]).
    pub(super) unicode: GidMap<Box<str>>,
}

impl FaceState {
    /// Whether CIDs are subset glyph ids (CFF), not one per glyph and text (glyf).
    pub(super) fn cff(&self) -> bool {
        self.face.face.cff
    }

    /// The code written into the content stream for original glyph `gid` standing for
    /// `text` (see [`FaceState::cids`]).
    pub(super) fn code(&self, gid: u16, text: &str) -> u16 {
        if self.cff() {
            return self.new_id.get(usize::from(gid)).copied().unwrap_or(0);
        }
        let cids = self.cid_of.get(&gid).map_or(&[][..], Vec::as_slice);
        cids.iter()
            .find(|(t, _)| &**t == text)
            .or(cids.first())
            .map_or(0, |&(_, cid)| cid)
    }

    /// What an extractor reads for glyph `gid` drawn for `text`: the `/ToUnicode` text of
    /// its code.
    pub(super) fn mapped_text(&self, gid: u16, text: &str) -> &str {
        if self.cff() {
            return self.unicode.get(&gid).map_or("", |t| t);
        }
        let cid = usize::from(self.code(gid, text));
        self.cids.get(cid).map_or("", |(_, t)| t)
    }

    /// The `/W` width of the code for `gid` standing for `text`, which `TJ` adjustments
    /// are relative to.
    pub(super) fn code_advance(&self, gid: u16, text: &str) -> i64 {
        if self.cff() {
            return self.advance(gid);
        }
        let cid = usize::from(self.code(gid, text));
        self.cid_widths
            .get(cid)
            .copied()
            .unwrap_or_else(|| self.advance(gid))
    }

    /// Subset glyph id of original glyph `gid`.
    pub(super) fn new_id(&self, gid: u16) -> u16 {
        self.new_id.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The advance of original glyph `gid` in 1/1000 em exactly as the font's `/W`
    /// says (f32 arithmetic, truncated), so `TJ` adjustments cancel it exactly.
    pub(super) fn advance(&self, gid: u16) -> i64 {
        self.face.advance(gid)
    }

    fn draw(&mut self, gid: u16) {
        let slot = &mut self.new_id[usize::from(gid)];
        if *slot == u16::MAX {
            // At most one id per glyph of the face, which has fewer than 65 536.
            *slot = self.order.len() as u16;
            self.order.push(gid);
        }
    }

    /// A CID for `gid` standing for `text` (glyf faces). Past 65 536 pairs the glyph's
    /// first CID serves, and `/ActualText` says the rest.
    /// `drawn` is the advance it is drawn at, in 1/1000 em.
    fn cid(&mut self, gid: u16, text: &str, drawn: f64) {
        let own = self.face.advance(gid);
        let cids = self.cid_of.entry(gid).or_default();
        if cids.iter().any(|(t, _)| &**t == text) || self.cids.len() > usize::from(u16::MAX) {
            return;
        }
        cids.push((text.into(), self.cids.len() as u16));
        self.cids.push((gid, text.into()));
        let stands_in = !text.is_empty() && !text.starts_with(char::is_whitespace);
        let much_wider = drawn > (own as f64) * 2.0 + 100.0;
        let width = if stands_in && much_wider && self.face.is_blank(gid) {
            drawn as i64
        } else {
            own
        };
        self.cid_widths.push(width);
    }
}

/// The faces of one document being written, in the order first drawn.
#[derive(Default)]
pub(super) struct FontState {
    pub(super) faces: Vec<FaceState>,
}

/// The faces one part draws with: its [`Document::fonts`] index → the writer's face.
pub(super) type PartFonts<'w> = BTreeMap<usize, &'w FaceState>;

impl FontState {
    /// Adds the glyphs `part` draws, reserving a font object in `sink` for each face
    /// drawn for the first time, and fixes their `/ToUnicode` texts. Returns the faces
    /// indices of `part` map to (in [`FontState::part_fonts`]).
    pub(super) fn register(
        &mut self,
        part: &Document,
        sink: &mut Sink,
    ) -> Result<BTreeMap<usize, usize>, Error> {
        let mut faces: BTreeMap<usize, usize> = BTreeMap::new();
        for text in text_items(part) {
            if text.glyphs.is_empty() {
                continue;
            }
            let state = match faces.get(&text.face) {
                Some(&state) => state,
                None => {
                    let state = self.face_of(&part.fonts[text.face], sink)?;
                    faces.insert(text.face, state);
                    state
                }
            };
            let face = &mut self.faces[state];
            let num_glyphs = face.face.num_glyphs();
            for glyph in &text.glyphs {
                if usize::from(glyph.id) >= num_glyphs {
                    return Err(render_error(format!(
                        "font {}: glyph id {} is out of range (the font has {num_glyphs} glyphs)",
                        face.data.name, glyph.id
                    )));
                }
                face.draw(glyph.id);
                if !face.cff() {
                    let drawn = glyph.x_advance.to_pt() * 1000.0 / text.size.to_pt();
                    face.cid(glyph.id, text.glyph_text(glyph), drawn);
                }
            }
        }
        for (face, mappings) in unicode_mappings(part) {
            let Some(&state) = faces.get(&face).filter(|&&s| self.faces[s].cff()) else {
                continue;
            };
            let unicode = &mut self.faces[state].unicode;
            for (gid, text) in mappings {
                unicode.entry(gid).or_insert_with(|| text.into());
            }
        }
        Ok(faces)
    }

    /// The writer's faces for the indices [`FontState::register`] returned.
    pub(super) fn part_fonts(&self, faces: &BTreeMap<usize, usize>) -> PartFonts<'_> {
        faces
            .iter()
            .map(|(&face, &state)| (face, &self.faces[state]))
            .collect()
    }

    fn face_of(&mut self, data: &Arc<FontData>, sink: &mut Sink) -> Result<usize, Error> {
        if let Some(found) = self
            .faces
            .iter()
            .position(|f| Arc::ptr_eq(&f.data, data) || same_face(&f.data, data))
        {
            return Ok(found);
        }
        let face = embeddable_face(data)?;
        let mut new_id = vec![u16::MAX; face.num_glyphs()];
        new_id[0] = 0;
        self.faces.push(FaceState {
            data: data.clone(),
            resource: format!("F{}", self.faces.len()),
            object: sink.reserve(),
            order: vec![0],
            new_id,
            // CID 0 is glyph 0, standing for nothing.
            cids: vec![(0, "".into())],
            cid_widths: vec![face.advance(0)],
            cid_of: GidMap::from_iter([(0, vec![("".into(), 0)])]),
            unicode: GidMap::default(),
            face,
        });
        Ok(self.faces.len() - 1)
    }
}

/// The same face loaded into two `FontData`s that share the file's bytes.
fn same_face(a: &FontData, b: &FontData) -> bool {
    a.index == b.index && a.name == b.name && Arc::ptr_eq(&a.data, &b.data)
}

/// A map keyed by glyph id, looked up for every glyph drawn: hashed with one multiply
/// instead of SipHash.
pub(super) type GidMap<V> = std::collections::HashMap<u16, V, BuildHasherDefault<GidHasher>>;

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

pub(super) fn text_items(doc: &Document) -> impl Iterator<Item = &TextItem> {
    doc.pages
        .iter()
        .flat_map(|page| page.frame.all_items())
        .filter_map(|item| match item {
            FrameItem::Text(text) => Some(text),
            _ => None,
        })
}

/// One `/ToUnicode` text per glyph and face of `part`, for CFF faces (whose codes are
/// glyph ids). A glyph that forms a cluster on its own maps to that cluster's text;
/// otherwise the first glyph of a cluster maps to the whole cluster (ligatures, base +
/// marks). Where a glyph stands for something else elsewhere, that cluster gets
/// `/ActualText` instead — see [`needs_actual_text`].
///
/// [`needs_actual_text`]: super::text::needs_actual_text
pub(super) fn unicode_mappings(part: &Document) -> BTreeMap<usize, Vec<(u16, &str)>> {
    // (single-glyph clusters, first glyphs of longer clusters), first occurrence wins.
    let mut found: BTreeMap<usize, (GidMap<&str>, GidMap<&str>)> = BTreeMap::new();
    for text in text_items(part) {
        let (single, multi) = found.entry(text.face).or_default();
        for cluster in clusters(&text.glyphs) {
            let glyph = &cluster[0];
            if glyph.starts_cluster() {
                let map = if cluster.len() == 1 {
                    &mut *single
                } else {
                    &mut *multi
                };
                map.entry(glyph.id).or_insert(text.glyph_text(glyph));
            }
        }
    }
    found
        .into_iter()
        .map(|(face, (mut single, multi))| {
            for (id, text) in multi {
                single.entry(id).or_insert(text);
            }
            let mut mappings: Vec<(u16, &str)> = single.into_iter().collect();
            mappings.sort_unstable();
            (face, mappings)
        })
        .collect()
}

/// A face read for embedding, once per process (see [`embeddable_face`]): its tables,
/// metrics, and for glyf outlines what subsetting needs.
pub(super) struct Embeddable {
    pub(super) face: TrueType,
}

impl Embeddable {
    fn read(data: &FontData) -> Result<Embeddable, Error> {
        match TrueType::read(&data.data, data.index) {
            Some(face) => Ok(Embeddable { face }),
            None => Err(render_error(format!(
                "font {}: cannot be read for embedding (neither TrueType nor CFF outlines \
                 with the tables PDF needs)",
                data.name
            ))),
        }
    }

    pub(super) fn num_glyphs(&self) -> usize {
        self.face.num_glyphs()
    }

    /// Whether `gid` draws nothing (see [`TrueType::is_blank`]).
    pub(super) fn is_blank(&self, gid: u16) -> bool {
        self.face.is_blank(gid)
    }

    /// Advance of `gid` in 1/1000 em, f32 arithmetic truncated (as `/W` is written).
    pub(super) fn advance(&self, gid: u16) -> i64 {
        (f32::from(self.face.advance(gid)) * 1000.0 / f32::from(self.face.units_per_em)) as i64
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
        let len = 1 + rest[1..].iter().take_while(|g| !g.starts_cluster()).count();
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
