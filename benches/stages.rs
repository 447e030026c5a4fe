//! Criterion benches of the per-document stages (decode, clean, segment,
//! extract) in bytes of raw input per second, over the 28 provincial work
//! reports of `../shared/corpus-dev` (or the folder in `ZHIBIAO_BENCH_DIR`;
//! the seeds of `corpus/` when neither exists). Each stage is measured with
//! the previous stages' results computed beforehand, on one thread. Run:
//! `cargo bench --bench stages`; figures are kept in BENCHMARKS.md. No figure
//! is asserted anywhere.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use zhibiao::config::Pipeline;
use zhibiao::stages::{clean, decode, metadata, segment};

mod corpus;

/// The folder benched: `ZHIBIAO_BENCH_DIR`, else corpus-dev beside the checkout, else the seeds.
fn bench_dir() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("ZHIBIAO_BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| Some(here.join("../shared/corpus-dev")).filter(|p| p.is_dir()))
        .unwrap_or_else(|| here.join("corpus"))
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::defaults();
    let rules = &pipeline.rules;
    let files = corpus::read_documents(&pipeline, &bench_dir());
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let decoded: Vec<_> = files
        .iter()
        .map(|(_, b)| decode::decode(b).expect("decodes"))
        .collect();
    let cleaned: Vec<_> = decoded
        .iter()
        .map(|d| clean::clean(&d.text, &pipeline.raw.clean, rules))
        .collect();
    let segments: Vec<_> = cleaned
        .iter()
        .map(|c| segment::segment(&c.chars, &pipeline.raw.segment, rules))
        .collect();
    let metas: Vec<_> = cleaned
        .iter()
        .map(|c| metadata::read_meta(c, None, rules))
        .collect();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    // Extract takes about 0.2 s a pass over corpus-dev: ten samples need more than the default 5 s.
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("decode", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(_, raw)| decode::decode(raw).expect("decodes").text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("clean", |b| {
        b.iter(|| {
            decoded
                .iter()
                .map(|d| {
                    clean::clean(&d.text, &pipeline.raw.clean, rules)
                        .chars
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("segment", |b| {
        b.iter(|| {
            for c in &cleaned {
                std::hint::black_box(segment::segment(&c.chars, &pipeline.raw.segment, rules));
            }
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| corpus::extract_all(&files, &decoded, &cleaned, &segments, &metas, rules))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
