//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, and
//! GB18030/GBK, keeping the raw byte offset of every decoded character.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

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
    #[error("undecodable: invalid UTF-8 at byte {0}, and not GB18030 either")]
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

    /// Number of characters.
    pub fn char_len(&self) -> usize {
        self.char_bytes.len() - 1
    }
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
        return decode_utf16(bytes, UTF_16LE, "utf-16le");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(bytes, UTF_16BE, "utf-16be");
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary(pos));
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => decode_utf8(bytes, 0, "utf-8"),
        Err(e) => {
            let first_bad = e.valid_up_to();
            if mostly_utf8(bytes) {
                return Err(DecodeError::Undecodable(first_bad));
            }
            decode_gb18030(bytes).ok_or(DecodeError::Undecodable(first_bad))
        }
    }
}

fn decode_utf8(bytes: &[u8], offset: usize, name: &'static str) -> Result<Decoded, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::BadEncoding {
        encoding: "UTF-8",
        offset: offset + e.valid_up_to(),
    })?;
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut char_bytes: Vec<u32> = text
        .char_indices()
        .map(|(i, _)| (i + offset) as u32)
        .collect();
    char_bytes.push((bytes.len() + offset) as u32);
    Ok(Decoded {
        text: text.to_string(),
        encoding: name,
        char_bytes,
    })
}

fn decode_utf16(
    bytes: &[u8],
    enc: &'static Encoding,
    name: &'static str,
) -> Result<Decoded, DecodeError> {
    let body = &bytes[2..];
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        let offset = 2 + first_bad_utf16(body, enc == UTF_16LE);
        return Err(DecodeError::BadEncoding {
            encoding: "UTF-16",
            offset,
        });
    }
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut char_bytes = Vec::with_capacity(text.len() + 1);
    let mut at = 2u32;
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
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.is_empty() {
        return None;
    }
    // GB18030 sequences: ASCII and 0x80 take one byte, a lead byte followed
    // by an ASCII digit four, any other lead byte two.
    let mut char_bytes = Vec::with_capacity(text.len() + 1);
    let mut at = 0usize;
    while at < bytes.len() {
        char_bytes.push(at as u32);
        let b = bytes[at];
        at += if b <= 0x80 {
            1
        } else if bytes.get(at + 1).is_some_and(|n| n.is_ascii_digit()) {
            4
        } else {
            2
        };
    }
    char_bytes.push(bytes.len() as u32);
    (char_bytes.len() - 1 == text.chars().count() && at == bytes.len()).then(|| Decoded {
        text: text.into_owned(),
        encoding: "gb18030",
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
    }

    #[test]
    fn bom_is_not_a_character_but_is_a_byte() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("增长7%".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "utf-8-bom");
        assert_eq!(d.text, "增长7%");
        assert_eq!(d.byte_range(0, 1), (3, 6));
    }

    #[test]
    fn gbk_offsets() {
        let (bytes, _, _) = GB18030.encode("地区生产总值增长7.4%");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, "地区生产总值增长7.4%");
        assert_eq!(d.byte_range(8, 12), (16, 20));
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
