//! Slimming embedded TrueType programs for print.
//!
//! A subset font still carries its hinting (the `fpgm`/`prep`/`cvt ` programs and each
//! glyph's instructions) and its `name` table: several kilobytes per face that nothing
//! uses at print resolution, and that alone pushed a plain card past 40 KiB. The PDF
//! specification requires only `glyf`, `head`, `hhea`, `hmtx`, `loca` and `maxp`.
//! Anything this module cannot parse is left exactly as it was.

/// Tables that are kept (everything else is dropped).
const KEPT_TABLES: [&[u8; 4]; 9] = [
    b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"post",
];

/// Composite-glyph component flags (OpenType `glyf` specification).
mod flags {
    pub const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    pub const WE_HAVE_A_SCALE: u16 = 0x0008;
    pub const MORE_COMPONENTS: u16 = 0x0020;
    pub const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    pub const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    pub const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
}

/// Returns the font without hinting and naming, or `None` if it is not a TrueType font
/// this code understands (then the original should be embedded unchanged).
pub fn strip_for_print(font: &[u8]) -> Option<Vec<u8>> {
    let tables = read_directory(font)?;
    let table = |tag: &[u8; 4]| {
        tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, range)| &font[range.clone()])
    };
    let head = table(b"head")?;
    let long_offsets = match i16::from_be_bytes(head.get(50..52)?.try_into().ok()?) {
        0 => false,
        1 => true,
        _ => return None,
    };
    let (glyf, loca) = strip_glyphs(table(b"glyf")?, table(b"loca")?, long_offsets)?;
    let mut head = head.to_vec();
    head[8..12].copy_from_slice(&[0; 4]); // checksumAdjustment: recomputed below
    let mut kept: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for tag in KEPT_TABLES {
        let data = match tag {
            b"glyf" => glyf.clone(),
            b"loca" => loca.clone(),
            b"head" => head.clone(),
            _ => match table(tag) {
                Some(data) => data.to_vec(),
                None => continue,
            },
        };
        kept.push((*tag, data));
    }
    Some(write_font(font.get(0..4)?, &kept))
}

/// Table tag → byte range, validated against the file length.
fn read_directory(font: &[u8]) -> Option<Vec<([u8; 4], std::ops::Range<usize>)>> {
    let version = font.get(0..4)?;
    if version != [0, 1, 0, 0] && version != b"true" {
        return None;
    }
    let count = usize::from(u16::from_be_bytes(font.get(4..6)?.try_into().ok()?));
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let record = font.get(12 + 16 * i..28 + 16 * i)?;
        let tag: [u8; 4] = record[0..4].try_into().ok()?;
        let offset = u32::from_be_bytes(record[8..12].try_into().ok()?) as usize;
        let length = u32::from_be_bytes(record[12..16].try_into().ok()?) as usize;
        let end = offset.checked_add(length)?;
        font.get(offset..end)?;
        tables.push((tag, offset..end));
    }
    Some(tables)
}

/// Rewrites `glyf` without instructions and builds the matching `loca`.
fn strip_glyphs(glyf: &[u8], loca: &[u8], long_offsets: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    let offsets: Vec<usize> = if long_offsets {
        loca.chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect()
    } else {
        loca.chunks_exact(2)
            .map(|c| usize::from(u16::from_be_bytes([c[0], c[1]])) * 2)
            .collect()
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_offsets = Vec::with_capacity(offsets.len());
    for pair in offsets.windows(2) {
        new_offsets.push(new_glyf.len());
        let (start, end) = (pair[0], pair[1]);
        if end > start {
            new_glyf.extend(strip_glyph(glyf.get(start..end)?)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_offsets.push(new_glyf.len());
    let mut new_loca = Vec::new();
    for offset in new_offsets {
        if long_offsets {
            new_loca.extend(u32::try_from(offset).ok()?.to_be_bytes());
        } else {
            new_loca.extend(u16::try_from(offset / 2).ok()?.to_be_bytes());
        }
    }
    Some((new_glyf, new_loca))
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        // header, endPtsOfContours, instructionLength, instructions, flags and points
        let length_at = 10 + 2 * contours as usize;
        let instructions = usize::from(read_u16(glyph, length_at)?);
        let rest = glyph.get(length_at + 2 + instructions..)?;
        let mut out = glyph.get(..length_at)?.to_vec();
        out.extend([0, 0]);
        out.extend(rest);
        return Some(out);
    }
    let mut at = 10;
    loop {
        let component_flags = read_u16(glyph, at)?;
        let mut size = 4 + if component_flags & flags::ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        if component_flags & flags::WE_HAVE_A_SCALE != 0 {
            size += 2;
        } else if component_flags & flags::WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            size += 4;
        } else if component_flags & flags::WE_HAVE_A_TWO_BY_TWO != 0 {
            size += 8;
        }
        glyph.get(at..at + size)?;
        if component_flags & flags::MORE_COMPONENTS == 0 {
            let mut out = glyph[..at + size].to_vec();
            let cleared = component_flags & !flags::WE_HAVE_INSTRUCTIONS;
            out[at..at + 2].copy_from_slice(&cleared.to_be_bytes());
            return Some(out);
        }
        at += size;
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn write_font(version: &[u8], tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = if count == 0 {
        0
    } else {
        15 - count.leading_zeros() as u16
    };
    let search_range = (1u16 << power) * 16;
    let mut out = Vec::new();
    out.extend(version);
    out.extend(count.to_be_bytes());
    out.extend(search_range.to_be_bytes());
    out.extend(power.to_be_bytes());
    out.extend((count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: &[u8] = include_bytes!("../../fonts/BeVietnamPro_400Regular.ttf");

    #[test]
    fn drops_hinting_but_keeps_outlines() {
        let slim = strip_for_print(FONT).expect("a TrueType font");
        assert!(slim.len() < FONT.len());
        let tags: Vec<[u8; 4]> = read_directory(&slim)
            .unwrap()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(tags.contains(b"glyf") && tags.contains(b"loca") && tags.contains(b"hmtx"));
        assert!(!tags.contains(b"fpgm") && !tags.contains(b"prep") && !tags.contains(b"name"));
        // The slim font still parses and maps the same characters to outlines.
        let font = harfrust::font::Font::new(slim, 0).expect("parses");
        let gid = font.charmap().map_unicode('ở').expect("mapped");
        let metrics = font.glyph_metrics();
        assert!(metrics.h_advance(gid) > 0.0);
    }

    #[test]
    fn leaves_other_data_alone() {
        assert!(strip_for_print(b"not a font").is_none());
        assert!(strip_for_print(&FONT[..100]).is_none());
    }
}
