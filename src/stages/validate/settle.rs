//! The findings of a whole run put in the order of the `findings` table, in
//! bounded memory: a run can have as many findings as records (a declared
//! rule may flag every one). Each document's findings come set aside on
//! disk in corpus order; they are sorted in runs of [`RUN`], the full runs
//! set aside again, and the runs merged — with the corpus rules' findings
//! and the conflicts between documents — a block at a time whenever the
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
    conflicts: Vec<Finding>,
    last: Vec<Finding>,
) -> Result<Findings> {
    let written = per_document.rows_in(0);
    let per_document = per_document.sealed()?;
    let mut runs = Spill::new("findings-sorted", written.div_ceil(RUN))?;
    let mut full_runs = 0;
    let mut chunk: Vec<Finding> = Vec::with_capacity(written.min(RUN));
    let mut seen_unattached = HashSet::new();
    let mut errors = 0; // in the full runs
    for f in per_document.read(0)? {
        let f = f?;
        if f.record_id.is_none() && !seen_unattached.insert(f.clone()) {
            continue;
        }
        chunk.push(f);
        if chunk.len() == RUN {
            chunk.sort_by(order);
            errors += chunk
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            for f in chunk.drain(..) {
                runs.push(full_runs, &f)?;
            }
            full_runs += 1;
        }
    }
    chunk.sort_by(order);
    let mut rest = corpus_rules;
    rest.extend(conflicts);
    rest.sort_by(order);
    let total = full_runs * RUN + chunk.len() + rest.len() + last.len();
    let errors = errors
        + [&chunk, &rest, &last]
            .into_iter()
            .flatten()
            .filter(|f| f.severity == Severity::Error)
            .count();
    let sorted = Sorted {
        runs: runs.sealed()?,
        full_runs,
        chunk,
        rest,
        last,
    };
    Ok(Findings::new(total, errors, Box::new(sorted)))
}

/// The sorted sources of a run's findings, in the order they came in.
struct Sorted {
    /// Sorted runs of [`RUN`] findings each, one partition each.
    runs: Sealed<Finding>,
    full_runs: usize,
    /// The findings after the last full run, sorted.
    chunk: Vec<Finding>,
    /// The corpus rules' findings and the conflicts, sorted.
    rest: Vec<Finding>,
    last: Vec<Finding>,
}

type Source<'a> = Box<dyn Iterator<Item = Result<Finding>> + 'a>;

impl FindingRows for Sorted {
    fn for_each_block(&self, each: &mut dyn FnMut(&[Finding]) -> Result<()>) -> Result<()> {
        let mut sources: Vec<Source> = Vec::new();
        for p in 0..self.full_runs {
            sources.push(Box::new(self.runs.read(p)?));
        }
        for sorted in [&self.chunk, &self.rest] {
            sources.push(Box::new(sorted.iter().cloned().map(Ok)));
        }
        let mut heads = sources
            .iter_mut()
            .map(|s| s.next().transpose())
            .collect::<Result<Vec<_>>>()?;
        let mut block = Vec::with_capacity(BLOCK);
        // The least head each time, the earliest source among equals (so the
        // order is a stable sort's). A linear scan: a run has few sources.
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

    #[test]
    fn runs_merged_give_the_order_of_one_stable_sort() {
        // Several full runs and a partial one; equal keys in several runs
        // and sources (told apart by their severity), repeated findings on
        // no record.
        let n = 2 * RUN + 123;
        let per_document: Vec<Finding> = (0..n)
            .map(|i| {
                let doc = format!("d{}", (i * 7919) % 97);
                let record = (i % 50 != 0).then(|| format!("r{}", i % 13));
                let rule = if i % 3 == 0 { "e-rule" } else { "w-rule" };
                finding(&doc, record.as_deref(), rule, &format!("m{}", i % 5))
            })
            .collect();
        let corpus_rules = vec![finding("d3", Some("r1"), "w-rule", "m1")];
        let conflicts = vec![
            finding("d3", Some("r1"), "e-rule", "m1"),
            finding("d0", None, "conflict", "m0"),
        ];
        let last = vec![finding("d0", None, "panel", "cannot build the panel")];
        let mut spill = Spill::new("test-findings", 1).unwrap();
        for f in &per_document {
            spill.push(0, f).unwrap();
        }
        let settled = settle(spill, corpus_rules.clone(), conflicts.clone(), last.clone()).unwrap();
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
    fn no_findings_give_no_block() {
        let settled = settle(Spill::new("test-none", 1).unwrap(), vec![], vec![], vec![]).unwrap();
        assert!(settled.is_empty());
        settled
            .for_each_block(|_| panic!("no block for no findings"))
            .unwrap();
    }
}
