//! What the extractor is given about one document: its raw and cleaned text,
//! its segments and metadata, and the rules.

use crate::rules::Rules;
use crate::stages::clean::Cleaned;
use crate::stages::decode::Decoded;
use crate::stages::metadata::DocMeta;
use crate::stages::segment::Segments;

/// Everything the extractor needs to know about one document.
pub struct Doc<'a> {
    pub doc_id: &'a str,
    pub source_file: &'a str,
    pub decoded: &'a Decoded,
    pub cleaned: &'a Cleaned,
    pub segments: &'a Segments,
    pub meta: &'a DocMeta,
    pub rules: &'a Rules,
}
