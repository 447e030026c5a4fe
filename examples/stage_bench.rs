//! Throughput of each per-document stage (decode, clean, segment, metadata,
//! extract) in MB/s of raw input, on one thread, over the documents of a
//! folder: what `scripts/stage-bench.sh` prints. Each document is read into
//! memory first, so file reading is not timed; each stage is timed over every
//! document with the previous stages' results computed beforehand, `ROUNDS`
//! times, and the fastest round is kept. No figure is asserted anywhere.
//!
//! Usage: cargo run --release --example stage_bench -- DIR [ROUNDS]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use zhibiao::config::Pipeline;
use zhibiao::stages::{clean, decode, metadata, segment};

#[path = "../benches/corpus/mod.rs"]
mod corpus;

/// The fastest of `rounds` runs of `f`.
fn best_of(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: stage_bench DIR [ROUNDS]"));
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let pipeline = Pipeline::defaults();
    let files = corpus::read_documents(&pipeline, &dir);
    let mb = files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let rules = &pipeline.rules;

    let mut decoded = Vec::new();
    let t_decode = best_of(rounds, || {
        decoded = files
            .iter()
            .map(|(_, b)| decode::decode(b).expect("decodes"))
            .collect();
    });
    let mut cleaned = Vec::new();
    let t_clean = best_of(rounds, || {
        cleaned = decoded
            .iter()
            .map(|d| clean::clean(&d.text, &pipeline.raw.clean, rules))
            .collect();
    });
    let mut segments = Vec::new();
    let t_segment = best_of(rounds, || {
        segments = cleaned
            .iter()
            .map(|c| segment::segment(&c.chars, &pipeline.raw.segment, rules))
            .collect();
    });
    let mut metas = Vec::new();
    let t_meta = best_of(rounds, || {
        metas = cleaned
            .iter()
            .map(|c| metadata::read_meta(c, None, rules))
            .collect();
    });
    let mut n_records = 0;
    let t_extract = best_of(rounds, || {
        n_records = corpus::extract_all(&files, &decoded, &cleaned, &segments, &metas, rules);
    });

    println!(
        "{} documents, {mb:.1} MB, {n_records} records, best of {rounds} rounds, one thread",
        files.len()
    );
    println!("| stage | s | MB/s |");
    println!("|---|---|---|");
    let total = t_decode + t_clean + t_segment + t_meta + t_extract;
    for (name, t) in [
        ("decode", t_decode),
        ("clean", t_clean),
        ("segment", t_segment),
        ("metadata", t_meta),
        ("extract", t_extract),
        ("all five", total),
    ] {
        let s = t.as_secs_f64();
        println!("| {name} | {s:.2} | {:.1} |", mb / s.max(1e-9));
    }
}
