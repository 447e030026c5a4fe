//! One table written as its rows come, batch by batch: a Parquet file whose
//! row groups hold exactly `row_group_size` rows (the last one fewer), and a
//! CSV file appended to. The bytes depend on the rows alone, never on how
//! they were batched.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::{Context as _, Result};
use polars::prelude::*;

/// Chunks (batches) of pending rows kept before they are copied into one.
const MAX_PENDING_CHUNKS: usize = 16;

/// The Parquet half: rows wait in `pending` until they fill a row group.
struct ParquetSink {
    writer: polars::io::parquet::write::BatchedWriter<BufWriter<File>>,
    pending: DataFrame,
    row_group_size: usize,
}

/// The statistics of each column chunk and page: polars' defaults, with
/// string minimums and maximums cut to a fixed length. Left unset, polars
/// reads the length from the environment
/// (`POLARS_PARQUET_BINARY_STATISTICS_TRUNCATE_LEN`), which would change the
/// bytes written.
fn statistics() -> StatisticsOptions {
    StatisticsOptions {
        binary_statistics_truncate_length: Some(STATISTICS_TRUNCATE_LENGTH),
        ..StatisticsOptions::default()
    }
}

/// Bytes a string statistic keeps: polars' default.
const STATISTICS_TRUNCATE_LENGTH: u64 = 64;

/// The open files of one table.
pub struct TableSink {
    name: &'static str,
    parquet: Option<ParquetSink>,
    csv: Option<polars::io::csv::write::BatchedWriter<BufWriter<File>>>,
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, file))
}

impl TableSink {
    /// Opens `<name>.parquet` and/or `<name>.csv` in `dir` for rows shaped
    /// like `empty` (the table with no rows); `metadata` goes in the Parquet footer.
    pub fn open(
        dir: &Path,
        name: &'static str,
        empty: &DataFrame,
        parquet: Option<(usize, KeyValueMetadata)>,
        csv: bool,
    ) -> Result<TableSink> {
        let schema = empty.schema();
        let parquet = match parquet {
            Some((row_group_size, metadata)) => {
                let file = create(&dir.join(format!("{name}.parquet")))?;
                let writer = ParquetWriter::new(file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .with_statistics(statistics())
                    .with_key_value_metadata(Some(metadata))
                    .batched(schema)
                    .map_err(|e| anyhow::anyhow!("cannot write {name}.parquet: {e}"))?;
                Some(ParquetSink {
                    writer,
                    pending: empty.clone(),
                    row_group_size: row_group_size.max(1),
                })
            }
            None => None,
        };
        let csv = if csv {
            let file = create(&dir.join(format!("{name}.csv")))?;
            Some(
                CsvWriter::new(file)
                    .include_header(true)
                    .with_null_value(PlSmallStr::EMPTY)
                    .batched(schema)
                    .map_err(|e| anyhow::anyhow!("cannot write {name}.csv: {e}"))?,
            )
        } else {
            None
        };
        Ok(TableSink { name, parquet, csv })
    }

    /// Appends rows: to the CSV at once, to the Parquet file a row group at a time.
    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        let name = self.name;
        let (parquet, csv) = (&mut self.parquet, &mut self.csv);
        let (p, c) = rayon::join(
            || parquet.as_mut().map_or(Ok(()), |p| p.write(df)),
            || {
                csv.as_mut().map_or(Ok(()), |c| {
                    c.write_batch(df)
                        .map_err(|e| anyhow::anyhow!("cannot write {name}.csv: {e}"))
                })
            },
        );
        p.with_context(|| format!("cannot write {name}.parquet"))?;
        c
    }

    /// Writes what is pending and the files' ends (the Parquet footer, a
    /// header-only CSV for a table with no rows) and drops the writers, so
    /// that what they held is freed; a second call does nothing.
    pub fn finish(&mut self) -> Result<()> {
        let name = self.name;
        if let Some(mut p) = self.parquet.take() {
            p.flush(0)
                .and_then(|_| {
                    crate::memory::in_writers_arena(|| p.writer.finish()).map_err(Into::into)
                })
                .with_context(|| format!("cannot write {name}.parquet"))?;
        }
        if let Some(mut c) = self.csv.take() {
            c.finish()
                .map_err(|e| anyhow::anyhow!("cannot write {name}.csv: {e}"))?;
        }
        Ok(())
    }
}

impl ParquetSink {
    fn write(&mut self, df: &DataFrame) -> Result<()> {
        self.pending.vstack_mut(df)?;
        // Each batch's rows are a chunk with buffers of their own; a table
        // that takes many batches to fill a row group (`documents`: a few
        // dozen rows a batch) would hold hundreds of them. The bytes written
        // are the same either way.
        if self.pending.first_col_n_chunks() > MAX_PENDING_CHUNKS {
            self.pending.rechunk_mut_par();
        }
        self.flush(self.row_group_size)
    }

    /// Writes full row groups while at least `keep_below` rows are pending
    /// (all of them when it is 0), each as one chunk: a row group per chunk
    /// is how polars writes a frame.
    fn flush(&mut self, keep_below: usize) -> Result<()> {
        let size = self.row_group_size;
        while self.pending.height() > 0 && self.pending.height() >= keep_below {
            let n = size.min(self.pending.height());
            let mut group = self.pending.slice(0, n);
            group.rechunk_mut_par();
            // The rest is copied out of the buffers it shares with the
            // group, so that the pending rows' buffers are freed before the
            // group's pages are encoded rather than after.
            let rest = self.pending.height() - n;
            self.pending = self.pending.slice(n as i64, rest);
            self.pending.rechunk_mut_par();
            let writer = &mut self.writer;
            crate::memory::in_writers_arena(|| writer.write_batch(&group))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `n` rows: a number and its text.
    fn rows(n: i64) -> DataFrame {
        df!("n" => (0..n).collect::<Vec<i64>>(),
            "text" => (0..n).map(|i| format!("row {i}")).collect::<Vec<String>>())
        .unwrap()
    }

    #[test]
    fn finishing_writes_the_pending_rows_once_and_a_second_finish_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = TableSink::open(
            dir.path(),
            "t",
            &rows(0),
            Some((4, KeyValueMetadata::from_static(vec![]))),
            true,
        )
        .unwrap();
        sink.write(&rows(6)).unwrap();
        sink.finish().unwrap();
        let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
        let (parquet, csv) = (read("t.parquet"), read("t.csv"));
        sink.finish().unwrap();
        assert_eq!(read("t.parquet"), parquet);
        assert_eq!(read("t.csv"), csv);
        let back = ParquetReader::new(File::open(dir.path().join("t.parquet")).unwrap())
            .finish()
            .unwrap();
        assert!(back.equals(&rows(6)));
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 7);
    }
}
