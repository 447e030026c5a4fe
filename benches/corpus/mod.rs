//! What the two stage benches share (`benches/stages.rs` and
//! `examples/stage_bench.rs`, which includes this file): the documents of a
//! folder read into memory, and extract run over documents whose earlier
//! stages are done.

use std::path::Path;

use zhibiao::config::Pipeline;
use zhibiao::input::discover;
use zhibiao::rules::Rules;
use zhibiao::stages::clean::Cleaned;
use zhibiao::stages::decode::Decoded;
use zhibiao::stages::extract::{self, document::Doc};
use zhibiao::stages::metadata::DocMeta;
use zhibiao::stages::segment::Segments;

/// The id and bytes of each document of `dir` a run would read.
pub fn read_documents(pipeline: &Pipeline, dir: &Path) -> Vec<(String, Vec<u8>)> {
    discover(&[dir.to_path_buf()], &pipeline.raw.input.extensions)
        .iter()
        .filter(|i| i.not_read.is_none() && i.readable)
        .filter(|i| !pipeline.raw.input.is_skipped_name(&i.path))
        .map(|i| (i.doc_id.clone(), std::fs::read(&i.path).expect("readable")))
        .collect()
}

/// The records extract finds in every document (the `k`th of each slice is
/// the `k`th document's).
pub fn extract_all(
    files: &[(String, Vec<u8>)],
    decoded: &[Decoded],
    cleaned: &[Cleaned],
    segments: &[Segments],
    metas: &[DocMeta],
    rules: &Rules,
) -> usize {
    let mut records = 0;
    for (k, (id, _)) in files.iter().enumerate() {
        let doc = Doc {
            doc_id: id,
            source_file: id,
            decoded: &decoded[k],
            cleaned: &cleaned[k],
            segments: &segments[k],
            meta: &metas[k],
            rules,
        };
        records += extract::extract(&doc).0.len();
    }
    records
}
