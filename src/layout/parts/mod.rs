//! One file per part of a recipe, each adding the builder of its blocks to the
//! [`Typesetter`](super::content::Typesetter): cards and sheets compose these parts, in
//! their own order and measures. A new part of the recipe format gets a file here.

mod ingredients;
mod marks;
mod photo;
mod qr;
mod sections;
mod steps;
mod title;
