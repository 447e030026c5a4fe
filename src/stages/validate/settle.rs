//! The findings of a whole run put in the order of the `findings` table, in
//! bounded memory: a run can have as many findings as records (a declared
//! rule may flag every one). Each document's findings come set aside on
//! disk in corpus order, the conflicts between documents too; both are
//! sorted in runs of [`RUN`], the full runs set aside again, and the runs
//! merged (with the corpus rules' findings) a block at a time whenever the
//! table is written. The order is the one a single stable sort of them all
//! would give.

use std::cmp::Ordering;
use std::collections::HashSet;

use anyhow::Result;

use crate::dataset::rows::Finding;
use crate::dataset::{FindingRows, Findings};
use crate::rules::quality::Severity;
use crate::spill::{Sealed, Spill};

/// Findings sorted in memory at once (about 10 MB of them).
const RUN: usize = 1 << 15;
/// Findings handed out at once.
const BLOCK: usize = 1 << 14;

/// The order of the `findings` table: document, record, rule, message.
fn order(a: &Finding, b: &Finding) -> Ordering {
    (&a.doc_id, &a.record_id, &a.rule, &a.message).cmp(&(
        &b.doc_id,
        &b.record_id,
        &b.rule,
        &b.message,
    ))
}

/// The findings of a run in order: each document's own (`per_document`, in
/// corpus order; a finding on no record kept once — a rule that could not
/// run was given to each document of a batch), those of the corpus rules
/// and the `conflicts` between documents, sorted together; `last` after
/// them all.
pub fn settle(
    per_document: Spill<Finding>,
    corpus_rules: Vec<Finding>,
    conflicts: Spill<Finding>,
    last: Vec<Finding>,
) -> Result<Findings> {
    let runs_needed = per_document.rows_in(0).div_ceil(RUN) + conflicts.rows_in(0).div_ceil(RUN);
    let mut sorting = Sorting {
        runs: Spill::new("findings-sorted", runs_needed)?,
        on_disk: 0,
        parts: Vec::new(),
        total: last.len(),
        errors: errors_in(&last),
    };
    let mut seen_unattached = HashSet::new();
    let per_document = per_document.sealed()?;
    sorting.add(per_document.read(0)?, |f| {
        f.record_id.is_some() || seen_unattached.insert(f.clone())
    })?;
    sorting.add(corpus_rules.into_iter().map(Ok), |_| true)?;
    let conflicts = conflicts.sealed()?;
    sorting.add(conflicts.read(0)?, |_| true)?;
    let (total, errors) = (sorting.total, sorting.errors);
    let sorted = Sorted {
        runs: sorting.runs.sealed()?,
        parts: sorting.parts,
        last,
    };
    Ok(Findings::new(total, errors, Box::new(sorted)))
}

fn errors_in(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// Findings being sorted into parts, in the order they come.
struct Sorting {
    /// Full runs, sorted, one partition each.
    runs: Spill<Finding>,
    /// Full runs set aside so far: the next one's partition.
    on_disk: usize,
    parts: Vec<Part>,
    total: usize,
    errors: usize,
}

/// A sorted part of the findings: a full run on disk (its partition), or
/// what was left after the full runs of one source, in memory.
enum Part {
    OnDisk(usize),
    InMemory(Vec<Finding>),
}

impl Sorting {
    /// Sorts the findings of `rows` that `keep` keeps into runs of [`RUN`].
    fn add(
        &mut self,
        rows: impl Iterator<Item = Result<Finding>>,
        mut keep: impl FnMut(&Finding) -> bool,
    ) -> Result<()> {
        let mut chunk = Vec::new();
        for f in rows {
            let f = f?;
            if !keep(&f) {
                continue;
            }
            chunk.push(f);
            if chunk.len() == RUN {
                let p = self.on_disk;
                self.on_disk += 1;
                self.count_and_sort(&mut chunk);
                for f in chunk.drain(..) {
                    self.runs.push(p, &f)?;
                }
                self.parts.push(Part::OnDisk(p));
            }
        }
        if !chunk.is_empty() {
            self.count_and_sort(&mut chunk);
            self.parts.push(Part::InMemory(chunk));
        }
        Ok(())
    }

    fn count_and_sort(&mut self, chunk: &mut [Finding]) {
        self.total += chunk.len();
        self.errors += errors_in(chunk);
        chunk.sort_by(order);
    }
}

/// The sorted parts of a run's findings, in the order their findings came.
struct Sorted {
    runs: Sealed<Finding>,
    parts: Vec<Part>,
    last: Vec<Finding>,
}

type Source<'a> = Box<dyn Iterator<Item = Result<Finding>> + 'a>;

impl FindingRows for Sorted {
    fn for_each_block(&self, each: &mut dyn FnMut(&[Finding]) -> Result<()>) -> Result<()> {
        let mut sources = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            sources.push(match part {
                Part::OnDisk(p) => Box::new(self.runs.read(*p)?) as Source,
                Part::InMemory(sorted) => Box::new(sorted.iter().cloned().map(Ok)),
            });
        }
        let mut heads = sources
            .iter_mut()
            .map(|s| s.next().transpose())
            .collect::<Result<Vec<_>>>()?;
        let mut block = Vec::with_capacity(BLOCK);
        // The least head each time, the earliest part among equals (so the
        // order is a stable sort's). A linear scan: a run has few parts.
        while let Some(i) = (0..heads.len())
            .filter(|&i| heads[i].is_some())
            .min_by(|&a, &b| order(heads[a].as_ref().unwrap(), heads[b].as_ref().unwrap()))
        {
            let next = sources[i].next().transpose()?;
            block.push(std::mem::replace(&mut heads[i], next).expect("a head"));
            if block.len() == BLOCK {
                each(&block)?;
                block.clear();
            }
        }
        block.extend(self.last.iter().cloned());
        if !block.is_empty() {
            each(&block)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(doc: &str, record: Option<&str>, rule: &str, message: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: if rule.starts_with('e') {
                Severity::Error
            } else {
                Severity::Warning
            },
            record_id: record.map(Into::into),
            doc_id: Some(doc.into()),
            message: message.into(),
        }
    }

    /// What one stable sort of everything in memory gives.
    fn sorted_at_once(
        per_document: &[Finding],
        corpus_rules: &[Finding],
        conflicts: &[Finding],
    ) -> Vec<Finding> {
        let mut seen = Vec::new();
        let mut all: Vec<Finding> = per_document
            .iter()
            .filter(|f| {
                f.record_id.is_some() || {
                    let first = !seen.contains(*f);
                    seen.push((*f).clone());
                    first
                }
            })
            .cloned()
            .collect();
        all.extend_from_slice(corpus_rules);
        all.extend_from_slice(conflicts);
        all.sort_by(order);
        all
    }

    /// Settles `n` findings of the documents and `c` conflicts, and checks
    /// the order against one stable sort of them all. Equal keys in
    /// several runs and sources (told apart by their severity or their
    /// source's order), repeated findings on no record.
    fn settles_as_one_sort(n: usize, c: usize) {
        let per_document: Vec<Finding> = (0..n)
            .map(|i| {
                let doc = format!("d{}", (i * 7919) % 97);
                let record = (i % 50 != 0).then(|| format!("r{}", i % 13));
                let rule = if i % 3 == 0 { "e-rule" } else { "w-rule" };
                finding(&doc, record.as_deref(), rule, &format!("m{}", i % 5))
            })
            .collect();
        let corpus_rules = vec![finding("d3", Some("r1"), "w-rule", "m1")];
        let mut conflicts = vec![
            finding("d3", Some("r1"), "e-rule", "m1"),
            finding("d0", None, "conflict", "m0"),
        ];
        conflicts.extend((2..c).map(|i| {
            let doc = format!("d{}", (i * 31) % 97);
            finding(&doc, Some(&format!("r{}", i % 13)), "w-rule", "m1")
        }));
        let last = vec![finding("d0", None, "panel", "cannot build the panel")];
        let spill_of = |rows: &[Finding]| {
            let mut spill = Spill::new("test-findings", 1).unwrap();
            rows.iter().for_each(|f| spill.push(0, f).unwrap());
            spill
        };
        let settled = settle(
            spill_of(&per_document),
            corpus_rules.clone(),
            spill_of(&conflicts),
            last.clone(),
        )
        .unwrap();
        let mut expected = sorted_at_once(&per_document, &corpus_rules, &conflicts);
        expected.extend(last);
        let mut blocks = Vec::new();
        settled
            .for_each_block(|b| {
                blocks.push(b.len());
                Ok(())
            })
            .unwrap();
        assert!(blocks.iter().all(|&b| b <= BLOCK) && blocks.len() > 1);
        assert_eq!(settled.to_vec().unwrap(), expected);
        assert_eq!(settled.len(), expected.len());
        let errors = expected
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        assert_eq!(settled.count(Severity::Error), errors);
        assert_eq!(settled.count(Severity::Warning), expected.len() - errors);
    }

    #[test]
    fn runs_merged_give_the_order_of_one_stable_sort() {
        // Full runs and a partial one from both sources.
        settles_as_one_sort(2 * RUN + 123, RUN + 52);
        // Runs on disk numbered apart from the parts kept in memory: the
        // documents' a partial run (some repeated findings on no record
        // dropped), then two full runs of conflicts.
        settles_as_one_sort(RUN, 2 * RUN);
    }

    #[test]
    fn no_findings_give_no_block() {
        let none = || Spill::new("test-none", 1).unwrap();
        let settled = settle(none(), vec![], none(), vec![]).unwrap();
        assert!(settled.is_empty());
        settled
            .for_each_block(|_| panic!("no block for no findings"))
            .unwrap();
    }
}
