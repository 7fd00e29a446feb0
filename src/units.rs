//! The one length type. Everything inside cardgen is measured in PDF points
//! (1/72 in); millimetres and inches exist only at the edges (CLI sizes, templates).
//! Geometry is top-left origin with y growing downwards; the renderer flips y once.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

const PT_PER_INCH: f64 = 72.0;
const MM_PER_INCH: f64 = 25.4;

/// An absolute length, stored in points.
#[derive(Debug, Default, Copy, Clone, PartialEq, PartialOrd)]
pub struct Abs(f64);

impl Abs {
    pub const fn zero() -> Self {
        Abs(0.0)
    }
    pub const fn pt(pt: f64) -> Self {
        Abs(pt)
    }
    pub fn mm(mm: f64) -> Self {
        Abs(mm / MM_PER_INCH * PT_PER_INCH)
    }
    pub fn inches(inches: f64) -> Self {
        Abs(inches * PT_PER_INCH)
    }
    pub const fn to_pt(self) -> f64 {
        self.0
    }
    pub fn to_mm(self) -> f64 {
        self.0 / PT_PER_INCH * MM_PER_INCH
    }
    pub fn to_inches(self) -> f64 {
        self.0 / PT_PER_INCH
    }
    pub fn max(self, other: Self) -> Self {
        Abs(self.0.max(other.0))
    }
    pub fn min(self, other: Self) -> Self {
        Abs(self.0.min(other.0))
    }
    pub fn abs(self) -> Self {
        Abs(self.0.abs())
    }
    pub fn is_finite(self) -> bool {
        self.0.is_finite()
    }
    /// Whether `self` fits into `other`, allowing for floating-point noise.
    pub fn fits(self, other: Self) -> bool {
        self.0 <= other.0 + 1e-6
    }
}

impl Add for Abs {
    type Output = Abs;
    fn add(self, rhs: Abs) -> Abs {
        Abs(self.0 + rhs.0)
    }
}
impl Sub for Abs {
    type Output = Abs;
    fn sub(self, rhs: Abs) -> Abs {
        Abs(self.0 - rhs.0)
    }
}
impl Neg for Abs {
    type Output = Abs;
    fn neg(self) -> Abs {
        Abs(-self.0)
    }
}
impl Mul<f64> for Abs {
    type Output = Abs;
    fn mul(self, rhs: f64) -> Abs {
        Abs(self.0 * rhs)
    }
}
impl Div<f64> for Abs {
    type Output = Abs;
    fn div(self, rhs: f64) -> Abs {
        Abs(self.0 / rhs)
    }
}
impl Div for Abs {
    type Output = f64;
    fn div(self, rhs: Abs) -> f64 {
        self.0 / rhs.0
    }
}
impl AddAssign for Abs {
    fn add_assign(&mut self, rhs: Abs) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Abs {
    fn sub_assign(&mut self, rhs: Abs) {
        self.0 -= rhs.0;
    }
}
impl Sum for Abs {
    fn sum<I: Iterator<Item = Abs>>(iter: I) -> Abs {
        Abs(iter.map(|a| a.0).sum())
    }
}

/// A point on a page: x to the right, y downwards from the top-left corner.
#[derive(Debug, Default, Copy, Clone, PartialEq)]
pub struct Point {
    pub x: Abs,
    pub y: Abs,
}

impl Point {
    pub const fn new(x: Abs, y: Abs) -> Self {
        Point { x, y }
    }
    pub const fn zero() -> Self {
        Point::new(Abs::zero(), Abs::zero())
    }
}

impl Add for Point {
    type Output = Point;
    fn add(self, rhs: Point) -> Point {
        Point::new(self.x + rhs.x, self.y + rhs.y)
    }
}

/// A width and a height.
#[derive(Debug, Default, Copy, Clone, PartialEq)]
pub struct Size {
    pub w: Abs,
    pub h: Abs,
}

impl Size {
    pub const fn new(w: Abs, h: Abs) -> Self {
        Size { w, h }
    }
    /// The same size turned by 90°.
    pub fn transposed(self) -> Self {
        Size::new(self.h, self.w)
    }
    pub fn is_landscape(self) -> bool {
        self.w > self.h
    }
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Debug, Default, Copy, Clone, PartialEq)]
pub struct Rect {
    pub x: Abs,
    pub y: Abs,
    pub w: Abs,
    pub h: Abs,
}

impl Rect {
    pub const fn new(x: Abs, y: Abs, w: Abs, h: Abs) -> Self {
        Rect { x, y, w, h }
    }
    pub fn from_size(size: Size) -> Self {
        Rect::new(Abs::zero(), Abs::zero(), size.w, size.h)
    }
    pub fn right(&self) -> Abs {
        self.x + self.w
    }
    pub fn bottom(&self) -> Abs {
        self.y + self.h
    }
    pub fn origin(&self) -> Point {
        Point::new(self.x, self.y)
    }
    pub fn size(&self) -> Size {
        Size::new(self.w, self.h)
    }
    /// The rectangle shrunk by `d` on every side.
    pub fn inset(&self, d: Abs) -> Rect {
        Rect::new(self.x + d, self.y + d, self.w - d * 2.0, self.h - d * 2.0)
    }
    /// Whether `other` lies entirely within `self` (with floating-point tolerance).
    pub fn contains(&self, other: &Rect) -> bool {
        self.x.fits(other.x)
            && self.y.fits(other.y)
            && other.right().fits(self.right())
            && other.bottom().fits(self.bottom())
    }
    /// Whether the interiors of the two rectangles overlap (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-3;
        self.x.to_pt() + EPS < other.right().to_pt()
            && other.x.to_pt() + EPS < self.right().to_pt()
            && self.y.to_pt() + EPS < other.bottom().to_pt()
            && other.y.to_pt() + EPS < self.bottom().to_pt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(Abs::inches(6.0).to_pt(), 432.0);
        assert!((Abs::mm(25.4).to_pt() - 72.0).abs() < 1e-9);
        assert!((Abs::pt(72.0).to_mm() - 25.4).abs() < 1e-9);
    }

    #[test]
    fn rect_relations() {
        let outer = Rect::new(Abs::pt(0.0), Abs::pt(0.0), Abs::pt(100.0), Abs::pt(50.0));
        let inner = Rect::new(Abs::pt(10.0), Abs::pt(10.0), Abs::pt(20.0), Abs::pt(20.0));
        assert!(outer.contains(&inner));
        assert!(!inner.contains(&outer));
        let beside = Rect::new(Abs::pt(30.0), Abs::pt(10.0), Abs::pt(5.0), Abs::pt(5.0));
        assert!(!inner.overlaps(&beside), "touching edges do not overlap");
        assert!(outer.overlaps(&inner));
    }
}
