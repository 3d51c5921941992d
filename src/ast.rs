//! The document model: blocks and sections, and the inline tokens inside them.
//!
//! All spans are byte ranges in the *logical text* of the document ([`crate::Prepared::text`]),
//! the NFC-normalised, reflowed text the parser reads. [`crate::Analysis::source_range`] maps a
//! span back to the original file.

use crate::span::Span;
use rust_decimal::Decimal;
use serde::Serialize;

/// A parsed document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Blocks in reading order. Footnote definitions moved out of running text by the layout
    /// stage appear where the layout put them.
    pub blocks: Vec<Block>,
    /// Section tree, flattened: `sections[i].parent` indexes into this vector.
    pub sections: Vec<Section>,
    /// Footnote references (`¹`, `⁽¹⁾`, `[^1]`, PDF-style markers rebuilt by the layout stage).
    pub footnote_refs: Vec<FootnoteRef>,
    /// Footnote definitions (`¹ Note text…`, `[^1]: Note text`).
    pub footnote_defs: Vec<FootnoteDef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block (one logical line).
    pub span: Span,
    /// The block's content after its marker (heading number, bullet, footnote mark).
    pub content: Span,
    /// Index of the innermost section containing this block, if any (`u32`, and the tokens
    /// a boxed slice: a report of 500 000 short lines holds as many blocks).
    pub section: Option<u32>,
    /// Inline tokens of `content`, in order.
    pub tokens: Box<[Token]>,
    /// The kinds of token in `tokens`, so that a pass looking for one kind (dates,
    /// enumerators, quantities) skips the blocks without it, without reading their tokens: a
    /// report's tokens are far larger than the processor's first-level cache, and each pass
    /// over all of them reloads them. Set by the parser with the tokens.
    #[serde(skip)]
    pub kinds: TokenKinds,
}

/// A set of [`TokenKind`] variants (one bit each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenKinds(u16);

impl TokenKinds {
    pub const WORD: TokenKinds = TokenKinds(1);
    pub const PUNCT: TokenKinds = TokenKinds(1 << 1);
    pub const QUANTITY: TokenKinds = TokenKinds(1 << 2);
    pub const RATIO: TokenKinds = TokenKinds(1 << 3);
    pub const RANGE: TokenKinds = TokenKinds(1 << 4);
    pub const DATE: TokenKinds = TokenKinds(1 << 5);
    pub const NON_QUANTITY: TokenKinds = TokenKinds(1 << 6);
    pub const ENUMERATOR: TokenKinds = TokenKinds(1 << 7);
    pub const FOOTNOTE_MARK: TokenKinds = TokenKinds(1 << 8);
    /// The kinds a claim can rest on: quantities, ratios and ranges (the definition
    /// [`crate::claims::text::is_figure`] reads).
    pub const FIGURE: TokenKinds = TokenKinds(Self::QUANTITY.0 | Self::RATIO.0 | Self::RANGE.0);

    /// The kind of one token.
    pub fn of_kind(kind: &TokenKind) -> TokenKinds {
        match kind {
            TokenKind::Word => Self::WORD,
            TokenKind::Punct { .. } => Self::PUNCT,
            TokenKind::Quantity(_) => Self::QUANTITY,
            TokenKind::Ratio(_) => Self::RATIO,
            TokenKind::Range(_) => Self::RANGE,
            TokenKind::Date(_) => Self::DATE,
            TokenKind::NonQuantity { .. } => Self::NON_QUANTITY,
            TokenKind::Enumerator { .. } => Self::ENUMERATOR,
            TokenKind::FootnoteMark { .. } => Self::FOOTNOTE_MARK,
        }
    }

    /// The kinds present in `tokens`.
    pub fn of(tokens: &[Token]) -> TokenKinds {
        TokenKinds(
            tokens
                .iter()
                .fold(0, |acc, t| acc | Self::of_kind(&t.kind).0),
        )
    }

    /// Both sets together.
    pub const fn with(self, other: TokenKinds) -> TokenKinds {
        TokenKinds(self.0 | other.0)
    }

    /// True when `self` holds any kind of `other`.
    pub fn any(self, other: TokenKinds) -> bool {
        self.0 & other.0 != 0
    }
}

impl Block {
    /// The tokens lying wholly inside `span` (a table cell, a clause), found by binary search:
    /// tokens are in order and do not overlap.
    pub fn tokens_in(&self, span: Span) -> impl Iterator<Item = &Token> + '_ {
        let first = self.tokens.partition_point(|t| t.span.start < span.start);
        self.tokens
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(move |t| t.span.start < span.end)
            .filter(move |t| span.contains(t.span))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    /// Administrative header lines: `Số: /BC-UBND`, `Kè Sắt, ngày … tháng 6 năm 2026`,
    /// `Kính gửi:`, `Nơi nhận:` and the signature block.
    Meta,
    /// Document type line (`BÁO CÁO`, `KẾ HOẠCH`) and the title lines after it.
    Title,
    Heading(Heading),
    Paragraph,
    /// A bullet (`-`, `+`, `*`, `•`) or an item numbered as a line (`(1)`, `a)` when the parser
    /// judged it a list item rather than a heading). `depth` 0 is outermost.
    ListItem {
        marker: String,
        depth: u32,
    },
    /// A row of a tab-separated or Markdown table.
    TableRow {
        cells: Vec<Span>,
        header: bool,
    },
    FootnoteDef {
        mark: u32,
    },
}

/// The numbering scheme of a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingStyle {
    /// `Phần thứ nhất`, `PHẦN THỨ HAI`
    PartOrdinalWord,
    /// `Phần I`, `PHẦN II`
    PartRoman,
    /// `I.`
    Roman,
    /// `1.`
    Arabic,
    /// `1)`
    ArabicParen,
    /// `1.1.` / `1.1` / `1.2.3.`
    Decimal,
    /// `a)`
    LetterParen,
    /// `a.`
    LetterDot,
    /// A Markdown `#` heading with no number (`## Tổng quan`): `number` holds `[level - 1]`.
    Markdown,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    pub style: HeadingStyle,
    /// The number as written: `"II"`, `"1.1."`, `"thứ nhất"`, `"a"`.
    pub number_text: String,
    /// The number's components: `I` → `[1]`, `1.2.` → `[1, 2]`, `b)` → `[2]`.
    pub number: Vec<u32>,
    /// Nesting rank derived from the style (parts 0, roman 1, arabic 2, decimal 2+depth, letters 5).
    pub rank: u32,
    pub marker: Span,
    pub title: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading block.
    pub heading_block: usize,
    pub parent: Option<usize>,
    /// Blocks from the heading (inclusive) to the next heading of the same or a higher rank
    /// (exclusive).
    pub blocks: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FootnoteRef {
    pub mark: u32,
    pub span: Span,
    pub style: FootnoteStyle,
    pub block: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FootnoteDef {
    pub mark: u32,
    pub mark_span: Span,
    pub text: Span,
    pub style: FootnoteStyle,
    pub block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FootnoteStyle {
    /// `¹`
    Superscript,
    /// `⁽¹⁾`
    ParenSuperscript,
    /// `[^1]`
    Markdown,
    /// A number alone on its own line in PDF-extracted text.
    Pdf,
}

// ---------------------------------------------------------------------------------------------
// Inline tokens
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TokenKind {
    /// A word (letters, possibly with inner apostrophes or hyphens between letters).
    Word,
    /// A single punctuation character or symbol (`,`, `;`, `:`, `(`, `)`, `/`, `-`, `x`…).
    Punct { ch: char },
    /// A quantity: number with optional hedge, bound, scale words and unit.
    Quantity(Box<Quantity>),
    /// `a/b` where both sides are quantities: `13/17 chỉ tiêu`, `130,8/106,9 tỷ đồng`.
    Ratio(Box<Ratio>),
    /// `20-30%`, `15 - 17%`, `170 triệu - 200 triệu`.
    Range(Box<RangeQty>),
    /// A calendar date, possibly partial (`16/6/2025`, `3/2026`, `31/5`).
    Date(Box<DateLit>),
    /// A numeric-looking form that is not a quantity, with what it is.
    NonQuantity { what: NonQuantityKind },
    /// An inline enumerator: `(1)`, `1)`, `a)` inside running text.
    /// `label` is boxed (a thin pointer) so that a token stays 24 bytes; enumerators are few.
    Enumerator { label: Box<String>, ordinal: u32 },
    /// A footnote reference mark glued to the previous word.
    FootnoteMark { mark: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NonQuantityKind {
    /// `1665/NQ-UBTVQH15`, `168/2024/NĐ-CP`, `Nghị quyết 57`, `Đề án 06`.
    Citation,
    /// `2026-2030`, `giai đoạn 2021 - 2025`, `năm 2025`.
    Period,
    /// A year on its own (`2024` after `năm`, `cùng kỳ`).
    Year,
    /// `17h30'`, `6 h00’`.
    Time,
    /// `Quốc lộ 38`, `đường tỉnh 394B`, `km16+750`.
    Road,
    /// `ISO 9001:2015`.
    Standard,
    /// `tỷ lệ 1/2000`.
    MapScale,
    /// `mức độ 3,4`, `quý 1,2,3,4/2025`, `thứ 2,4,6`, `cấp độ 3`.
    Level,
    /// `24/24`.
    RoundTheClock,
    /// `U10`, `560KVA`, `35kV`, `Covid-19`, `F0`, `AD07`, `PC02`.
    Code,
    /// `khóa XVI`, `lần thứ XIV` (Roman numerals used as names).
    RomanTerm,
    /// A number that is the label of a thing: `bão số 5`, `thôn 2`, `lớp 5`, `Khối 6`.
    Label,
    /// A number that is part of a heading or list marker.
    Marker,
    /// A day or month count in a date-like phrase (`ngày 30`, `tháng 6`).
    DatePart,
}

/// How sure the parser is of a number's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// One reading under vi-VN conventions.
    Certain,
    /// Two readings (`1.46%`: 1,46 or 146). `alt` holds the other.
    Ambiguous,
    /// The text looks damaged (`10 75%` from PDF extraction); no error may rest on it.
    Damaged,
}

/// A number literal as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberLit {
    pub span: Span,
    /// The preferred reading.
    pub value: Decimal,
    /// The other reading when `reading` is `Ambiguous`.
    pub alt: Option<Decimal>,
    /// Digits after the decimal mark as printed (`75,5` → 1, `5.769` → 0).
    pub decimals: u32,
    pub reading: Reading,
    /// Written with a leading zero (`03`, `02`).
    pub zero_padded: bool,
    /// The decimal mark used, if any (`,` in vi-VN, `.` in `13.82`).
    pub decimal_mark: Option<char>,
    /// The thousands separator used, if any.
    pub group_mark: Option<char>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Count,
    Percent,
    Money,
    Area,
    Mass,
    Volume,
    Length,
    /// A rate (`tạ/ha`, `đồng/hộ/tháng`): compared only with the same unit.
    Rate,
    /// Time spans (`tháng`, `năm` as durations).
    Time,
    /// Everything else (power, energy…): compared only with the same unit.
    Other,
}

/// A unit as recognised from the `rules/units.toml` data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRef {
    /// Canonical unit name (`ha`, `tấn`, `đồng`, `người`, `%`). See [`UnitName`].
    pub name: UnitName,
    pub dimension: Dimension,
    /// Factor to the dimension's base unit (`km²` → 100 ha when the base is ha).
    pub factor: Decimal,
    pub span: Span,
}

/// A unit's name: borrowed from the lexicon's interned names
/// ([`crate::lexicon::intern`]) for units and count nouns, so that making or copying a
/// quantity allocates nothing for its unit; owned only for names built from the text (rates
/// `đ/hộ/tháng`, a table's unit cell). The owned string is boxed (a thin pointer) so that
/// the name is 16 bytes, not the 24 of a `String` or `Cow<str>`: a quantity is then 120
/// bytes (a 128-byte malloc chunk instead of 144). Serialises, prints, derefs and compares
/// as a `str`.
#[derive(Clone)]
pub enum UnitName {
    Borrowed(&'static str),
    Owned(Box<String>),
}

impl UnitName {
    #[inline]
    pub fn owned(name: String) -> Self {
        UnitName::Owned(Box::new(name))
    }
    /// Extends the name (`đ` → `đ/hộ`), copying it out of the lexicon first if borrowed.
    #[inline]
    pub fn push_str(&mut self, more: &str) {
        match self {
            UnitName::Owned(s) => s.push_str(more),
            UnitName::Borrowed(s) => {
                // Room for the rest of a rate (`/hộ/tháng`) without growing again.
                let mut o = String::with_capacity(s.len() + more.len() + 24);
                o.push_str(s);
                o.push_str(more);
                *self = UnitName::owned(o);
            }
        }
    }
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            UnitName::Borrowed(s) => s,
            UnitName::Owned(s) => s,
        }
    }
}

impl std::ops::Deref for UnitName {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for UnitName {
    #[inline]
    fn from(s: &'static str) -> Self {
        UnitName::Borrowed(s)
    }
}

impl From<String> for UnitName {
    #[inline]
    fn from(s: String) -> Self {
        UnitName::owned(s)
    }
}

impl PartialEq for UnitName {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for UnitName {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UnitName {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for UnitName {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for UnitName {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for UnitName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

/// A quantity: a value with its precision, unit and hedges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The whole phrase: hedge, number, scale words and unit.
    pub span: Span,
    /// Span of the numeric part (`52 tỷ 262 triệu 391 nghìn` for money in words).
    pub number_span: Span,
    /// Value in the stated unit, scale words folded in (`1,3 tỷ đồng` → 1 300 000 000 đồng).
    pub value: Decimal,
    /// Alternative value when the reading is ambiguous. Boxed: ambiguous readings are rare,
    /// and the 8-byte pointer instead of a 20-byte `Option<Decimal>` makes a quantity 128
    /// bytes instead of 144 (every quantity token is boxed, and claims hold copies). Serde
    /// and `Debug` see through the box.
    pub alt: Option<Box<Decimal>>,
    /// The value of one unit in the last printed digit (`1,3 tỷ` → 100 000 000; `75,5%` →
    /// 0,1; `13` → 1). With `exact` false, the true value lies within this resolution.
    pub resolution: Decimal,
    /// True for plain integer counts: the written value is the value.
    pub exact: bool,
    pub reading: Reading,
    pub zero_padded: bool,
    pub unit: Option<UnitRef>,
    /// The hedge word before the number (`hơn`, `khoảng`, `ước đạt`…), if any.
    pub hedge: Option<Span>,
    pub bound: Option<Bound>,
}

impl Quantity {
    pub fn is_percent(&self) -> bool {
        self.unit
            .as_ref()
            .is_some_and(|u| u.dimension == Dimension::Percent)
    }
    pub fn approximate(&self) -> bool {
        self.hedge.is_some() || self.bound.is_some()
    }
    pub fn dimension(&self) -> Option<Dimension> {
        self.unit.as_ref().map(|u| u.dimension)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratio {
    pub span: Span,
    pub numerator: Quantity,
    pub denominator: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeQty {
    pub span: Span,
    pub low: Quantity,
    pub high: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateLit {
    pub day: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<i32>,
    /// The text had a malformed separator (`26/12//2024`, `19/ 8/2025`).
    pub malformed: bool,
}

#[cfg(test)]
mod size_tests {
    /// A report holds millions of tokens: every byte of a token is megabytes of memory.
    #[test]
    fn a_token_is_24_bytes() {
        assert_eq!(std::mem::size_of::<super::Token>(), 24);
    }

    /// Every quantity token is a boxed `Quantity` and claims hold copies: 120 bytes (a 128
    /// byte malloc chunk) where an inline `Option<Decimal>` alt and a `String` unit name made
    /// it 144 (160).
    #[test]
    fn a_quantity_is_120_bytes() {
        assert_eq!(std::mem::size_of::<super::UnitName>(), 16);
        assert_eq!(std::mem::size_of::<super::Quantity>(), 120);
    }

    /// Every line of a document is a block, kept to the end of its check (the tokens are
    /// dropped part by part): 120 bytes, where a `usize` section and a token `Vec` made it 136.
    #[test]
    fn a_block_is_120_bytes() {
        assert_eq!(std::mem::size_of::<super::Block>(), 120);
    }

    /// The unit name serialises, prints and compares as the string, borrowed or owned.
    #[test]
    fn a_unit_name_is_its_string() {
        use super::UnitName;
        let b = UnitName::from("đồng");
        let o = UnitName::owned("đồng".to_string());
        assert_eq!(b, o);
        assert!(b == "đồng" && o == *"đồng");
        assert_eq!(format!("{b:?} {o:?}"), r#""đồng" "đồng""#);
        assert_eq!(format!("{b} {o}"), "đồng đồng");
        assert_eq!(serde_json::to_string(&o).unwrap(), r#""đồng""#);
        let mut r = b.clone();
        r.push_str("/hộ");
        assert_eq!((r.as_str(), b.as_str()), ("đồng/hộ", "đồng"));
    }
}
