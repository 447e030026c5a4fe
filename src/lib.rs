//! zhibiao (指标): numeric indicators with exact provenance from Chinese
//! economic and policy text.
//!
//! Data flows one way through five stages, a module each:
//! raw bytes → [`decode`] → [`clean`] (cleaned text with an offset map) →
//! [`segment`] (paragraphs, sentences, headings) → [`extract`] (records and
//! skipped numerals) → [`validate`] (findings) → [`export`] (Parquet, CSV,
//! manifest, data package). [`pipeline`] runs them; [`config`] and [`rules`]
//! hold what they are told.

pub mod check;
pub mod clean;
pub mod cli;
pub mod config;
pub mod decode;
pub mod explain;
pub mod export;
pub mod extract;
pub mod metadata;
pub mod pipeline;
pub mod rules;
pub mod segment;
pub mod util;
pub mod validate;
