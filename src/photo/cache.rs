//! Photos loaded once per run. Recipes of a collection often share a photo (or a
//! placeholder); each distinct file is read every time but decoded and checked once,
//! and every recipe gets the same `Arc`, so a PDF of many recipes embeds it once.

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::error::Diagnostic;
use crate::frame::{Image, ImageData};
use crate::recipe::model::PhotoRef;

use super::source::Source;

/// How much image data the cache keeps; the oldest photos go first beyond it, so a
/// collection of thousands of distinct photos runs in flat memory.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Loaded photos by content, shared by all threads of a run. Cloning shares the cache.
#[derive(Clone, Default)]
pub struct PhotoCache {
    inner: Arc<Mutex<Entries>>,
}

#[derive(Default)]
struct Entries {
    /// Keys the content hash: random per run, so no input can aim for a collision.
    hasher: RandomState,
    list: VecDeque<Entry>,
    bytes: usize,
}

/// One loaded photo. The key holds the file's length and the size it was loaded for
/// beside its hash.
struct Entry {
    key: (u64, usize, u32),
    image: Arc<Image>,
}

impl std::fmt::Debug for PhotoCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.lock();
        f.debug_struct("PhotoCache")
            .field("photos", &entries.list.len())
            .field("bytes", &entries.bytes)
            .finish()
    }
}

impl PhotoCache {
    /// [`super::load`], from the cache when the same content was loaded for the same
    /// size before. Failures are not kept: each recipe gets its own diagnostic.
    pub fn load(
        &self,
        photo: &PhotoRef,
        recipe_file: &Path,
        max_side_px: u32,
    ) -> Result<Arc<Image>, Diagnostic> {
        let source = Source { photo, recipe_file };
        let bytes = source.bytes()?;
        let key = (
            self.lock().hasher.hash_one(&bytes),
            bytes.len(),
            max_side_px,
        );
        if let Some(image) = self.lock().find(key) {
            return Ok(image);
        }
        let image = Arc::new(super::decode_bytes(&source, bytes, max_side_px)?);
        Ok(self.lock().insert(key, image))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // Entries are only ever added or removed whole: a poisoned cache is still valid.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Entries {
    fn find(&self, key: (u64, usize, u32)) -> Option<Arc<Image>> {
        let entry = self.list.iter().find(|e| e.key == key)?;
        Some(entry.image.clone())
    }

    /// Keeps `image`, or returns the equal one another thread loaded meanwhile (so all
    /// recipes share one `Arc`).
    fn insert(&mut self, key: (u64, usize, u32), image: Arc<Image>) -> Arc<Image> {
        if let Some(existing) = self.find(key) {
            return existing;
        }
        let cost = image_bytes(&image);
        while self.bytes + cost > CACHE_BYTES {
            let Some(oldest) = self.list.pop_front() else {
                break;
            };
            self.bytes -= image_bytes(&oldest.image);
        }
        if cost <= CACHE_BYTES {
            self.bytes += cost;
            self.list.push_back(Entry {
                key,
                image: image.clone(),
            });
        }
        image
    }
}

fn image_bytes(image: &Image) -> usize {
    match &image.data {
        ImageData::Jpeg { bytes, .. } => bytes.len(),
        ImageData::Rgb { pixels, alpha } => pixels.len() + alpha.as_ref().map_or(0, Vec::len),
    }
}
