//! Character matching helpers (Han characters, words at a position) and SHA-256.

use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

/// The numbering that opens a heading of a Chinese document: 一、, (一),
/// （一）, 第一部分. A line that opens with it is a heading, never the rest of a
/// sentence cut by a line break.
static HEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)")
        .unwrap()
});

/// True when `line` opens with a heading's numbering (一、, (一), 第一部分).
pub fn opens_with_heading_number(line: &str) -> bool {
    HEADING_NUMBER.is_match(line)
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// True for a CJK ideograph (the Han characters of Chinese text).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// True when `chars[at..]` starts with `word`.
pub fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    for (i, w) in (at..).zip(word.chars()) {
        if i >= chars.len() || chars[i] != w {
            return false;
        }
    }
    true
}

/// True when `chars[..end]` ends with `word`. Compares from the end backwards,
/// so a word is never counted: this runs for every cue word at every position.
pub fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
    let mut k = end;
    for w in word.chars().rev() {
        if k == 0 || chars[k - 1] != w {
            return false;
        }
        k -= 1;
    }
    true
}

/// The first word of `words` (longest first) that `chars[at..]` starts with.
pub fn match_any<'a>(chars: &[char], at: usize, words: &'a [String]) -> Option<&'a str> {
    words
        .iter()
        .find(|w| !w.is_empty() && starts_with_at(chars, at, w))
        .map(String::as_str)
}

/// The first word of `words` (longest first) that `chars[..end]` ends with.
pub fn match_any_before<'a>(chars: &[char], end: usize, words: &'a [String]) -> Option<&'a str> {
    words
        .iter()
        .find(|w| !w.is_empty() && ends_with_at(chars, end, w))
        .map(String::as_str)
}
