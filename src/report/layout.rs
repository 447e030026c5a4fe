//! The raw text of a document laid out as a tree of nodes for the page
//! template: plain runs (dimmed where the clean stage dropped the
//! characters), and marks — a record or a skipped numeral — around exactly
//! the characters `[start, end)` they cover. A mark inside another nests; two
//! marks that cross (each holds part of the other) cannot both be elements,
//! so the later one is left out and reported, never cut.

use serde::Serialize;

/// What a mark stands for: the index of a record or of a skipped numeral in
/// the caller's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Record(usize),
    Skipped(usize),
}

/// A span of the raw text to mark, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// One node of the laid-out text, as the template reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// `t` a run of text, `r` a record, `s` a skipped numeral.
    pub k: &'static str,
    /// A run of text: its characters.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// A run of text: dropped by the clean stage.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dim: bool,
    /// A mark: the index of its record or skipped numeral.
    pub i: usize,
    /// A mark: what it holds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub c: Vec<Node>,
}

/// The layout of a text: the nodes, and the marks that could not be placed
/// (out of range, empty, or crossing a mark placed before them).
#[derive(Debug, Default)]
pub struct Layout {
    pub nodes: Vec<Node>,
    pub unplaced: Vec<Mark>,
}

/// Lays out `chars` (with `dim[i]` true for a character the clean stage
/// dropped) with `marks` around their spans.
pub fn layout(chars: &[char], dim: &[bool], marks: &[Mark]) -> Layout {
    let mut sorted: Vec<Mark> = marks.to_vec();
    // Outer marks first: by start, then the longer one, then records before skipped.
    sorted.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.target));
    let mut unplaced = Vec::new();
    let mut placed: Vec<Mark> = Vec::with_capacity(sorted.len());
    let mut open: Vec<usize> = Vec::new(); // end of each open mark
    for m in sorted {
        if m.start >= m.end || m.end > chars.len() {
            unplaced.push(m);
            continue;
        }
        while open.last().is_some_and(|&end| end <= m.start) {
            open.pop();
        }
        if open.last().is_some_and(|&end| m.end > end) {
            unplaced.push(m);
            continue;
        }
        open.push(m.end);
        placed.push(m);
    }
    let mut at = 0;
    let mut next = 0;
    let nodes = children(chars, dim, &placed, &mut next, &mut at, chars.len());
    Layout { nodes, unplaced }
}

/// The nodes of `[*at, end)`: runs of text and the marks (in `placed`, from
/// `*next` on) that start before `end`, each with its own children.
fn children(
    chars: &[char],
    dim: &[bool],
    placed: &[Mark],
    next: &mut usize,
    at: &mut usize,
    end: usize,
) -> Vec<Node> {
    let mut out = Vec::new();
    while *next < placed.len() && placed[*next].start < end {
        let m = placed[*next];
        *next += 1;
        runs(chars, dim, *at, m.start, &mut out);
        *at = m.start;
        let c = children(chars, dim, placed, next, at, m.end);
        let (k, i) = match m.target {
            Target::Record(i) => ("r", i),
            Target::Skipped(i) => ("s", i),
        };
        out.push(Node {
            k,
            text: String::new(),
            dim: false,
            i,
            c,
        });
    }
    runs(chars, dim, *at, end, &mut out);
    *at = end;
    out
}

/// Text nodes for `[from, to)`, one per run of equal `dim`.
fn runs(chars: &[char], dim: &[bool], from: usize, to: usize, out: &mut Vec<Node>) {
    let mut s = from;
    while s < to {
        let d = dim.get(s).copied().unwrap_or(false);
        let mut e = s + 1;
        while e < to && dim.get(e).copied().unwrap_or(false) == d {
            e += 1;
        }
        out.push(Node {
            k: "t",
            text: chars[s..e].iter().collect(),
            dim: d,
            i: 0,
            c: Vec::new(),
        });
        s = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| {
                if n.k == "t" {
                    n.text.clone()
                } else {
                    text_of(&n.c)
                }
            })
            .collect()
    }

    fn mark(start: usize, end: usize, target: Target) -> Mark {
        Mark { start, end, target }
    }

    #[test]
    fn marks_hold_exactly_their_span_and_the_text_is_whole() {
        let chars: Vec<char> = "增长5.2%，投资3亿元".chars().collect();
        let dim = vec![false; chars.len()];
        let l = layout(
            &chars,
            &dim,
            &[
                mark(9, 12, Target::Record(1)),
                mark(2, 6, Target::Record(0)),
            ],
        );
        assert!(l.unplaced.is_empty());
        assert_eq!(text_of(&l.nodes), chars.iter().collect::<String>());
        let marks: Vec<_> = l.nodes.iter().filter(|n| n.k == "r").collect();
        assert_eq!(text_of(&marks[0].c), "5.2%");
        assert_eq!(marks[0].i, 0);
        assert_eq!(text_of(&marks[1].c), "3亿元");
    }

    #[test]
    fn a_mark_inside_another_nests_and_crossing_ones_are_reported() {
        let chars: Vec<char> = "0123456789".chars().collect();
        let dim = vec![false; 10];
        let l = layout(
            &chars,
            &dim,
            &[
                mark(2, 8, Target::Record(0)),
                mark(3, 5, Target::Skipped(0)),
                mark(6, 9, Target::Record(1)),
                mark(9, 9, Target::Record(2)),
                mark(9, 11, Target::Record(3)),
            ],
        );
        assert_eq!(text_of(&l.nodes), "0123456789");
        let outer = &l.nodes[1];
        assert_eq!((outer.k, text_of(&outer.c)), ("r", "234567".to_string()));
        assert_eq!(outer.c[1].k, "s");
        assert_eq!(text_of(&outer.c[1].c), "34");
        // Crossing (6..9 over 2..8), empty (9..9), past the end (9..11).
        let mut left: Vec<Target> = l.unplaced.iter().map(|m| m.target).collect();
        left.sort();
        assert_eq!(
            left,
            vec![Target::Record(1), Target::Record(2), Target::Record(3)]
        );
    }

    #[test]
    fn dropped_characters_are_dimmed_runs_even_inside_a_mark() {
        let chars: Vec<char> = "<p>1 000元</p>".chars().collect();
        let mut dim = vec![false; chars.len()];
        for i in [0, 1, 2, 4, 9, 10, 11, 12] {
            dim[i] = true;
        }
        let l = layout(&chars, &dim, &[mark(3, 9, Target::Record(0))]);
        assert_eq!(l.nodes[0].text, "<p>");
        assert!(l.nodes[0].dim);
        let r = &l.nodes[1];
        assert_eq!(text_of(&r.c), "1 000元");
        assert_eq!(
            r.c.iter().map(|n| n.dim).collect::<Vec<_>>(),
            vec![false, true, false]
        );
        assert!(l.nodes[2].dim);
    }
}
