//! A readable, deterministic tree of a parsed document for `doisoat dump`: sections nested,
//! each block with its kind, byte span and an excerpt, its non-word tokens, then its claims.

use std::fmt::Write;

use crate::ast::{BlockKind, Document, HeadingStyle, Quantity, RangeQty, Ratio, Token, TokenKind};
use crate::claims::{ClaimKind, Claims};
use crate::span::Span;

const EXCERPT_CHARS: usize = 60;

/// Renders the document as an indented tree (two spaces per level).
pub fn render_tree(text: &str, doc: &Document, claims: &Claims) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "document: {} blocks, {} sections, {} footnote refs, {} footnote defs, {} claims",
        doc.blocks.len(),
        doc.sections.len(),
        doc.footnote_refs.len(),
        doc.footnote_defs.len(),
        claims.items.len()
    );
    // Line numbers (1-based) are counted incrementally: blocks are in text order.
    let (mut line, mut counted) = (1usize, 0usize);
    for (bi, b) in doc.blocks.iter().enumerate() {
        let start = (b.span.start as usize).min(text.len());
        if start >= counted {
            line += text
                .as_bytes()
                .get(counted..start)
                .map_or(0, |s| s.iter().filter(|&&c| c == b'\n').count());
            counted = start;
        }
        let depth = section_depth(doc, b.section.map(|s| s as usize));
        let is_heading = matches!(b.kind, BlockKind::Heading(_));
        let level = if is_heading {
            depth.saturating_sub(1)
        } else {
            depth
        };
        let pad = "  ".repeat(level);
        let _ = writeln!(
            out,
            "{pad}#{bi} L{line} {} {}..{} {:?}",
            kind_label(text, &b.kind),
            b.span.start,
            b.span.end,
            excerpt(text, b.span)
        );
        let inner = format!("{pad}    ");
        for t in &b.tokens {
            if let Some(line) = token_line(text, t) {
                let _ = writeln!(out, "{inner}· {line}");
            }
        }
        for r in doc.footnote_refs.iter().filter(|r| r.block == bi) {
            let _ = writeln!(
                out,
                "{inner}· footnote-ref {} {:?} {:?} at {}..{}",
                r.mark,
                r.style,
                slice(text, r.span),
                r.span.start,
                r.span.end
            );
        }
        for d in doc.footnote_defs.iter().filter(|d| d.block == bi) {
            let _ = writeln!(
                out,
                "{inner}· footnote-def {} {:?} mark {}..{} text {}..{}",
                d.mark, d.style, d.mark_span.start, d.mark_span.end, d.text.start, d.text.end
            );
        }
        for c in claims.items.iter().filter(|c| c.block == bi) {
            let _ = writeln!(out, "{inner}» {}", claim_line(text, &c.kind));
            for a in &c.assumptions {
                let _ = writeln!(out, "{inner}  assumes {:?} read as {:?}", a.seen, a.read);
            }
        }
    }
    out
}

/// Number of sections from the root to `s` inclusive.
fn section_depth(doc: &Document, s: Option<usize>) -> usize {
    let mut d = 0;
    let mut cur = s;
    // The parent chain is acyclic by construction; the bound guards against a bad tree.
    while let Some(i) = cur {
        d += 1;
        if d > doc.sections.len() {
            break;
        }
        cur = doc.sections.get(i).and_then(|x| x.parent);
    }
    d
}

fn style_name(s: HeadingStyle) -> &'static str {
    match s {
        HeadingStyle::PartOrdinalWord => "part-ordinal",
        HeadingStyle::PartRoman => "part-roman",
        HeadingStyle::Roman => "roman",
        HeadingStyle::Arabic => "arabic",
        HeadingStyle::ArabicParen => "arabic-paren",
        HeadingStyle::Decimal => "decimal",
        HeadingStyle::LetterParen => "letter-paren",
        HeadingStyle::LetterDot => "letter-dot",
        HeadingStyle::Markdown => "markdown",
    }
}

fn kind_label(text: &str, k: &BlockKind) -> String {
    match k {
        BlockKind::Meta => "meta".into(),
        BlockKind::Title => "title".into(),
        BlockKind::Paragraph => "para".into(),
        BlockKind::Heading(h) => format!(
            "heading[{} {:?} rank {}] title {:?}",
            style_name(h.style),
            h.number_text,
            h.rank,
            excerpt(text, h.title)
        ),
        BlockKind::ListItem { marker, depth } => format!("item[{marker:?} depth {depth}]"),
        BlockKind::TableRow { cells, header } => {
            let cs: Vec<String> = cells.iter().map(|c| excerpt(text, *c)).collect();
            format!(
                "{}[{} cells] {:?}",
                if *header { "table-header" } else { "table-row" },
                cells.len(),
                cs
            )
        }
        BlockKind::FootnoteDef { mark } => format!("footnote-def[{mark}]"),
    }
}

fn slice(text: &str, s: Span) -> &str {
    text.get(s.range()).unwrap_or("")
}

/// At most [`EXCERPT_CHARS`] characters, with `…` when cut.
fn excerpt(text: &str, s: Span) -> String {
    let t = slice(text, s);
    let mut out: String = t.chars().take(EXCERPT_CHARS).collect();
    if t.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn qty(text: &str, q: &Quantity) -> String {
    let mut s = format!("{}", q.value.normalize());
    if let Some(u) = &q.unit {
        let _ = write!(s, " {}", u.name);
    }
    let _ = write!(
        s,
        " {:?} res {} {:?}",
        slice(text, q.span),
        q.resolution.normalize(),
        q.reading
    );
    if let Some(a) = &q.alt {
        let _ = write!(s, " alt {}", a.normalize());
    }
    if let Some(h) = q.hedge {
        let _ = write!(s, " hedge {:?}", slice(text, h));
    }
    if let Some(b) = q.bound {
        let _ = write!(s, " bound {b:?}");
    }
    if q.zero_padded {
        s.push_str(" zero-padded");
    }
    s
}

fn ratio(text: &str, r: &Ratio) -> String {
    format!(
        "{} / {}",
        qty(text, &r.numerator),
        qty(text, &r.denominator)
    )
}

fn range(text: &str, r: &RangeQty) -> String {
    format!("{} – {}", qty(text, &r.low), qty(text, &r.high))
}

fn token_line(text: &str, t: &Token) -> Option<String> {
    let at = format!("{}..{}", t.span.start, t.span.end);
    Some(match &t.kind {
        TokenKind::Word | TokenKind::Punct { .. } => return None,
        TokenKind::Quantity(q) => format!("quantity {} at {at}", qty(text, q)),
        TokenKind::Ratio(r) => format!("ratio {} at {at}", ratio(text, r)),
        TokenKind::Range(r) => format!("range {} at {at}", range(text, r)),
        TokenKind::Date(d) => format!(
            "date {:?} d={:?} m={:?} y={:?}{} at {at}",
            slice(text, t.span),
            d.day,
            d.month,
            d.year,
            if d.malformed { " malformed" } else { "" }
        ),
        TokenKind::NonQuantity { what } => {
            format!("non-quantity {what:?} {:?} at {at}", slice(text, t.span))
        }
        TokenKind::Enumerator { label, ordinal } => {
            format!("enumerator {label:?} #{ordinal} at {at}")
        }
        TokenKind::FootnoteMark { mark } => format!("footnote-mark {mark} at {at}"),
    })
}

fn claim_line(text: &str, k: &ClaimKind) -> String {
    let list = |qs: &[Quantity]| {
        qs.iter()
            .map(|q| qty(text, q))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match k {
        ClaimKind::Breakdown {
            total, parts, kind, ..
        } => format!(
            "breakdown {kind:?}: total {} = parts [{}]",
            qty(text, total),
            list(parts)
        ),
        ClaimKind::CountList {
            count,
            items,
            style,
        } => format!(
            "count-list {style:?}: count {} items {}",
            qty(text, count),
            items.len()
        ),
        ClaimKind::Split {
            total,
            achieved,
            not_achieved,
            ..
        } => format!(
            "split: total {} achieved {} not achieved {}",
            qty(text, total),
            achieved.as_ref().map_or("-".into(), |q| qty(text, q)),
            not_achieved.as_ref().map_or("-".into(), |q| qty(text, q))
        ),
        ClaimKind::RatioPercent { ratio: r, percent } => {
            format!("ratio-percent: {} = {}", ratio(text, r), qty(text, percent))
        }
        ClaimKind::CountsPercents { pairs, total } => format!(
            "counts-percents: [{}] total {}",
            pairs
                .iter()
                .map(|(a, b)| format!("{} ({})", qty(text, a), qty(text, b)))
                .collect::<Vec<_>>()
                .join("; "),
            total.as_ref().map_or("-".into(), |q| qty(text, q))
        ),
        ClaimKind::Product {
            factors,
            result,
            period,
        } => format!(
            "product: [{}]{} = {}",
            list(factors),
            period
                .as_ref()
                .map_or(String::new(), |p| format!(" × {} {}", p.count, p.per)),
            qty(text, result)
        ),
    }
}
