//! The unit of cleaning: a cleaned character with the raw character range it
//! stands for, and the helpers every cleaning step shares to see pieces as
//! text and as lines.

/// One cleaned character and the raw character range `[start, end)` it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub c: char,
    pub start: u32,
    pub end: u32,
}

/// Stands for a page break the cleaner saw (an OCR page marker, a form feed):
/// lines on both sides of it may be one cut sentence. Removed before the end.
pub const PAGE_BREAK: char = '\u{000C}';

/// One piece per character of `text`, each standing for itself.
pub fn pieces_of(text: &str) -> Vec<Piece> {
    text.chars()
        .enumerate()
        .map(|(i, c)| Piece {
            c,
            start: i as u32,
            end: i as u32 + 1,
        })
        .collect()
}

/// The text of `pieces` and, for each byte of it (and one past the end), the index of its piece.
pub fn text_of(pieces: &[Piece]) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(pieces.len() * 3);
    let mut owner = Vec::with_capacity(pieces.len() * 3 + 1);
    for (i, p) in pieces.iter().enumerate() {
        s.push(p.c);
        owner.extend(std::iter::repeat_n(i, p.c.len_utf8()));
    }
    owner.push(pieces.len());
    (s, owner)
}

/// One character standing for all of the pieces `[from, to)`.
pub fn merged(pieces: &[Piece], from: usize, to: usize, c: char) -> Piece {
    Piece {
        c,
        start: pieces[from].start,
        end: pieces[to - 1].end,
    }
}

/// `[start, end)` piece ranges of each line, without the newline.
pub fn lines_of(pieces: &[Piece]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, p) in pieces.iter().enumerate() {
        if p.c == '\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    lines.push((start, pieces.len()));
    lines
}

/// The pieces whose byte ranges in `text_of(pieces)` are not in `drop`
/// (byte ranges, in any order, may overlap).
pub fn without(pieces: &[Piece], owner: &[usize], drop: &[(usize, usize)]) -> Vec<Piece> {
    let mut keep = vec![true; pieces.len()];
    for &(a, b) in drop {
        keep[owner[a]..owner[b]].iter_mut().for_each(|k| *k = false);
    }
    pieces
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect()
}
