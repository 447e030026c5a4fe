//! zhibiao (指标): numeric indicators with exact provenance from Chinese
//! economic and policy text.
//!
//! Arrows point one way, from the command line down to the rule data:
//!
//! [`commands`] → [`shard`] (shards and merge) → [`cache`] (incremental runs)
//! → [`pipeline`] → [`config`] and [`input`] → [`stages`]
//! (decode → clean → segment → extract → validate → export) → [`dataset`]
//! (the rows and tables) → [`rules`] (the rule data) → [`text`].
//! [`report`] (the HTML provenance report) sits beside [`pipeline`]: the
//! commands call it, and it reads a published dataset through [`dataset`]
//! without importing the stages. [`timing`] (spans printed with
//! `ZHIBIAO_TIMINGS=1`) imports nothing and may be used from anywhere.
//!
//! `ARCHITECTURE.md` at the top of the repository walks through the data flow.

pub mod cache;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod input;
pub mod memory;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod shard;
pub mod spill;
pub mod stages;
pub mod text;
pub mod timing;
