//! One document's results before the cross-document half of validation —
//! its `documents` row, its records, its skipped numerals and what
//! validation found on its records alone — as bytes that can be stored and read
//! back exactly: the cache keeps one per file, a shard part keeps all of its
//! documents in `part.zbr`. Each entry is framed by a header line
//! `zhibiao-entry-v3 <position> <length> <sha256>` and followed by its body,
//! so a truncated or corrupt entry is detected, never used.
//!
//! The body is the entry in bincode 2 (serde, standard configuration),
//! compressed with zstd at level 1, with what its rows repeat kept once
//! ([`Body`]): a sentence that gives three records and a skipped numeral is
//! stored once, not four times, and the rows' `doc_id` and `source_file`
//! are the document's. A cache is read whole on every warm run, so its
//! format is chosen for reading: bincode decodes far faster than JSON (no
//! text scanning, no escapes), and zstd shrinks the bytes to read and hash
//! several times while decoding at about 1 GB/s. Both crates are already
//! built into zhibiao through polars. The checksum covers the stored
//! (compressed) bytes, so damage is found before anything is decoded.

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
pub const MAGIC: &str = "zhibiao-entry-v3";

/// zstd level of the bodies: level 1 compresses several times faster than
/// the default 3 for a slightly larger file.
const ZSTD_LEVEL: i32 = 1;

/// An entry as stored: the sentences and sections of its rows each once in
/// `texts`, the rows holding empty strings in their place; the rows'
/// `doc_id` and `source_file` empty too when they are the document's. These
/// copies were more than half the text of the rows (corpus-dev ×10: 34 of
/// 57 MB), and a warm run decodes and checks (UTF-8) every byte of every
/// entry.
#[derive(Serialize, Deserialize)]
struct Body {
    row: DocumentRow,
    texts: Vec<String>,
    /// Each record's sentence and section, as places in `texts`.
    record_texts: Vec<(u32, Option<u32>)>,
    /// Each skipped numeral's sentence, as a place in `texts`.
    skipped_texts: Vec<u32>,
    /// Every row's `doc_id` and `source_file` are the document's (and stored empty).
    ids_from_row: bool,
    records: Vec<Record>,
    skipped: Vec<Skipped>,
    findings: Vec<Finding>,
}

/// The places of texts in a [`Body`]'s `texts`, each text stored once.
#[derive(Default)]
struct Texts {
    texts: Vec<String>,
    places: std::collections::HashMap<String, u32>,
}

impl Texts {
    /// The place of `text`, which is taken (left empty).
    fn place(&mut self, text: &mut String) -> Result<u32> {
        let text = std::mem::take(text);
        if let Some(&i) = self.places.get(&text) {
            return Ok(i);
        }
        let i = u32::try_from(self.texts.len())?;
        self.texts.push(text.clone());
        self.places.insert(text, i);
        Ok(i)
    }
}

impl Body {
    fn of(mut e: Entry) -> Result<Body> {
        let ids_from_row = e
            .records
            .iter()
            .map(|r| (&r.doc_id, &r.source_file))
            .chain(e.skipped.iter().map(|s| (&s.doc_id, &s.source_file)))
            .all(|(d, f)| *d == e.row.doc_id && *f == e.row.source_file);
        let mut texts = Texts::default();
        let mut record_texts = Vec::with_capacity(e.records.len());
        for r in &mut e.records {
            let section = r.section.as_mut().map(|s| texts.place(s)).transpose()?;
            record_texts.push((texts.place(&mut r.sentence)?, section));
            if ids_from_row {
                (r.doc_id, r.source_file) = (String::new(), String::new());
            }
        }
        let mut skipped_texts = Vec::with_capacity(e.skipped.len());
        for s in &mut e.skipped {
            skipped_texts.push(texts.place(&mut s.sentence)?);
            if ids_from_row {
                (s.doc_id, s.source_file) = (String::new(), String::new());
            }
        }
        Ok(Body {
            row: e.row,
            texts: texts.texts,
            record_texts,
            skipped_texts,
            ids_from_row,
            records: e.records,
            skipped: e.skipped,
            findings: e.findings,
        })
    }

    fn into_entry(mut self) -> Result<Entry> {
        if self.record_texts.len() != self.records.len()
            || self.skipped_texts.len() != self.skipped.len()
        {
            bail!("texts and rows do not match");
        }
        let text = |i: u32| {
            self.texts
                .get(i as usize)
                .cloned()
                .ok_or_else(|| anyhow!("no text {i}"))
        };
        let (doc_id, source_file) = (&self.row.doc_id, &self.row.source_file);
        for (r, &(sentence, section)) in self.records.iter_mut().zip(&self.record_texts) {
            r.sentence = text(sentence)?;
            r.section = section.map(text).transpose()?;
            if self.ids_from_row {
                (r.doc_id, r.source_file) = (doc_id.clone(), source_file.clone());
            }
        }
        for (s, &sentence) in self.skipped.iter_mut().zip(&self.skipped_texts) {
            s.sentence = text(sentence)?;
            if self.ids_from_row {
                (s.doc_id, s.source_file) = (doc_id.clone(), source_file.clone());
            }
        }
        Ok(Entry {
            row: self.row,
            records: self.records,
            skipped: self.skipped,
            findings: self.findings,
        })
    }
}

fn encode(entry: Entry) -> Result<Vec<u8>> {
    let plain = bincode::serde::encode_to_vec(Body::of(entry)?, bincode::config::standard())?;
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
        let (body, used): (Body, usize) =
            bincode::serde::decode_from_slice(plain, bincode::config::standard())?;
        if used != plain.len() {
            bail!("{} bytes after the entry", plain.len() - used);
        }
        body.into_entry()
    })
}

/// Appends `entry`, at `position` (its place in the corpus), to `out`.
pub fn write(out: &mut Vec<u8>, position: usize, entry: Entry) -> Result<()> {
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
        write(&mut bytes, 7, entry()).unwrap();
        write(&mut bytes, 9, entry()).unwrap();
        let back = read_all(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1], (9, entry()));
        assert!(read_all(&bytes[..bytes.len() - 5]).is_err());
        let mut flipped = bytes.clone();
        let i = flipped.len() - 10;
        flipped[i] ^= 1;
        assert!(read_all(&flipped).is_err());
    }

    fn record(id: &str, doc_id: &str, sentence: &str, section: Option<&str>) -> Record {
        Record {
            record_id: id.into(),
            doc_id: doc_id.into(),
            source_file: "a.txt".into(),
            region: None,
            indicator: Some("粮食产量".into()),
            indicator_code: None,
            indicator_name: None,
            kind: "level".into(),
            value: 0.1,
            value_max: None,
            unit: Some("万吨".into()),
            value_normalized: None,
            unit_normalized: None,
            qualifier: "exact".into(),
            status: "actual".into(),
            period_year: Some(2025),
            period: None,
            value_text: "0.1万吨".into(),
            char_start: 1,
            char_end: 6,
            byte_start: 3,
            byte_end: 14,
            sentence: sentence.into(),
            section: section.map(Into::into),
            rule: "prose".into(),
            evidence: String::new(),
        }
    }

    fn skipped(doc_id: &str, sentence: &str) -> Skipped {
        Skipped {
            doc_id: doc_id.into(),
            source_file: "a.txt".into(),
            text: "1".into(),
            reason: "ordinal".into(),
            char_start: 0,
            char_end: 1,
            byte_start: 0,
            byte_end: 1,
            sentence: sentence.into(),
        }
    }

    fn back(e: &Entry) -> Entry {
        let mut bytes = Vec::new();
        write(&mut bytes, 0, e.clone()).unwrap();
        read_all(&bytes).unwrap().pop().unwrap().1
    }

    #[test]
    fn shared_texts_and_ids_come_back_in_every_row() {
        let mut e = entry();
        e.records = vec![
            record("1", "a", "一句。", Some("一、")),
            record("2", "a", "一句。", None),
            record("3", "a", "", Some("一、")),
            record("4", "a", "二句。", Some("")),
        ];
        e.skipped = vec![skipped("a", "二句。"), skipped("a", "三句。")];
        assert_eq!(back(&e), e);
    }

    #[test]
    fn a_row_of_another_document_keeps_its_own_ids() {
        let mut e = entry();
        e.records = vec![
            record("1", "a", "一句。", None),
            record("2", "", "一句。", None),
        ];
        e.skipped = vec![skipped("b", "一句。")];
        assert_eq!(back(&e), e);
        e.records[1].doc_id = "a".into();
        e.records[1].source_file = String::new();
        assert_eq!(back(&e), e);
    }
}
