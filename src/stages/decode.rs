//! Bytes to text: UTF-8 (with or without BOM), UTF-16 (LE or BE, with or
//! without a BOM), GB18030/GBK and Big5, keeping the raw byte offset of
//! every decoded character.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without BOM, line endings untranslated.
    pub text: String,
    /// The encoding that was detected.
    pub encoding: &'static str,
    /// Raw byte offset of each character, plus one entry for the end of the file.
    pub char_bytes: Vec<u32>,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL byte at byte {0})")]
    Binary(usize),
    #[error("undecodable: invalid UTF-8 at byte {0}, and not GB18030 or Big5 either")]
    Undecodable(usize),
    #[error("undecodable: invalid {encoding} at byte {offset}")]
    BadEncoding {
        encoding: &'static str,
        offset: usize,
    },
}

impl Decoded {
    /// The raw byte range of the character range `[start, end)`.
    pub fn byte_range(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.char_bytes[start] as usize,
            self.char_bytes[end] as usize,
        )
    }

    /// The text of the character range `[start, end)`, sliced out of
    /// `text` when the file is UTF-8 (its characters' raw offsets are then
    /// their offsets in `text`, after the BOM); `None` for other encodings.
    pub fn utf8_slice(&self, start: usize, end: usize) -> Option<&str> {
        if !matches!(self.encoding, "utf-8" | "utf-8-bom") {
            return None;
        }
        let bom = self.char_bytes[0] as usize;
        let (s, e) = self.byte_range(start, end);
        self.text.get(s - bom..e - bom)
    }

    /// Number of characters.
    pub fn char_len(&self) -> usize {
        self.char_bytes.len() - 1
    }
}

/// Decodes the raw bytes of a span of a file that [`decode`] read as
/// `encoding`: in that encoding, with no BOM and no guessing (a span of
/// UTF-16 text is often valid UTF-8 too, and means something else there).
/// `None` when the bytes are not valid in it.
pub fn decode_span(raw: &[u8], encoding: &str) -> Option<String> {
    let enc = match encoding {
        "utf-8" | "utf-8-bom" => return std::str::from_utf8(raw).ok().map(str::to_string),
        "utf-16le" => UTF_16LE,
        "utf-16be" => UTF_16BE,
        "gb18030" => GB18030,
        "big5" => BIG5,
        _ => return None,
    };
    enc.decode_without_bom_handling_and_without_replacement(raw)
        .map(|t| t.into_owned())
}

/// Detects the encoding of `bytes` and decodes them.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, 3, "utf-8-bom");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return decode_utf16(bytes, 2, UTF_16LE, "utf-16le");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(bytes, 2, UTF_16BE, "utf-16be");
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return match sniff_utf16(bytes) {
            Some((enc, name)) => decode_utf16(bytes, 0, enc, name),
            None => Err(DecodeError::Binary(pos)),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => utf8_decoded(text, 0, "utf-8"),
        Err(e) => {
            let first_bad = e.valid_up_to();
            if mostly_utf8(bytes) {
                return Err(DecodeError::Undecodable(first_bad));
            }
            decode_legacy(bytes).ok_or(DecodeError::Undecodable(first_bad))
        }
    }
}

/// Text in one of the two-byte Chinese encodings, GB18030 (GBK) or Big5.
/// Big5 text also decodes as GBK, but into rubbish: its punctuation (，。
/// are `A1 41`, `A1 43`) falls in GBK's user-defined area, private-use
/// characters that no text is written with. So GB18030 is kept when its
/// text has none of those; otherwise Big5 is tried, and kept when it decodes
/// and has fewer characters that ordinary text is not written with. (GBK
/// text seldom decodes as Big5 at all: its punctuation row `A3` is mostly
/// unassigned there.)
fn decode_legacy(bytes: &[u8]) -> Option<Decoded> {
    let gb = decode_gb18030(bytes);
    let odd = |d: &Decoded| d.text.chars().filter(|&c| !is_text_char(c)).count();
    let gb_odd = gb.as_ref().map_or(usize::MAX, odd);
    if gb_odd == 0 {
        return gb;
    }
    match decode_big5(bytes) {
        Some(big5) if odd(&big5) < gb_odd => Some(big5),
        _ => gb,
    }
}

fn decode_utf8(bytes: &[u8], offset: usize, name: &'static str) -> Result<Decoded, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::BadEncoding {
        encoding: "UTF-8",
        offset: offset + e.valid_up_to(),
    })?;
    utf8_decoded(text, offset, name)
}

/// Valid UTF-8 `text`, found `offset` bytes into its file.
fn utf8_decoded(text: &str, offset: usize, name: &'static str) -> Result<Decoded, DecodeError> {
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut char_bytes: Vec<u32> = text
        .char_indices()
        .map(|(i, _)| (i + offset) as u32)
        .collect();
    char_bytes.push((text.len() + offset) as u32);
    Ok(Decoded {
        text: text.to_string(),
        encoding: name,
        char_bytes,
    })
}

/// UTF-16 after a BOM of `bom` bytes (0 or 2): the BOM is a byte of the
/// file, not a character of the text.
fn decode_utf16(
    bytes: &[u8],
    bom: usize,
    enc: &'static Encoding,
    name: &'static str,
) -> Result<Decoded, DecodeError> {
    let body = &bytes[bom..];
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        let offset = bom + first_bad_utf16(body, enc == UTF_16LE);
        return Err(DecodeError::BadEncoding {
            encoding: "UTF-16",
            offset,
        });
    }
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut char_bytes = Vec::with_capacity(text.len() + 1);
    let mut at = bom as u32;
    for c in text.chars() {
        char_bytes.push(at);
        at += (c.len_utf16() * 2) as u32;
    }
    char_bytes.push(at);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: name,
        char_bytes,
    })
}

/// A UTF-16 byte order and its name.
type Utf16 = (&'static Encoding, &'static str);

/// UTF-16 without a BOM, told from binary data by its NULs. Chinese text in
/// UTF-16 has a NUL byte in every ASCII character (digits, punctuation, line
/// ends: `0A 00` in LE) and few elsewhere, so the NULs sit mostly on one side
/// of the byte pairs; binary data has them anywhere. Each byte order is
/// scored by the share of its characters that ordinary text is written with
/// ([`text_share`]): the whole file must decode without a stray surrogate or
/// a NUL character, nine characters in ten must be ordinary, and the order
/// with the higher share wins (on a tie, the one the NULs point to).
fn sniff_utf16(bytes: &[u8]) -> Option<Utf16> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let nul_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let le: Utf16 = (UTF_16LE, "utf-16le");
    let be: Utf16 = (UTF_16BE, "utf-16be");
    // `7` is `37 00` in LE: the NUL comes second, at an odd position.
    let order = if nul_at(1) >= nul_at(0) {
        [le, be]
    } else {
        [be, le]
    };
    let mut best: Option<(Utf16, f64)> = None;
    for candidate in order {
        let (text, had_errors) = candidate.0.decode_without_bom_handling(bytes);
        let Some((plain, total)) = (!had_errors).then(|| text_share(&text)).flatten() else {
            continue;
        };
        let share = plain as f64 / total as f64;
        if share >= 0.9 && best.is_none_or(|(_, s)| share > s) {
            best = Some((candidate, share));
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// How many characters of `text` are ones a document in Chinese (or English)
/// is written with, out of how many; `None` when it has a NUL character or
/// none at all. The wrong byte order of real text scores low (ASCII turns
/// into rare CJK Extension A characters, two CJK characters in three into
/// other scripts), and so do random bytes.
fn text_share(text: &str) -> Option<(usize, usize)> {
    let (mut plain, mut total) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\0' {
            return None;
        }
        total += 1;
        plain += usize::from(is_text_char(c));
    }
    (total > 0).then_some((plain, total))
}

/// Characters of ordinary text: ASCII, Latin, Greek and Cyrillic letters,
/// punctuation and symbols, CJK ideographs (not Extension A), kana, Hangul,
/// full-width forms, emoji.
fn is_text_char(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0C | 0x0D
        | 0x20..=0x7E
        | 0xA0..=0x24F
        | 0x370..=0x4FF
        | 0x2000..=0x2BFF
        | 0x2E80..=0x33FF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3134F)
}

fn first_bad_utf16(body: &[u8], le: bool) -> usize {
    let units: Vec<u16> = body
        .chunks(2)
        .map(|c| {
            if c.len() < 2 {
                0xDC00
            } else if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    let mut pos = 0;
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok(c) => pos += c.len_utf16() * 2,
            Err(_) => return pos,
        }
    }
    pos
}

/// A file whose high bytes are mostly valid UTF-8 sequences is broken UTF-8, not GBK.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                good += std::str::from_utf8(valid)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[e.valid_up_to() + skip..];
            }
        }
    }
    good > bad * 4
}

fn decode_gb18030(bytes: &[u8]) -> Option<Decoded> {
    // GB18030 sequences: ASCII and 0x80 take one byte, a lead byte followed
    // by an ASCII digit four, any other lead byte two.
    decode_multibyte(bytes, GB18030, "gb18030", |at| {
        let len = if bytes[at] <= 0x80 {
            1
        } else if bytes.get(at + 1).is_some_and(|n| n.is_ascii_digit()) {
            4
        } else {
            2
        };
        (len, 1)
    })
}

/// Big5 (the WHATWG Big5, with the Hong Kong supplement): ASCII takes one
/// byte, every other character two. Four pairs decode to two characters
/// each (a letter and a combining mark); the second character then has
/// the pair's end as its start, an empty byte range of its own.
fn decode_big5(bytes: &[u8]) -> Option<Decoded> {
    decode_multibyte(bytes, BIG5, "big5", |at| {
        if bytes[at] < 0x80 {
            (1, 1)
        } else if matches!(
            &bytes[at..(at + 2).min(bytes.len())],
            [0x88, 0x62 | 0x64 | 0xA3 | 0xA5]
        ) {
            (2, 2)
        } else {
            (2, 1)
        }
    })
}

/// `bytes` in a legacy multibyte encoding, decoded without a replacement
/// character, each character's raw offset read off `sequence`: the length
/// in bytes of the sequence starting at a byte and how many characters it
/// decodes to (a second one starts where the sequence ends). `None` when
/// the bytes are not valid in the encoding or the sequences do not account
/// for the characters.
fn decode_multibyte(
    bytes: &[u8],
    enc: &'static Encoding,
    name: &'static str,
    sequence: impl Fn(usize) -> (usize, usize),
) -> Option<Decoded> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || text.is_empty() {
        return None;
    }
    let mut char_bytes = Vec::with_capacity(text.len() + 1);
    let mut at = 0usize;
    while at < bytes.len() {
        let (len, chars) = sequence(at);
        char_bytes.push(at as u32);
        // Characters after a sequence's first start where it ends.
        char_bytes.extend((1..chars).map(|_| (at + len) as u32));
        at += len;
    }
    char_bytes.push(bytes.len() as u32);
    (char_bytes.len() - 1 == text.chars().count() && at == bytes.len()).then(|| Decoded {
        text: text.into_owned(),
        encoding: name,
        char_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_offsets() {
        let d = decode("增长7.4%".as_bytes()).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.byte_range(2, 6), (6, 10));
        assert_eq!(d.utf8_slice(2, 6), Some("7.4%"));
    }

    #[test]
    fn bom_is_not_a_character_but_is_a_byte() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("增长7%".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "utf-8-bom");
        assert_eq!(d.text, "增长7%");
        assert_eq!(d.byte_range(0, 1), (3, 6));
        assert_eq!(d.utf8_slice(2, 4), Some("7%"));
    }

    #[test]
    fn gbk_offsets() {
        let (bytes, _, _) = GB18030.encode("地区生产总值增长7.4%");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, "地区生产总值增长7.4%");
        assert_eq!(d.byte_range(8, 12), (16, 20));
        // The text's bytes are not the file's: no slice of them.
        assert_eq!(d.utf8_slice(8, 12), None);
    }

    #[test]
    fn big5_is_told_from_gbk() {
        // Big5 bytes decode as GBK too, into other characters.
        let text = "香港本地生產總值增長3.0%，財政儲備達1.16萬億元。";
        let (bytes, _, _) = BIG5.encode(text);
        assert!(!GB18030.decode_without_bom_handling(&bytes).1);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "big5");
        assert_eq!(d.text, text);
        assert_eq!(d.byte_range(10, 14), (20, 24));
        assert_eq!(decode_span(&bytes[20..24], "big5").as_deref(), Some("3.0%"));
        // And GBK text stays GBK, though one of its characters is rare.
        let (bytes, _, _) = GB18030.encode("地区生产总值增长7.4%，㐀字。");
        assert_eq!(decode(&bytes).unwrap().encoding, "gb18030");
    }

    #[test]
    fn big5_pairs_of_two_characters_keep_the_offsets() {
        // 0x8862 is Ê with a combining macron: one pair, two characters.
        let bytes = b"A\x88\x62B\xA4\x40";
        let d = decode_big5(bytes).unwrap();
        assert_eq!(d.text, "A\u{CA}\u{304}B\u{4E00}");
        assert_eq!(d.char_bytes, vec![0, 1, 3, 3, 4, 6]);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "增长7%".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.text, "增长7%");
        assert_eq!(d.byte_range(2, 4), (6, 10));
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf16_without_bom_either_order() {
        let text = "一、2023年地区生产总值增长7.4%。\n";
        for (le, name) in [(true, "utf-16le"), (false, "utf-16be")] {
            let d = decode(&utf16(text, le)).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, name));
            // 7.4% is characters 15..19, bytes 30..38: no BOM before them.
            assert_eq!(d.byte_range(15, 19), (30, 38));
        }
    }

    #[test]
    fn utf16_without_bom_where_nul_bytes_are_on_both_sides() {
        // 一 is U+4E00: its NUL is on the other side from the ASCII ones.
        let text = "一一一一一一年增长7%";
        for le in [true, false] {
            assert_eq!(decode(&utf16(text, le)).unwrap().text, text);
        }
    }

    #[test]
    fn binary_with_nul_bytes_is_not_utf16() {
        let binaries: [&[u8]; 4] = [
            b"PK\x03\x04\x00\x00binary",
            b"\x00\x00\x00\x00",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            b"a\x00b",
        ];
        for b in binaries {
            assert!(matches!(decode(b), Err(DecodeError::Binary(_))), "{b:?}");
        }
        // Bytes of every value, in pairs: not text in either order.
        let all: Vec<u8> = (0..=255u8).flat_map(|b| [b, b.wrapping_mul(7)]).collect();
        assert!(matches!(decode(&all), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn spans_decode_in_their_file_encoding() {
        // "41个" in UTF-16LE is also valid UTF-8, of other characters.
        let raw = utf16("41个", true);
        assert!(std::str::from_utf8(&raw).is_ok());
        assert_eq!(decode_span(&raw, "utf-16le").as_deref(), Some("41个"));
        assert_eq!(
            decode_span(&utf16("41个", false), "utf-16be").as_deref(),
            Some("41个")
        );
        assert_eq!(
            decode_span(&GB18030.encode("41个").0, "gb18030").as_deref(),
            Some("41个")
        );
        assert_eq!(
            decode_span("41个".as_bytes(), "utf-8-bom").as_deref(),
            Some("41个")
        );
        assert_eq!(decode_span(&raw[1..], "utf-16le"), None);
    }

    #[test]
    fn bad_inputs() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"ab\0cd").unwrap_err(), DecodeError::Binary(2));
        let mut b = "增长增长增长增长".as_bytes().to_vec();
        b.push(0xFF);
        b.extend_from_slice("增长".as_bytes());
        assert_eq!(decode(&b).unwrap_err(), DecodeError::Undecodable(24));
    }
}
