//! The PDF renderer, tested through its public API and poppler/qpdf.
//!
//! Documents are built by hand; glyphs come from harfrust directly, so these tests do
//! not depend on the layout or text modules.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use cardgen::frame::{
    Color, Document, FontData, Frame, FrameItem, Geometry, Image, ImageData, ImageItem, LinkItem,
    Metadata, OutlineEntry, Page, Shape, Stroke, TextItem,
};
use cardgen::render::pdf::{render, RenderOptions};
use cardgen::units::{Abs, Point, Rect, Size};

const REGULAR: &[u8] = include_bytes!("../fonts/BeVietnamPro_400Regular.ttf");
const SEMIBOLD: &[u8] = include_bytes!("../fonts/BeVietnamPro_600SemiBold.ttf");
const LORA: &[u8] = include_bytes!("../fonts/Lora_400Regular.ttf");

const VIETNAMESE: &str = "Phở bò — Crème brûlée — Größe";

// ---------------------------------------------------------------------------------------
// Helpers

fn font(name: &str, bytes: &'static [u8]) -> Arc<FontData> {
    Arc::new(FontData {
        name: name.to_string(),
        data: Arc::from(bytes),
        index: 0,
    })
}

/// Shapes `text` with harfrust, scaled to `size` pt, text on the first glyph of each cluster.
fn shape(bytes: &'static [u8], text: &str, size: f64) -> TextItem {
    let font = harfrust::Font::new(bytes, 0).expect("font parses");
    let upem = f64::from(font.metrics().units_per_em);
    let shaper = harfrust::ShaperFont::new(&font);
    let mut buffer = harfrust::Buffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    harfrust::shape(&shaper, &mut buffer, harfrust::ShapeOptions::new()).expect("shapes");
    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    let scale = size / upem;
    let mut item = TextItem {
        face: 0,
        size: Abs::pt(size),
        fill: Color::rgb(0x22, 0x22, 0x22),
        text: String::new(),
        glyphs: Vec::new(),
        ascent: Abs::pt(size * 0.9),
        descent: Abs::pt(size * 0.25),
    };
    for i in 0..infos.len() {
        let cluster = infos[i].cluster as usize;
        let first_of_cluster = i == 0 || infos[i - 1].cluster != infos[i].cluster;
        let end = (i + 1..infos.len())
            .map(|j| infos[j].cluster as usize)
            .find(|&c| c != cluster)
            .unwrap_or(text.len());
        let offset = (
            Abs::pt(f64::from(positions[i].x_offset) * scale),
            Abs::pt(f64::from(positions[i].y_offset) * scale),
        );
        item.push_glyph(
            infos[i].glyph_id as u16,
            Abs::pt(f64::from(positions[i].x_advance) * scale),
            offset,
            if first_of_cluster {
                &text[cluster..end]
            } else {
                ""
            },
        );
    }
    item
}

fn text_item(face: usize, bytes: &'static [u8], text: &str, size: f64) -> FrameItem {
    FrameItem::Text(TextItem {
        face,
        ..shape(bytes, text, size)
    })
}

fn pt(x: f64, y: f64) -> Point {
    Point::new(Abs::pt(x), Abs::pt(y))
}

fn size(w: f64, h: f64) -> Size {
    Size::new(Abs::pt(w), Abs::pt(h))
}

/// A 6 x 4 in card with the given items and fonts.
fn card(fonts: Vec<Arc<FontData>>, items: Vec<(Point, FrameItem)>) -> Document {
    let mut frame = Frame::new(size(432.0, 288.0));
    for (pos, item) in items {
        frame.push(pos, item);
    }
    Document {
        pages: vec![Page { frame, trim: None }],
        fonts,
        images: Vec::new(),
        meta: Metadata {
            title: "Phở bò".to_string(),
            author: Some("Bà Nội".to_string()),
            subject: Some("Recipe card".to_string()),
            keywords: vec!["soup".to_string(), "vietnamese".to_string()],
            lang: Some("vi".to_string()),
        },
        outline: Vec::new(),
        page_labels: Vec::new(),
    }
}

fn text_card() -> Document {
    card(
        vec![
            font("BeVietnamPro-Regular", REGULAR),
            font("Lora-Regular", LORA),
        ],
        vec![
            (pt(36.0, 60.0), text_item(0, REGULAR, VIETNAMESE, 16.0)),
            (
                pt(36.0, 100.0),
                text_item(1, LORA, "AVAWAY Toffee office", 20.0),
            ),
        ],
    )
}

fn render_default(doc: &Document) -> Vec<u8> {
    render(doc, &RenderOptions::default()).expect("renders")
}

/// Writes `bytes` to a fresh file in the system temp directory.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cardgen-render-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

/// Runs a tool and returns its stdout; fails the test with stderr otherwise.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} (apt-get install poppler-utils qpdf): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Each line's words joined by single spaces (pdfinfo aligns its columns).
fn normalize_spaces(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn qpdf_check(path: &Path) {
    let out = tool("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
}

fn rasterize(path: &Path, dpi: u32) -> image::RgbImage {
    let prefix = path.with_extension("");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            &dpi.to_string(),
            "-singlefile",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    image::open(prefix.with_extension("png"))
        .expect("png")
        .to_rgb8()
}

fn jpeg(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb(pixel(x, y)));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&img)
        .expect("jpeg encodes");
    bytes
}

fn image_item(image: usize, w: f64, h: f64) -> FrameItem {
    FrameItem::Image(ImageItem {
        image,
        size: size(w, h),
        alt: None,
    })
}

/// An image placed at `pos` and cut to `clip` (both in the parent's coordinates): a
/// clipped group of the clip's size with the image inside, as layout crops photos.
fn clipped_image(pos: Point, image: usize, w: f64, h: f64, clip: Rect) -> (Point, FrameItem) {
    let mut inner = Frame::new(Size::new(clip.w, clip.h));
    inner.push(
        Point::new(pos.x - clip.x, pos.y - clip.y),
        image_item(image, w, h),
    );
    let mut outer = Frame::new(Size::new(clip.right(), clip.bottom()));
    outer.push_clipped(Point::new(clip.x, clip.y), inner);
    outer.items.remove(0)
}

// ---------------------------------------------------------------------------------------
// Text and fonts

#[test]
fn extracted_text_matches_including_diacritics() {
    let path = temp_file("text.pdf", &render_default(&text_card()));
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains(VIETNAMESE), "extracted: {text:?}");
    assert!(text.contains("AVAWAY Toffee office"), "extracted: {text:?}");
}

#[test]
fn fonts_are_embedded_subset_type0_with_postscript_names() {
    let path = temp_file("fonts.pdf", &render_default(&text_card()));
    let out = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{out}");
    for (row, name) in rows.iter().zip(["BeVietnamPro-Regular", "Lora-Regular"]) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let (tag, ps_name) = cols[0].split_once('+').expect("subset tag");
        assert_eq!(ps_name, name, "{out}");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{out}"
        );
        assert!(row.contains("CID TrueType"), "{out}");
        assert!(row.contains("Identity-H"), "{out}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb sub uni: {out}"
        );
    }
}

#[test]
fn only_used_fonts_are_embedded() {
    let doc = card(
        vec![
            font("BeVietnamPro-Regular", REGULAR),
            font("BeVietnamPro-SemiBold", SEMIBOLD),
        ],
        vec![(
            pt(36.0, 60.0),
            text_item(1, SEMIBOLD, "Chỉ một phông", 14.0),
        )],
    );
    let path = temp_file("used.pdf", &render_default(&doc));
    let out = tool("pdffonts", &[path.to_str().unwrap()]);
    assert_eq!(out.lines().skip(2).count(), 1, "{out}");
    assert!(out.contains("+BeVietnamPro-SemiBold"), "{out}");
}

#[test]
fn subset_is_much_smaller_than_the_font() {
    let pdf = render_default(&text_card());
    assert!(
        pdf.len() < (REGULAR.len() + LORA.len()) / 3,
        "{} bytes",
        pdf.len()
    );
}

#[test]
fn shaper_offsets_and_reused_glyphs_keep_text_right() {
    // A mark raised by 3 pt and pushed right by 1 pt, and the glyph of "a" once more
    // standing for a different text (as if substituted): /ActualText must cover it.
    let mut tea = shape(REGULAR, "tea", 18.0);
    tea.glyphs[1].y_offset = Abs::pt(3.0);
    tea.glyphs[1].x_offset = Abs::pt(1.0);
    let odd = shape(REGULAR, "a", 18.0).glyphs[0].clone();
    tea.push_glyph(odd.id, odd.x_advance, (Abs::zero(), Abs::zero()), "ä");
    let doc = card(
        vec![font("BeVietnamPro-Regular", REGULAR)],
        vec![(
            pt(36.0, 60.0),
            FrameItem::Text(TextItem {
                fill: Color::BLACK,
                ascent: Abs::pt(16.0),
                descent: Abs::pt(4.0),
                ..tea
            }),
        )],
    );
    let pdf = render_default(&doc);
    let path = temp_file("offsets.pdf", &pdf);
    qpdf_check(&path);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    // The raised glyph may count as a word break for poppler's heuristics.
    let text: String = text.split_whitespace().collect();
    assert!(text.contains("teaä"), "extracted: {text:?}");
}

#[test]
fn marks_positioned_by_the_shaper_keep_their_text() {
    // No precomposed Q-acute or g-tilde-dot exists: the shaper attaches the marks with
    // offsets, and mark glyphs carry no text of their own (they continue the cluster).
    let text = "AQ\u{301}g\u{303}\u{323}b";
    let shaped = shape(REGULAR, text, 24.0);
    assert!(shaped
        .glyphs
        .iter()
        .any(|g| g.y_offset != Abs::zero() || g.x_offset != Abs::zero()));
    let doc = card(
        vec![font("BeVietnamPro-Regular", REGULAR)],
        vec![(pt(36.0, 60.0), text_item(0, REGULAR, text, 24.0))],
    );
    let path = temp_file("marks.pdf", &render_default(&doc));
    qpdf_check(&path);
    let extracted = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(extracted.contains(text), "extracted: {extracted:?}");
}

// ---------------------------------------------------------------------------------------
// Page, metadata, structure

#[test]
fn page_size_metadata_and_structure() {
    let mut doc = text_card();
    doc.pages[0].trim = Some(Rect::new(
        Abs::pt(9.0),
        Abs::pt(9.0),
        Abs::pt(414.0),
        Abs::pt(270.0),
    ));
    let opts = RenderOptions {
        producer: "cardgen test".to_string(),
        date_epoch: 1_700_000_000,
    };
    let path = temp_file("meta.pdf", &render(&doc, &opts).unwrap());
    qpdf_check(&path);
    let info = tool("pdfinfo", &["-box", path.to_str().unwrap()]);
    let info = normalize_spaces(&info);
    for expected in [
        "Page size:       432 x 288 pts",
        "Title:           Phở bò",
        "Author:          Bà Nội",
        "Subject:         Recipe card",
        "Keywords:        soup, vietnamese",
        "Creator:         cardgen",
        "Producer:        cardgen test",
        "MediaBox:           0.00     0.00   432.00   288.00",
        "TrimBox:            9.00     9.00   423.00   279.00",
    ] {
        let expected = normalize_spaces(expected);
        assert!(info.contains(&expected), "missing {expected:?} in\n{info}");
    }
    let dates = tool("pdfinfo", &["-isodates", path.to_str().unwrap()]);
    assert!(dates.contains("2023-11-14T22:13:20"), "{dates}");

    let lo = lopdf::Document::load_mem(&std::fs::read(&path).unwrap()).unwrap();
    let catalog = lo.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"vi");
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(
        prefs.get(b"PrintScaling").unwrap().as_name().unwrap(),
        b"None"
    );
}

#[test]
fn nested_outline_points_at_pages() {
    let mut doc = text_card();
    let second = doc.pages[0].clone();
    doc.pages.push(second.clone());
    doc.pages.push(second);
    let entry = |title: &str, page, children| OutlineEntry {
        title: title.to_string(),
        page,
        children,
    };
    doc.outline = vec![
        entry(
            "Món chính",
            0,
            vec![entry("Phở bò", 0, vec![]), entry("Bún chả", 1, vec![])],
        ),
        entry("Tráng miệng", 2, vec![]),
    ];
    let pdf = render_default(&doc);
    qpdf_check(&temp_file("outline.pdf", &pdf));

    let lo = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<_> = lo.get_pages().into_values().collect();
    let catalog = lo.catalog().unwrap();
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root = lo
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 4);
    let dict = |obj: &lopdf::Object| lo.get_dictionary(obj.as_reference().unwrap()).unwrap();
    let title = |d: &lopdf::Dictionary| {
        let bytes = d.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let dest_page = |d: &lopdf::Dictionary| {
        d.get(b"Dest").unwrap().as_array().unwrap()[0]
            .as_reference()
            .unwrap()
    };
    let main = dict(root.get(b"First").unwrap());
    assert_eq!(title(main), "Món chính");
    let pho = dict(main.get(b"First").unwrap());
    assert_eq!(title(pho), "Phở bò");
    assert_eq!(dest_page(pho), pages[0]);
    let bun = dict(pho.get(b"Next").unwrap());
    assert_eq!(title(bun), "Bún chả");
    assert_eq!(dest_page(bun), pages[1]);
    let dessert = dict(main.get(b"Next").unwrap());
    assert_eq!(title(dessert), "Tráng miệng");
    assert_eq!(dest_page(dessert), pages[2]);
    assert!(dessert.get(b"Next").is_err());
}

#[test]
fn links_become_uri_annotations() {
    let mut doc = text_card();
    doc.pages[0].frame.push(
        pt(36.0, 200.0),
        FrameItem::Link(LinkItem {
            size: size(100.0, 20.0),
            url: "https://example.com/phở?a=(1)".to_string(),
        }),
    );
    let pdf = render_default(&doc);
    qpdf_check(&temp_file("link.pdf", &pdf));
    let lo = lopdf::Document::load_mem(&pdf).unwrap();
    let page = lo.get_dictionary(lo.get_pages()[&1]).unwrap();
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    assert_eq!(annots.len(), 1);
    let annot = match &annots[0] {
        lopdf::Object::Reference(id) => lo.get_dictionary(*id).unwrap(),
        obj => obj.as_dict().unwrap(),
    };
    assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
    let rect: Vec<f32> = annot
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(rect, [36.0, 68.0, 136.0, 88.0]);
    let action = annot.get(b"A").unwrap().as_dict().unwrap();
    assert_eq!(
        action.get(b"URI").unwrap().as_str().unwrap(),
        "https://example.com/phở?a=(1)".as_bytes()
    );
}

#[test]
fn broken_documents_are_errors_not_panics() {
    let mut doc = text_card();
    doc.outline = vec![OutlineEntry {
        title: "nowhere".to_string(),
        page: 5,
        children: vec![],
    }];
    let err = render(&doc, &RenderOptions::default()).unwrap_err();
    assert!(err.to_string().contains("page 6"), "{err}");

    let doc = card(
        vec![],
        vec![(pt(0.0, 10.0), text_item(0, REGULAR, "x", 10.0))],
    );
    assert!(render(&doc, &RenderOptions::default()).is_err());

    let mut doc = card(vec![], vec![(pt(0.0, 0.0), image_item(0, 10.0, 10.0))]);
    doc.images.push(Arc::new(Image {
        width: 4,
        height: 4,
        data: ImageData::Rgb {
            pixels: vec![0; 5],
            alpha: None,
        },
        orientation: 1,
    }));
    assert!(render(&doc, &RenderOptions::default()).is_err());
}

// ---------------------------------------------------------------------------------------
// Determinism

#[test]
fn rendering_is_deterministic_in_process_and_across_threads() {
    let doc = text_card();
    let first = render_default(&doc);
    // Render something else in between: nothing global may leak into the next file.
    let _ = render_default(&card(
        vec![font("BeVietnamPro-SemiBold", SEMIBOLD)],
        vec![(pt(10.0, 10.0), text_item(0, SEMIBOLD, "other", 9.0))],
    ));
    assert!(first == render_default(&doc), "second render differs");
    let doc = Arc::new(doc);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let doc = doc.clone();
            std::thread::spawn(move || (0..5).map(|_| render_default(&doc)).collect::<Vec<_>>())
        })
        .collect();
    for handle in handles {
        for pdf in handle.join().unwrap() {
            assert!(pdf == first, "a threaded render differs");
        }
    }
    // Fresh font allocations (as another batch job would have) give the same bytes too.
    assert!(render_default(&text_card()) == first);
}

#[test]
fn different_documents_get_different_ids() {
    let a = lopdf::Document::load_mem(&render_default(&text_card())).unwrap();
    let mut other = text_card();
    other.meta.title = "Bún chả".to_string();
    let b = lopdf::Document::load_mem(&render_default(&other)).unwrap();
    let id = |d: &lopdf::Document| format!("{:?}", d.trailer.get(b"ID").unwrap());
    assert_ne!(id(&a), id(&b));
}

// ---------------------------------------------------------------------------------------
// Shapes

#[test]
fn shapes_render_filled_stroked_and_lines() {
    let red = Color::rgb(255, 0, 0);
    let blue = Color::rgb(0, 0, 255);
    let rect = |w, h, fill, stroke| {
        FrameItem::Shape(Shape {
            geometry: Geometry::Rect(size(w, h)),
            fill,
            stroke,
        })
    };
    let mut items = vec![
        (pt(20.0, 20.0), rect(100.0, 50.0, Some(red), None)),
        (
            pt(150.0, 20.0),
            rect(
                100.0,
                50.0,
                None,
                Some(Stroke {
                    color: blue,
                    width: Abs::pt(4.0),
                }),
            ),
        ),
        (
            pt(20.0, 150.0),
            FrameItem::Shape(Shape {
                geometry: Geometry::Line(pt(300.0, 0.0)),
                fill: None,
                stroke: Some(Stroke {
                    color: Color::BLACK,
                    width: Abs::pt(2.0),
                }),
            }),
        ),
    ];
    // A QR-like grid of 21 x 21 modules.
    for i in 0..21 * 21 {
        if (i * 7 + i / 21) % 3 == 0 {
            let (x, y) = (
                300.0 + f64::from(i % 21) * 4.0,
                180.0 + f64::from(i / 21) * 4.0,
            );
            items.push((pt(x, y), rect(4.0, 4.0, Some(Color::BLACK), None)));
        }
    }
    let doc = card(vec![], items);
    let pdf = render_default(&doc);
    let path = temp_file("shapes.pdf", &pdf);
    qpdf_check(&path);
    let png = rasterize(&path, 72);
    assert_eq!(png.dimensions(), (432, 288));
    assert_eq!(
        png.get_pixel(70, 45).0,
        [255, 0, 0],
        "filled rect (frame y down)"
    );
    assert_eq!(
        png.get_pixel(200, 45).0,
        [255, 255, 255],
        "stroked rect is hollow"
    );
    assert_eq!(
        png.get_pixel(150, 45).0,
        [0, 0, 255],
        "stroke on the left edge"
    );
    assert_eq!(png.get_pixel(100, 150).0, [0, 0, 0], "line");
    // Hundreds of modules stay small: one colour op, one `re f` each.
    let lo = lopdf::Document::load_mem(&pdf).unwrap();
    let content = lo.get_page_content(lo.get_pages()[&1]);
    let text = String::from_utf8_lossy(&content);
    assert_eq!(text.matches(" rg").count(), 2, "{text}");
}

// ---------------------------------------------------------------------------------------
// Images

#[test]
fn jpeg_is_embedded_byte_for_byte() {
    let bytes = jpeg(64, 48, |x, y| [(x * 4) as u8, (y * 5) as u8, 128]);
    let mut doc = card(vec![], vec![(pt(10.0, 10.0), image_item(0, 128.0, 96.0))]);
    doc.images.push(Arc::new(Image {
        width: 64,
        height: 48,
        data: ImageData::Jpeg {
            bytes: Arc::from(bytes.clone()),
            components: 3,
        },
        orientation: 1,
    }));
    let pdf = render_default(&doc);
    assert!(contains(&pdf, &bytes), "JPEG bytes not found verbatim");
    assert!(contains(&pdf, b"/DCTDecode"));
    qpdf_check(&temp_file("jpeg.pdf", &pdf));
}

#[test]
fn grayscale_jpeg_uses_device_gray() {
    let img = image::GrayImage::from_fn(32, 32, |x, _| image::Luma([(x * 8) as u8]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut bytes)
        .encode_image(&img)
        .unwrap();
    let mut doc = card(vec![], vec![(pt(10.0, 10.0), image_item(0, 64.0, 64.0))]);
    doc.images.push(Arc::new(Image {
        width: 32,
        height: 32,
        data: ImageData::Jpeg {
            bytes: Arc::from(bytes.clone()),
            components: 1,
        },
        orientation: 1,
    }));
    if let FrameItem::Image(item) = &mut doc.pages[0].frame.items[0].1 {
        item.alt = Some("Ảnh món ăn".to_string());
    }
    let pdf = render_default(&doc);
    assert!(contains(&pdf, &bytes));
    assert!(contains(&pdf, b"/DeviceGray"));
    let lo = lopdf::Document::load_mem(&pdf).unwrap();
    let content = lo.get_page_content(lo.get_pages()[&1]);
    let text = String::from_utf8_lossy(&content);
    assert!(text.contains("/Alt"), "alt text marked: {text}");
    qpdf_check(&temp_file("gray.pdf", &pdf));
}

/// A JPEG whose stored top-left quadrant is red, top-right green, bottom-left blue,
/// bottom-right white; placed with each EXIF orientation, the displayed corners must
/// follow the EXIF rules.
#[test]
fn exif_orientation_is_applied_by_placement() {
    let (w, h) = (80u32, 40u32);
    let quadrant = |x: u32, y: u32| match (x < w / 2, y < h / 2) {
        (true, true) => [255, 0, 0],
        (false, true) => [0, 255, 0],
        (true, false) => [0, 0, 255],
        (false, false) => [255, 255, 255],
    };
    let bytes: Arc<[u8]> = Arc::from(jpeg(w, h, quadrant));
    // Where the stored top-left (red) corner is displayed: (right?, bottom?).
    let red_corner = [
        (1, (false, false)),
        (2, (true, false)),
        (3, (true, true)),
        (4, (false, true)),
        (5, (false, false)),
        (6, (true, false)),
        (7, (true, true)),
        (8, (false, true)),
    ];
    let mut doc = card(vec![], vec![]);
    for (i, (orientation, _)) in red_corner.iter().enumerate() {
        doc.images.push(Arc::new(Image {
            width: w,
            height: h,
            data: ImageData::Jpeg {
                bytes: bytes.clone(),
                components: 3,
            },
            orientation: *orientation,
        }));
        let turned = *orientation >= 5;
        let (dw, dh) = if turned { (40.0, 80.0) } else { (80.0, 40.0) };
        let x = 10.0 + (i % 4) as f64 * 100.0;
        let y = 10.0 + (i / 4) as f64 * 120.0;
        doc.pages[0].frame.push(pt(x, y), image_item(i, dw, dh));
    }
    let path = temp_file("orientation.pdf", &render_default(&doc));
    qpdf_check(&path);
    let png = rasterize(&path, 72);
    for (i, (orientation, (right, bottom))) in red_corner.iter().enumerate() {
        let turned = *orientation >= 5;
        let (dw, dh) = if turned { (40, 80) } else { (80, 40) };
        let x = 10 + (i as u32 % 4) * 100 + if *right { dw - 8 } else { 8 };
        let y = 10 + (i as u32 / 4) * 120 + if *bottom { dh - 8 } else { 8 };
        let px = png.get_pixel(x, y).0;
        let is_red = px[0] > 200 && px[1] < 60 && px[2] < 60;
        assert!(
            is_red,
            "orientation {orientation}: expected red at ({x},{y}), got {px:?}"
        );
    }
}

#[test]
fn clip_cuts_the_image() {
    let bytes = jpeg(40, 40, |_, _| [0, 0, 255]);
    let clip = Rect::new(Abs::pt(20.0), Abs::pt(20.0), Abs::pt(40.0), Abs::pt(40.0));
    let mut doc = card(
        vec![],
        vec![clipped_image(pt(0.0, 0.0), 0, 100.0, 100.0, clip)],
    );
    doc.images.push(Arc::new(Image {
        width: 40,
        height: 40,
        data: ImageData::Jpeg {
            bytes: Arc::from(bytes),
            components: 3,
        },
        orientation: 1,
    }));
    let path = temp_file("clip.pdf", &render_default(&doc));
    let png = rasterize(&path, 72);
    assert!(png.get_pixel(40, 40).0[2] > 200, "inside the clip");
    assert_eq!(png.get_pixel(10, 10).0, [255, 255, 255], "outside the clip");
    assert_eq!(png.get_pixel(80, 80).0, [255, 255, 255], "outside the clip");
}

#[test]
fn rgb_with_alpha_gets_a_soft_mask() {
    let (w, h) = (20u32, 10u32);
    let pixels: Vec<u8> = (0..w * h).flat_map(|_| [255, 0, 0]).collect();
    // Left half opaque, right half transparent.
    let alpha: Vec<u8> = (0..w * h)
        .map(|i| if i % w < w / 2 { 255 } else { 0 })
        .collect();
    let mut doc = card(vec![], vec![(pt(0.0, 0.0), image_item(0, 200.0, 100.0))]);
    doc.images.push(Arc::new(Image {
        width: w,
        height: h,
        data: ImageData::Rgb {
            pixels,
            alpha: Some(alpha),
        },
        orientation: 1,
    }));
    let pdf = render_default(&doc);
    assert!(contains(&pdf, b"/SMask"));
    let path = temp_file("alpha.pdf", &pdf);
    qpdf_check(&path);
    let png = rasterize(&path, 72);
    assert_eq!(png.get_pixel(50, 50).0, [255, 0, 0], "opaque half");
    assert_eq!(
        png.get_pixel(150, 50).0,
        [255, 255, 255],
        "transparent half"
    );
}

// ---------------------------------------------------------------------------------------
// A sample card to look at, and timing (run with --ignored --nocapture in release).

fn sample_card() -> Document {
    let photo = jpeg(300, 200, |x, y| {
        [(x / 2) as u8 + 50, (y / 2) as u8 + 60, 90]
    });
    let mut doc = card(
        vec![
            font("BeVietnamPro-SemiBold", SEMIBOLD),
            font("BeVietnamPro-Regular", REGULAR),
        ],
        vec![
            (
                pt(24.0, 40.0),
                text_item(0, SEMIBOLD, "Phở bò Hà Nội", 24.0),
            ),
            (pt(24.0, 70.0), text_item(1, REGULAR, VIETNAMESE, 12.0)),
            (
                pt(24.0, 90.0),
                text_item(1, REGULAR, "AVA Tạ Wày — “Toffee” ½ cup, 1¼ tsp", 12.0),
            ),
            (
                pt(24.0, 110.0),
                text_item(1, REGULAR, "Ước lượng: Ẩm thực, ượu, Ỗ ỡ ữ ự ỷ", 12.0),
            ),
        ],
    );
    doc.images.push(Arc::new(Image {
        width: 300,
        height: 200,
        data: ImageData::Jpeg {
            bytes: Arc::from(photo),
            components: 3,
        },
        orientation: 6,
    }));
    let clip = Rect::new(
        Abs::pt(300.0),
        Abs::pt(24.0),
        Abs::pt(100.0),
        Abs::pt(120.0),
    );
    let (pos, item) = clipped_image(pt(290.0, 14.0), 0, 120.0, 180.0, clip);
    doc.pages[0].frame.push(pos, item);
    doc
}

#[test]
#[ignore = "writes a sample PDF/PNG to look at"]
fn sample_card_for_viewing() {
    let path = temp_file("sample.pdf", &render_default(&sample_card()));
    rasterize(&path, 100);
    println!("{}", path.display());
}

#[test]
#[ignore = "timing; run in release"]
fn render_time_per_card() {
    let doc = sample_card();
    render_default(&doc);
    let n = 200;
    let start = std::time::Instant::now();
    for _ in 0..n {
        render_default(&doc);
    }
    let warm = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    // New `FontData` allocations every time: the parsed-font cache cannot help.
    let docs: Vec<Document> = (0..20).map(|_| sample_card()).collect();
    let start = std::time::Instant::now();
    for doc in &docs {
        render_default(doc);
    }
    let cold = start.elapsed().as_secs_f64() * 1000.0 / docs.len() as f64;
    println!("{warm:.3} ms per card (fonts cached), {cold:.3} ms with fresh FontData");
}
