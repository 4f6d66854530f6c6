//! PDF typesetting with Typst as a library: the engine (a `World` with embedded
//! fonts, built once per run) and the Markdown → Typst markup emitter. The documents
//! themselves are assembled in `render::pdf` from the same view values as the site.

pub mod engine;
pub mod markup;
