//! Shrinking photos to what print needs.
//!
//! The loops below are plain `while` loops over slices with `as` casts: the crate's own
//! code is unoptimised in dev builds, where iterator adapters cost a call per element.
//! Written like this, a 12-megapixel photo shrinks in well under a second even in debug.

use image::DynamicImage;

/// Target size so that the longer side is `max_side` (aspect ratio kept, at least 1 px).
pub(super) fn fit_size(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max_side {
        return (w, h);
    }
    let scale = f64::from(max_side) / f64::from(long);
    let target = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max_side);
    (target(w), target(h))
}

/// Shrinks an 8-bit image (gray, RGB or RGBA) so its longer side is at most `max_side`.
/// RGBA is resampled premultiplied so the colour of transparent pixels doesn't bleed in.
pub(super) fn downscale(img: DynamicImage, max_side: u32) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let (nw, nh) = fit_size(w, h, max_side);
    if (nw, nh) == (w, h) || w == 0 || h == 0 {
        return img;
    }
    let (mut src, ch) = match img {
        DynamicImage::ImageLuma8(i) => (i.into_raw(), 1),
        DynamicImage::ImageRgba8(i) => (i.into_raw(), 4),
        other => (other.into_rgb8().into_raw(), 3),
    };
    if ch == 4 {
        premultiply(&mut src);
    }
    let mut out = resample(src, w as usize, h as usize, ch, nw as usize, nh as usize);
    let fallback = || DynamicImage::new_rgb8(nw, nh);
    match ch {
        1 => {
            image::GrayImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageLuma8)
        }
        4 => {
            unpremultiply(&mut out);
            image::RgbaImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageRgba8)
        }
        _ => image::RgbImage::from_raw(nw, nh, out).map_or_else(fallback, DynamicImage::ImageRgb8),
    }
}

/// Resamples interleaved 8-bit pixels with `ch` (1–4) channels from `w`×`h` down to
/// `nw`×`nh`: first an area average by an integer factor while the image stays at least
/// twice the target (cheap; bounds the work and memory of the next step), then a separable
/// Catmull-Rom filter, vertical pass then horizontal, with an 8-bit intermediate.
pub(super) fn resample(
    src: Vec<u8>,
    w: usize,
    h: usize,
    ch: usize,
    nw: usize,
    nh: usize,
) -> Vec<u8> {
    let k = (w / (2 * nw)).min(h / (2 * nh));
    let (src, w, h) = if k >= 2 {
        box_reduce(&src, w, h, ch, k)
    } else {
        (src, w, h)
    };
    let tall = resample_vertical(&src, w * ch, h, nh);
    drop(src);
    resample_horizontal(&tall, w, nh, ch, nw)
}

/// Averages `k`×`k` blocks (partial blocks at the right and bottom edges included).
pub(super) fn box_reduce(
    src: &[u8],
    w: usize,
    h: usize,
    ch: usize,
    k: usize,
) -> (Vec<u8>, usize, usize) {
    let (bw, bh) = (w.div_ceil(k), h.div_ceil(k));
    let mut out = vec![0u8; bw * bh * ch];
    let mut sums = vec![0u32; bw * ch];
    let sums = &mut sums[..];
    let stride = w * ch;
    let mut by = 0;
    while by < bh {
        sums.fill(0);
        let y0 = by * k;
        let y1 = (y0 + k).min(h);
        let mut y = y0;
        while y < y1 {
            let row = &src[y * stride..(y + 1) * stride];
            let mut x = 0;
            while x < w {
                let s = (x / k) * ch;
                let p = x * ch;
                let mut c = 0;
                while c < ch {
                    sums[s + c] += row[p + c] as u32;
                    c += 1;
                }
                x += 1;
            }
            y += 1;
        }
        let dst = &mut out[by * bw * ch..(by + 1) * bw * ch];
        let mut bx = 0;
        while bx < bw {
            let cols = (bx * k + k).min(w) - bx * k;
            let n = ((cols * (y1 - y0)) as u32).max(1);
            let mut c = 0;
            while c < ch {
                let i = bx * ch + c;
                dst[i] = ((sums[i] + n / 2) / n) as u8;
                c += 1;
            }
            bx += 1;
        }
        by += 1;
    }
    (out, bw, bh)
}

pub(super) fn catmull_rom(x: f32) -> f32 {
    let x = x.abs();
    if x < 1.0 {
        1.5 * x * x * x - 2.5 * x * x + 1.0
    } else if x < 2.0 {
        -0.5 * x * x * x + 2.5 * x * x - 4.0 * x + 2.0
    } else {
        0.0
    }
}

/// Filter weights along one axis, `len` → `new_len`: every output index reads `taps`
/// consecutive inputs from `starts[i]`, weighted by `weights[i * taps..][..taps]`.
pub(super) struct Weights {
    starts: Vec<usize>,
    taps: usize,
    weights: Vec<f32>,
}

pub(super) fn filter_weights(len: usize, new_len: usize) -> Weights {
    let scale = len as f32 / new_len as f32;
    let fscale = scale.max(1.0);
    let support = 2.0 * fscale;
    let taps = ((support.ceil() as usize) * 2 + 1).min(len).max(1);
    let mut starts = Vec::with_capacity(new_len);
    let mut weights = vec![0f32; new_len * taps];
    for i in 0..new_len {
        let center = (i as f32 + 0.5) * scale;
        let lo = ((center - support).floor().max(0.0) as usize).min(len - 1);
        let hi = ((center + support).ceil() as usize)
            .clamp(lo + 1, len)
            .min(lo + taps);
        let start = lo.min(len - taps);
        let row = &mut weights[i * taps..(i + 1) * taps];
        let mut sum = 0.0;
        for j in lo..hi {
            let wt = catmull_rom((j as f32 + 0.5 - center) / fscale);
            row[j - start] = wt;
            sum += wt;
        }
        if sum.abs() > f32::EPSILON {
            row.iter_mut().for_each(|w| *w /= sum);
        }
        starts.push(start);
    }
    Weights {
        starts,
        taps,
        weights,
    }
}

#[inline]
pub(super) fn to_u8(v: f32) -> u8 {
    let v = v + 0.5;
    if v <= 0.0 {
        0
    } else if v >= 255.0 {
        255
    } else {
        v as u8
    }
}

/// Resamples rows of `stride` bytes from `h` rows to `nh` rows.
pub(super) fn resample_vertical(src: &[u8], stride: usize, h: usize, nh: usize) -> Vec<u8> {
    let Weights {
        starts,
        taps,
        weights,
    } = filter_weights(h, nh);
    let (starts, weights) = (&starts[..], &weights[..]);
    let mut out = vec![0u8; stride * nh];
    let mut acc = vec![0f32; stride];
    let acc = &mut acc[..];
    let mut y = 0;
    while y < nh {
        acc.fill(0.0);
        let mut t = 0;
        while t < taps {
            let wt = weights[y * taps + t];
            if wt != 0.0 {
                let row = &src[(starts[y] + t) * stride..(starts[y] + t + 1) * stride];
                let mut i = 0;
                while i < stride {
                    acc[i] += wt * row[i] as f32;
                    i += 1;
                }
            }
            t += 1;
        }
        let dst = &mut out[y * stride..(y + 1) * stride];
        let mut i = 0;
        while i < stride {
            dst[i] = to_u8(acc[i]);
            i += 1;
        }
        y += 1;
    }
    out
}

/// Resamples each of `h` rows of `w` pixels (`ch` channels) to `nw` pixels.
pub(super) fn resample_horizontal(src: &[u8], w: usize, h: usize, ch: usize, nw: usize) -> Vec<u8> {
    let Weights {
        starts,
        taps,
        weights,
    } = filter_weights(w, nw);
    let (starts, weights) = (&starts[..], &weights[..]);
    let mut out = vec![0u8; nw * h * ch];
    let mut y = 0;
    while y < h {
        let row = &src[y * w * ch..(y + 1) * w * ch];
        let dst = &mut out[y * nw * ch..(y + 1) * nw * ch];
        let mut x = 0;
        while x < nw {
            let mut acc = [0f32; 4];
            let base = starts[x] * ch;
            let mut t = 0;
            while t < taps {
                let wt = weights[x * taps + t];
                let p = base + t * ch;
                let mut c = 0;
                while c < ch {
                    acc[c] += wt * row[p + c] as f32;
                    c += 1;
                }
                t += 1;
            }
            let mut c = 0;
            while c < ch {
                dst[x * ch + c] = to_u8(acc[c]);
                c += 1;
            }
            x += 1;
        }
        y += 1;
    }
    out
}

pub(super) fn premultiply(rgba: &mut [u8]) {
    let mut i = 0;
    while i + 3 < rgba.len() {
        let a = rgba[i + 3] as u32;
        if a != 255 {
            let mut c = i;
            while c < i + 3 {
                rgba[c] = ((rgba[c] as u32 * a + 127) / 255) as u8;
                c += 1;
            }
        }
        i += 4;
    }
}

pub(super) fn unpremultiply(rgba: &mut [u8]) {
    let mut i = 0;
    while i + 3 < rgba.len() {
        let a = rgba[i + 3] as u32;
        if a != 0 && a != 255 {
            let mut c = i;
            while c < i + 3 {
                rgba[c] = ((rgba[c] as u32 * 255 + a / 2) / a).min(255) as u8;
                c += 1;
            }
        }
        i += 4;
    }
}
