//! Image XObjects: JPEGs passed through (`DCTDecode`), pixels Flate-compressed with an
//! `/SMask` for alpha; and the placement matrix that applies the EXIF orientation.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use printpdf::{CurTransMat, DictItem, ExternalStream, ExternalXObject, Px, XObjectId};

use super::primitive::round3;
use super::render_error;
use crate::error::Error;
use crate::frame::{Document, FrameItem, Image, ImageData};
use crate::units::Abs;

/// An image XObject built by hand: JPEGs pass through untouched (`DCTDecode`), pixels
/// are Flate-compressed by lopdf, alpha becomes an `/SMask`.
pub(super) fn image_xobject(index: usize, image: &Image) -> Result<ExternalXObject, Error> {
    if image.width == 0 || image.height == 0 {
        return Err(render_error(format!("image {index} has no pixels")));
    }
    let stream = match &image.data {
        ImageData::Jpeg { bytes, components } => jpeg_stream(index, image, bytes, *components)?,
        ImageData::Rgb { pixels, alpha } => rgb_stream(index, image, pixels, alpha.as_deref())?,
    };
    Ok(ExternalXObject {
        stream,
        width: Some(Px(image.width as usize)),
        height: Some(Px(image.height as usize)),
        dpi: None,
    })
}

pub(super) fn image_dict(image: &Image, color_space: &str) -> BTreeMap<String, DictItem> {
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(image.width))),
        ("Height".to_string(), DictItem::Int(i64::from(image.height))),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
    ])
}

pub(super) fn jpeg_stream(
    index: usize,
    image: &Image,
    bytes: &[u8],
    components: u8,
) -> Result<ExternalStream, Error> {
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
    dict.insert("Filter".to_string(), DictItem::Name(b"DCTDecode".to_vec()));
    if components == 4 && has_adobe_marker(bytes) {
        // Adobe (Photoshop) CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".to_string(), DictItem::Array(decode));
    }
    Ok(ExternalStream {
        dict,
        content: bytes.to_vec(),
        compress: false,
    })
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

pub(super) fn rgb_stream(
    index: usize,
    image: &Image,
    pixels: &[u8],
    alpha: Option<&[u8]>,
) -> Result<ExternalStream, Error> {
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
            let mask = ExternalStream {
                dict: image_dict(image, "DeviceGray"),
                content: alpha.to_vec(),
                compress: true,
            };
            dict.insert("SMask".to_string(), DictItem::Stream { stream: mask });
        }
    }
    Ok(ExternalStream {
        dict,
        content: pixels.to_vec(),
        compress: true,
    })
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

/// The image XObjects of a document: each distinct image that is drawn, once. Recipes
/// of one PDF that share a photo share its `Arc` (see `photo::PhotoCache`), or at least
/// equal content; both are embedded once.
pub(super) struct ImageResources {
    /// For each of [`Document::images`], the index of the first equal image, whose
    /// XObject it uses; `None` when it is not drawn.
    embedded_as: Vec<Option<usize>>,
}

impl ImageResources {
    pub(super) fn new(doc: &Document) -> Self {
        let drawn: BTreeSet<usize> = doc
            .pages
            .iter()
            .flat_map(|page| page.frame.all_items())
            .filter_map(|item| match item {
                FrameItem::Image(img) => Some(img.image),
                _ => None,
            })
            .collect();
        let mut embedded_as = vec![None; doc.images.len()];
        let mut distinct: Vec<usize> = Vec::new();
        for index in drawn {
            let image = &doc.images[index];
            let first = distinct
                .iter()
                .copied()
                .find(|&d| same_image(&doc.images[d], image));
            if first.is_none() {
                distinct.push(index);
            }
            embedded_as[index] = Some(first.unwrap_or(index));
        }
        ImageResources { embedded_as }
    }

    /// The images that get an XObject, in index order.
    pub(super) fn embedded(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.embedded_as.len()).filter(|&i| self.embedded_as[i] == Some(i))
    }

    /// The resource name image `index` is drawn with.
    pub(super) fn id(&self, index: usize) -> XObjectId {
        image_id(self.embedded_as[index].unwrap_or(index))
    }
}

fn same_image(a: &Arc<Image>, b: &Arc<Image>) -> bool {
    if Arc::ptr_eq(a, b) {
        return true;
    }
    if (a.width, a.height, a.orientation) != (b.width, b.height, b.orientation) {
        return false;
    }
    match (&a.data, &b.data) {
        (
            ImageData::Jpeg { bytes, components },
            ImageData::Jpeg {
                bytes: other,
                components: other_components,
            },
        ) => components == other_components && bytes[..] == other[..],
        (
            ImageData::Rgb { pixels, alpha },
            ImageData::Rgb {
                pixels: other,
                alpha: other_alpha,
            },
        ) => pixels == other && alpha == other_alpha,
        _ => false,
    }
}

fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{index}"))
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
                clip: None,
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
        let resources = ImageResources::new(&doc);
        assert_eq!(resources.embedded().collect::<Vec<_>>(), [0, 1]);
        let ids: Vec<String> = (0..4).map(|i| resources.id(i).0).collect();
        assert_eq!(ids, ["Im0", "Im1", "Im0", "Im0"]);
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
