//! # heading-sequence
//!
//! ## What it does
//! Checks the numbering of headings and of inline enumerations:
//! - under one parent, headings of one level run 1, 2, 3… without gaps (`I, II, IV`), repeats
//!   (`1, 2, 2`) or going back, and `1.1, 1.3` is a gap; a decimal heading's prefix must be its
//!   parent's number (`2.1` under `2.`);
//! - numbering restarts under a new parent (a first child numbered 3 is reported unless it
//!   continues the previous parent's numbering);
//! - one style per level in a document: `Phần thứ nhất` … `Phần II` is a mix, so is `1.`
//!   beside `1)` (a **warning**, once per level);
//! - inline enumerations in one paragraph run in order: `(1) … (2) … (4)` is a **warning**.
//!
//! Gaps, repeats and going back are **errors** in typed text and **warnings** in PDF-extracted
//! text, where a heading may have been merged into the line before it.
//!
//! ## Why it matters
//! A reader cites a report by its numbering (`mục II.3`). A skipped or repeated number makes
//! references ambiguous and usually means a section was moved or deleted between drafts.
//!
//! ## Example
//! ```text
//! I. KẾT QUẢ
//!
//! II. TỒN TẠI
//!
//! IV. NHIỆM VỤ
//! ```
//! is reported as `Số thứ tự đề mục bị nhảy: sau “II.” là “IV.”`.
//!
//! ## Known limits
//! - Headings are compared by the number the parser read; a heading the parser took for a list
//!   item is not seen.
//! - Markdown `#` headings without numbers are not checked.
//! - Inline enumerations are checked within one block only; a list restarting at 1 starts a
//!   new sequence.

use super::{Context, Rule, RuleMeta};
use crate::ast::{BlockKind, Heading, HeadingStyle, TokenKind, TokenKinds};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::span::Span;
use std::collections::BTreeMap;

pub struct HeadingSequence;

static META: RuleMeta = RuleMeta {
    id: "heading-sequence",
    default_severity: Severity::Error,
    summary: "heading and enumeration numbers must run in order, one style per level",
    source: include_str!("heading_sequence.rs"),
};

fn heading_of<'a>(cx: &Context<'a>, section: usize) -> Option<(&'a Heading, Span)> {
    let s = cx.doc.sections.get(section)?;
    let b = cx.doc.blocks.get(s.heading_block)?;
    match &b.kind {
        BlockKind::Heading(h) => Some((h, b.span)),
        _ => None,
    }
}

fn marker_text(cx: &Context<'_>, h: &Heading) -> String {
    cx.text
        .get(h.marker.range())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Styles that count as one family for the sequence (the style mix is reported apart).
fn family(style: HeadingStyle) -> u8 {
    match style {
        HeadingStyle::PartOrdinalWord | HeadingStyle::PartRoman => 0,
        HeadingStyle::Roman => 1,
        HeadingStyle::Arabic | HeadingStyle::ArabicParen => 2,
        HeadingStyle::Decimal => 3,
        HeadingStyle::LetterParen | HeadingStyle::LetterDot => 5,
        HeadingStyle::Markdown => 9,
    }
}

impl Rule for HeadingSequence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Enumerators are read within a block.
    fn check_part(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        check_enumerators(cx, out);
    }

    /// Headings are read from the blocks' kinds, which hold their numbers.
    fn check_document(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let severity = if cx.layout.pdf_like || cx.layout.letter_loss {
            Severity::Warning
        } else {
            META.default_severity
        };
        check_sequences(cx, severity, out);
        check_styles(cx, out);
    }
}

fn check_sequences(cx: &Context<'_>, severity: Severity, out: &mut Vec<Diagnostic>) {
    // Children of each parent, grouped by (rank, family), in document order.
    let mut groups: BTreeMap<(Option<usize>, u32, u8), Vec<usize>> = BTreeMap::new();
    for (i, s) in cx.doc.sections.iter().enumerate() {
        let Some((h, _)) = heading_of(cx, i) else {
            continue;
        };
        if h.style == HeadingStyle::Markdown || h.number.is_empty() {
            continue;
        }
        groups
            .entry((s.parent, h.rank, family(h.style)))
            .or_default()
            .push(i);
    }
    // Last number of each (rank, family) under the previous parent, for continued numbering.
    let mut last_seen: BTreeMap<(u32, u8), u32> = BTreeMap::new();
    let mut ordered: Vec<_> = groups.into_iter().collect();
    ordered.sort_by_key(|(_, v)| v.first().copied());
    for ((parent, rank, fam), members) in ordered {
        let mut prev: Option<(u32, &Heading)> = None;
        for &i in &members {
            let Some((h, _)) = heading_of(cx, i) else {
                continue;
            };
            let Some(&n) = h.number.last() else { continue };
            // A decimal heading's prefix must be its parent's number.
            if h.style == HeadingStyle::Decimal && h.number.len() > 1 {
                if let Some((ph, _)) = parent.and_then(|p| heading_of(cx, p)) {
                    let prefix = h.number.get(..h.number.len() - 1).unwrap_or_default();
                    if ph.style != HeadingStyle::Markdown
                        && matches!(ph.style, HeadingStyle::Arabic | HeadingStyle::Decimal)
                        && ph.number.as_slice() != prefix
                    {
                        out.push(
                            Diagnostic::new(
                                META.id,
                                Severity::Warning,
                                h.marker,
                                Message::new("heading-sequence.message-prefix")
                                    .arg("number", marker_text(cx, h))
                                    .arg("parent", marker_text(cx, ph)),
                            )
                            .with_help(Message::new("heading-sequence.help-prefix"))
                            .with_label(
                                h.marker,
                                Message::new("heading-sequence.label.this")
                                    .arg("number", marker_text(cx, h)),
                            )
                            .with_label(
                                ph.marker,
                                Message::new("heading-sequence.label.parent")
                                    .arg("number", marker_text(cx, ph)),
                            ),
                        );
                    }
                }
            }
            match prev {
                None => {
                    let continued = last_seen.get(&(rank, fam)).is_some_and(|&l| n == l + 1);
                    if n != 1 && !continued && parent.is_some() {
                        out.push(
                            Diagnostic::new(
                                META.id,
                                Severity::Warning,
                                h.marker,
                                Message::new("heading-sequence.message-start")
                                    .arg("number", marker_text(cx, h)),
                            )
                            .with_help(Message::new("heading-sequence.help"))
                            .with_label(
                                h.marker,
                                Message::new("heading-sequence.label.this")
                                    .arg("number", marker_text(cx, h)),
                            ),
                        );
                    }
                }
                Some((p, ph)) if n != p + 1 => {
                    let key = if n == p {
                        "heading-sequence.message-repeat"
                    } else if n < p {
                        "heading-sequence.message-back"
                    } else {
                        "heading-sequence.message-gap"
                    };
                    out.push(
                        Diagnostic::new(
                            META.id,
                            severity,
                            h.marker,
                            Message::new(key)
                                .arg("prev", marker_text(cx, ph))
                                .arg("number", marker_text(cx, h)),
                        )
                        .with_help(Message::new("heading-sequence.help"))
                        .with_label(
                            ph.marker,
                            Message::new("heading-sequence.label.prev")
                                .arg("number", marker_text(cx, ph)),
                        )
                        .with_label(
                            h.marker,
                            Message::new("heading-sequence.label.this")
                                .arg("number", marker_text(cx, h)),
                        ),
                    );
                }
                Some(_) => {}
            }
            prev = Some((n, h));
        }
        if let Some((n, _)) = prev {
            last_seen.insert((rank, fam), n);
        }
    }
}

fn style_name(style: HeadingStyle) -> &'static str {
    match style {
        HeadingStyle::PartOrdinalWord => "Phần thứ nhất",
        HeadingStyle::PartRoman => "Phần I",
        HeadingStyle::Roman => "I.",
        HeadingStyle::Arabic => "1.",
        HeadingStyle::ArabicParen => "1)",
        HeadingStyle::Decimal => "1.1.",
        HeadingStyle::LetterParen => "a)",
        HeadingStyle::LetterDot => "a.",
        HeadingStyle::Markdown => "#",
    }
}

/// One style per family in the document: the first heading of each style is labelled.
fn check_styles(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut firsts: BTreeMap<u8, Vec<(HeadingStyle, &Heading)>> = BTreeMap::new();
    for b in &cx.doc.blocks {
        let BlockKind::Heading(h) = &b.kind else {
            continue;
        };
        if h.style == HeadingStyle::Markdown {
            continue;
        }
        let v = firsts.entry(family(h.style)).or_default();
        if !v.iter().any(|(s, _)| *s == h.style) {
            v.push((h.style, h));
        }
    }
    for v in firsts.values() {
        let [(s1, h1), (s2, h2), ..] = v.as_slice() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                META.id,
                Severity::Warning,
                h2.marker,
                Message::new("heading-sequence.message-style")
                    .arg("first", marker_text(cx, h1))
                    .arg("second", marker_text(cx, h2)),
            )
            .with_help(Message::new("heading-sequence.help-style").arg("style", style_name(*s1)))
            .with_label(
                h1.marker,
                Message::new("heading-sequence.label.style").arg("style", style_name(*s1)),
            )
            .with_label(
                h2.marker,
                Message::new("heading-sequence.label.style").arg("style", style_name(*s2)),
            ),
        );
    }
}

/// `(1) … (2) … (4)` within one block.
fn check_enumerators(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (_, b) in cx.part_blocks() {
        if !b.kinds.any(TokenKinds::ENUMERATOR) {
            continue;
        }
        // (digit label, parenthesised) → (previous ordinal, its span), indexed by
        // `slot`: four keys need no map (a map per block cost more than its lookups).
        let mut prev: [Option<(u32, Span)>; 4] = [None; 4];
        let slot = |(digit, paren): (bool, bool)| usize::from(digit) * 2 + usize::from(paren);
        for t in &b.tokens {
            let TokenKind::Enumerator { label, ordinal } = &t.kind else {
                continue;
            };
            let written = cx.text.get(t.span.range()).unwrap_or_default();
            let key = (
                label.chars().next().is_some_and(|c| c.is_ascii_digit()),
                written.starts_with('('),
            );
            let ordinal = *ordinal;
            if let Some(&Some((p, pspan))) = prev.get(slot(key)) {
                if ordinal != p + 1 && ordinal != 1 {
                    let pw = cx.text.get(pspan.range()).unwrap_or_default();
                    out.push(
                        Diagnostic::new(
                            META.id,
                            Severity::Warning,
                            t.span,
                            Message::new("heading-sequence.message-enumerator")
                                .arg("prev", pw)
                                .arg("number", written),
                        )
                        .with_help(Message::new("heading-sequence.help-enumerator"))
                        .with_label(
                            pspan,
                            Message::new("heading-sequence.label.prev").arg("number", pw),
                        )
                        .with_label(
                            t.span,
                            Message::new("heading-sequence.label.this").arg("number", written),
                        ),
                    );
                }
            }
            if let Some(p) = prev.get_mut(slot(key)) {
                *p = Some((ordinal, t.span));
            }
        }
    }
}
