//! Stage 4 — claims: what the text asserts about its numbers, built from inline tokens and
//! keywords. A claim is a relation that must hold (parts sum to a total, a count matches a
//! list, achieved + not achieved = total…); rules check them.

use crate::ast::{Quantity, Ratio};
use crate::span::Span;
use serde::Serialize;

/// All claims found in a document, in text order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Claims {
    pub items: Vec<Claim>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// The clause or sentence the claim was read from.
    pub span: Span,
    /// Index of the block it came from.
    pub block: usize,
    pub kind: ClaimKind,
    /// Readings the parser had to assume (damaged keywords). A claim with assumptions may only
    /// give warnings.
    pub assumptions: Vec<Assumption>,
}

/// A damaged word read as a keyword: `seen` in the text, read as `read`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    pub span: Span,
    pub seen: String,
    pub read: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownKind {
    /// `trong đó`, `gồm`, parentheses: the parts are meant to make up the total.
    Exhaustive,
    /// `chủ yếu`, `như`, subsets: the parts must not exceed the total.
    Partial,
}

/// How an enumeration was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// `(1) … (2) …` or `1) … 2) …`
    Numbered,
    /// `a) … b) …`
    Lettered,
    /// `A, B, C và D` (short comma-separated names)
    Commas,
    /// `A; B; C` after a colon
    Semicolons,
    /// Bullet lines following the sentence.
    Bullets,
}

/// What the two sides of a split are called in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitWording {
    /// `đạt` / `không đạt`
    Achieved,
    /// `đã giải quyết` / `còn`
    Resolved,
}

/// A number of months or years a rate applies for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub count: u32,
    /// `tháng` or `năm`: what the rate is per.
    pub per: String,
    pub span: Span,
}

/// The single figures of a claim are boxed: a `Quantity` is some 150 bytes, and a claim that
/// held three of them inline made every claim, of any kind, that large (a 10 MB report has
/// some hundred thousand claims). Serde writes a box as its content.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClaimKind {
    /// A total with parts.
    Breakdown {
        total: Box<Quantity>,
        parts: Vec<Quantity>,
        kind: BreakdownKind,
        /// The keyword or parenthesis that opened the breakdown.
        opener: Span,
        /// The total stands in the sentence before the opener (`… 1970 lượt người.
        /// Trong đó: …`): a weaker link.
        across_sentences: bool,
        /// Figures standing alone in an item of this breakdown but in another dimension, or
        /// with no unit at all (`… 1.500 tấn, ngô 675 ha`; `… 14 tỷ 917 triệu đồng; chi
        /// thường xuyên 105.506`): for `unit-mismatch`.
        strays: Vec<Quantity>,
    },
    /// A stated count followed by an enumeration.
    CountList {
        count: Box<Quantity>,
        items: Vec<Span>,
        style: ListStyle,
    },
    /// Achieved / not achieved out of a total (or resolved / remaining).
    Split {
        total: Box<Quantity>,
        achieved: Option<Box<Quantity>>,
        not_achieved: Option<Box<Quantity>>,
        wording: SplitWording,
    },
    /// `a/b … x%`.
    RatioPercent {
        ratio: Box<Ratio>,
        percent: Box<Quantity>,
    },
    /// `tốt 174 (71,9%); khá 59 (24,38%) …`
    CountsPercents {
        pairs: Vec<(Quantity, Quantity)>,
        total: Option<Box<Quantity>>,
    },
    /// `67 hộ x 64.300đ/hộ/tháng … quý I, quý II … 25.848.600 đồng`
    Product {
        factors: Vec<Quantity>,
        result: Box<Quantity>,
        /// A period stated nearby that multiplies a per-month or per-year rate
        /// (`quý I, quý II` → 6 months, `6 tháng`, `cả năm` → 12).
        period: Option<Box<Period>>,
    },
}

mod block;
pub(crate) use block::claim_phrases;
mod breakdown;
mod count_list;
mod flow;
mod footnote;
mod percent;
mod product;
mod split;
mod table;
pub mod text;

/// Extracts claims from a parsed document, in text order.
pub fn extract(
    doc: &crate::ast::Document,
    text: &str,
    lex: &crate::lexicon::Lexicon,
    facts: &crate::layout::LayoutFacts,
) -> Claims {
    let lower = crate::chars::lower_same_len(text);
    extract_with_lower(doc, text, &lower, lex, facts)
}

/// [`extract`] with `text` already lowercased ([`crate::chars::lower_same_len`]): the engine
/// lowercases once for the claims and every rule.
pub fn extract_with_lower(
    doc: &crate::ast::Document,
    text: &str,
    lower: &str,
    lex: &crate::lexicon::Lexicon,
    facts: &crate::layout::LayoutFacts,
) -> Claims {
    let parts = Part {
        blocks: 0..doc.blocks.len(),
        footnote_refs: 0..doc.footnote_refs.len(),
    };
    extract_part(doc, &parts, text, lower, lex, facts)
}

/// The blocks of a document part ([`crate::parse::parts`]) and the footnote references in
/// them.
#[derive(Debug, Clone, Default)]
pub struct Part {
    pub blocks: std::ops::Range<usize>,
    pub footnote_refs: std::ops::Range<usize>,
}

/// The claims of one part of a document, in text order. A claim reads its own block, the
/// bullet lines and table rows after it (inside the part by [`crate::parse::parts`]), and for
/// a footnote reference, its note (whose tokens the engine keeps from the start).
pub fn extract_part(
    doc: &crate::ast::Document,
    part: &Part,
    text: &str,
    lower: &str,
    lex: &crate::lexicon::Lexicon,
    facts: &crate::layout::LayoutFacts,
) -> Claims {
    let mut items = Vec::new();
    let breakdowns = breakdown::Extractor::new(lex);
    let matchers = block::Matchers::new(lex, facts.letter_loss);
    let range = part.blocks.clone();
    let blocks = doc.blocks.get(range.clone()).unwrap_or_default();
    for (i, block) in blocks.iter().enumerate() {
        let index = range.start + i;
        // Only blocks with a figure can hold a claim.
        if !block.kinds.any(crate::ast::TokenKinds::FIGURE) {
            continue;
        }
        // Each extractor needs some figure in the block to make a claim (see `Needs`): a
        // block of percentages, rates and durations only (a third of the figure blocks) is not
        // searched for keywords at all.
        let needs = Needs::of(&block.tokens);
        if !needs.keywords && !needs.percent && !needs.money {
            continue;
        }
        let view = block::BlockView::new(text, lower, index, block, &matchers, needs.keywords);
        if needs.keywords {
            split::extract(&view, lex, &mut items);
            count_list::extract(&view, &mut items);
        }
        if needs.percent {
            percent::extract(&view, &mut items);
        }
        if needs.money {
            product::extract(&view, &mut items);
        }
        if needs.keywords {
            flow::extract(&view, lex, &mut items);
            let following = blocks.get(i + 1..).unwrap_or_default();
            breakdowns.extract(&view, following, facts.letter_loss, &mut items);
        }
    }
    table::extract(&doc.blocks, range, text, &mut items);
    let refs = doc
        .footnote_refs
        .get(part.footnote_refs.clone())
        .unwrap_or_default();
    footnote::extract(doc, refs, &mut items);
    items.sort_by_key(|c| (c.span.start, c.span.end));
    // The claims live until every rule has run; a big report leaves up to half the vector's
    // growth unused.
    items.shrink_to_fit();
    Claims { items }
}

/// Which extractors can make a claim from a block's tokens. Skipping the others changes
/// nothing: they would push no claim.
struct Needs {
    /// A countable figure ([`countable`]): split, count_list, flow, breakdown.
    keywords: bool,
    /// A percentage: every percent claim pairs a figure with a percentage quantity
    /// (`percent_after` returns only those).
    percent: bool,
    /// An amount of money: every product claim's result is a money quantity.
    money: bool,
}

impl Needs {
    fn of(tokens: &[crate::ast::Token]) -> Self {
        let mut n = Needs {
            keywords: false,
            percent: false,
            money: false,
        };
        for t in tokens {
            n.keywords |= countable(t);
            if let crate::ast::TokenKind::Quantity(q) = &t.kind {
                n.percent |= q.is_percent();
                n.money |= q.dimension() == Some(crate::ast::Dimension::Money);
            }
        }
        n
    }
}

/// A figure a keyword extractor can build a claim on. Every claim of those extractors needs
/// one in its own block, so a block without one yields none of their claims:
/// - `split` reads ratios (`13/17 chỉ tiêu đạt`) and nothing else;
/// - `count_list` and `flow` start from an exact count ([`text::is_exact_count`]: no unit,
///   or a count noun);
/// - every `breakdown` claim has a total found by `total_before` in the block, a figure whose
///   group is set: a ratio, or a quantity with no unit or a unit of count, money, area, mass,
///   volume or length (bullet parts in the following blocks too need that total).
///
/// Percentages, rates, durations and other units (`Dimension::Other`) are none of these; the
/// percent and product extractors, which need no keywords, still read such blocks.
fn countable(t: &crate::ast::Token) -> bool {
    use crate::ast::{Dimension, TokenKind};
    match &t.kind {
        TokenKind::Ratio(_) => true,
        TokenKind::Quantity(q) => !matches!(
            q.dimension(),
            Some(Dimension::Percent | Dimension::Rate | Dimension::Time | Dimension::Other)
        ),
        _ => false,
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A report holds claims by the hundred thousand: a claim must not carry its figures
    /// inline (it was some 490 bytes when it did).
    #[test]
    fn a_claim_stays_small() {
        let claim = std::mem::size_of::<Claim>();
        let quantity = std::mem::size_of::<Quantity>();
        assert!(claim <= 128, "Claim is {claim} bytes");
        assert!(
            claim < quantity,
            "Claim {claim} B holds a Quantity ({quantity} B) inline"
        );
    }
}

/// The block loop before the skips by figure (`Needs`): every extractor on every block with a
/// figure. Kept to check that the skips drop no claim.
#[cfg(test)]
mod skip_oracle {
    use super::*;
    use proptest::prelude::*;

    fn extract_every_block(
        doc: &crate::ast::Document,
        text: &str,
        lower: &str,
        lex: &crate::lexicon::Lexicon,
        facts: &crate::layout::LayoutFacts,
    ) -> Claims {
        let mut items = Vec::new();
        let breakdowns = breakdown::Extractor::new(lex);
        let matchers = block::Matchers::new(lex, facts.letter_loss);
        for (index, block) in doc.blocks.iter().enumerate() {
            if !block.tokens.iter().any(text::is_figure) {
                continue;
            }
            let view = block::BlockView::new(text, lower, index, block, &matchers, true);
            split::extract(&view, lex, &mut items);
            count_list::extract(&view, &mut items);
            percent::extract(&view, &mut items);
            product::extract(&view, &mut items);
            flow::extract(&view, lex, &mut items);
            let following = doc.blocks.get(index + 1..).unwrap_or_default();
            breakdowns.extract(&view, following, facts.letter_loss, &mut items);
        }
        table::extract(&doc.blocks, 0..doc.blocks.len(), text, &mut items);
        footnote::extract(doc, &doc.footnote_refs, &mut items);
        items.sort_by_key(|c| (c.span.start, c.span.end));
        Claims { items }
    }

    /// Report fragments: figures of every dimension (counts, ratios, money, area, mass,
    /// percentages, rates, durations, other units), the keywords of every extractor, and the
    /// punctuation and line starts they hinge on.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "13/17",
            "5/7",
            "7/7",
            "02/7",
            "17",
            "04",
            "2",
            "03",
            "15 hồ sơ",
            "63 hồ sơ",
            "02 đơn",
            "05 đơn",
            "3 người",
            "7 cuộc",
            "100 triệu đồng",
            "60 triệu đồng",
            "40 triệu đồng",
            "40 ha",
            "25 ha",
            "1.500 tấn",
            "75,5%",
            "20%",
            "71,9%",
            "3 tháng",
            "6 tháng",
            "12 tạ/ha",
            "64.300đ/hộ/tháng",
            "10 kWh",
            "năm 2024",
            "1 - 3",
            "x",
            "trong đó",
            "Trong đó",
            "gồm",
            "bao gồm",
            "gồm có",
            "như",
            "chủ yếu là",
            "cụ thể",
            "đạt",
            "không đạt",
            "chưa đạt",
            "đạt kế hoạch",
            "hoàn thành",
            "không hoàn thành",
            "chỉ tiêu",
            "tiếp nhận",
            "tồn",
            "từ kỳ trước chuyển sang",
            "đã giải quyết",
            "giải quyết",
            "còn",
            "còn lại",
            "là",
            "như sau",
            "chiếm",
            "tăng",
            ",",
            ";",
            ":",
            "(",
            ")",
            ".",
            "=",
            "và",
            "xã",
            "Hùng Thắng",
            "Vĩnh Hưng",
            "Tổng",
            "văn bản",
            "trường",
            "(1)",
            "(2)",
            "a)",
            "b)",
            "tr ng đ ",
            "kh ng đạt",
        ])
    }

    fn sep() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            " ", " ", " ", " ", "  ", ", ", "\n", "\n- ", "\n+ ", "\n\n", ". ",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn skipping_extractors_by_figures_drops_no_claim(
            parts in proptest::collection::vec((piece(), sep()), 1..40),
            letter_loss in any::<bool>(),
        ) {
            let mut text = String::new();
            for (p, s) in &parts {
                text.push_str(p);
                text.push_str(s);
            }
            let lex = crate::lexicon::Lexicon::builtin();
            let prepared = crate::engine::prepare(&text);
            let mut facts = prepared.layout.clone();
            facts.letter_loss = letter_loss;
            let lower = crate::chars::lower_same_len(&prepared.text);
            let doc = crate::parse::parse_lowered(&prepared.text, &lower, &lex);
            let fast = extract_with_lower(&doc, &prepared.text, &lower, &lex, &facts);
            let all = extract_every_block(&doc, &prepared.text, &lower, &lex, &facts);
            prop_assert_eq!(format!("{:?}", fast.items), format!("{:?}", all.items));
        }
    }

    /// The generated documents reach the keyword extractors: each kind of claim they make
    /// comes out of some fixed sample (so the comparison above is not between empty lists).
    #[test]
    fn the_fragments_make_keyword_claims() {
        let lex = crate::lexicon::Lexicon::builtin();
        let texts = [
            "Có 13/17 chỉ tiêu đạt, 04 chỉ tiêu không đạt.",
            "Tổng 100 triệu đồng, trong đó 60 triệu đồng, 40 triệu đồng.",
            "Có 2 xã gồm Hùng Thắng, Vĩnh Hưng.",
            "tiếp nhận 05 đơn, đã giải quyết 03 đơn, còn 02 đơn.",
            "Tổng 7/7 trường, trong đó 5/7 trường; 02/7 trường.",
            "Có 432/572 cháu đạt 75,5%.",
            "Hỗ trợ 67 hộ x 64.300đ/hộ/tháng, tổng số tiền 4.308.100 đồng.",
        ];
        for t in texts {
            let prepared = crate::engine::prepare(t);
            let lower = crate::chars::lower_same_len(&prepared.text);
            let doc = crate::parse::parse_lowered(&prepared.text, &lower, &lex);
            let claims = extract_with_lower(&doc, &prepared.text, &lower, &lex, &prepared.layout);
            assert!(!claims.items.is_empty(), "no claim from {t:?}");
        }
    }
}
