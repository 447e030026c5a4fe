//! One document's results before the cross-document half of validation —
//! its `documents` row, its records, its skipped numerals and what
//! validation found on its records alone — as bytes that can be stored and read
//! back exactly: the cache keeps one per file, a shard part keeps all of its
//! documents in `part.zbr`. Each entry is framed by a header line
//! `zhibiao-entry-v2 <position> <length> <sha256>` and followed by its body,
//! so a truncated or corrupt entry is detected, never used.
//!
//! The body is the entry in bincode 2 (serde, standard configuration),
//! compressed with zstd at level 1. A cache is read whole on every warm run,
//! so its format is chosen for reading: bincode decodes far faster than JSON
//! (no text scanning, no escapes), and zstd shrinks the bytes to read and
//! hash about tenfold (each record repeats its sentence) while decoding at
//! about 1 GB/s. Both crates are already built into zhibiao through polars.
//! The checksum covers the stored (compressed) bytes, so damage is found
//! before anything is decoded.

use std::cell::RefCell;

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

use super::rows::{DocumentRow, Finding, Record, Skipped};
use crate::text::sha256_hex;

/// What one document gave before the cross-document half of validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub row: DocumentRow,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
    /// Findings on its records alone (`validate::document_checks` and the row-local rules).
    pub findings: Vec<Finding>,
}

/// The first word of an entry's header; it names the body's format.
pub const MAGIC: &str = "zhibiao-entry-v2";

/// zstd level of the bodies: level 1 compresses several times faster than
/// the default 3 for a slightly larger file.
const ZSTD_LEVEL: i32 = 1;

fn encode(entry: &Entry) -> Result<Vec<u8>> {
    let plain = bincode::serde::encode_to_vec(entry, bincode::config::standard())?;
    Ok(zstd::bulk::compress(&plain, ZSTD_LEVEL)?)
}

/// A decompression context and buffer per thread, reused from entry to
/// entry: allocating them afresh (a few hundred KB each) made every entry
/// pay for new zeroed pages.
struct Inflater {
    zstd: zstd::bulk::Decompressor<'static>,
    plain: Vec<u8>,
}

thread_local! {
    static INFLATER: RefCell<Option<Inflater>> = const { RefCell::new(None) };
}

/// Decompresses a zstd frame into `plain` (cleared first), with a
/// decompression context the caller reuses. The frame states its size
/// (bulk compression writes it), so `plain` is allocated once.
pub fn inflate(
    zstd: &mut zstd::bulk::Decompressor<'static>,
    frame: &[u8],
    plain: &mut Vec<u8>,
) -> Result<()> {
    let size = zstd::zstd_safe::get_frame_content_size(frame)
        .ok()
        .flatten()
        .ok_or_else(|| anyhow!("no content size"))?;
    plain.clear();
    plain.reserve(usize::try_from(size)?);
    zstd.decompress_to_buffer(frame, plain)?;
    Ok(())
}

fn decode(body: &[u8]) -> Result<Entry> {
    INFLATER.with_borrow_mut(|slot| {
        let inflater = match slot {
            Some(i) => i,
            None => slot.insert(Inflater {
                zstd: zstd::bulk::Decompressor::new()?,
                plain: Vec::new(),
            }),
        };
        let plain = &mut inflater.plain;
        inflate(&mut inflater.zstd, body, plain)?;
        let (entry, used) = bincode::serde::decode_from_slice(plain, bincode::config::standard())?;
        if used != plain.len() {
            bail!("{} bytes after the entry", plain.len() - used);
        }
        Ok(entry)
    })
}

/// Appends `entry`, at `position` (its place in the corpus), to `out`.
pub fn write(out: &mut Vec<u8>, position: usize, entry: &Entry) -> Result<()> {
    let body = encode(entry)?;
    out.extend_from_slice(
        format!("{MAGIC} {position} {} {}\n", body.len(), sha256_hex(&body)).as_bytes(),
    );
    out.extend_from_slice(&body);
    out.push(b'\n');
    Ok(())
}

/// Reads every entry of `bytes` with its position; any damage is an error.
pub fn read_all(bytes: &[u8]) -> Result<Vec<(usize, Entry)>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (position, entry, used) = read_one(rest).map_err(|e| {
            anyhow!(
                "entry {} (byte {}): {e}",
                out.len() + 1,
                bytes.len() - rest.len()
            )
        })?;
        out.push((position, entry));
        rest = &rest[used..];
    }
    Ok(out)
}

/// Reads the first entry of `bytes`: its position, itself and the bytes it took.
fn read_one(bytes: &[u8]) -> Result<(usize, Entry, usize)> {
    let nl = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| anyhow!("truncated header"))?;
    let header = std::str::from_utf8(&bytes[..nl]).map_err(|_| anyhow!("bad header"))?;
    let fields: Vec<&str> = header.split(' ').collect();
    let [magic, position, len, sum] = fields[..] else {
        bail!("bad header");
    };
    if magic != MAGIC {
        bail!("bad header");
    }
    let position: usize = position.parse().map_err(|_| anyhow!("bad position"))?;
    let len: usize = len.parse().map_err(|_| anyhow!("bad length"))?;
    let start = nl + 1;
    if bytes.len() < start + len + 1 || bytes[start + len] != b'\n' {
        bail!("truncated: {len} bytes announced");
    }
    let body = &bytes[start..start + len];
    if sha256_hex(body) != sum {
        bail!("checksum mismatch");
    }
    let entry = decode(body).map_err(|e| anyhow!("bad body: {e:#}"))?;
    Ok((position, entry, start + len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn entry() -> Entry {
        Entry {
            row: DocumentRow {
                doc_id: "a".into(),
                source_file: "a.txt".into(),
                path: PathBuf::from("a.txt"),
                sha256: None,
                bytes: Some(3),
                encoding: None,
                title: Some("标题".into()),
                title_source: "none".into(),
                date: None,
                date_source: "none".into(),
                year: None,
                region: None,
                region_source: "none".into(),
                doc_type: None,
                status: "ok".into(),
                message: None,
                n_indicators: 0,
                n_skipped: 0,
                n_chars: 3,
            },
            records: Vec::new(),
            skipped: Vec::new(),
            findings: Vec::new(),
        }
    }

    #[test]
    fn round_trip_and_damage() {
        let mut bytes = Vec::new();
        write(&mut bytes, 7, &entry()).unwrap();
        write(&mut bytes, 9, &entry()).unwrap();
        let back = read_all(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1], (9, entry()));
        assert!(read_all(&bytes[..bytes.len() - 5]).is_err());
        let mut flipped = bytes.clone();
        let i = flipped.len() - 10;
        flipped[i] ^= 1;
        assert!(read_all(&flipped).is_err());
    }
}
