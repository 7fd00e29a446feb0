//! QR codes for a recipe's source URL, and the short human-readable link printed beside it.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{EcLevel, Version};

/// Light modules to leave around the code on every side (as the standard requires).
pub const QUIET_ZONE: usize = 4;

/// The most bytes a QR code holds (version 40, level L, byte mode).
pub const MAX_URL_BYTES: usize = 2953;

/// Versions above this use error-correction level L instead of M, to keep modules large.
const MAX_VERSION_AT_M: i16 = 10;

/// A QR code's modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    width: usize,
    /// Row-major, `true` = dark.
    modules: Vec<bool>,
    version: i16,
    ec_level: EcLevel,
}

/// A rectangle of dark modules, in module units from the top-left of the code
/// (without the quiet zone offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModuleRect {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
}

/// Encodes `url` as [`ascii_url`] writes it, in byte mode, at the smallest version that
/// fits: error-correction level M, or L when M would need a version above 10.
pub fn encode(url: &str) -> Result<QrCode, String> {
    let ascii = ascii_url(url);
    let data = ascii.as_bytes();
    if data.is_empty() {
        return Err("cannot make a QR code for an empty URL".into());
    }
    let code = match smallest(data, EcLevel::M) {
        Some((v, code)) if v <= MAX_VERSION_AT_M => Some((v, code, EcLevel::M)),
        _ => smallest(data, EcLevel::L).map(|(v, code)| (v, code, EcLevel::L)),
    };
    let Some((version, code, ec_level)) = code else {
        return Err(too_long(data.len()));
    };
    Ok(QrCode {
        width: Version::Normal(version).width() as usize,
        modules: code,
        version,
        ec_level,
    })
}

fn too_long(bytes: usize) -> String {
    format!("the URL is too long for a QR code: {bytes} bytes (the limit is {MAX_URL_BYTES})")
}

/// Whether `url` fits a QR code, without encoding it: the error says why not.
pub fn check_fits(url: &str) -> Result<(), String> {
    match ascii_url(url).len() {
        0 => Err("cannot make a QR code for an empty URL".into()),
        n if n > MAX_URL_BYTES => Err(too_long(n)),
        _ => Ok(()),
    }
}

/// The smallest normal version holding `data` in byte mode at `ec`, and its modules.
fn smallest(data: &[u8], ec: EcLevel) -> Option<(i16, Vec<bool>)> {
    (1..=40).find_map(|v| {
        let mut bits = Bits::new(Version::Normal(v));
        bits.push_byte_data(data).ok()?;
        bits.push_terminator(ec).ok()?;
        with_bits(bits, ec).map(|code| (v, code))
    })
}

/// The masks in the order `qrcode` tries them (on equal penalties the first wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// What `qrcode::QrCode::with_bits` does, with the mask chosen by [`penalty`]: the same
/// scores as `qrcode`'s, computed on plain booleans (its own scoring allocates for every
/// module and was most of a card's layout time).
fn with_bits(bits: Bits, ec: EcLevel) -> Option<Vec<bool>> {
    let version = bits.version();
    let width = version.width() as usize;
    let data = bits.into_bytes();
    let (encoded, ec_data) = qrcode::ec::construct_codewords(&data, version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let modules: Vec<bool> = masked
                .into_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            (penalty(&modules, width), modules)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, modules)| modules)
}

/// The QR penalty score of a masked symbol (ISO/IEC 18004 §7.8.3), as `qrcode` computes
/// it (including its unrounded balance score), less the constant it subtracts for the
/// finder patterns themselves; in `u32`, where `qrcode` sums in `u16` (only codes far
/// larger than a card's could overflow that). Lower is better.
fn penalty(dark: &[bool], width: usize) -> u32 {
    let mut columns = vec![false; dark.len()];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            columns[x * width + y] = d;
        }
    }
    let lines = dark.chunks_exact(width).chain(columns.chunks_exact(width));
    let mut score: u32 = lines.map(line_penalty).sum();
    // 2x2 blocks of one colour (overlapping): 3 each.
    for pair in dark.chunks_exact(width).collect::<Vec<_>>().windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        for x in 0..width - 1 {
            let c = top[x];
            if top[x + 1] == c && bottom[x] == c && bottom[x + 1] == c {
                score += 3;
            }
        }
    }
    // Balance of dark and light modules.
    let dark_count = dark.iter().filter(|&&d| d).count();
    let ratio = dark_count * 200 / dark.len();
    score + ratio.abs_diff(100) as u32
}

/// The penalties of one row or column: runs of five or more same-coloured modules
/// (3 + the length beyond five), and finder-like 1:1:3:1:1 patterns with four light
/// modules (or the edge) on at least one side (40).
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 0;
    let mut last = None;
    for &color in line {
        if Some(color) == last {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            last = Some(color);
            run = 1;
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    for (j, w) in line.windows(7).enumerate() {
        if w[0] && !w[1] && w[2] && w[3] && w[4] && !w[5] && w[6] {
            let light_before = !line[j.saturating_sub(4)..j].contains(&true);
            let light_after = !line[j + 7..(j + 11).min(line.len())].contains(&true);
            if light_before || light_after {
                score += 40;
            }
        }
    }
    score
}

impl QrCode {
    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The QR version (1–40).
    pub fn version(&self) -> i16 {
        self.version
    }

    /// The error-correction level letter: 'M' or 'L'.
    pub fn ec_level(&self) -> char {
        match self.ec_level {
            EcLevel::L => 'L',
            EcLevel::M => 'M',
            EcLevel::Q => 'Q',
            EcLevel::H => 'H',
        }
    }

    /// Whether the module at column `x`, row `y` is dark; false outside the code.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.modules.get(y * self.width + x) == Some(&true)
    }

    /// The dark modules as non-overlapping rectangles: horizontal runs per row, with
    /// identical runs in consecutive rows merged into one taller rectangle.
    pub fn dark_rects(&self) -> Vec<ModuleRect> {
        let mut rects: Vec<ModuleRect> = Vec::new();
        // Indices into `rects` of the rectangles that reach the previous row.
        let mut open: Vec<usize> = Vec::new();
        let mut next_open = Vec::new();
        for y in 0..self.width {
            next_open.clear();
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                let (rx, rw) = (start, x - start);
                let extend = open
                    .iter()
                    .copied()
                    .find(|&i| rects[i].x == rx && rects[i].w == rw);
                match extend {
                    Some(i) => {
                        rects[i].h += 1;
                        next_open.push(i);
                    }
                    None => {
                        next_open.push(rects.len());
                        rects.push(ModuleRect {
                            x: rx,
                            y,
                            w: rw,
                            h: 1,
                        });
                    }
                }
            }
            std::mem::swap(&mut open, &mut next_open);
        }
        rects
    }
}

/// The human-readable link printed beside the QR code: host (without `www.`) and path,
/// without scheme, query, fragment or trailing slash, at most `max_chars` characters.
///
/// When the whole thing is too long, the middle path segments become `…`
/// (`example.com/…/vietnamese-caramelised-pork-mince`); if that is still too long, the
/// last segment is cut in the middle. Percent-encoded UTF-8 and punycode hosts are shown
/// decoded.
pub fn short_link(url: &str, max_chars: usize) -> String {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            &url[i + 3..]
        }
        _ => url,
    };
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = display_host(authority);
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode_for_display)
        .collect();

    let count = |s: &str| s.chars().count();
    let mut full = host.clone();
    for s in &segments {
        full.push('/');
        full.push_str(s);
    }
    if count(&full) <= max_chars {
        return full;
    }
    let Some(last) = segments.last() else {
        return cut_end(&host, max_chars);
    };
    let prefix = if segments.len() > 1 {
        format!("{host}/…/")
    } else {
        format!("{host}/")
    };
    let collapsed = format!("{prefix}{last}");
    if count(&collapsed) <= max_chars {
        return collapsed;
    }
    // Keep at least a few characters of the slug; else just cut the host.
    let room = max_chars.saturating_sub(count(&prefix));
    if room >= 5 {
        return format!("{prefix}{}", cut_middle(last, room));
    }
    cut_end(&collapsed, max_chars)
}

/// The host as people read it: lower case, no user info, no `www.`, no default port,
/// punycode labels decoded.
fn display_host(authority: &str) -> String {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host
        .strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host);
    let host = host.trim_end_matches('.');
    let host = percent_decode_for_display(host).to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    host.split('.')
        .map(
            |label| match label.strip_prefix("xn--").and_then(punycode_decode) {
                Some(decoded) => decoded,
                None => label.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(".")
}

/// Decodes `%XX` escapes when the result is printable UTF-8; otherwise keeps `s` as is.
fn percent_decode_for_display(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(d)
            if !d
                .chars()
                .any(|c| c.is_control() || c == '/' || c.is_whitespace()) =>
        {
            d
        }
        _ => s.to_string(),
    }
}

// RFC 3492 parameters for punycode.
const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_N: u32 = 128;
const INITIAL_BIAS: u32 = 72;

fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// The threshold of digit position `k` (RFC 3492, 6.2).
fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn punycode_digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        _ => char::from(b'0' + (d - 26) as u8),
    }
}

/// RFC 3492 punycode encoding of one label (without the `xn--` prefix); `None` on overflow.
fn punycode_encode(input: &str) -> Option<String> {
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(punycode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(punycode_digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// The URL as scanners read it without guessing a charset: ASCII only. An internationalised
/// host becomes punycode (`bếp.vn` → `xn--bp-z7s.vn`, after NFC and lower-casing), and
/// other non-ASCII bytes, spaces and control characters are percent-encoded as UTF-8.
pub fn ascii_url(url: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let url = url.trim();
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, host_port) = match authority.rfind('@') {
        Some(i) => authority.split_at(i + 1),
        None => ("", authority),
    };
    let host_port = if host_port.is_ascii() {
        host_port.to_string()
    } else {
        let host: String = host_port.nfc().collect::<String>().to_lowercase();
        host.split('.')
            .map(|label| match label.is_ascii() {
                true => Some(label.to_string()),
                false => punycode_encode(label).map(|p| format!("xn--{p}")),
            })
            .collect::<Option<Vec<_>>>()
            .map_or(host.clone(), |labels| labels.join("."))
    };
    let mut out = String::with_capacity(url.len());
    for part in [scheme, user, &host_port, tail] {
        for c in part.chars() {
            if c.is_ascii_graphic() {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// RFC 3492 punycode decoding of one label (without the `xn--` prefix).
fn punycode_decode(input: &str) -> Option<String> {
    if !input.is_ascii() || input.is_empty() {
        return None;
    }
    let (basic, encoded) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = encoded.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                c @ b'a'..=b'z' => u32::from(c - b'a'),
                c @ b'A'..=b'Z' => u32::from(c - b'A'),
                c @ b'0'..=b'9' => u32::from(c - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        let c = char::from_u32(n)?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }
    let s: String = output.into_iter().collect();
    (!s.chars().any(char::is_control)).then_some(s)
}

/// `s` cut to `max` characters with `…` in the middle (more of the start is kept).
fn cut_middle(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let keep = max - 1;
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// `s` cut to `max` characters, ending in `…` when cut.
fn cut_end(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn masks_are_chosen_as_qrcode_chooses_them() {
        for n in 0..60 {
            let url = format!(
                "https://example.com/{}",
                "recipe-".repeat(n % 20) + &n.to_string()
            );
            for ec in [EcLevel::M, EcLevel::L] {
                let (v, ours) = smallest(url.as_bytes(), ec).unwrap();
                let mut bits = Bits::new(Version::Normal(v));
                bits.push_byte_data(url.as_bytes()).unwrap();
                bits.push_terminator(ec).unwrap();
                let theirs: Vec<bool> = qrcode::QrCode::with_bits(bits, ec)
                    .unwrap()
                    .into_colors()
                    .into_iter()
                    .map(|c| c == qrcode::Color::Dark)
                    .collect();
                assert!(ours == theirs, "{url} at {ec:?}");
            }
        }
    }

    const PORK: &str = "https://www.example.com/recipes/2023/05/vietnamese-caramelised-pork-mince/";

    fn check_rects(code: &QrCode) {
        let rects = code.dark_rects();
        let mut covered = HashSet::new();
        for r in &rects {
            assert!(r.w > 0 && r.h > 0);
            for y in r.y..r.y + r.h {
                for x in r.x..r.x + r.w {
                    assert!(
                        code.is_dark(x, y),
                        "light module ({x},{y}) covered by {r:?}"
                    );
                    assert!(covered.insert((x, y)), "module ({x},{y}) covered twice");
                }
            }
        }
        let dark = (0..code.width())
            .flat_map(|y| (0..code.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| code.is_dark(x, y))
            .count();
        assert_eq!(covered.len(), dark);
        assert!(rects.len() < dark, "no merging happened");
    }

    #[test]
    fn rects_cover_exactly_the_dark_modules() {
        for url in [
            "https://a.b/",
            PORK,
            &format!("https://example.com/{}", "x".repeat(280)),
        ] {
            check_rects(&encode(url).unwrap());
        }
    }

    #[test]
    fn finder_pattern_is_one_rect_tall() {
        let code = encode(PORK).unwrap();
        // The top-left finder's outer ring top edge: 7 modules wide in row 0.
        assert!(code.dark_rects().contains(&ModuleRect {
            x: 0,
            y: 0,
            w: 7,
            h: 1
        }));
        // Its centre: a 3×3 block.
        assert!(code.dark_rects().contains(&ModuleRect {
            x: 2,
            y: 2,
            w: 3,
            h: 3
        }));
        assert!(!code.is_dark(code.width(), 0));
    }

    #[test]
    fn versions_and_levels() {
        let code = encode(PORK).unwrap();
        assert_eq!(code.ec_level(), 'M');
        assert_eq!(code.width(), 17 + 4 * code.version() as usize);
        assert!(code.version() <= 10);

        let long = format!("https://example.com/{}", "a".repeat(280));
        assert_eq!(long.len(), 300);
        let code = encode(&long).unwrap();
        assert_eq!(code.ec_level(), 'L');
        assert_eq!(code.version(), 11); // 300 bytes at L need version 11

        let err = encode(&format!("https://example.com/{}", "a".repeat(3000))).unwrap_err();
        assert!(err.contains("too long"), "{err}");
        assert!(encode("").is_err());
    }

    #[test]
    fn short_links() {
        assert_eq!(
            short_link(PORK, 48),
            "example.com/…/vietnamese-caramelised-pork-mince"
        );
        assert_eq!(
            short_link(PORK, 200),
            "example.com/recipes/2023/05/vietnamese-caramelised-pork-mince"
        );
        assert_eq!(
            short_link("https://example.com/recipes/pho/", 40),
            "example.com/recipes/pho"
        );
        assert_eq!(short_link("http://www.Example.COM/", 40), "example.com");
        assert_eq!(short_link("https://example.com", 40), "example.com");
        assert_eq!(short_link("example.com/a/b", 40), "example.com/a/b");
        assert_eq!(
            short_link("https://example.com/recipe/pho?utm_source=x&b=2#jump", 40),
            "example.com/recipe/pho"
        );
        assert_eq!(short_link("https://example.com/?p=123", 40), "example.com");
        assert_eq!(
            short_link("https://user:pw@example.com:443/x", 40),
            "example.com/x"
        );
        assert_eq!(
            short_link("http://localhost:8080/x", 40),
            "localhost:8080/x"
        );
        // Very long slug: cut in the middle, within the limit.
        let slug = "the-best-ever-slow-cooked-vietnamese-caramelised-pork-with-fish-sauce";
        let s = short_link(&format!("https://www.example.com/2024/{slug}/"), 40);
        assert_eq!(s.chars().count(), 40);
        assert_eq!(s, "example.com/…/the-best-ever…h-fish-sauce");
        let s = short_link(&format!("https://example.com/{slug}"), 30);
        assert_eq!(s, "example.com/the-best-…sh-sauce");
        assert_eq!(s.chars().count(), 30);
        // Unicode host, punycode host, percent-encoded path.
        assert_eq!(
            short_link("https://www.bếp.vn/món/phở-bò/", 40),
            "bếp.vn/món/phở-bò"
        );
        assert_eq!(short_link("https://xn--bp-z7s.vn/x", 40), "bếp.vn/x");
        assert_eq!(
            short_link("https://www.xn--mnchen-3ya.de/", 40),
            "münchen.de"
        );
        assert_eq!(
            short_link("https://example.com/m%C3%B3n/ph%E1%BB%9F", 40),
            "example.com/món/phở"
        );
        assert_eq!(
            short_link("https://example.com/a%2Fb", 40),
            "example.com/a%2Fb"
        );
        // Tiny limits never exceed the limit nor panic.
        for max in 0..60 {
            for url in [
                PORK,
                "https://bếp.vn/phở",
                "https://a.b",
                "",
                "://",
                "https://xn--zz/",
            ] {
                let s = short_link(url, max);
                assert!(s.chars().count() <= max, "{url} {max} → {s}");
            }
        }
    }

    #[test]
    fn punycode() {
        assert_eq!(punycode_decode("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(punycode_decode("bp-z7s").as_deref(), Some("bếp"));
        assert_eq!(punycode_decode("zzzzzzzzzzzzzzzzzzzz"), None);
        for label in ["münchen", "bếp", "料理", "ä"] {
            let encoded = punycode_encode(label).unwrap();
            assert_eq!(punycode_decode(&encoded).as_deref(), Some(label));
        }
        assert_eq!(punycode_encode("bếp").as_deref(), Some("bp-z7s"));
    }

    #[test]
    fn urls_in_codes_are_ascii() {
        assert_eq!(
            ascii_url("https://Bếp.vn/món ăn?q=phở#top"),
            "https://xn--bp-z7s.vn/m%C3%B3n%20%C4%83n?q=ph%E1%BB%9F#top"
        );
        assert_eq!(
            ascii_url("https://www.example.com/a"),
            "https://www.example.com/a"
        );
    }

    /// Draws the code with its quiet zone at 5 px per module.
    fn render_png(code: &QrCode, path: &std::path::Path) {
        const PX: u32 = 5;
        let side = (code.width() + 2 * QUIET_ZONE) as u32 * PX;
        let img = image::GrayImage::from_fn(side, side, |x, y| {
            let mx = (x / PX) as usize;
            let my = (y / PX) as usize;
            let dark = mx >= QUIET_ZONE
                && my >= QUIET_ZONE
                && code.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE);
            image::Luma([if dark { 0 } else { 255 }])
        });
        img.save(path).unwrap();
    }

    #[test]
    fn zbarimg_decodes_exact_url() {
        if std::process::Command::new("zbarimg")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("note: zbarimg not installed; skipping the QR decoding check");
            return;
        }
        let dir = std::env::temp_dir().join(format!("cardgen-qr-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let long = format!(
            "https://example.com/recipes/{}?ref=card&id=42",
            "slow-braised-".repeat(20)
        );
        let urls = [
            PORK,
            "https://a.b/",
            "HTTPS://EXAMPLE.COM/ABC123",
            "https://example.com/search?q=pho+b%C3%B2&page=2#top",
            long.as_str(),
        ];
        for (i, url) in urls.iter().enumerate() {
            let code = encode(url).unwrap();
            let path = dir.join(format!("qr{i}.png"));
            render_png(&code, &path);
            let out = std::process::Command::new("zbarimg")
                .args(["--raw", "-q"])
                .arg(&path)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(
                text.strip_suffix('\n').unwrap_or(&text),
                *url,
                "version {}",
                code.version()
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
