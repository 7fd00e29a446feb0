//! Subsetting and slimming embedded TrueType programs for print, and the metrics of
//! every face (CFF ones included) that the PDF font dictionaries carry.
//!
//! [`TrueType`] reads a face's tables once; [`TrueType::subset`] then writes, for each
//! document, a program with only the glyphs it draws (renumbered), the way printpdf's
//! subsetter (allsorts) did, but without parsing the whole font again every time.
//!
//! A subset is written without hinting (the `fpgm`/`prep`/`cvt ` programs and each
//! glyph's instructions) and naming: several kilobytes per face that nothing uses at
//! print resolution, and that alone pushed a plain card past 40 KiB. The PDF
//! specification requires only `glyf`, `head`, `hhea`, `hmtx`, `loca` and `maxp`.

/// Composite-glyph component flags (OpenType `glyf` specification).
mod flags {
    pub const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
    pub const WE_HAVE_A_SCALE: u16 = 0x0008;
    pub const MORE_COMPONENTS: u16 = 0x0020;
    pub const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
    pub const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
    pub const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
}

/// What subsetting and the PDF font dictionaries need from one TrueType face, read once
/// per face (the tables are parsed here, not for every document).
#[derive(Debug)]
pub struct TrueType {
    /// CFF outlines (no `glyf`/`loca`): only the metrics here are used; the program is
    /// subset by `subsetter`, and [`TrueType::subset`] returns `None`.
    pub cff: bool,
    /// Byte ranges of the tables in the font file.
    glyf: std::ops::Range<usize>,
    head: std::ops::Range<usize>,
    hhea: std::ops::Range<usize>,
    maxp: std::ops::Range<usize>,
    post: Option<std::ops::Range<usize>>,
    /// The Unicode character map as (glyph, character), sorted: a subset gets the part
    /// for its glyphs. PDF readers do not need it, but renderers that hint on their own
    /// (FreeType's auto-hinter, e.g. in Ghostscript) look up reference letters in it.
    unicode: Vec<(u16, u32)>,
    /// Start of each glyph in `glyf` (one more than there are glyphs).
    loca: Vec<u32>,
    /// Advance width and left side bearing of each glyph, in font units.
    metrics: Vec<(u16, i16)>,
    pub units_per_em: u16,
    /// hhea ascender and descender (negative below the baseline), in font units.
    pub ascender: i16,
    pub descender: i16,
    /// OS/2 `sCapHeight`, when the table is recent enough to have it.
    pub cap_height: Option<i16>,
    /// `head` bounding box of all glyphs: x min, y min, x max, y max.
    pub bbox: [i16; 4],
    /// Degrees counter-clockwise from vertical (negative for italics leaning right).
    pub italic_angle: f64,
    /// OS/2 `usWeightClass` (0 when there is no OS/2 table).
    pub weight_class: u16,
}

/// A subset font program: glyph 0 and the used glyphs first (in the order given),
/// then the components of composite glyphs. Glyph ids are renumbered to positions.
#[derive(Debug)]
pub struct Subset {
    pub program: Vec<u8>,
    /// The original glyph id of each glyph of the subset (the new id is the index).
    pub glyphs: Vec<u16>,
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be_i16(data: &[u8], at: usize) -> Option<i16> {
    Some(i16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl TrueType {
    /// Reads face `index` of `font` (a font file or a collection). `None` for anything
    /// but glyf- or CFF-outline fonts with sane tables.
    pub fn read(font: &[u8], index: u32) -> Option<TrueType> {
        let directory_at = if font.get(0..4)? == b"ttcf" {
            if index >= be_u32(font, 8)? {
                return None;
            }
            be_u32(font, 12 + 4 * index as usize)? as usize
        } else if index == 0 {
            0
        } else {
            return None;
        };
        let tables = read_directory_at(font, directory_at)?;
        let range = |tag: &[u8; 4]| {
            tables
                .iter()
                .find(|(t, _)| t == tag)
                .map(|(_, range)| range.clone())
        };
        let (head, hhea, maxp) = (range(b"head")?, range(b"hhea")?, range(b"maxp")?);
        let hmtx = range(b"hmtx")?;
        // CFF outlines are subset by the `subsetter` crate; their metrics are read here.
        let (glyf, loca_range, cff) = match (range(b"glyf"), range(b"loca")) {
            (Some(glyf), Some(loca)) => (glyf, Some(loca), false),
            _ if range(b"CFF ").is_some() => (0..0, None, true),
            _ => return None,
        };
        let (os2, post) = (range(b"OS/2"), range(b"post"));
        let unicode = range(b"cmap")
            .and_then(|r| unicode_map(&font[r], num_glyphs_of(font, &maxp)?))
            .unwrap_or_default();
        let (head_t, hhea_t) = (&font[head.clone()], &font[hhea.clone()]);
        let num_glyphs = usize::from(be_u16(&font[maxp.clone()], 4)?);
        // maxp 1.0 (32 bytes) for glyf outlines, 0.5 (6 bytes) for CFF.
        if num_glyphs == 0 || font[maxp.clone()].len() < if cff { 6 } else { 32 } {
            return None;
        }
        let loca: Vec<u32> = match loca_range.map(|r| &font[r]) {
            None => Vec::new(),
            Some(loca_t) => match be_i16(head_t, 50)? {
                0 => (0..=num_glyphs)
                    .map(|i| be_u16(loca_t, 2 * i).map(|o| u32::from(o) * 2))
                    .collect::<Option<_>>()?,
                1 => (0..=num_glyphs)
                    .map(|i| be_u32(loca_t, 4 * i))
                    .collect::<Option<_>>()?,
                _ => return None,
            },
        };
        if loca.iter().any(|&o| o as usize > glyf.len()) {
            return None;
        }
        let hmtx_t = &font[hmtx];
        let long = usize::from(be_u16(hhea_t, 34)?).min(num_glyphs);
        if long == 0 {
            return None;
        }
        let mut metrics: Vec<(u16, i16)> = Vec::with_capacity(num_glyphs);
        for gid in 0..num_glyphs {
            metrics.push(if gid < long {
                (be_u16(hmtx_t, 4 * gid)?, be_i16(hmtx_t, 4 * gid + 2)?)
            } else {
                let lsb = be_i16(hmtx_t, 4 * long + 2 * (gid - long)).unwrap_or(0);
                (metrics[long - 1].0, lsb)
            });
        }
        let os2_t = os2.as_ref().map(|r| &font[r.clone()]);
        let cap_height = os2_t
            .filter(|t| be_u16(t, 0).is_some_and(|v| v >= 2))
            .and_then(|t| be_i16(t, 88))
            .filter(|&c| c > 0);
        let post_angle = post
            .as_ref()
            .and_then(|r| be_u32(&font[r.clone()], 4))
            .map(|fixed| f64::from(fixed as i32) / 65536.0);
        let (rise, run) = (be_i16(hhea_t, 18)?, be_i16(hhea_t, 20)?);
        let caret_angle = if rise == 0 {
            0.0
        } else {
            -f64::from(run).atan2(f64::from(rise)).to_degrees()
        };
        Some(TrueType {
            cff,
            loca,
            metrics,
            units_per_em: be_u16(head_t, 18)?.max(1),
            ascender: be_i16(hhea_t, 4)?,
            descender: be_i16(hhea_t, 6)?,
            cap_height,
            bbox: [
                be_i16(head_t, 36)?,
                be_i16(head_t, 38)?,
                be_i16(head_t, 40)?,
                be_i16(head_t, 42)?,
            ],
            italic_angle: post_angle.unwrap_or(caret_angle),
            weight_class: os2_t.and_then(|t| be_u16(t, 4)).unwrap_or(0),
            glyf,
            head,
            hhea,
            maxp,
            post,
            unicode,
        })
    }

    pub fn num_glyphs(&self) -> usize {
        self.metrics.len()
    }

    /// The advance width of `gid` in font units (0 for glyphs the font lacks).
    pub fn advance(&self, gid: u16) -> u16 {
        self.metrics.get(usize::from(gid)).map_or(0, |m| m.0)
    }

    /// Whether `gid` draws nothing (a space): a glyf glyph without outline data. CFF
    /// faces keep no offsets here, so none of theirs counts as blank.
    pub fn is_blank(&self, gid: u16) -> bool {
        let gid = usize::from(gid);
        !self.cff && gid + 1 < self.loca.len() && self.loca[gid] == self.loca[gid + 1]
    }

    fn glyph<'f>(&self, font: &'f [u8], gid: u16) -> &'f [u8] {
        let gid = usize::from(gid);
        if gid + 1 >= self.loca.len() {
            return &[];
        }
        let (start, end) = (self.loca[gid] as usize, self.loca[gid + 1] as usize);
        if end > start {
            &font[self.glyf.start + start..self.glyf.start + end]
        } else {
            &[]
        }
    }

    /// A font program with glyph 0, the glyphs `used` (in that order, renumbered from 1)
    /// and the components they are built from, without hinting and names, and with a
    /// character map for the used glyphs only. `font` must be the bytes this face was
    /// read from.
    pub fn subset(&self, font: &[u8], used: &[u16]) -> Option<Subset> {
        if self.cff {
            return None;
        }
        let count = self.num_glyphs();
        let mut new_id = vec![u16::MAX; count];
        let mut glyphs: Vec<u16> = Vec::with_capacity(used.len() + 8);
        for &gid in std::iter::once(&0).chain(used) {
            let slot = new_id.get_mut(usize::from(gid))?;
            if *slot == u16::MAX {
                *slot = u16::try_from(glyphs.len()).ok()?;
                glyphs.push(gid);
            }
        }
        let requested = glyphs.len();
        // Composite glyphs need their components (appended, so used ids stay put).
        let mut i = 0;
        while i < glyphs.len() {
            let data = self.glyph(font, glyphs[i]);
            if is_composite(data) {
                for (_, component) in components(data)? {
                    let slot = new_id.get_mut(usize::from(component))?;
                    if *slot == u16::MAX {
                        *slot = u16::try_from(glyphs.len()).ok()?;
                        glyphs.push(component);
                    }
                }
            }
            i += 1;
        }

        let size: usize = glyphs.iter().map(|&g| self.glyph(font, g).len() + 3).sum();
        let mut glyf = Vec::with_capacity(size);
        let mut offsets = Vec::with_capacity(glyphs.len() + 1);
        let mut hmtx = Vec::with_capacity(glyphs.len() * 4);
        for &gid in &glyphs {
            offsets.push(glyf.len());
            let (advance, lsb) = self.metrics[usize::from(gid)];
            hmtx.extend(advance.to_be_bytes());
            hmtx.extend(lsb.to_be_bytes());
            let data = self.glyph(font, gid);
            if data.is_empty() {
                continue;
            }
            let start = glyf.len();
            strip_glyph(data, &mut glyf)?;
            if is_composite(data) {
                for (at, component) in components(&glyf[start..])? {
                    let renumbered = new_id[usize::from(component)].to_be_bytes();
                    glyf[start + at..start + at + 2].copy_from_slice(&renumbered);
                }
            }
            while glyf.len() % 4 != 0 {
                glyf.push(0);
            }
        }
        offsets.push(glyf.len());
        let long_offsets = glyf.len() / 2 > usize::from(u16::MAX);
        let mut loca = Vec::with_capacity(offsets.len() * 4);
        for offset in offsets {
            if long_offsets {
                loca.extend(u32::try_from(offset).ok()?.to_be_bytes());
            } else {
                loca.extend(u16::try_from(offset / 2).ok()?.to_be_bytes());
            }
        }
        let n = u16::try_from(glyphs.len()).ok()?.to_be_bytes();
        let mut head = font[self.head.clone()].to_vec();
        head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checksumAdjustment: set on writing
        head.get_mut(50..52)?
            .copy_from_slice(&i16::from(long_offsets).to_be_bytes());
        let mut hhea = font[self.hhea.clone()].to_vec();
        hhea.get_mut(34..36)?.copy_from_slice(&n);
        let mut maxp = font[self.maxp.clone()].to_vec();
        maxp.get_mut(4..6)?.copy_from_slice(&n);

        // The tables of allsorts' PDF subsets (what printpdf embedded before): no OS/2,
        // whose metrics the font descriptor carries.
        let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(8);
        tables.push((*b"cmap", self.subset_cmap(&new_id, requested)));
        tables.push((*b"glyf", glyf));
        tables.push((*b"head", head));
        tables.push((*b"hhea", hhea));
        tables.push((*b"hmtx", hmtx));
        tables.push((*b"loca", loca));
        tables.push((*b"maxp", maxp));
        if let Some(post) = self
            .post
            .as_ref()
            .and_then(|r| font.get(r.start..r.start + 32))
        {
            // Version 3: no glyph names (they would be those of the old glyph ids).
            let mut post = post.to_vec();
            post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
            tables.push((*b"post", post));
        }
        Some(Subset {
            program: write_font(&[0, 1, 0, 0], &tables),
            glyphs,
        })
    }
}

impl TrueType {
    /// A character map (one Unicode subtable) of the characters whose glyphs were asked
    /// for (subset ids `1..requested`: not the components added for composites), with
    /// the subset's glyph ids (`new_id[old]`, `u16::MAX` when left out).
    fn subset_cmap(&self, new_id: &[u16], requested: usize) -> Vec<u8> {
        let mut pairs: Vec<(u32, u16)> = self
            .unicode
            .iter()
            .filter_map(|&(gid, c)| {
                let new = *new_id.get(usize::from(gid))?;
                (new != 0 && usize::from(new) < requested).then_some((c, new))
            })
            .collect();
        pairs.sort_unstable();
        // Runs of consecutive characters on consecutive glyphs.
        let mut runs: Vec<(u32, u32, u16)> = Vec::new();
        for (c, g) in pairs {
            match runs.last_mut() {
                Some((start, end, first))
                    if *end + 1 == c && u32::from(*first) + (c - *start) == u32::from(g) =>
                {
                    *end = c
                }
                _ => runs.push((c, c, g)),
            }
        }
        let mut out = Vec::new();
        out.extend(0u16.to_be_bytes()); // version
        out.extend(1u16.to_be_bytes()); // one subtable
        if runs.last().is_some_and(|&(_, end, _)| end > 0xFFFF) {
            // Format 12 (Unicode platform, full repertoire).
            out.extend([0, 0, 0, 4]);
            out.extend(12u32.to_be_bytes());
            out.extend(12u16.to_be_bytes());
            out.extend(0u16.to_be_bytes());
            out.extend((16 + 12 * runs.len() as u32).to_be_bytes());
            out.extend(0u32.to_be_bytes()); // language
            out.extend((runs.len() as u32).to_be_bytes());
            for (start, end, glyph) in runs {
                out.extend(start.to_be_bytes());
                out.extend(end.to_be_bytes());
                out.extend(u32::from(glyph).to_be_bytes());
            }
            return out;
        }
        // Format 4 (Unicode platform, BMP), ending with the required 0xFFFF segment.
        let mut segments: Vec<(u16, u16, u16)> = runs
            .into_iter()
            .map(|(start, end, glyph)| (start as u16, end as u16, glyph.wrapping_sub(start as u16)))
            .collect();
        segments.push((0xFFFF, 0xFFFF, 1));
        let count = segments.len() as u16;
        let power = 15 - count.leading_zeros() as u16;
        let search_range = 2 * (1u16 << power);
        out.extend([0, 0, 0, 3]);
        out.extend(12u32.to_be_bytes());
        out.extend(4u16.to_be_bytes());
        out.extend((16 + 8 * count).to_be_bytes()); // length
        out.extend(0u16.to_be_bytes()); // language
        out.extend((2 * count).to_be_bytes());
        out.extend(search_range.to_be_bytes());
        out.extend(power.to_be_bytes());
        out.extend((2 * count - search_range).to_be_bytes());
        segments.iter().for_each(|s| out.extend(s.1.to_be_bytes()));
        out.extend(0u16.to_be_bytes()); // reservedPad
        segments.iter().for_each(|s| out.extend(s.0.to_be_bytes()));
        segments.iter().for_each(|s| out.extend(s.2.to_be_bytes()));
        segments.iter().for_each(|_| out.extend(0u16.to_be_bytes())); // idRangeOffset
        out
    }
}

fn num_glyphs_of(font: &[u8], maxp: &std::ops::Range<usize>) -> Option<usize> {
    Some(usize::from(be_u16(font.get(maxp.clone())?, 4)?))
}

/// The Unicode mappings of a `cmap` table (its format 12 or format 4 subtable) as
/// (glyph, character), sorted; `None` when there is no such subtable it can read.
fn unicode_map(cmap: &[u8], num_glyphs: usize) -> Option<Vec<(u16, u32)>> {
    /// More mappings than any real font has: a broken table, not worth reading.
    const MAX_MAPPINGS: usize = 1 << 20;
    let count = usize::from(be_u16(cmap, 2)?);
    let mut best: Option<(u16, &[u8])> = None;
    for i in 0..count {
        let (platform, encoding) = (be_u16(cmap, 4 + 8 * i)?, be_u16(cmap, 6 + 8 * i)?);
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        let table = cmap.get(be_u32(cmap, 8 + 8 * i)? as usize..)?;
        let format = be_u16(table, 0)?;
        if unicode && (format == 4 || format == 12) && best.is_none_or(|(f, _)| f < format) {
            best = Some((format, table));
        }
    }
    let (format, table) = best?;
    let mut map = Vec::new();
    let mut add = |glyph: u32, c: u32| {
        if glyph != 0 && (glyph as usize) < num_glyphs && map.len() < MAX_MAPPINGS {
            map.push((glyph as u16, c));
        }
    };
    if format == 12 {
        for group in 0..be_u32(table, 12)? as usize {
            let at = 16 + 12 * group;
            let (start, end) = (be_u32(table, at)?, be_u32(table, at + 4)?);
            let glyph = be_u32(table, at + 8)?;
            if end < start || end > 0x10_FFFF {
                return None;
            }
            for c in start..=end {
                add(glyph.checked_add(c - start)?, c);
            }
        }
    } else {
        let segments = usize::from(be_u16(table, 6)? / 2);
        let ends = 14;
        let starts = ends + 2 * segments + 2;
        let deltas = starts + 2 * segments;
        let offsets = deltas + 2 * segments;
        for s in 0..segments {
            let (start, end) = (be_u16(table, starts + 2 * s)?, be_u16(table, ends + 2 * s)?);
            let delta = be_u16(table, deltas + 2 * s)?;
            let offset = usize::from(be_u16(table, offsets + 2 * s)?);
            for c in start..=end {
                if c == 0xFFFF {
                    break;
                }
                let glyph = if offset == 0 {
                    c.wrapping_add(delta)
                } else {
                    let at = offsets + 2 * s + offset + 2 * usize::from(c - start);
                    match be_u16(table, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                add(u32::from(glyph), u32::from(c));
            }
        }
    }
    map.sort_unstable();
    Some(map)
}

fn is_composite(glyph: &[u8]) -> bool {
    be_i16(glyph, 0).is_some_and(|contours| contours < 0)
}

/// The components of a composite glyph: where each one's glyph id is stored, and the id.
fn components(glyph: &[u8]) -> Option<Vec<(usize, u16)>> {
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let component_flags = read_u16(glyph, at)?;
        out.push((at + 2, read_u16(glyph, at + 2)?));
        if component_flags & flags::MORE_COMPONENTS == 0 {
            return Some(out);
        }
        at += component_size(component_flags);
    }
}

/// Bytes of one component record with these flags.
fn component_size(component_flags: u16) -> usize {
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
    size
}

/// Table tag → byte range, validated against the file length, for the table directory
/// starting at byte `at` (0, or a face of a collection); table offsets are from the
/// start of the file either way.
fn read_directory_at(font: &[u8], at: usize) -> Option<Vec<([u8; 4], std::ops::Range<usize>)>> {
    let version = font.get(at..at + 4)?;
    if version != [0, 1, 0, 0] && version != b"true" && version != b"OTTO" {
        return None;
    }
    let count = usize::from(u16::from_be_bytes(
        font.get(at + 4..at + 6)?.try_into().ok()?,
    ));
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let record = font.get(at + 12 + 16 * i..at + 28 + 16 * i)?;
        let tag: [u8; 4] = record[0..4].try_into().ok()?;
        let offset = u32::from_be_bytes(record[8..12].try_into().ok()?) as usize;
        let length = u32::from_be_bytes(record[12..16].try_into().ok()?) as usize;
        let end = offset.checked_add(length)?;
        font.get(offset..end)?;
        tables.push((tag, offset..end));
    }
    Some(tables)
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

/// Appends `glyph` to `out` without its instructions.
fn strip_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let contours = i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        // header, endPtsOfContours, instructionLength, instructions, flags and points
        let length_at = 10 + 2 * contours as usize;
        let instructions = usize::from(read_u16(glyph, length_at)?);
        let rest = glyph.get(length_at + 2 + instructions..)?;
        out.extend_from_slice(glyph.get(..length_at)?);
        out.extend([0, 0]);
        out.extend_from_slice(rest);
        return Some(());
    }
    let mut at = 10;
    loop {
        let component_flags = read_u16(glyph, at)?;
        let size = component_size(component_flags);
        glyph.get(at..at + size)?;
        if component_flags & flags::MORE_COMPONENTS == 0 {
            let start = out.len();
            out.extend_from_slice(&glyph[..at + size]);
            let cleared = component_flags & !flags::WE_HAVE_INSTRUCTIONS;
            out[start + at..start + at + 2].copy_from_slice(&cleared.to_be_bytes());
            return Some(());
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
    /// Unlike Be Vietnam Pro, Lora builds accented letters from components.
    const LORA: &[u8] = include_bytes!("../../fonts/Lora_400Regular.ttf");

    /// The glyph ids `text` maps to in `font`, sorted and unique.
    fn gids(font: &[u8], text: &str) -> Vec<u16> {
        let font = harfrust::font::Font::new(font.to_vec(), 0).expect("parses");
        let mut ids: Vec<u16> = text
            .chars()
            .filter_map(|c| font.charmap().map_unicode(c))
            .map(|g| g.to_u32() as u16)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    #[test]
    fn subsets_renumber_glyphs_and_keep_their_outlines_and_widths() {
        let face = TrueType::read(LORA, 0).expect("a TrueType font");
        // Precomposed Vietnamese letters are composites of a base and marks.
        let used = gids(LORA, "Phở bò ắ ệ, fi");
        let subset = face.subset(LORA, &used).expect("subsets");
        assert_eq!(subset.glyphs[0], 0, ".notdef comes first");
        assert_eq!(
            &subset.glyphs[1..=used.len()],
            &used[..],
            "used glyphs in order"
        );
        assert!(subset.glyphs.len() > used.len() + 1, "components are added");
        assert!(subset.program.len() < LORA.len() / 5);
        assert!(used.iter().any(|&g| is_composite(face.glyph(LORA, g))));

        let sub = TrueType::read(&subset.program, 0).expect("the subset reads back");
        assert_eq!(sub.num_glyphs(), subset.glyphs.len());
        assert_eq!(sub.units_per_em, face.units_per_em);
        for (new, &old) in subset.glyphs.iter().enumerate() {
            let new = new as u16;
            assert_eq!(sub.advance(new), face.advance(old));
            let (original, copied) = (face.glyph(LORA, old), sub.glyph(&subset.program, new));
            if is_composite(original) {
                let renumbered: Vec<u16> = components(copied)
                    .unwrap()
                    .into_iter()
                    .map(|(_, c)| subset.glyphs[usize::from(c)])
                    .collect();
                let expected: Vec<u16> = components(original)
                    .unwrap()
                    .into_iter()
                    .map(|(_, c)| c)
                    .collect();
                assert_eq!(renumbered, expected, "components of glyph {old}");
            } else {
                let mut stripped = Vec::new();
                if !original.is_empty() {
                    strip_glyph(original, &mut stripped).unwrap();
                }
                assert_eq!(
                    &copied[..stripped.len()],
                    &stripped[..],
                    "outline of glyph {old}"
                );
            }
        }
        // Other readers accept it too, and its character map points at the new ids.
        let original = harfrust::font::Font::new(LORA.to_vec(), 0).expect("parses");
        let font = harfrust::font::Font::new(subset.program, 0).expect("parses");
        assert!(font.glyph_metrics().h_advance(harfrust::GlyphId::new(1)) > 0.0);
        for c in "Phở bò ắ ệ, fi".chars() {
            let old = original.charmap().map_unicode(c).unwrap().to_u32() as u16;
            let new = font.charmap().map_unicode(c).expect("mapped").to_u32() as usize;
            assert_eq!(subset.glyphs[new], old, "{c:?}");
        }
        assert!(font.charmap().map_unicode('Q').is_none());
    }

    #[test]
    fn faces_of_collections_are_read() {
        // A collection holding FONT as its only face: table offsets move by the header.
        let header = 16u32;
        let mut ttc = b"ttcf".to_vec();
        ttc.extend(0x0001_0000u32.to_be_bytes());
        ttc.extend(1u32.to_be_bytes());
        ttc.extend(header.to_be_bytes());
        let mut font = FONT.to_vec();
        let count = usize::from(read_u16(FONT, 4).unwrap());
        for i in 0..count {
            let at = 12 + 16 * i + 8;
            let offset = be_u32(FONT, at).unwrap() + header;
            font[at..at + 4].copy_from_slice(&offset.to_be_bytes());
        }
        ttc.extend(font);
        let face = TrueType::read(&ttc, 0).expect("face 0");
        let single = TrueType::read(FONT, 0).unwrap();
        assert_eq!(face.num_glyphs(), single.num_glyphs());
        let used = gids(FONT, "Phở");
        let (a, b) = (face.subset(&ttc, &used), single.subset(FONT, &used));
        assert_eq!(a.unwrap().program, b.unwrap().program);
        assert!(TrueType::read(&ttc, 1).is_none());
        assert!(TrueType::read(b"OTTO and then nothing", 0).is_none());
    }
}
