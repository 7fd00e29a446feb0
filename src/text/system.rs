//! Fonts installed on the machine and in `--font-path` folders: the end of the fallback
//! chain, found with `fontdb` (fontconfig's folders on Linux, the system font folders on
//! macOS and Windows) and indexed only when a character first needs them, so that a card
//! the bundled faces can set costs nothing here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use harfrust::Script;

use super::face::Face;
use super::style::{CjkRegion, FaceStyle};

/// Where fallback fonts come from, besides the bundled ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontSources {
    /// Whether to use the fonts installed on the machine.
    pub system: bool,
    /// Extra folders (`--font-path`, `CARDGEN_FONT_PATH`), searched recursively.
    pub dirs: Vec<PathBuf>,
}

/// `CARDGEN_FONT_PATH` holds extra folders (separated like `PATH`); a non-empty
/// `CARDGEN_NO_SYSTEM_FONTS` leaves the machine's fonts out (for tests and
/// reproducible builds).
pub const FONT_PATH_VAR: &str = "CARDGEN_FONT_PATH";
pub const NO_SYSTEM_FONTS_VAR: &str = "CARDGEN_NO_SYSTEM_FONTS";

impl FontSources {
    /// System fonts plus the folders in `CARDGEN_FONT_PATH`, unless the environment
    /// says otherwise.
    pub fn from_env() -> FontSources {
        let no_system = std::env::var_os(NO_SYSTEM_FONTS_VAR).is_some_and(|v| !v.is_empty());
        let dirs = std::env::var_os(FONT_PATH_VAR)
            .map(|paths| {
                std::env::split_paths(&paths)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        FontSources {
            system: !no_system,
            dirs,
        }
    }
}

/// Where a face was found; earlier tiers are tried first (the order of the fallback
/// chain: the machine's fonts, then `--font-path`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    System,
    FontPath,
}

/// Candidate positions in order of preference, shared between lookups.
type Ranking = Arc<[usize]>;

/// The lazily built index of fallback faces.
pub struct SystemFonts {
    sources: FontSources,
    index: OnceLock<Index>,
}

impl std::fmt::Debug for SystemFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemFonts")
            .field("sources", &self.sources)
            .field("indexed", &self.index.get().map(|i| i.candidates.len()))
            .finish()
    }
}

/// What a fallback face should look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Request {
    pub style: FaceStyle,
    pub region: CjkRegion,
}

struct Index {
    db: fontdb::Database,
    candidates: Vec<Candidate>,
    /// The loaded face of each candidate (by position in `candidates`).
    faces: Vec<OnceLock<Option<Face>>>,
    /// Font files read so far, shared by the faces of one collection.
    files: Mutex<Vec<(PathBuf, Arc<[u8]>)>>,
    /// Candidates in order of preference, per script and request.
    ranked: RwLock<HashMap<(Script, Request), Ranking>>,
    /// The candidate chosen for a character, per request (`None`: no face has it).
    chosen: RwLock<HashMap<(char, Request), Option<usize>>>,
}

struct Candidate {
    id: fontdb::ID,
    tier: Tier,
    family: String,
    /// Sort key that makes the order independent of how folders were listed.
    origin: (PathBuf, u32),
    style: FaceStyle,
    mono: bool,
    /// The characters the face has; `None` when it cannot be drawn (neither outlines nor
    /// pictures of a format we draw) or cannot be read.
    coverage: OnceLock<Option<Coverage>>,
}

/// Sorted, disjoint, inclusive code point ranges.
struct Coverage(Vec<(u32, u32)>);

impl Coverage {
    fn contains(&self, c: char) -> bool {
        let c = c as u32;
        let i = self.0.partition_point(|&(_, end)| end < c);
        self.0.get(i).is_some_and(|&(start, _)| start <= c)
    }

    /// The Unicode coverage of a face with embeddable outlines (TrueType or CFF) or with
    /// colour pictures (emoji, see [`super::bitmap`]).
    fn read(data: &[u8], index: u32) -> Option<Coverage> {
        let face = ttf_parser::Face::parse(data, index).ok()?;
        let tables = face.tables();
        if tables.glyf.is_none() && tables.cff.is_none() && !super::bitmap::is_bitmap_face(&face) {
            return None;
        }
        let mut points = Vec::new();
        for subtable in tables.cmap?.subtables {
            if subtable.is_unicode() {
                subtable.codepoints(|cp| {
                    if subtable.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        points.push(cp);
                    }
                });
            }
        }
        points.sort_unstable();
        points.dedup();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for cp in points {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == cp => *end = cp,
                _ => ranges.push((cp, cp)),
            }
        }
        Some(Coverage(ranges))
    }
}

impl SystemFonts {
    pub fn new(sources: FontSources) -> SystemFonts {
        SystemFonts {
            sources,
            index: OnceLock::new(),
        }
    }

    pub fn sources(&self) -> &FontSources {
        &self.sources
    }

    /// The best face for `c`, loaded, as its slot number; `None` when no face has it.
    pub fn find(&self, c: char, request: Request) -> Option<usize> {
        if !self.sources.system && self.sources.dirs.is_empty() {
            return None;
        }
        let index = self.index.get_or_init(|| Index::build(&self.sources));
        index.find(c, request)
    }

    /// The face in slot `slot`, if it was loaded.
    pub fn face(&self, slot: usize) -> Option<&Face> {
        self.index.get()?.faces.get(slot)?.get()?.as_ref()
    }

    /// One more than the highest slot loaded so far (0 when nothing was).
    pub fn loaded_len(&self) -> usize {
        let Some(index) = self.index.get() else {
            return 0;
        };
        index
            .faces
            .iter()
            .rposition(|slot| slot.get().is_some_and(Option::is_some))
            .map_or(0, |last| last + 1)
    }
}

impl Index {
    fn build(sources: &FontSources) -> Index {
        let mut db = fontdb::Database::new();
        if sources.system {
            db.load_system_fonts();
        }
        let system: std::collections::HashSet<fontdb::ID> = db.faces().map(|f| f.id).collect();
        for dir in &sources.dirs {
            db.load_fonts_dir(dir);
        }
        let mut candidates: Vec<Candidate> = db
            .faces()
            .map(|info| {
                let family = info
                    .families
                    .first()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_else(|| info.post_script_name.clone());
                let path = match &info.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        path.clone()
                    }
                    fontdb::Source::Binary(_) => PathBuf::new(),
                };
                Candidate {
                    id: info.id,
                    tier: if system.contains(&info.id) {
                        Tier::System
                    } else {
                        Tier::FontPath
                    },
                    style: FaceStyle {
                        weight: info.weight.0,
                        italic: info.style != fontdb::Style::Normal,
                        serif: super::style::serif_from_name(&family),
                    },
                    mono: info.monospaced || family.contains("Mono"),
                    family,
                    origin: (path, info.index),
                    coverage: OnceLock::new(),
                }
            })
            .collect();
        candidates.sort_by(|a, b| (a.tier, &a.origin).cmp(&(b.tier, &b.origin)));
        let faces = candidates.iter().map(|_| OnceLock::new()).collect();
        Index {
            db,
            candidates,
            faces,
            files: Mutex::new(Vec::new()),
            ranked: RwLock::new(HashMap::new()),
            chosen: RwLock::new(HashMap::new()),
        }
    }

    fn find(&self, c: char, request: Request) -> Option<usize> {
        if let Some(&found) = read(&self.chosen).get(&(c, request)) {
            return found;
        }
        let script = harfrust::unicode::script(c as u32);
        let ranked = self.ranked(script, request);
        let found = ranked
            .iter()
            .copied()
            .find(|&slot| self.covers(slot, c) && self.load(slot).is_some());
        if let Ok(mut chosen) = self.chosen.write() {
            chosen.insert((c, request), found);
        }
        found
    }

    fn covers(&self, slot: usize, c: char) -> bool {
        let candidate = &self.candidates[slot];
        candidate
            .coverage
            .get_or_init(|| {
                self.db
                    .with_face_data(candidate.id, Coverage::read)
                    .flatten()
            })
            .as_ref()
            .is_some_and(|coverage| coverage.contains(c))
    }

    /// The candidates in order of preference for a character of `script`.
    fn ranked(&self, script: Script, request: Request) -> Arc<[usize]> {
        if let Some(ranked) = read(&self.ranked).get(&(script, request)) {
            return ranked.clone();
        }
        let words = super::style::script_family_words(script);
        let mut order: Vec<usize> = (0..self.candidates.len()).collect();
        order.sort_by_cached_key(|&slot| {
            let c = &self.candidates[slot];
            let made_for_script = words.iter().any(|w| c.family.contains(w));
            (
                c.tier,
                !made_for_script,
                !request.region.matches_family(&c.family),
                c.mono,
                super::style::is_decorative(&c.family),
                request.style.distance(&c.style),
                !c.family.starts_with("Noto"),
                c.family.split_whitespace().count(),
                slot,
            )
        });
        let ranked: Arc<[usize]> = order.into();
        if let Ok(mut all) = self.ranked.write() {
            all.insert((script, request), ranked.clone());
        }
        ranked
    }

    /// Loads the face of a candidate (once); `None` if it cannot be read.
    fn load(&self, slot: usize) -> Option<&Face> {
        self.faces[slot]
            .get_or_init(|| {
                let candidate = &self.candidates[slot];
                let (path, index) = &candidate.origin;
                let data = self.file_data(candidate)?;
                Face::from_shared(data, *index, &path.display().to_string()).ok()
            })
            .as_ref()
    }

    fn file_data(&self, candidate: &Candidate) -> Option<Arc<[u8]>> {
        let path = &candidate.origin.0;
        if let Some((_, data)) = lock(&self.files).iter().find(|(p, _)| p == path) {
            return Some(data.clone());
        }
        let data: Arc<[u8]> = self
            .db
            .with_face_data(candidate.id, |data, _| Arc::from(data))?;
        lock(&self.files).push((path.clone(), data.clone()));
        Some(data)
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A poisoned lock still guards whole entries: they are only ever inserted complete.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_finds_ranges() {
        let coverage = Coverage(vec![(0x20, 0x7E), (0x3000, 0x30FF)]);
        assert!(coverage.contains('a'));
        assert!(coverage.contains('あ'));
        assert!(!coverage.contains('é'));
        assert!(!coverage.contains('\u{1F600}'));
    }

    #[test]
    fn no_sources_finds_nothing() {
        let fonts = SystemFonts::new(FontSources::default());
        let request = Request {
            style: FaceStyle::REGULAR,
            region: CjkRegion::Simplified,
        };
        assert_eq!(fonts.find('あ', request), None);
        assert_eq!(fonts.loaded_len(), 0);
    }
}
