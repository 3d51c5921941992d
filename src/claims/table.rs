//! Table totals: a row labelled `Tổng`/`Tổng số`/`Cộng` whose figures are the sums of the
//! column above it, and a column headed `Tổng`/`Cộng` whose figure in each row is the sum of
//! the row's other figures. Each is a breakdown claim checked by `sum-mismatch`.
//!
//! Only plain amounts add up: percentages and rates (`%`, `tạ/ha`) are never summed, and a
//! column with a gap (a row without a single figure in it) is not read.

use super::{BreakdownKind, Claim, ClaimKind};
use crate::ast::{Block, BlockKind, Dimension, Quantity, TokenKind};
use crate::lexicon::normalize_keyword;
use crate::span::Span;

const TOTAL_LABELS: &[&str] = &[
    "tổng",
    "tổng số",
    "tổng cộng",
    "cộng",
    "tổng cộng:",
    "tổng:",
];

/// The claims of the tables among `blocks[range]`; a table lies inside a part (see
/// [`crate::parse::parts`]).
pub fn extract(blocks: &[Block], range: std::ops::Range<usize>, text: &str, out: &mut Vec<Claim>) {
    let end = range.end.min(blocks.len());
    let mut i = range.start;
    while i < end {
        if !matches!(
            blocks.get(i).map(|b| &b.kind),
            Some(BlockKind::TableRow { .. })
        ) {
            i += 1;
            continue;
        }
        let start = i;
        while i < end
            && matches!(
                blocks.get(i).map(|b| &b.kind),
                Some(BlockKind::TableRow { .. })
            )
        {
            i += 1;
        }
        table(blocks, start..i, text, out);
    }
}

fn cells(b: &Block) -> &[Span] {
    match &b.kind {
        BlockKind::TableRow { cells, .. } => cells,
        _ => &[],
    }
}

fn is_header(b: &Block) -> bool {
    matches!(b.kind, BlockKind::TableRow { header: true, .. })
}

fn is_total_label(text: &str, cell: Span) -> bool {
    let raw = text.get(cell.range()).unwrap_or("");
    // Normalising (NFC, white space, lowercase) a long appendix cell is costly, and cannot
    // give another first letter: NFC composes no mark into a letter a label starts with. So
    // a cell whose first letter starts no label is not one.
    let first = raw
        .trim_start_matches(|c: char| c == '*' || c == ':' || c.is_whitespace())
        .chars()
        .next()
        .and_then(|c| c.to_lowercase().next());
    if !first.is_some_and(|f| TOTAL_LABELS.iter().any(|l| l.starts_with(f))) {
        return false;
    }
    // A label is at most two words. Normalising keeps the cell's white-space-separated words
    // (NFC neither makes nor removes white space; the folding only joins them by one space)
    // and the trim below strips only `*`, `:` and white space at the ends, so a word with
    // any other character survives as a word: a cell with three of them can be no label.
    // This skips normalising long indicator cells (`Tổng diện tích gieo trồng …`).
    if raw
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c != '*' && c != ':'))
        .nth(2)
        .is_some()
    {
        return false;
    }
    let t = normalize_keyword(raw);
    let t = t.trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace());
    TOTAL_LABELS.contains(&t)
}

/// The single addable figure in a cell, if the cell holds exactly one figure.
fn figure_in(b: &Block, cell: Span) -> Option<&Quantity> {
    let mut found = None;
    for t in b.tokens_in(cell) {
        match &t.kind {
            TokenKind::Quantity(q) => {
                if found.is_some() {
                    return None;
                }
                found = Some(&**q);
            }
            TokenKind::Ratio(_) | TokenKind::Range(_) => return None,
            _ => {}
        }
    }
    found.filter(|q| {
        !matches!(
            q.dimension(),
            Some(Dimension::Percent | Dimension::Rate | Dimension::Time)
        )
    })
}

fn push(out: &mut Vec<Claim>, block: usize, label: Span, total: &Quantity, parts: Vec<Quantity>) {
    if parts.len() < 2 || parts.iter().any(|p| p.dimension() != total.dimension()) {
        return;
    }
    let span = parts
        .iter()
        .fold(total.span.join(label), |s, p| s.join(p.span));
    out.push(Claim {
        span,
        block,
        kind: ClaimKind::Breakdown {
            total: Box::new(total.clone()),
            parts,
            kind: BreakdownKind::Exhaustive,
            opener: label,
            across_sentences: false,
            strays: Vec::new(),
        },
        assumptions: Vec::new(),
    });
}

fn table(blocks: &[Block], rows: std::ops::Range<usize>, text: &str, out: &mut Vec<Claim>) {
    // Column totals: a header cell `Tổng`.
    let mut total_col: Option<(usize, Span)> = None;
    let mut data_start = rows.start;
    for r in rows.clone() {
        let Some(b) = blocks.get(r) else { continue };
        if is_header(b) {
            total_col = cells(b)
                .iter()
                .enumerate()
                .find(|(_, c)| is_total_label(text, **c))
                .map(|(i, c)| (i, *c));
            data_start = r + 1;
            continue;
        }
        if let Some((tc, label)) = total_col {
            if let Some(total) = cells(b).get(tc).and_then(|c| figure_in(b, *c)) {
                // The first column numbers the row (`STT`); it is never a part.
                let parts: Vec<Quantity> = cells(b)
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != tc && *i != 0)
                    .filter_map(|(_, c)| figure_in(b, *c).cloned())
                    .collect();
                push(out, r, label, total, parts);
            }
        }
        // Row totals: a label cell `Tổng` in the first two columns.
        let label = cells(b)
            .iter()
            .take(2)
            .find(|c| is_total_label(text, **c))
            .copied();
        if let Some(label) = label {
            let ncols = cells(b).len();
            for col in 0..ncols {
                let Some(total) = cells(b).get(col).and_then(|c| figure_in(b, *c)) else {
                    continue;
                };
                let mut parts = Vec::new();
                let mut complete = true;
                for above in data_start..r {
                    let Some(ab) = blocks.get(above) else {
                        continue;
                    };
                    match cells(ab).get(col).and_then(|c| figure_in(ab, *c)) {
                        Some(q) => parts.push(q.clone()),
                        None => complete = false,
                    }
                }
                if complete {
                    push(out, r, label, total, parts);
                }
            }
            data_start = r + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `is_total_label` before the word-count skip: kept to check the skip changes nothing.
    fn is_total_label_oracle(text: &str, cell: Span) -> bool {
        let raw = text.get(cell.range()).unwrap_or("");
        let t = normalize_keyword(raw);
        let t = t.trim_matches(|c: char| c == '*' || c == ':' || c.is_whitespace());
        TOTAL_LABELS.contains(&t)
    }

    /// Cell pieces: the labels' words in both cases and NFD, other words, the trimmed marks
    /// and every kind of white space normalising folds.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "Tổng",
            "tổng",
            "TỔNG",
            "To\u{302}\u{309}ng",
            "cộng",
            "CỘNG",
            "co\u{323}\u{302}ng",
            "số",
            "Số",
            "so\u{301}",
            "diện",
            "tích",
            "Chỉ",
            "tiêu",
            "*",
            "**",
            ":",
            "*:",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{2000}",
            "\u{301}",
            "x",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn the_word_count_skip_changes_no_answer(
            parts in proptest::collection::vec((piece(), any::<bool>()), 0..9),
        ) {
            let mut cell = String::new();
            for (p, space) in &parts {
                cell.push_str(p);
                if *space {
                    cell.push(' ');
                }
            }
            let span = Span::new(0, cell.len());
            prop_assert_eq!(is_total_label(&cell, span), is_total_label_oracle(&cell, span));
        }
    }

    fn label(cell: &str) -> bool {
        is_total_label(cell, Span::new(0, cell.len()))
    }

    #[test]
    fn total_labels_are_read_through_case_marks_bold_and_spacing() {
        for yes in [
            "Tổng",
            "tổng số",
            "  **Tổng   cộng:**",
            "CỘNG",
            // NFD: the first letter is still `T`.
            "To\u{302}\u{309}ng co\u{323}\u{302}ng",
            ": Tổng:",
        ] {
            assert!(label(yes), "{yes:?}");
        }
        for no in [
            "Chỉ tiêu",
            "Tổng diện tích",
            "Xã Tân Hòa",
            "",
            "**",
            "Đơn vị",
        ] {
            assert!(!label(no), "{no:?}");
        }
    }
}
