//! Image XObjects: JPEGs passed through (`DCTDecode`), pixels Flate-compressed with an
//! `/SMask` for alpha, each distinct image once per PDF ([`ImageTable`]); and the
//! placement matrix that applies the EXIF orientation.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::CurTransMat;

use super::primitive::round3;
use super::render_error;
use super::serialize::{deflate, file_digest};
use super::sink::Sink;
use crate::error::Error;
use crate::frame::{Document, FrameItem, Image, ImageData};
use crate::units::Abs;

/// The images of the PDF being written, each distinct one embedded once: a photo that
/// a hundred recipes share is one XObject. Known by allocation first (the photo cache
/// hands every recipe the same `Arc`), else by a digest of the content.
#[derive(Default)]
pub(super) struct ImageTable {
    /// (name, object) of each embedded image, by content key.
    by_content: HashMap<ImageKey, (String, ObjectId)>,
    /// Images seen by allocation; the `Weak` keeps the address from being reused.
    by_allocation: Vec<(Weak<Image>, ImageKey)>,
    /// (name, object) of every embedded image, in the order embedded.
    pub(super) embedded: Vec<(String, ObjectId)>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct ImageKey {
    width: u32,
    height: u32,
    orientation: u8,
    digest: String,
}

impl ImageTable {
    /// Writes the images `part` draws that the PDF does not have yet; returns the
    /// XObject name of each of the part's images (`None`: not drawn).
    pub(super) fn register(
        &mut self,
        part: &Document,
        sink: &mut Sink,
    ) -> Result<Vec<Option<String>>, Error> {
        let mut names = vec![None; part.images.len()];
        for page in &part.pages {
            for item in page.frame.all_items() {
                let FrameItem::Image(item) = item else {
                    continue;
                };
                if names[item.image].is_none() {
                    names[item.image] =
                        Some(self.embed(item.image, &part.images[item.image], sink)?);
                }
            }
        }
        Ok(names)
    }

    fn embed(
        &mut self,
        index: usize,
        image: &Arc<Image>,
        sink: &mut Sink,
    ) -> Result<String, Error> {
        let seen = self
            .by_allocation
            .iter()
            .find(|(weak, _)| std::ptr::eq(weak.as_ptr(), Arc::as_ptr(image)))
            .map(|(_, key)| key.clone());
        let key = match seen {
            Some(key) => key,
            None => {
                let key = ImageKey {
                    width: image.width,
                    height: image.height,
                    orientation: image.orientation,
                    digest: content_digest(image),
                };
                self.by_allocation
                    .push((Arc::downgrade(image), key.clone()));
                key
            }
        };
        if let Some((name, _)) = self.by_content.get(&key) {
            return Ok(name.clone());
        }
        let stream = image_xobject(index, image, sink)?;
        let name = format!("Im{}", self.embedded.len());
        let id = sink.add(&Object::Stream(stream));
        self.by_content.insert(key, (name.clone(), id));
        self.embedded.push((name.clone(), id));
        Ok(name)
    }
}

fn content_digest(image: &Image) -> String {
    match &image.data {
        ImageData::Jpeg { bytes, components } => {
            format!("jpeg{components}:{}", file_digest(bytes))
        }
        ImageData::Rgb { pixels, alpha } => format!(
            "rgb:{}:{}",
            file_digest(pixels),
            alpha.as_deref().map(file_digest).unwrap_or_default()
        ),
    }
}

/// An image XObject built by hand: JPEGs pass through untouched (`DCTDecode`), pixels
/// are Flate-compressed, alpha becomes an `/SMask` (written to `sink`).
pub(super) fn image_xobject(index: usize, image: &Image, sink: &mut Sink) -> Result<Stream, Error> {
    if image.width == 0 || image.height == 0 {
        return Err(render_error(format!("image {index} has no pixels")));
    }
    match &image.data {
        ImageData::Jpeg { bytes, components } => jpeg_stream(index, image, bytes, *components),
        ImageData::Rgb { pixels, alpha } => {
            rgb_stream(index, image, pixels, alpha.as_deref(), sink)
        }
    }
}

pub(super) fn image_dict(image: &Image, color_space: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(image.width)));
    dict.set("Height", Object::Integer(i64::from(image.height)));
    dict.set("ColorSpace", Object::Name(color_space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict
}

pub(super) fn jpeg_stream(
    index: usize,
    image: &Image,
    bytes: &[u8],
    components: u8,
) -> Result<Stream, Error> {
    let color_space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(render_error(format!(
                "image {index}: JPEG with {n} colour components cannot be embedded"
            )))
        }
    };
    let mut dict = image_dict(image, color_space);
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    if components == 4 && has_adobe_marker(bytes) {
        // Adobe (Photoshop) CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec();
        dict.set("Decode", Object::Array(decode));
    }
    Ok(Stream::new(dict, bytes.to_vec()).with_compression(false))
}

/// Whether the JPEG has an Adobe APP14 segment (before the scan starts).
pub(super) fn has_adobe_marker(jpeg: &[u8]) -> bool {
    let mut at = 2; // after SOI
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            return false; // start of scan / end of image
        }
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let data = jpeg.get(at + 4..at + 2 + len).unwrap_or_default();
        if marker == 0xEE && data.starts_with(b"Adobe") {
            return true;
        }
        at += 2 + len;
    }
    false
}

/// Pixels, Flate-compressed now (the writer keeps only compressed bytes).
fn flate(mut dict: Dictionary, data: &[u8]) -> Result<Stream, Error> {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok(Stream::new(dict, deflate(data)?).with_compression(false))
}

pub(super) fn rgb_stream(
    index: usize,
    image: &Image,
    pixels: &[u8],
    alpha: Option<&[u8]>,
    sink: &mut Sink,
) -> Result<Stream, Error> {
    let count = image.width as usize * image.height as usize;
    if pixels.len() != count * 3 {
        return Err(render_error(format!(
            "image {index}: {} bytes of RGB pixels for {}x{} pixels",
            pixels.len(),
            image.width,
            image.height
        )));
    }
    let mut dict = image_dict(image, "DeviceRGB");
    if let Some(alpha) = alpha {
        if alpha.len() != count {
            return Err(render_error(format!(
                "image {index}: {} alpha bytes for {}x{} pixels",
                alpha.len(),
                image.width,
                image.height
            )));
        }
        // A fully opaque alpha channel carries nothing; leave it out.
        if alpha.iter().any(|&a| a != 255) {
            let mask = flate(image_dict(image, "DeviceGray"), alpha)?;
            dict.set("SMask", Object::Reference(sink.add(&Object::Stream(mask))));
        }
    }
    flate(dict, pixels)
}

/// The `cm` matrix that maps the image's unit square onto the box at (`x`, `bottom`)
/// of `w` x `h` (PDF coordinates), turning the stored image by its EXIF orientation.
///
/// With `u`, `v` the image-space coordinates of the stored image (0..1, v up) and
/// `s`, `t` those of the displayed box, each orientation is `s = a u + c v + e`,
/// `t = b u + d v + f`; e.g. 6 (stored image must be turned 90° clockwise) gives
/// `s = v, t = 1 - u`.
pub(super) fn placement_matrix(
    orientation: u8,
    x: Abs,
    bottom: Abs,
    w: Abs,
    h: Abs,
) -> CurTransMat {
    let (a, b, c, d, e, f) = match orientation {
        2 => (-1.0, 0.0, 0.0, 1.0, 1.0, 0.0),
        3 => (-1.0, 0.0, 0.0, -1.0, 1.0, 1.0),
        4 => (1.0, 0.0, 0.0, -1.0, 0.0, 1.0),
        5 => (0.0, -1.0, -1.0, 0.0, 1.0, 1.0),
        6 => (0.0, -1.0, 1.0, 0.0, 0.0, 1.0),
        7 => (0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        8 => (0.0, 1.0, -1.0, 0.0, 1.0, 0.0),
        _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    };
    let (w, h) = (w.to_pt(), h.to_pt());
    CurTransMat::Raw([
        round3(a * w),
        round3(b * h),
        round3(c * w),
        round3(d * h),
        round3(x.to_pt() + e * w),
        round3(bottom.to_pt() + f * h),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Frame, ImageItem, Page};
    use crate::units::{Abs, Point, Size};

    #[test]
    fn equal_images_are_embedded_once() {
        let jpeg = |bytes: &[u8]| {
            Arc::new(Image {
                width: 2,
                height: 1,
                data: ImageData::Jpeg {
                    bytes: Arc::from(bytes),
                    components: 3,
                },
                orientation: 1,
            })
        };
        let shared = jpeg(b"one");
        let images = vec![
            shared.clone(),
            jpeg(b"two"),
            shared,
            jpeg(b"one"),
            jpeg(b"unused"),
        ];
        let mut frame = Frame::new(Size::new(Abs::pt(100.0), Abs::pt(100.0)));
        for image in 0..4 {
            let item = ImageItem {
                image,
                size: Size::new(Abs::pt(10.0), Abs::pt(5.0)),
                alt: None,
            };
            frame.push(Point::zero(), FrameItem::Image(item));
        }
        let doc = Document {
            pages: vec![Page {
                frame,
                ..Page::default()
            }],
            images,
            ..Document::default()
        };
        let mut table = ImageTable::default();
        let mut sink = Sink::new("1.7");
        let names = table.register(&doc, &mut sink).unwrap();
        assert_eq!(table.embedded.len(), 2);
        let names: Vec<&str> = names.iter().map(|n| n.as_deref().unwrap_or("-")).collect();
        assert_eq!(names, ["Im0", "Im1", "Im0", "Im0", "-"]);
        // A second part drawing the same photo reuses the object.
        table.register(&doc, &mut sink).unwrap();
        assert_eq!(table.embedded.len(), 2);
    }

    #[test]
    fn adobe_marker_is_found_before_the_scan_only() {
        let segment = |marker: u8, data: &[u8]| {
            let len = (data.len() + 2) as u16;
            [&[0xFF, marker][..], &len.to_be_bytes(), data].concat()
        };
        let soi = [0xFF, 0xD8];
        let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x02");
        let jfif = segment(0xE0, b"JFIF\0");
        let sos = segment(0xDA, b"\x01\x02");
        assert!(has_adobe_marker(&[&soi[..], &jfif, &adobe, &sos].concat()));
        assert!(!has_adobe_marker(&[&soi[..], &jfif, &sos, &adobe].concat()));
        assert!(!has_adobe_marker(&[0xFF, 0xD8, 0xFF]));
    }
}
