//! The photo file as the recipe names it: reading it (with size limits) and every
//! diagnostic about it, pointing at the recipe's `photo:` field.

use std::path::{Path, PathBuf};

use image::ImageError;

use super::{MAX_FILE_BYTES, MAX_PIXELS};
use crate::error::{describe_io_error, Diagnostic};
use crate::recipe::model::PhotoRef;

/// A photo as the recipe names it, and the recipe file diagnostics point into.
pub(super) struct Source<'a> {
    pub(super) photo: &'a PhotoRef,
    pub(super) recipe_file: &'a Path,
}

impl Source<'_> {
    pub(super) fn diag(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.recipe_file, Some(self.photo.span), message)
    }

    pub(super) fn resolved(&self) -> PathBuf {
        std::path::absolute(&self.photo.path).unwrap_or_else(|_| self.photo.path.clone())
    }

    /// The photo's bytes: from the recipe file when it came inside it, else read.
    pub(super) fn bytes(&self) -> Result<Vec<u8>, Diagnostic> {
        match &self.photo.data {
            Some(data) => self.embedded(data),
            None => self.read(),
        }
    }

    fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        use std::io::ErrorKind;

        let written = &self.photo.written;
        let resolved = self.resolved();
        let io_diag = |err: std::io::Error| match err.kind() {
            ErrorKind::NotFound => self
                .diag(format!("photo not found: `{written}`"))
                .with_help(format!("looked for {}", resolved.display())),
            ErrorKind::PermissionDenied => self
                .diag(format!("cannot read photo `{written}`: permission denied"))
                .with_help(format!(
                    "check the permissions of {} (and of its directories)",
                    resolved.display()
                )),
            ErrorKind::IsADirectory => self.is_dir_diag(&resolved),
            _ => self
                .diag(format!(
                    "cannot read photo `{written}`: {}",
                    describe_io_error(&err)
                ))
                .with_help(format!("looked for {}", resolved.display())),
        };

        let bytes = crate::input::read(&self.photo.path, MAX_FILE_BYTES as usize).map_err(|e| {
            use crate::input::ReadError;
            match e {
                ReadError::Io(e) => io_diag(e),
                ReadError::NotRegular("a folder") => self.is_dir_diag(&resolved),
                ReadError::TooLarge(_) => self
                    .diag(format!("photo file is too large: `{written}`"))
                    .with_help(format!(
                        "the limit is {} MB; export a smaller image",
                        MAX_FILE_BYTES / (1024 * 1024)
                    )),
                other => self
                    .diag(format!(
                        "cannot read photo `{written}`: {}",
                        other.describe()
                    ))
                    .with_help(format!(
                        "{} must be a JPEG, PNG or WebP file",
                        resolved.display()
                    )),
            }
        })?;
        if bytes.is_empty() {
            return Err(self
                .diag(format!("photo is empty: `{written}`"))
                .with_help(format!(
                    "{} has 0 bytes; export or download the photo again",
                    resolved.display()
                )));
        }
        Ok(bytes)
    }

    /// A photo that came inside the recipe file: the same emptiness and size checks.
    fn embedded(&self, data: &[u8]) -> Result<Vec<u8>, Diagnostic> {
        if data.is_empty() {
            return Err(self.diag(format!("photo is empty: `{}`", self.photo.written)));
        }
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(self.diag(format!("photo file is too large: `{}`", self.photo.written)));
        }
        Ok(data.to_vec())
    }

    pub(super) fn is_dir_diag(&self, resolved: &Path) -> Diagnostic {
        self.diag(format!(
            "photo is a directory, not an image: `{}`",
            self.photo.written
        ))
        .with_help(format!(
            "{} is a directory; give the path of a JPEG, PNG or WebP file",
            resolved.display()
        ))
    }

    pub(super) fn unsupported(&self, what: Option<&str>) -> Diagnostic {
        let mut message = format!("unsupported photo format: `{}`", self.photo.written);
        if let Some(what) = what {
            message.push_str(&format!(" is {what}"));
        }
        self.diag(message)
            .with_help("use a JPEG, PNG or WebP image (the format is detected from the content, not the file name)")
    }

    pub(super) fn corrupt(&self, detail: &str) -> Diagnostic {
        self.diag(format!(
            "photo is truncated or corrupt: `{}`",
            self.photo.written
        ))
        .with_help(format!("{detail}; export or download the photo again"))
    }

    pub(super) fn too_large(&self, width: u64, height: u64) -> Diagnostic {
        self.diag(format!("photo is too large: {width}×{height} pixels"))
            .with_help(format!(
                "the limit is {} megapixels; export a smaller image",
                MAX_PIXELS / 1_000_000
            ))
    }

    pub(super) fn check_pixels(&self, width: u64, height: u64) -> Result<(), Diagnostic> {
        if width == 0 || height == 0 {
            return Err(self.corrupt(&format!(
                "the header says the image is {width}×{height} pixels"
            )));
        }
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err(self.too_large(width, height));
        }
        Ok(())
    }

    /// Turns a decoder error into a diagnostic.
    pub(super) fn image_error(&self, err: ImageError, width: u32, height: u32) -> Diagnostic {
        match err {
            ImageError::Limits(_) => self.too_large(u64::from(width), u64::from(height)),
            ImageError::Unsupported(e) => self
                .diag(format!("unsupported photo: `{}`", self.photo.written))
                .with_help(format!("{e}; save it as a standard JPEG, PNG or WebP")),
            ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                self.corrupt("the file ends before the image data does")
            }
            other => self.corrupt(&lowercase_first(&other.to_string())),
        }
    }
}

pub(super) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
