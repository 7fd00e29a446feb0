//! What a photo file is, from its first bytes (never from its name).

pub(super) enum Sniffed {
    Jpeg,
    Png,
    WebP,
    /// Not something we read; a description of what it looks like, when known.
    Other(Option<&'static str>),
}

/// Detects the format from the first bytes.
pub(super) fn sniff(b: &[u8]) -> Sniffed {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        return Sniffed::WebP;
    }
    let what = if b.len() >= 12 && &b[4..8] == b"ftyp" {
        match &b[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" => {
                Some("a HEIC/HEIF image")
            }
            b"avif" | b"avis" => Some("an AVIF image"),
            _ => Some("a video or ISO media file"),
        }
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("a GIF image")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("a TIFF (or camera raw) image")
    } else if b.starts_with(b"BM") && b.len() > 14 {
        Some("a BMP image")
    } else if b.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if b.starts_with(b"\0\0\0\x0cjP  ") || b.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
        Some("a JPEG 2000 image")
    } else if b.starts_with(&[0xFF, 0x0A]) || b.starts_with(b"\0\0\0\x0cJXL ") {
        Some("a JPEG XL image")
    } else if looks_like_text(b) {
        Some("a text file")
    } else {
        None
    };
    Sniffed::Other(what)
}

pub(super) fn looks_like_text(b: &[u8]) -> bool {
    let head = &b[..b.len().min(512)];
    let s = match std::str::from_utf8(head) {
        Ok(s) => s,
        // A multi-byte character may be cut at the end.
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !s.is_empty()
        && s.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
}
