//! Comparing two renderings of the same page pixel by pixel, tolerating antialiasing and
//! sub-pixel placement but not anything drawn in the wrong place.

use image::RgbImage;

/// How far (in pixels) a feature may sit from where the other rendering has it.
pub const SHIFT_TOLERANCE: i32 = 2;
/// A pixel differs when its grey level is further than this from the other's (0–255).
const GREY_TOLERANCE: i32 = 64;
/// The side of the square regions misplacements are counted in.
const REGION: u32 = 16;

#[derive(Debug)]
pub struct Difference {
    /// Mean absolute difference per channel, as a fraction of full scale (0–1).
    pub mean: f64,
    /// Pixels of either image with no matching pixel within [`SHIFT_TOLERANCE`] in the other.
    pub misplaced: usize,
    /// The most misplaced pixels in one region, and that region's top-left corner.
    pub worst_region: (usize, (u32, u32)),
}

pub fn compare(a: &RgbImage, b: &RgbImage) -> Difference {
    assert_eq!(a.dimensions(), b.dimensions(), "image sizes differ");
    let (w, h) = a.dimensions();
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    let mean = total as f64 / (f64::from(w) * f64::from(h) * 3.0 * 255.0);
    let grey = |img: &RgbImage| -> Vec<i32> {
        img.pixels()
            .map(|p| (i32::from(p[0]) * 299 + i32::from(p[1]) * 587 + i32::from(p[2]) * 114) / 1000)
            .collect()
    };
    let (ga, gb) = (grey(a), grey(b));
    let cols = w.div_ceil(REGION) as usize;
    let mut regions = vec![0usize; cols * h.div_ceil(REGION) as usize];
    let mut misplaced = 0;
    for (from, to) in [(&ga, &gb), (&gb, &ga)] {
        for y in 0..h as i32 {
            for x in 0..w as i32 {
                let v = from[(y * w as i32 + x) as usize];
                if (v - to[(y * w as i32 + x) as usize]).abs() <= GREY_TOLERANCE {
                    continue;
                }
                let near = (-SHIFT_TOLERANCE..=SHIFT_TOLERANCE).any(|dy| {
                    (-SHIFT_TOLERANCE..=SHIFT_TOLERANCE).any(|dx| {
                        let (nx, ny) = (x + dx, y + dy);
                        nx >= 0
                            && ny >= 0
                            && nx < w as i32
                            && ny < h as i32
                            && (v - to[(ny * w as i32 + nx) as usize]).abs() <= GREY_TOLERANCE
                    })
                });
                if !near {
                    misplaced += 1;
                    let r = (y as u32 / REGION) as usize * cols + (x as u32 / REGION) as usize;
                    regions[r] += 1;
                }
            }
        }
    }
    let (worst, count) = regions
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .map(|(i, c)| (i, *c))
        .unwrap_or((0, 0));
    let corner = (
        (worst % cols) as u32 * REGION,
        (worst / cols) as u32 * REGION,
    );
    Difference {
        mean,
        misplaced,
        worst_region: (count, corner),
    }
}
