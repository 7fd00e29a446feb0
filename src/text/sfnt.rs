//! Checks a font file's structure when it is loaded, so that a damaged file is refused with
//! what is wrong instead of failing later: a truncated file whose tables run past its end
//! (read as "no Latin letters", or a failure while the PDF is written), or missing tables.

/// Tables every font cardgen can shape, measure and embed has.
const REQUIRED: [&[u8; 4]; 5] = [b"cmap", b"head", b"hhea", b"hmtx", b"maxp"];

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()
}

/// What is wrong with face `index` of a TrueType/OpenType file (or collection), if anything.
pub fn problem(data: &[u8], index: u32) -> Option<String> {
    let short = || Some("the file is cut short: its header is incomplete".to_string());
    let start = if data.starts_with(b"ttcf") {
        let count = be32(data, 8)?;
        if index as usize >= count {
            return Some(format!(
                "the collection has {count} faces, not {}",
                index + 1
            ));
        }
        match be32(data, 12 + 4 * index as usize) {
            Some(offset) => offset,
            None => return short(),
        }
    } else {
        0
    };
    let Some(tables) = be16(data, start + 4) else {
        return short();
    };
    let mut found: Vec<([u8; 4], usize, usize)> = Vec::with_capacity(tables);
    for i in 0..tables {
        let record = start + 12 + 16 * i;
        let (Some(tag), Some(offset), Some(length)) = (
            data.get(record..record + 4),
            be32(data, record + 8),
            be32(data, record + 12),
        ) else {
            return short();
        };
        let tag: [u8; 4] = tag.try_into().ok()?;
        if offset
            .checked_add(length)
            .is_none_or(|end| end > data.len())
        {
            return Some(format!(
                "the file is cut short: its `{}` table ends at byte {}, after the end of the file ({} bytes)",
                String::from_utf8_lossy(&tag),
                offset.saturating_add(length),
                data.len()
            ));
        }
        found.push((tag, offset, length));
    }
    let table = |tag: &[u8; 4]| {
        found
            .iter()
            .find(|(t, ..)| t == tag)
            .map(|&(_, o, l)| (o, l))
    };
    if let Some(missing) = REQUIRED.iter().find(|tag| table(tag).is_none()) {
        return Some(format!(
            "it has no `{}` table, which every font needs",
            String::from_utf8_lossy(*missing)
        ));
    }
    let outlines = table(b"glyf").is_some() || table(b"CFF ").is_some() || table(b"CFF2").is_some();
    // Colour bitmap faces (emoji) have pictures instead, drawn as images.
    let pictures =
        (table(b"CBDT").is_some() && table(b"CBLC").is_some()) || table(b"sbix").is_some();
    if !outlines && !pictures {
        return Some("it has no glyph outlines (`glyf` or `CFF` table) or pictures".into());
    }
    glyf_problem(data, table(b"head")?, table(b"loca"), table(b"glyf"))
}

/// TrueType outlines: every `loca` offset must lie inside `glyf`.
fn glyf_problem(
    data: &[u8],
    (head, _): (usize, usize),
    loca: Option<(usize, usize)>,
    glyf: Option<(usize, usize)>,
) -> Option<String> {
    let (_, glyf_len) = glyf?;
    let Some((loca, loca_len)) = loca else {
        return Some("it has a `glyf` table but no `loca` table".into());
    };
    let long = be16(data, head + 50)? == 1;
    let (step, scale) = if long { (4, 1) } else { (2, 2) };
    let last = (0..loca_len / step)
        .filter_map(|i| match long {
            true => be32(data, loca + i * step),
            false => be16(data, loca + i * step),
        })
        .map(|o| o * scale)
        .max()?;
    (last > glyf_len).then(|| {
        format!(
            "the file is damaged: its glyphs point {last} bytes into a `glyf` table of {glyf_len}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_pass_and_cut_copies_do_not() {
        let face = crate::text::FontBook::builtin();
        let data = &face.faces()[0].data.data;
        assert_eq!(problem(data, 0), None);
        for share in [10, 60, 95] {
            let cut = &data[..data.len() * share / 100];
            let why = problem(cut, 0).expect("a cut font is refused");
            assert!(why.starts_with("the file is cut short"), "{share}%: {why}");
        }
        assert_eq!(
            problem(b"\0\x01\0\0", 0).as_deref(),
            Some("the file is cut short: its header is incomplete")
        );
    }
}
