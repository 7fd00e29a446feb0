//! File names made from recipe titles, for the files a run writes into a folder (PDFs,
//! and YAML from `convert`): URL-safe, lower case, and unique within one folder.

/// The title's [`slug`], made unique among `used` with "-2", "-3"… (and added to it), so
/// that recipes of one file or folder get a file each.
pub fn unique_slug(title: &str, used: &mut Vec<String>) -> String {
    let base = slug(title);
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// A URL-safe, lower-case name for a file: "Crème Brûlée!" → "creme-brulee".
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in title.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() && !c.is_ascii() {
            // Letters outside ASCII without a decomposition (ß, đ, CJK) are kept.
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let mut end = out.len().min(80);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    let out = out[..end].trim_end_matches('-');
    if out.is_empty() {
        "recipe".into()
    } else {
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Crème Brûlée!"), "creme-brulee");
        assert_eq!(slug("  "), "recipe");
        assert_eq!(slug("Phở Bò"), "pho-bo");
    }
}
