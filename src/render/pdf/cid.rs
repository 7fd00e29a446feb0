//! Every face as a Type 0 font (Identity-H) with widths,
//! `/ToUnicode` CMap and font program: glyf outlines subset by `fontfile` (a
//! `CIDFontType2` with `/FontFile2`), CFF outlines by the `subsetter` crate, which
//! typst and krilla use (a `CIDFontType0` with an OpenType `/FontFile3`).

use lopdf::{Dictionary, Object};

use super::font::{pdf_name, subset_tag, unique_tag, FaceState, FontState};
use super::render_error;
use super::sink::Sink;
use crate::error::Error;

/// Writes each face of `fonts` into the object reserved for it.
pub(super) fn write_fonts(sink: &mut Sink, fonts: &FontState) -> Result<(), Error> {
    let mut tags: Vec<String> = Vec::new();
    for face in &fonts.faces {
        let tag = unique_tag(subset_tag(&face.data, &face.order), &tags);
        let type0 = type0_font(sink, face, &tag)?;
        tags.push(tag);
        sink.write(face.object, &type0);
    }
    Ok(())
}

/// The subset program of `face`, and whether it is CFF (`/FontFile3`) or glyf.
fn program(face: &FaceState) -> Result<(Vec<u8>, bool), Error> {
    let truetype = &face.face.face;
    let failed =
        |why: String| render_error(format!("font {}: cannot subset: {why}", face.data.name));
    if truetype.cff {
        let mapper = subsetter::GlyphRemapper::new_from_glyphs(&face.order[1..]);
        let program = subsetter::subset(&face.data.data, face.data.index, &mapper)
            .map_err(|e| failed(format!("{e:?}")))?;
        return Ok((program, true));
    }
    let subset = truetype
        .subset(&face.data.data, &face.order[1..])
        .ok_or_else(|| failed("a glyph table it could not follow".into()))?;
    debug_assert_eq!(subset.glyphs[..face.order.len()], face.order[..]);
    Ok((subset.program, false))
}

fn type0_font(sink: &mut Sink, face: &FaceState, tag: &str) -> Result<Object, Error> {
    let truetype = &face.face.face;
    let base_font = format!("{tag}+{}", pdf_name(&face.data.name));
    let (program, cff) = program(face)?;
    let scale = |v: i16| (f64::from(v) * 1000.0 / f64::from(truetype.units_per_em)).round() as i64;

    let mut program_dict = Dictionary::new();
    if cff {
        program_dict.set("Subtype", Object::Name(b"OpenType".to_vec()));
    } else {
        program_dict.set("Length1", Object::Integer(program.len() as i64));
    }
    let program_id = sink.add_stream(program_dict, program)?;

    let ascent = scale(truetype.ascender);
    let italic_angle = (truetype.italic_angle * 10.0).round() / 10.0;
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let flags = NONSYMBOLIC | if italic_angle != 0.0 { ITALIC } else { 0 };
    // No table states the stem width; estimate it from the weight as is customary.
    let stem_v = match truetype.weight_class {
        0 => 80,
        w => 50 + (f64::from(w) / 65.0).powi(2).round() as i64,
    };
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(base_font.clone().into_bytes()));
    descriptor.set("Flags", Object::Integer(flags));
    let bbox = truetype.bbox.iter().map(|&v| Object::Integer(scale(v)));
    descriptor.set("FontBBox", Object::Array(bbox.collect()));
    descriptor.set("ItalicAngle", Object::Real(italic_angle as f32));
    descriptor.set("Ascent", Object::Integer(ascent));
    descriptor.set("Descent", Object::Integer(scale(truetype.descender)));
    let cap_height = truetype.cap_height.map_or(ascent, scale);
    descriptor.set("CapHeight", Object::Integer(cap_height));
    descriptor.set("StemV", Object::Integer(stem_v));
    let file_key = if cff { "FontFile3" } else { "FontFile2" };
    descriptor.set(file_key, Object::Reference(program_id));
    let descriptor_id = sink.add(&Object::Dictionary(descriptor));

    // CIDs: CFF's are its subset glyph ids; glyf faces have one per glyph and text.
    let cid_glyphs: Vec<u16> = if cff {
        face.order.clone()
    } else {
        face.cids.iter().map(|&(gid, _)| gid).collect()
    };
    let widths: Vec<Object> = if cff {
        cid_glyphs
            .iter()
            .map(|&gid| Object::Integer(face.advance(gid)))
            .collect()
    } else {
        face.cid_widths
            .iter()
            .map(|&w| Object::Integer(w))
            .collect()
    };
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", Object::Name(b"Font".to_vec()));
    let subtype: &[u8] = if cff {
        b"CIDFontType0"
    } else {
        b"CIDFontType2"
    };
    cid_font.set("Subtype", Object::Name(subtype.to_vec()));
    cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", Object::Integer(0));
    cid_font.set("CIDSystemInfo", system);
    cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
    cid_font.set(
        "W",
        Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
    );
    let texts: Vec<&str> = if cff {
        let text = |gid| face.unicode.get(gid).map_or("", |t| &**t);
        face.order.iter().map(text).collect()
    } else {
        let to_glyph: Vec<u8> = cid_glyphs
            .iter()
            .flat_map(|&gid| face.new_id(gid).to_be_bytes())
            .collect();
        let map = sink.add_stream(Dictionary::new(), to_glyph)?;
        cid_font.set("CIDToGIDMap", Object::Reference(map));
        face.cids.iter().map(|(_, text)| &**text).collect()
    };
    let cmap = to_unicode_cmap(&texts);
    let cmap_id = sink.add_stream(Dictionary::new(), cmap)?;

    let mut type0 = Dictionary::new();
    type0.set("Type", Object::Name(b"Font".to_vec()));
    type0.set("Subtype", Object::Name(b"Type0".to_vec()));
    type0.set("BaseFont", Object::Name(base_font.into_bytes()));
    type0.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    type0.set(
        "DescendantFonts",
        Object::Array(vec![Object::Dictionary(cid_font)]),
    );
    type0.set("ToUnicode", Object::Reference(cmap_id));
    Ok(Object::Dictionary(type0))
}

/// A `/ToUnicode` CMap from CIDs (`texts[cid]`) to text; CIDs without text (marks
/// that continue a cluster) get no entry.
pub(super) fn to_unicode_cmap(texts: &[&str]) -> Vec<u8> {
    use std::fmt::Write;
    let entries: Vec<(usize, &str)> = texts
        .iter()
        .enumerate()
        .filter(|(_, text)| !text.is_empty())
        .map(|(cid, text)| (cid, *text))
        .collect();
    let mut out = String::with_capacity(400 + entries.len() * 16);
    out.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    fn hex4(out: &mut String, value: u16) {
        for shift in [12, 8, 4, 0] {
            out.push(char::from(
                b"0123456789ABCDEF"[usize::from(value >> shift & 0xF)],
            ));
        }
    }
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for &(cid, text) in chunk {
            out.push('<');
            hex4(&mut out, cid as u16);
            out.push_str("> <");
            for unit in text.encode_utf16() {
                hex4(&mut out, unit);
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}
