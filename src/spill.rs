//! Rows set aside on disk until the end of a run, split by a key into
//! partitions: what the checks that need every document (conflicts between
//! documents, the panel) need of each record, so that a run's memory holds
//! one batch and one partition, not the whole corpus. A partition holds every
//! row of its keys, in the order they were pushed (corpus order).
//!
//! The files live in a private folder under the system's temporary folder
//! (`TMPDIR`), removed when the spill is dropped; the folders of killed runs
//! are removed by the next run. Each is a sequence of
//! frames: a little-endian `u32` length, then rows one after the other in
//! bincode, compressed with zstd (the cache's encoding, see `dataset::entry`).
//! A row is encoded as it is pushed, so a partition waiting for its next
//! frame holds bytes, not rows.

use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Encoded bytes all the partitions of a spill keep in memory, together,
/// before writing them as frames: a partition's share, within the bounds
/// below, so that this memory stays the same however many partitions a
/// large corpus brings (64 partitions of 64 KB frames held 8 MB a spill).
const PENDING_BYTES: usize = 1 << 20;
const FRAME_BYTES: std::ops::RangeInclusive<usize> = (8 << 10)..=(64 << 10);

/// The frame size of each of `n` partitions.
fn frame_bytes(n: usize) -> usize {
    (PENDING_BYTES / n.max(1)).clamp(*FRAME_BYTES.start(), *FRAME_BYTES.end())
}
/// Input bytes per partition, and the most partitions (files) a spill has.
const BYTES_PER_PARTITION: u64 = 8 << 20;
const MAX_PARTITIONS: u64 = 128;

/// The partition count for a corpus of `input_bytes`: about one per 8 MB of
/// input, so that a partition of rows stays small whatever the corpus. Keys
/// do not spread evenly: at one per 16 MB, the largest partitions of a 1 GB
/// corpus held 1.6 (claims) and 2.7 (panel) times a 15 MB corpus's whole
/// spill, and the end of the run (without Parquet) peaked 30 MB above its
/// batches: 176 MB, against 147 MB at one per 8 MB (`BENCHMARKS.md`).
pub fn partitions_for(input_bytes: u64) -> usize {
    input_bytes
        .div_ceil(BYTES_PER_PARTITION)
        .clamp(1, MAX_PARTITIONS) as usize
}

/// The partition of a key, among `n`.
pub fn partition_of(key: impl Hash, n: usize) -> usize {
    // SipHash with fixed keys: the same partition in every run (the
    // output does not depend on it, but a run is easier to follow so).
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    key.hash(&mut h);
    (h.finish() % n as u64) as usize
}

/// Rows of type `T` spilled into partitions.
pub struct Spill<T> {
    dir: PathBuf,
    /// Each partition's rows not yet written, encoded.
    pending: Vec<Vec<u8>>,
    /// Whether a partition has a file (a frame was written).
    written: Vec<bool>,
    /// Rows pushed to each partition: what reading it back makes room for
    /// at once (a vector grown row by row held up to twice its rows, on
    /// fresh pages each time), and checks it finds.
    rows: Vec<usize>,
    /// Bytes a partition's pending rows reach before they are written.
    frame_bytes: usize,
    /// One compression context for every frame: a fresh one per frame cost
    /// a tenth of the compression.
    zstd: zstd::bulk::Compressor<'static>,
    _rows: PhantomData<T>,
}

/// zstd level of the frames. A spill is written once and read once, soon
/// after: a fast negative level (about twice level 1's speed, for somewhat
/// larger files) suits it better than the cache's level 1.
const ZSTD_LEVEL: i32 = -3;

static SPILLS: AtomicUsize = AtomicUsize::new(0);

const PREFIX: &str = "zhibiao-spill-";

/// Removes the spill folders of runs that ended without removing theirs
/// (killed): those whose process is gone. Linux only (`/proc`).
fn remove_stale_spills(tmp: &std::path::Path) {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

impl<T: Serialize + DeserializeOwned> Spill<T> {
    /// A spill of `n` partitions, named `name` in its folder.
    pub fn new(name: &str, n: usize) -> Result<Spill<T>> {
        let tmp = std::env::temp_dir();
        let number = SPILLS.fetch_add(1, Ordering::Relaxed);
        if number == 0 {
            remove_stale_spills(&tmp);
        }
        let dir = tmp.join(format!("{PREFIX}{}-{number}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the spill folder {}", dir.display()))?;
        let pending: Vec<Vec<u8>> = vec![Vec::new(); n.max(1)];
        Ok(Spill {
            dir,
            written: vec![false; pending.len()],
            rows: vec![0; pending.len()],
            frame_bytes: frame_bytes(pending.len()),
            pending,
            zstd: zstd::bulk::Compressor::new(ZSTD_LEVEL)?,
            _rows: PhantomData,
        })
    }

    pub fn partitions(&self) -> usize {
        self.pending.len()
    }

    fn path(&self, p: usize) -> PathBuf {
        self.dir.join(format!("{p}.zst"))
    }

    /// Adds a row to partition `p`: a `T`, or what serializes as one (a
    /// tuple of borrowed fields, so that a row need not be copied to be spilled).
    pub fn push<R: Serialize + ?Sized>(&mut self, p: usize, row: &R) -> Result<()> {
        bincode::serde::encode_into_std_write(
            row,
            &mut self.pending[p],
            bincode::config::standard(),
        )?;
        self.rows[p] += 1;
        if self.pending[p].len() >= self.frame_bytes {
            self.flush(p)?;
        }
        Ok(())
    }

    /// Appends partition `p`'s pending rows to its file as one frame. The
    /// file is opened for the frame and closed after it: a spill holds no
    /// open files, so its partitions are not bounded by the process's limit
    /// on them (256 by default on macOS), at the cost of an open and a close
    /// per frame of 8–64 KB.
    fn flush(&mut self, p: usize) -> Result<()> {
        if self.pending[p].is_empty() {
            return Ok(());
        }
        let compressed = self.zstd.compress(&self.pending[p])?;
        let mut frame = Vec::with_capacity(4 + compressed.len());
        frame.extend_from_slice(&(compressed.len() as u32).to_le_bytes());
        frame.extend_from_slice(&compressed);
        let path = self.path(p);
        // The first frame creates the file; later ones append to it, so a
        // file lost under a run is an error, not a partition quietly short.
        std::fs::OpenOptions::new()
            .create_new(!self.written[p])
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(&frame))
            .with_context(|| format!("cannot write {}", path.display()))?;
        self.written[p] = true;
        self.pending[p].clear();
        Ok(())
    }

    /// Rows pushed to partition `p`.
    pub fn rows_in(&self, p: usize) -> usize {
        self.rows[p]
    }

    /// The spill with every pending row written: its partitions can then
    /// be read a frame at a time, and as often as needed.
    pub fn sealed(mut self) -> Result<Sealed<T>> {
        for p in 0..self.partitions() {
            self.flush(p)?;
        }
        Ok(Sealed { spill: self })
    }

    /// Calls `each` with the rows of every partition in turn, one partition in memory at a time.
    pub fn for_each_partition(self, mut each: impl FnMut(Vec<T>) -> Result<()>) -> Result<()> {
        let sealed = self.sealed()?;
        for p in 0..sealed.spill.partitions() {
            let mut rows = Vec::with_capacity(sealed.spill.rows[p]);
            for row in sealed.read(p)? {
                rows.push(row?);
            }
            // Read once: its disk space goes now, not with the whole spill.
            let _ = std::fs::remove_file(sealed.spill.path(p));
            each(rows)?;
            // A partition's rows are gone: hand their pages back before the
            // next one, or each leaves the heap a little larger.
            crate::memory::release_free_pages();
        }
        Ok(())
    }
}

/// A spill whose rows are all written ([`Spill::sealed`]); its files are
/// removed when it is dropped.
pub struct Sealed<T> {
    spill: Spill<T>,
}

impl<T: Serialize + DeserializeOwned> Sealed<T> {
    /// Partition `p`'s rows in the order they were pushed, read one frame at
    /// a time: however many rows it has, one frame's are in memory.
    pub fn read(&self, p: usize) -> Result<Frames<T>> {
        let path = self.spill.path(p);
        let file = match self.spill.written[p] {
            true => {
                Some(BufReader::new(File::open(&path).with_context(|| {
                    format!("cannot read {}", path.display())
                })?))
            }
            false => None, // no row came to this partition
        };
        Ok(Frames {
            file,
            path,
            zstd: zstd::bulk::Decompressor::new()?,
            plain: Vec::new(),
            at: 0,
            left: self.spill.rows[p],
            _rows: PhantomData,
        })
    }
}

/// The rows of one partition of a [`Sealed`] spill, in order.
pub struct Frames<T> {
    file: Option<BufReader<File>>,
    path: PathBuf,
    zstd: zstd::bulk::Decompressor<'static>,
    /// The current frame, decompressed, and where its next row starts.
    plain: Vec<u8>,
    at: usize,
    /// Rows written to the partition and not read yet.
    left: usize,
    _rows: PhantomData<T>,
}

impl<T: DeserializeOwned> Frames<T> {
    /// The next row, `None` at the end of the file (an error if the file
    /// holds fewer rows than were written to it).
    fn next_row(&mut self) -> Result<Option<T>> {
        while self.at == self.plain.len() {
            let Some(file) = self.file.as_mut() else {
                return Ok(None);
            };
            if file.fill_buf()?.is_empty() {
                self.file = None;
                anyhow::ensure!(
                    self.left == 0,
                    "{} is short of {} of the rows written to it",
                    self.path.display(),
                    self.left
                );
                return Ok(None);
            }
            let mut len = [0u8; 4];
            let mut frame = Vec::new();
            file.read_exact(&mut len)
                .and_then(|()| {
                    frame.resize(u32::from_le_bytes(len) as usize, 0);
                    file.read_exact(&mut frame)
                })
                .with_context(|| format!("{} ends inside a frame", self.path.display()))?;
            crate::dataset::entry::inflate(&mut self.zstd, &frame, &mut self.plain)
                .context("a spill frame cannot be read")?;
            self.at = 0;
        }
        anyhow::ensure!(
            self.left > 0,
            "{} holds more rows than were written to it",
            self.path.display()
        );
        let (row, used): (T, usize) =
            bincode::serde::decode_from_slice(&self.plain[self.at..], bincode::config::standard())?;
        self.at += used;
        self.left -= 1;
        Ok(Some(row))
    }
}

impl<T: DeserializeOwned> Iterator for Frames<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let row = self.next_row();
        if row.is_err() {
            self.file = None; // nothing more is read after an error
            self.plain.clear();
            self.at = 0;
        }
        row.transpose()
    }
}

impl<T> Drop for Spill<T> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pending_bytes_of_a_spill_do_not_grow_with_its_partitions() {
        assert_eq!(frame_bytes(1), 64 << 10);
        assert_eq!(frame_bytes(16), 64 << 10);
        assert_eq!(frame_bytes(32), 32 << 10);
        assert_eq!(frame_bytes(64), 16 << 10);
        assert_eq!(frame_bytes(128), 8 << 10);
        for n in 1..=MAX_PARTITIONS as usize {
            assert!(n * frame_bytes(n) <= PENDING_BYTES, "{n} partitions");
        }
    }

    #[test]
    fn a_lost_partition_file_is_an_error_and_an_unused_partition_is_empty() {
        let mut spill: Spill<u32> = Spill::new("test", 3).unwrap();
        for i in 0..100_000u32 {
            spill.push(0, &i).unwrap();
        }
        spill.push(1, &7).unwrap();
        let dir = spill.dir.clone();
        let mut sizes = Vec::new();
        spill
            .for_each_partition(|rows| {
                sizes.push(rows.len());
                Ok(())
            })
            .unwrap();
        assert_eq!(sizes, [100_000, 1, 0]);
        assert!(!dir.exists());

        let mut spill: Spill<u32> = Spill::new("test", 2).unwrap();
        for i in 0..100_000u32 {
            spill.push(0, &i).unwrap();
        }
        std::fs::remove_file(spill.path(0)).unwrap();
        let e = spill.for_each_partition(|_| Ok(())).unwrap_err();
        assert!(format!("{e:#}").contains("0.zst"), "{e:#}");
    }

    #[test]
    fn a_partition_file_short_of_whole_frames_is_an_error() {
        let mut spill: Spill<u32> = Spill::new("test", 1).unwrap();
        for i in 0..100_000u32 {
            spill.push(0, &i).unwrap();
        }
        spill.flush(0).unwrap();
        // Keep the first frame only: every frame left is whole.
        let bytes = std::fs::read(spill.path(0)).unwrap();
        let first = 4 + u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        assert!(first < bytes.len(), "more than one frame");
        std::fs::write(spill.path(0), &bytes[..first]).unwrap();
        let e = spill.for_each_partition(|_| Ok(())).unwrap_err();
        assert!(format!("{e:#}").contains("is short of"), "{e:#}");
    }

    #[test]
    fn a_sealed_spill_reads_each_partition_in_order_frame_by_frame_and_again() {
        let mut spill: Spill<(u32, String)> = Spill::new("test", 2).unwrap();
        for i in 0..50_000u32 {
            spill.push(0, &(i, format!("row {i}"))).unwrap();
        }
        assert_eq!((spill.rows_in(0), spill.rows_in(1)), (50_000, 0));
        let sealed = spill.sealed().unwrap();
        for _ in 0..2 {
            let rows: Vec<(u32, String)> = sealed.read(0).unwrap().map(Result::unwrap).collect();
            assert_eq!(rows.len(), 50_000);
            assert!(rows.iter().enumerate().all(|(i, r)| r.0 as usize == i));
            assert_eq!(sealed.read(1).unwrap().count(), 0, "an unused partition");
        }
        let dir = sealed.spill.dir.clone();
        drop(sealed);
        assert!(!dir.exists(), "the folder is removed");
    }

    #[test]
    fn a_sealed_partition_cut_short_is_an_error() {
        let mut spill: Spill<u32> = Spill::new("test", 1).unwrap();
        for i in 0..100_000u32 {
            spill.push(0, &i).unwrap();
        }
        let sealed = spill.sealed().unwrap();
        let path = sealed.spill.path(0);
        let bytes = std::fs::read(&path).unwrap();
        let first = 4 + u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        // Whole frames missing, then a frame cut in the middle.
        for cut in [first, first + 10] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            let e = sealed.read(0).unwrap().find_map(Result::err).unwrap();
            let wanted = if cut == first {
                "is short of"
            } else {
                "ends inside a frame"
            };
            assert!(format!("{e:#}").contains(wanted), "{e:#}");
        }
    }

    #[test]
    fn partitions_keep_every_row_in_order() {
        let mut spill: Spill<(u32, String)> = Spill::new("test", 3).unwrap();
        let rows: Vec<(u32, String)> = (0..5000).map(|i| (i, format!("row {i}"))).collect();
        for r in &rows {
            let p = partition_of(r.0 % 7, spill.partitions());
            spill.push(p, r).unwrap();
        }
        let dir = spill.dir.clone();
        let mut seen = Vec::new();
        spill
            .for_each_partition(|part| {
                assert!(part.windows(2).all(|w| w[0].0 < w[1].0), "pushed order");
                let keys: std::collections::BTreeSet<u32> = part.iter().map(|r| r.0 % 7).collect();
                seen.push(keys);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len(), 3);
        let all: usize = seen.iter().map(|k| k.len()).sum();
        assert_eq!(all, 7, "each key in exactly one partition");
        assert!(!dir.exists(), "the folder is removed");
        assert_eq!(partitions_for(0), 1);
        assert_eq!(partitions_for(150 << 20), 19);
        assert_eq!(partitions_for(1 << 40), 128);
    }
}
