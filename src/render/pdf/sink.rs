//! The file as it is written: each object goes out in PDF syntax the moment it is
//! complete, and only its offset stays for the cross-reference table.
//!
//! lopdf serialises a whole `Document` at once, so a document has to be held whole
//! (and then again as bytes) until it is saved; its one-object writer is private. A
//! PDF object's syntax is small and fixed (ISO 32000-1 §7.3), so it is written here,
//! for lopdf's own object model, which printpdf's output and ours share.

use std::io::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::render_error;
use super::serialize::{deflate, file_digest};
use crate::error::Error;

/// Bytes in each trailer `/ID` string.
const ID_LEN: usize = 16;

/// A PDF file being written, object by object.
pub(super) struct Sink {
    out: Vec<u8>,
    /// Byte offset of each object by number (index 0 unused; `None`: reserved, not
    /// written yet).
    offsets: Vec<Option<usize>>,
}

impl Sink {
    pub(super) fn new(version: &str) -> Self {
        let mut out = Vec::new();
        // The comment of bytes above 127 tells transfer tools the file is binary.
        let _ = writeln!(out, "%PDF-{version}");
        out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
        Sink {
            out,
            offsets: vec![Some(0)],
        }
    }

    /// A number for an object written later (to be referred to before it exists).
    pub(super) fn reserve(&mut self) -> ObjectId {
        self.offsets.push(None);
        ((self.offsets.len() - 1) as u32, 0)
    }

    /// Writes `object` as the reserved object `id`.
    pub(super) fn write(&mut self, id: ObjectId, object: &Object) {
        let number = id.0 as usize;
        if let Some(slot) = self.offsets.get_mut(number) {
            *slot = Some(self.out.len());
        }
        let _ = writeln!(self.out, "{number} 0 obj");
        write_object(&mut self.out, object);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes `object` under a new number.
    pub(super) fn add(&mut self, object: &Object) -> ObjectId {
        let id = self.reserve();
        self.write(id, object);
        id
    }

    /// A stream, Flate-compressed at the fastest level where that makes it smaller
    /// and `dict` names no filter yet.
    pub(super) fn add_stream(
        &mut self,
        dict: Dictionary,
        content: Vec<u8>,
    ) -> Result<ObjectId, Error> {
        let stream = compressed(dict, content)?;
        Ok(self.add(&Object::Stream(stream)))
    }

    /// Writes the cross-reference table and the trailer; returns the file. The `/ID`
    /// is a digest of everything before it, so equal documents get equal ids.
    pub(super) fn finish(mut self, root: ObjectId, info: ObjectId) -> Result<Vec<u8>, Error> {
        let id = file_digest(&self.out);
        let xref_at = self.out.len();
        let count = self.offsets.len();
        let _ = write!(self.out, "xref\n0 {count}\n0000000000 65535 f \n");
        for (number, offset) in self.offsets.iter().enumerate().skip(1) {
            let offset = offset.ok_or_else(|| {
                render_error(format!("object {number} was reserved but never written"))
            })?;
            let _ = writeln!(self.out, "{offset:010} 00000 n ");
        }
        debug_assert_eq!(id.len(), 2 * ID_LEN);
        let _ = write!(
            self.out,
            "trailer\n<</Size {count}/Root {} 0 R/Info {} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{xref_at}\n%%EOF\n",
            root.0, info.0
        );
        Ok(self.out)
    }
}

/// `stream` with its content Flate-compressed, unless it has a filter already, is too
/// short to gain (preparing the compressor costs more than a few hundred bytes save: a
/// card's CID-to-glyph maps are mostly that small), or compression would not make it
/// smaller.
pub(super) fn compressed(mut dict: Dictionary, content: Vec<u8>) -> Result<Stream, Error> {
    const MIN_COMPRESSED: usize = 256;
    if dict.has(b"Filter") || content.len() < MIN_COMPRESSED {
        return Ok(Stream::new(dict, content).with_compression(false));
    }
    let packed = deflate(&content)?;
    if packed.len() < content.len() {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        return Ok(Stream::new(dict, packed).with_compression(false));
    }
    Ok(Stream::new(dict, content).with_compression(false))
}

fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        // Display never uses an exponent, which PDF does not allow.
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((number, generation)) => {
            let _ = write!(out, "{number} {generation} R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        // A name, string, array or dictionary delimits itself; numbers and the rest
        // need a space after the key.
        if !matches!(
            value,
            Object::Name(_) | Object::String(..) | Object::Array(_) | Object::Dictionary(_)
        ) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with `#xx` for bytes that are delimiters, whitespace, `#` or not printable.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// `(text)`, with backslash escapes for the delimiters and line ends.
fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(object: Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, &object);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Annot".to_vec()));
        dict.set("Count", Object::Integer(3));
        dict.set(
            "Rect",
            Object::Array(vec![Object::Real(0.5), Object::Integer(-2)]),
        );
        dict.set("URI", Object::string_literal("a(b)\\c"));
        dict.set("P", Object::Reference((7, 0)));
        dict.set("Odd Name#", Object::Boolean(true));
        assert_eq!(
            syntax(Object::Dictionary(dict)),
            "<</Type/Annot/Count 3/Rect[0.5 -2]/URI(a\\(b\\)\\\\c)/P 7 0 R/Odd#20Name#23 true>>"
        );
        assert_eq!(
            syntax(Object::String(vec![0, 255], StringFormat::Hexadecimal)),
            "<00FF>"
        );
        assert_eq!(syntax(Object::Real(0.0000001)), "0.0000001");
    }

    #[test]
    fn the_file_has_an_xref_entry_per_object_and_a_digest_id() {
        let mut sink = Sink::new("1.7");
        let later = sink.reserve();
        let info = sink.add(&Object::Dictionary(Dictionary::new()));
        sink.write(later, &Object::Integer(1));
        let file = sink.finish(later, info).unwrap();
        let text = String::from_utf8_lossy(&file);
        assert!(text.starts_with("%PDF-1.7\n"));
        // Offsets are of bytes (the lossy text is longer where the binary mark is).
        let at = |needle: &str| {
            file.windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap()
        };
        assert!(text.contains("xref\n0 3\n0000000000 65535 f \n"));
        let entry = format!(
            "{:010} 00000 n \n{:010} 00000 n \n",
            at("1 0 obj"),
            at("2 0 obj")
        );
        assert!(text.contains(&entry), "{text}");
        assert!(text.ends_with(&format!("startxref\n{}\n%%EOF\n", at("xref"))));

        let mut unfinished = Sink::new("1.7");
        let never = unfinished.reserve();
        assert!(unfinished.finish(never, never).is_err());
    }
}
