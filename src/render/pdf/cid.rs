//! The faces subset here, written as Type 0 fonts (CIDFontType2, Identity-H) with
//! widths, `/ToUnicode` CMap and font program; and the slimming of the font programs
//! printpdf embeds itself.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Object};

use super::font::{pdf_name, FaceProgram, GidMap, Program, UsedFonts};
use super::render_error;
use crate::error::Error;
use crate::frame::Document;
use crate::render::fontfile::Subset;

/// Writes the faces subset in this module as Type 0 fonts with a `CIDFontType2`
/// descendant (Identity-H, CID = subset glyph id), widths, `/ToUnicode` and the font
/// program, and adds them to the font resources printpdf wrote for the pages.
pub(super) fn add_subset_fonts(
    lo: &mut lopdf::Document,
    doc: &Document,
    fonts: UsedFonts<'_>,
) -> Result<(), Error> {
    let mut resources = Vec::new();
    for (face, font) in fonts {
        let Program::Subset {
            face: embeddable,
            subset,
            ..
        } = font.program
        else {
            continue;
        };
        let FaceProgram::TrueType(truetype) = &embeddable.program else {
            continue;
        };
        let base_font = format!("{}+{}", font.id.0, pdf_name(&doc.fonts[face].name));
        let Subset { program, glyphs } = subset;
        let scale =
            |v: i16| (f64::from(v) * 1000.0 / f64::from(truetype.units_per_em)).round() as i64;

        let mut program_dict = Dictionary::new();
        program_dict.set("Length1", Object::Integer(program.len() as i64));
        let program_id = lo.add_object(lopdf::Stream::new(program_dict, program));

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
        descriptor.set("FontFile2", Object::Reference(program_id));
        let descriptor_id = lo.add_object(descriptor);

        let widths = glyphs
            .iter()
            .map(|&gid| Object::Integer(embeddable.advance(gid)));
        let mut cid_font = Dictionary::new();
        cid_font.set("Type", Object::Name(b"Font".to_vec()));
        cid_font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid_font.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
        let mut system = Dictionary::new();
        system.set("Registry", Object::string_literal("Adobe"));
        system.set("Ordering", Object::string_literal("Identity"));
        system.set("Supplement", Object::Integer(0));
        cid_font.set("CIDSystemInfo", system);
        cid_font.set("FontDescriptor", Object::Reference(descriptor_id));
        cid_font.set(
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths.collect())]),
        );
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));

        let cmap = to_unicode_cmap(&glyphs, &font.unicode);
        let cmap_id = lo.add_object(lopdf::Stream::new(Dictionary::new(), cmap));

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
        resources.push((font.id.0, lo.add_object(type0)));
    }
    if resources.is_empty() {
        return Ok(());
    }
    // printpdf gives every page the same font dictionary; fill whichever they use.
    let mut font_dicts = BTreeSet::new();
    for page in lo.get_pages().into_values() {
        let page = lo
            .get_dictionary(page)
            .map_err(|e| printpdf_wrote("page", e))?;
        let resources = page
            .get(b"Resources")
            .and_then(Object::as_reference)
            .and_then(|id| lo.get_dictionary(id))
            .map_err(|e| printpdf_wrote("page resources", e))?;
        let fonts = resources
            .get(b"Font")
            .and_then(Object::as_reference)
            .map_err(|e| printpdf_wrote("font resources", e))?;
        font_dicts.insert(fonts);
    }
    for id in font_dicts {
        let dict = lo
            .get_dictionary_mut(id)
            .map_err(|e| printpdf_wrote("font resources", e))?;
        for (name, font) in &resources {
            dict.set(name.as_bytes(), Object::Reference(*font));
        }
    }
    Ok(())
}

pub(super) fn printpdf_wrote(what: &str, e: lopdf::Error) -> Error {
    render_error(format!("printpdf wrote no usable {what}: {e}"))
}

/// A `/ToUnicode` CMap from subset glyph ids (CIDs) to text; glyphs without text
/// (marks that continue a cluster) get no entry.
pub(super) fn to_unicode_cmap(glyphs: &[u16], unicode: &GidMap<&str>) -> Vec<u8> {
    use std::fmt::Write;
    let entries: Vec<(usize, &str)> = glyphs
        .iter()
        .enumerate()
        .filter_map(|(cid, gid)| Some((cid, *unicode.get(gid)?)))
        .filter(|(_, text)| !text.is_empty())
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

/// Drops hinting and naming from the TrueType programs printpdf embedded (see `fontfile`;
/// the ones subset here are written without them).
pub(super) fn slim_font_programs(lo: &mut lopdf::Document) {
    let programs: Vec<lopdf::ObjectId> = lo
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(dict) if dict.has(b"FontFile2") => {
                dict.get(b"FontFile2").ok()?.as_reference().ok()
            }
            _ => None,
        })
        .collect();
    for id in programs {
        if let Some(Object::Stream(stream)) = lo.objects.get_mut(&id) {
            if stream.dict.has(b"Filter") {
                continue;
            }
            if let Some(slim) = crate::render::fontfile::strip_for_print(&stream.content) {
                stream
                    .dict
                    .set("Length1", Object::Integer(slim.len() as i64));
                stream.set_content(slim);
            }
        }
    }
}
