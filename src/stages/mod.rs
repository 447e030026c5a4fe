//! The five stages a document goes through, a module each, every one with
//! its `[section]` configuration struct beside it: [`decode`] and [`clean`]
//! (raw bytes → cleaned text with an offset map), [`metadata`] and
//! [`segment`] (title, date, region; paragraphs, sentences, sections),
//! [`extract`] (records and skipped numerals), [`validate`] (findings, and the
//! checks of a published dataset) and [`export`] (tables, manifest, data
//! package). Stages know nothing of the configuration file or the command
//! line: they take their own config struct and the rules.

pub mod clean;
pub mod decode;
pub mod export;
pub mod extract;
pub mod metadata;
pub mod segment;
pub mod time;
pub mod validate;
