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
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

/// True for a CJK ideograph (the Han characters of Chinese text).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The characters as a `String`, allocated once at its length in bytes.
/// (Collecting `char`s into a `String` reserves one byte per character and
/// grows it again and again for Chinese text, three bytes a character.)
pub fn string_of(chars: &[char]) -> String {
    let mut bytes = Vec::with_capacity(chars.iter().map(|&c| utf8_len(c)).sum());
    // Each character's bytes appended at once: `String::push` takes the
    // general path of `encode_utf8` per character (a fifth more of this
    // function's instructions, callgrind).
    for &c in chars {
        let x = c as u32;
        match x {
            0..=0x7F => bytes.push(x as u8),
            0x80..=0x7FF => {
                bytes.extend_from_slice(&[0xC0 | (x >> 6) as u8, 0x80 | (x & 0x3F) as u8])
            }
            0x800..=0xFFFF => bytes.extend_from_slice(&[
                0xE0 | (x >> 12) as u8,
                0x80 | (x >> 6 & 0x3F) as u8,
                0x80 | (x & 0x3F) as u8,
            ]),
            _ => bytes.extend_from_slice(&[
                0xF0 | (x >> 18) as u8,
                0x80 | (x >> 12 & 0x3F) as u8,
                0x80 | (x >> 6 & 0x3F) as u8,
                0x80 | (x & 0x3F) as u8,
            ]),
        }
    }
    // SAFETY: each `char` (a Unicode scalar value) was written as its UTF-8
    // encoding, by the standard's table (1 to 4 bytes by its range).
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// `c.len_utf8()` without branches, so that summing it over a slice
/// vectorises (the branchy form costs a compare and jump per character).
fn utf8_len(c: char) -> usize {
    let c = c as u32;
    1 + usize::from(c >= 0x80) + usize::from(c >= 0x800) + usize::from(c >= 0x1_0000)
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

/// Whether `chars` is, whole, one of `words`.
pub fn is_one_of(chars: &[char], words: &[String]) -> bool {
    words.iter().any(|w| w.chars().eq(chars.iter().copied()))
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

/// A map from characters to characters (Traditional → Simplified) read for
/// every character of every document: a table per block of 256 code points
/// that holds a key, so a lookup is two indexings, no hashing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CharMap {
    pages: Vec<Option<Box<[Option<char>; 256]>>>,
}

impl FromIterator<(char, char)> for CharMap {
    /// Later pairs replace earlier ones with the same key, as in a `HashMap`.
    fn from_iter<I: IntoIterator<Item = (char, char)>>(pairs: I) -> Self {
        let mut pages: Vec<Option<Box<[Option<char>; 256]>>> = Vec::new();
        for (k, v) in pairs {
            let page = k as usize >> 8;
            if pages.len() <= page {
                pages.resize(page + 1, None);
            }
            pages[page].get_or_insert_with(|| Box::new([None; 256]))[k as usize & 255] = Some(v);
        }
        CharMap { pages }
    }
}

impl CharMap {
    /// What `c` maps to, if anything.
    pub fn get(&self, c: &char) -> Option<&char> {
        let page = self.pages.get(*c as usize >> 8)?.as_ref()?;
        page[*c as usize & 255].as_ref()
    }
}

/// A word list (cue words, lead words) indexed once, when the rules load, by
/// each word's first and last character: matching at a position tries only
/// the words that can match there, in the list's order, so [`Words::at`] and
/// [`Words::before`] answer exactly as [`match_any`] and [`match_any_before`]
/// over the same list. A list tried at every position of a sentence costs a
/// bit test per position ([`CharIndex`]), and a binary search only where a
/// word may start, instead of one comparison per word.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(from = "Vec<String>")]
pub struct Words {
    list: Vec<String>,
    /// Per first character, the indices of the words it opens, in list order.
    first: CharIndex,
    /// Per last character, the indices of the words it closes, in list order.
    last: CharIndex,
    /// Each word's length in characters, counted once.
    lens: Vec<usize>,
}

impl From<Vec<String>> for Words {
    fn from(list: Vec<String>) -> Self {
        let first = CharIndex::new(&list, |w| w.chars().next());
        let last = CharIndex::new(&list, |w| w.chars().next_back());
        let lens = list.iter().map(|w| w.chars().count()).collect();
        Words {
            list,
            first,
            last,
            lens,
        }
    }
}

impl std::ops::Deref for Words {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.list
    }
}

impl Words {
    /// The list sorted longest first (ties in code-point order), indexed again.
    pub fn sorted_longest_first(mut self) -> Self {
        self.list
            .sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        Words::from(self.list)
    }

    /// True when a word of the list stands in `chars` over position `at`:
    /// it starts at or before `at` and ends after it.
    pub fn covers(&self, chars: &[char], at: usize) -> bool {
        (at.saturating_sub(self.max_len())..=at)
            .any(|s| self.indices_at(chars, s).any(|k| s + self.lens[k] > at))
    }

    /// The length in characters of the longest word (0 for an empty list).
    pub fn max_len(&self) -> usize {
        self.lens.iter().copied().max().unwrap_or(0)
    }

    /// The first word of the list that `chars[at..]` starts with.
    pub fn at(&self, chars: &[char], at: usize) -> Option<&str> {
        self.index_at(chars, at).map(|k| self.list[k].as_str())
    }

    /// Every word of the list that `chars[at..]` starts with, in list order.
    pub fn all_at<'a>(&'a self, chars: &'a [char], at: usize) -> impl Iterator<Item = &'a str> {
        self.indices_at(chars, at).map(|k| self.list[k].as_str())
    }

    /// The list index of the first word that `chars[at..]` starts with.
    pub fn index_at(&self, chars: &[char], at: usize) -> Option<usize> {
        self.indices_at(chars, at).next()
    }

    /// The list indices of the words `chars[at..]` starts with, in list order.
    fn indices_at<'a>(&'a self, chars: &'a [char], at: usize) -> impl Iterator<Item = usize> + 'a {
        self.first
            .get(chars.get(at).copied())
            .iter()
            .map(|&k| k as usize)
            .filter(move |&k| starts_with_at(chars, at, &self.list[k]))
    }

    /// True when a word of the list occurs anywhere in `s`: a loop that
    /// replaces or cuts each word of the list leaves a text holding none of
    /// them as it was, and can be skipped.
    pub fn occurs_in(&self, s: &str) -> bool {
        s.char_indices()
            .any(|(i, _)| self.prefix_of(&s[i..], |_| true).is_some())
    }

    /// The first word of the list that `s` starts with and `keep` accepts.
    pub fn prefix_of(&self, s: &str, keep: impl Fn(&str) -> bool) -> Option<&str> {
        self.first
            .get(s.chars().next())
            .iter()
            .map(|&k| self.list[k as usize].as_str())
            .find(|w| s.starts_with(w) && keep(w))
    }

    /// The first word of the list that `s` ends with and `keep` accepts.
    pub fn suffix_of(&self, s: &str, keep: impl Fn(&str) -> bool) -> Option<&str> {
        self.last
            .get(s.chars().next_back())
            .iter()
            .map(|&k| self.list[k as usize].as_str())
            .find(|w| s.ends_with(w) && keep(w))
    }

    /// The lengths in characters of the words of the list that `chars[..end]`
    /// ends with, in list order.
    pub fn lens_before<'a>(
        &'a self,
        chars: &'a [char],
        end: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        self.indices_before(chars, end).map(|k| self.lens[k])
    }

    /// The first word of the list that `chars[..end]` ends with.
    pub fn before(&self, chars: &[char], end: usize) -> Option<&str> {
        self.indices_before(chars, end)
            .next()
            .map(|k| self.list[k].as_str())
    }

    /// The list indices of the words `chars[..end]` ends with, in list order.
    fn indices_before<'a>(
        &'a self,
        chars: &'a [char],
        end: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let last = end.checked_sub(1).and_then(|i| chars.get(i)).copied();
        self.last
            .get(last)
            .iter()
            .map(|&k| k as usize)
            .filter(move |&k| ends_with_at(chars, end, &self.list[k]))
    }
}

/// Word indices by a character of each word (its first or its last), for
/// [`Words`]. Asked at every position of a sentence, and most characters
/// open or close no word of a list: a bit per character class (the code
/// point modulo 1024) answers most of them before the binary search.
#[derive(Debug, Clone, Default, PartialEq)]
struct CharIndex {
    /// Per character (sorted), the indices of its words, in list order.
    by_char: Vec<(char, Vec<u32>)>,
    /// Bit `c % 1024` is set when some word has the character `c` there.
    classes: Vec<u64>,
}

impl CharIndex {
    const CLASSES: usize = 1024;

    /// The index of `list` by the character `pick` takes of each word.
    fn new(list: &[String], pick: fn(&str) -> Option<char>) -> CharIndex {
        let mut by_char: Vec<(char, Vec<u32>)> = Vec::new();
        let mut classes = vec![0u64; Self::CLASSES / 64];
        for (k, w) in list.iter().enumerate() {
            let Some(c) = pick(w) else { continue };
            let class = c as usize % Self::CLASSES;
            classes[class / 64] |= 1 << (class % 64);
            match by_char.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => by_char[i].1.push(k as u32),
                Err(i) => by_char.insert(i, (c, vec![k as u32])),
            }
        }
        CharIndex { by_char, classes }
    }

    /// The indices of the words of `c` (none for no character).
    fn get(&self, c: Option<char>) -> &[u32] {
        let Some(c) = c else { return &[] };
        let class = c as usize % Self::CLASSES;
        if self
            .classes
            .get(class / 64)
            .is_none_or(|bits| bits >> (class % 64) & 1 == 0)
        {
            return &[];
        }
        self.by_char
            .binary_search_by_key(&c, |e| e.0)
            .map_or(&[][..], |i| &self.by_char[i].1[..])
    }
}

/// Words that say "respectively", each of two characters: 分别, and 分列 and
/// 分居 for 分别列 and 分别居 (青岛、济南分列第二、第三).
const RESPECTIVELY: [&str; 3] = ["分别", "分列", "分居"];

/// The byte offset of the first word in `text` that says "respectively".
pub fn find_respectively(text: &str) -> Option<usize> {
    RESPECTIVELY.iter().filter_map(|w| text.find(w)).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_of_writes_each_length_of_utf8() {
        let text = "a7é增长𠀀%";
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(string_of(&chars), text);
        assert_eq!(string_of(&[]), "");
    }

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_char_map_keeps_the_last_pair_of_a_key() {
        let m: CharMap = [('鄭', 'x'), ('鄭', '郑'), ('𠀀', 'y')]
            .into_iter()
            .collect();
        assert_eq!(m.get(&'鄭'), Some(&'郑'));
        assert_eq!(m.get(&'𠀀'), Some(&'y'));
        assert_eq!(m.get(&'a'), None);
        assert_eq!(m.get(&'\u{10FFFF}'), None);
    }

    #[test]
    fn indexed_words_answer_as_the_plain_scans_do() {
        // 'a' + 1024 shares 'a''s class of first characters, and opens no word.
        let other = char::from_u32('a' as u32 + 1024).unwrap();
        let list: Vec<String> = ["ab", "abc", "b", "增长", "长", ""]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let words = Words::from(list.clone());
        let text: Vec<char> = format!("xabc增长{other}b").chars().collect();
        for at in 0..=text.len() {
            assert_eq!(words.at(&text, at), match_any(&text, at, &list), "at {at}");
            assert_eq!(
                words.before(&text, at),
                match_any_before(&text, at, &list),
                "before {at}"
            );
            let every_before: Vec<usize> = list
                .iter()
                .filter(|w| !w.is_empty() && ends_with_at(&text, at, w))
                .map(|w| w.chars().count())
                .collect();
            let lens: Vec<usize> = words.lens_before(&text, at).collect();
            assert_eq!(lens, every_before, "lens before {at}");
        }
    }

    #[test]
    fn a_word_covers_the_positions_it_stands_over() {
        let words = Words::from(vec!["三元".to_string(), "八方英才".to_string()]);
        let text: Vec<char> = "的三元乳业和八方英才".chars().collect();
        let covered: Vec<usize> = (0..text.len())
            .filter(|&i| words.covers(&text, i))
            .collect();
        assert_eq!(covered, vec![1, 2, 6, 7, 8, 9]);
        assert!(!Words::default().covers(&text, 1));
    }
}
