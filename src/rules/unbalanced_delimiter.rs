//! # unbalanced-delimiter
//!
//! ## What it does
//! Checks, block by block (a paragraph, list item, heading or table row), that every opening
//! `(`, `[` and `“` is closed in the same block and every closing `)`, `]` and `”` was opened
//! there; straight quotes `"` pair by parity. It points at the opener that is never closed, or
//! at the stray closer.
//!
//! ## Why it matters
//! A parenthesis or a quotation left open makes the reader guess where the aside or the quoted
//! title ends: `(trong đó: 1270 công văn; … 22 giấy giới thiệu; để chỉ đạo …` no longer says
//! which figures belong to the breakdown. It is usually a fragment lost when a sentence was
//! cut or pasted.
//!
//! ## Example
//! ```text
//! Mô hình PCCC “Điểm chữa cháy công cộng: 02; Mô hình “Camera giám sát ANTT”: 05.
//! ```
//! is reported at the first `“`: a second `“` opens before it is closed.
//!
//! ## Known limits
//! - At most three findings per paragraph: more strays than that mean the paragraph is
//!   damaged or generated, and the first few are enough to show it.
//! - Each kind is paired on its own, so `(“…)”` crossing is not reported. `“` never nests: a
//!   second `“` while one is open reports the first. In a document that never uses `”` the
//!   writer closes with `“` or `"`: its `“` pair by parity, and a block that also has a `"`
//!   is not checked for `“`. A block that uses only `”` pairs them by parity.
//! - Enumerators are not closers: an unmatched `a)`, `1)`, `iv)` at the start of a block or
//!   after `;`, `:`, `.`, `,`, a dash or a bullet is left alone (while a `(` is open, any `)`
//!   closes it: `(Trong đó sinh con thứ 3 là: 7)`). `(1)` is balanced. Markdown links `[x](y)` and footnotes `[^1]`
//!   balance like any pair; a backslash-escaped delimiter is ignored; `"` after minutes
//!   (`17h30'15"`) is a seconds mark, not a quote.
//! - For odd straight quotes the last `"` of the block is reported (with parity it is the one
//!   left over; which one lacks its partner cannot be known).
//! - In a document whose extraction lost letters (`letter_loss`), a finding is dropped when
//!   the stretch where the partner should be (opener to the next opener of the kind or the end
//!   of the block; start of the block to a stray closer) has a run of two or more spaces
//!   inside it: a lost character there may have been the partner.
//! - A parenthesis that legitimately spans two paragraphs (or bullet lines) is reported; no
//!   fix is offered, since where the aside ends is the writer's call.

use super::{Context, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::span::Span;

pub struct UnbalancedDelimiter;

static META: RuleMeta = RuleMeta {
    id: "unbalanced-delimiter",
    default_severity: Severity::Warning,
    summary: "an opening bracket or quote never closed in its block, or a closer never opened",
    source: include_str!("unbalanced_delimiter.rs"),
};

/// What was found in one block: (kind, position of the delimiter, extra label position,
/// stretch where the partner should be).
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Unclosed {
        open: char,
        close: char,
        at: usize,
        /// The next opener of the same kind (quotes), which shows the first was not closed.
        next: Option<usize>,
        window: (usize, usize),
    },
    Stray {
        open: char,
        close: char,
        at: usize,
        window: (usize, usize),
    },
    OddQuotes {
        count: usize,
        at: usize,
        window: (usize, usize),
    },
}

impl Problem {
    fn at(&self) -> usize {
        match self {
            Problem::Unclosed { at, .. }
            | Problem::Stray { at, .. }
            | Problem::OddQuotes { at, .. } => *at,
        }
    }

    fn window(&self) -> (usize, usize) {
        match self {
            Problem::Unclosed { window, .. }
            | Problem::Stray { window, .. }
            | Problem::OddQuotes { window, .. } => *window,
        }
    }
}

impl Rule for UnbalancedDelimiter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_document(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        const MAX_PER_BLOCK: usize = 3;
        // A substring search for its bytes (`E2 80 9D`): `contains('”')` stops at every `9D`,
        // which ends the `ờ` of `người`, `thời`, `mười`.
        let curly_closes = memchr::memmem::find(cx.text.as_bytes(), "”".as_bytes()).is_some();
        // The delimiter bytes are searched for once in the whole text, lazily (see
        // `Cursor`): no search set up per block, no list of every position of a large
        // document held at once.
        let mut cursor = Cursor::new(cx.text.as_bytes());
        // By line: a paragraph read in pieces is scanned whole.
        for r in crate::parse::blocks::line_contents(cx.doc, cx.text) {
            let Some(s) = cx.text.get(r.clone()) else {
                continue;
            };
            let letter_loss = cx.layout.letter_loss;
            let accept = |p: &Problem| {
                let (ws, we) = p.window();
                !(letter_loss && has_gap(s.get(ws..we).unwrap_or("")))
            };
            // A paragraph with more strays than this is damaged or machine-made: the first few
            // say so without burying the other findings. Only those few are kept while the
            // block is scanned (a hostile `((((…` holds a million).
            let mut firsts = Firsts::new(MAX_PER_BLOCK, &accept);
            scan_into(s, curly_closes, cursor.block(r.clone()), &mut firsts);
            for p in firsts.items {
                out.push(diagnostic(&p, r.start));
            }
        }
    }
}

/// A run of two or more spaces between non-space characters: where PDF extraction lost a
/// character.
fn has_gap(s: &str) -> bool {
    s.trim().contains("  ")
}

fn char_len(c: char) -> usize {
    c.len_utf8()
}

fn diagnostic(p: &Problem, base: usize) -> Diagnostic {
    let sp = |at: usize, c: char| Span::new(base + at, base + at + char_len(c));
    match p {
        Problem::Unclosed {
            open,
            close,
            at,
            next,
            ..
        } => {
            let mut d = Diagnostic::new(
                META.id,
                META.default_severity,
                sp(*at, *open),
                Message::new("unbalanced-delimiter.message-unclosed")
                    .arg("open", open)
                    .arg("close", close),
            )
            .with_help(
                Message::new("unbalanced-delimiter.help-unclosed")
                    .arg("open", open)
                    .arg("close", close),
            )
            .with_label(
                sp(*at, *open),
                Message::new("unbalanced-delimiter.label.unclosed").arg("close", close),
            );
            if let Some(n) = next {
                d = d.with_label(
                    sp(*n, *open),
                    Message::new("unbalanced-delimiter.label.next-open"),
                );
            }
            d
        }
        Problem::Stray {
            open, close, at, ..
        } => Diagnostic::new(
            META.id,
            META.default_severity,
            sp(*at, *close),
            Message::new("unbalanced-delimiter.message-stray")
                .arg("open", open)
                .arg("close", close),
        )
        .with_help(
            Message::new("unbalanced-delimiter.help-stray")
                .arg("open", open)
                .arg("close", close),
        )
        .with_label(
            sp(*at, *close),
            Message::new("unbalanced-delimiter.label.stray").arg("open", open),
        ),
        Problem::OddQuotes { count, at, .. } => Diagnostic::new(
            META.id,
            META.default_severity,
            sp(*at, '"'),
            Message::new("unbalanced-delimiter.message-odd").arg("count", count),
        )
        .with_help(Message::new("unbalanced-delimiter.help-odd"))
        .with_label(
            sp(*at, '"'),
            Message::new("unbalanced-delimiter.label.odd").arg("n", count),
        ),
    }
}

/// Is the `)` at byte `at` of `s` the end of an enumerator (`a)`, `1)`, `iv)`)?
fn is_enumerator_close(s: &str, at: usize) -> bool {
    let before = s.get(..at).unwrap_or("");
    let token_len: usize = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum();
    let token = before.get(before.len() - token_len..).unwrap_or("");
    let n = token.chars().count();
    let shape = match n {
        0 => false,
        1 => true,
        _ if token.chars().all(|c| c.is_ascii_digit()) => n <= 2,
        _ => {
            n <= 4
                && (token.chars().all(|c| "ivx".contains(c))
                    || token.chars().all(|c| "IVX".contains(c)))
        }
    };
    if !shape {
        return false;
    }
    let lead = before.get(..before.len() - token_len).unwrap_or("");
    match lead.trim_end().chars().last() {
        None => true,
        Some(c) => ";:.,-+*•–".contains(c),
    }
}

/// Is the `"` at byte `at` a seconds mark (`17h30'15"`, `21°30'15"`)?
fn is_seconds_mark(s: &str, at: usize) -> bool {
    let before = s.get(..at).unwrap_or("");
    let digits = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    digits > 0
        && before
            .get(..before.len() - digits)
            .and_then(|b| b.chars().last())
            .is_some_and(|c| c == '\'' || c == '′')
}

/// Offsets of the bytes that can start a delimiter: `(`, `)`, `[`, `]`, `"` and `E2` (the
/// lead byte of `“` and `”`, E2 80 9C / E2 80 9D), in text order. Two vectorised searches of
/// three bytes each, merged.
/// The delimiter positions of a document, handed out block by block. Blocks come in text
/// order, so each takes the positions inside it as one search over the text reaches them; a
/// block that starts before the previous one ended gets a search of its own.
struct Cursor<'t> {
    bytes: &'t [u8],
    positions: std::iter::Peekable<Box<dyn Iterator<Item = usize> + 't>>,
    reached: usize,
}

impl<'t> Cursor<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Cursor {
            bytes,
            positions: Self::search(bytes, 0),
            reached: 0,
        }
    }

    fn search(
        bytes: &'t [u8],
        from: usize,
    ) -> std::iter::Peekable<Box<dyn Iterator<Item = usize> + 't>> {
        let it: Box<dyn Iterator<Item = usize> + 't> = Box::new(delimiter_positions(bytes, from));
        it.peekable()
    }

    /// The positions inside `r`, as offsets in it.
    fn block(&mut self, r: std::ops::Range<usize>) -> impl Iterator<Item = usize> + use<'_, 't> {
        if r.start < self.reached {
            self.positions = Self::search(self.bytes, r.start);
        }
        self.reached = r.end;
        while self.positions.next_if(|&i| i < r.start).is_some() {}
        let positions = &mut self.positions;
        std::iter::from_fn(move || positions.next_if(|&i| i < r.end).map(|i| i - r.start))
    }
}

/// The positions of the delimiter bytes in `bytes` from `from` on, in order.
fn delimiter_positions(bytes: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
    let tail = bytes.get(from..).unwrap_or_default();
    let mut round = memchr::memchr3_iter(b'(', b')', 0xE2, tail).peekable();
    let mut square = memchr::memchr3_iter(b'[', b']', b'"', tail).peekable();
    std::iter::from_fn(move || match (round.peek(), square.peek()) {
        (Some(&r), Some(&q)) if q < r => square.next(),
        (Some(_), _) => round.next(),
        (None, _) => square.next(),
    })
    .map(move |i| i + from)
}

/// The per-block search `check` did before: `scan_at` over the block's own search. Kept for
/// the tests and as the oracle of the document-wide search.
#[cfg(test)]
fn scan(s: &str, curly_closes: bool) -> Vec<Problem> {
    let bytes = s.as_bytes();
    let mut round = memchr::memchr3_iter(b'(', b')', 0xE2, bytes).peekable();
    let mut square = memchr::memchr3_iter(b'[', b']', b'"', bytes).peekable();
    let positions = std::iter::from_fn(move || match (round.peek(), square.peek()) {
        (Some(&r), Some(&q)) if q < r => square.next(),
        (Some(_), _) => round.next(),
        (None, _) => square.next(),
    });
    scan_at(s, curly_closes, positions)
}

/// Every unbalanced delimiter of one block's text, in text order. Positions are byte offsets
/// in `s`; `positions` are the offsets of the bytes that can start a delimiter, in order.
#[cfg(test)]
fn scan_at(s: &str, curly_closes: bool, positions: impl Iterator<Item = usize>) -> Vec<Problem> {
    let all = |_: &Problem| true;
    let mut firsts = Firsts::new(usize::MAX, &all);
    scan_into(s, curly_closes, positions, &mut firsts);
    firsts.items
}

/// The first `limit` problems that `accept` takes, in text order (of two at one offset, the
/// first found first): what a scan of every problem, sorted and filtered, would begin with.
struct Firsts<'f> {
    limit: usize,
    accept: &'f dyn Fn(&Problem) -> bool,
    items: Vec<Problem>,
}

impl<'f> Firsts<'f> {
    fn new(limit: usize, accept: &'f dyn Fn(&Problem) -> bool) -> Self {
        Firsts {
            limit,
            accept,
            items: Vec::new(),
        }
    }

    fn push(&mut self, p: Problem) {
        let at = p.at();
        let i = self.items.partition_point(|q| q.at() <= at);
        if i >= self.limit || !(self.accept)(&p) {
            return;
        }
        self.items.insert(i, p);
        self.items.truncate(self.limit);
    }
}

/// Finds the unbalanced delimiters of one block's text into `out`. Positions are byte
/// offsets in `s`; `positions` are the offsets of the bytes that can start a delimiter, in
/// order.
fn scan_into(
    s: &str,
    curly_closes: bool,
    positions: impl Iterator<Item = usize>,
    out: &mut Firsts<'_>,
) {
    let mut parens: Vec<usize> = Vec::new();
    let mut brackets: Vec<usize> = Vec::new();
    let mut curly: Option<usize> = None;
    let mut right_curly: Vec<usize> = Vec::new();
    let mut has_left_curly = false;
    let mut straight: Vec<usize> = Vec::new();
    // `“` in a document that never writes `”`.
    let mut left_only: Vec<usize> = Vec::new();
    let bytes = s.as_bytes();
    // Only delimiters matter: their bytes are looked for, the text between is skipped.
    // `“` and `”` are E2 80 9C / E2 80 9D; a char after a backslash is escaped, which an
    // odd run of backslashes before it says.
    let delimiters = positions.filter_map(|i| match bytes.get(i) {
        Some(&b @ (b'(' | b')' | b'[' | b']' | b'"')) => Some((i, char::from(b))),
        Some(0xE2) => match bytes.get(i + 1..i + 3) {
            Some([0x80, 0x9C]) => Some((i, '“')),
            Some([0x80, 0x9D]) => Some((i, '”')),
            _ => None,
        },
        _ => None,
    });
    for (i, c) in delimiters {
        let backslashes = bytes
            .get(..i)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        match c {
            '(' => parens.push(i),
            '[' => brackets.push(i),
            // An open parenthesis takes any `)`, even one shaped like an enumerator
            // (`(Trong đó sinh con thứ 3 là: 7)`); only an unmatched one may be an enumerator.
            ')' | ']' => {
                let (stack, open) = if c == ')' {
                    (&mut parens, '(')
                } else {
                    (&mut brackets, '[')
                };
                let unmatched = stack.pop().is_none();
                if unmatched && !(c == ')' && is_enumerator_close(s, i)) {
                    out.push(Problem::Stray {
                        open,
                        close: c,
                        at: i,
                        window: (0, i),
                    });
                }
            }
            '“' if !curly_closes => left_only.push(i),
            '“' => {
                has_left_curly = true;
                if let Some(o) = curly.replace(i) {
                    out.push(Problem::Unclosed {
                        open: '“',
                        close: '”',
                        at: o,
                        next: Some(i),
                        window: (o, i),
                    });
                }
            }
            '”' => {
                right_curly.push(i);
                if curly.take().is_none() && has_left_curly {
                    out.push(Problem::Stray {
                        open: '“',
                        close: '”',
                        at: i,
                        window: (0, i),
                    });
                }
            }
            '"' if !is_seconds_mark(s, i) => straight.push(i),
            _ => {}
        }
    }
    // A document that never writes `”` closes with `“` or `"`: its `“` and `"` pair by
    // parity together (corpus 001: `“Tăng cường cải cách …` never closed); the last one is
    // the leftover.
    if !left_only.is_empty() {
        let total = left_only.len() + straight.len();
        let last_left = left_only.last().copied().unwrap_or(0);
        match straight.last().copied() {
            _ if total % 2 == 0 => {}
            Some(q) if q > last_left => out.push(Problem::OddQuotes {
                count: total,
                at: q,
                window: (0, s.len()),
            }),
            _ => out.push(Problem::Unclosed {
                open: '“',
                close: '”',
                at: last_left,
                next: None,
                window: (last_left, s.len()),
            }),
        }
        straight.clear();
    }
    // A block that writes `”` on both sides (no `“`): pairs by parity.
    if !has_left_curly && right_curly.len() % 2 == 1 {
        if let Some(&at) = right_curly.last() {
            out.push(Problem::Stray {
                open: '“',
                close: '”',
                at,
                window: (0, s.len()),
            });
        }
    }
    for o in parens {
        out.push(Problem::Unclosed {
            open: '(',
            close: ')',
            at: o,
            next: None,
            window: (o, s.len()),
        });
    }
    for o in brackets {
        out.push(Problem::Unclosed {
            open: '[',
            close: ']',
            at: o,
            next: None,
            window: (o, s.len()),
        });
    }
    if let Some(o) = curly {
        out.push(Problem::Unclosed {
            open: '“',
            close: '”',
            at: o,
            next: None,
            window: (o, s.len()),
        });
    }
    if straight.len() % 2 == 1 {
        if let Some(&at) = straight.last() {
            out.push(Problem::OddQuotes {
                count: straight.len(),
                at,
                window: (0, s.len()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ats(s: &str) -> Vec<usize> {
        scan(s, true)
            .iter()
            .map(|p| match p {
                Problem::Unclosed { at, .. }
                | Problem::Stray { at, .. }
                | Problem::OddQuotes { at, .. } => *at,
            })
            .collect()
    }

    #[test]
    fn enumerators_are_not_closers() {
        assert!(ats("a) Trồng trọt; b) Chăn nuôi: c) Thủy sản").is_empty());
        assert!(ats("- 1) một, 2) hai").is_empty());
        assert!(ats("gồm: (1) A, (2) B; iv) C").is_empty());
        // A word before `)` is not an enumerator.
        let s = "tổng 5 hộ)";
        assert_eq!(ats(s), vec![s.len() - 1]);
    }

    #[test]
    fn curly_without_closers_in_document_pair_by_parity() {
        assert_eq!(scan("“Tăng cường cải cách", false).len(), 1);
        assert!(scan("phong trào “Toàn dân“ tiếp tục", false).is_empty());
        assert!(scan("phong trào “Toàn dân\" tiếp tục", false).is_empty());
        // One `“` and four `"`: five quotes, the last `"` is left over.
        let odd = scan("“a\" và \"b\" và \"c", false);
        assert!(
            matches!(odd.as_slice(), [Problem::OddQuotes { count: 5, .. }]),
            "{odd:?}"
        );
        assert_eq!(ats("“Tăng cường cải cách"), vec![0]);
    }

    #[test]
    fn right_quotes_on_both_sides_pair_by_parity() {
        assert!(ats("phong trào ”Toàn dân” tiếp tục").is_empty());
        assert_eq!(ats("phong trào ”Toàn dân tiếp tục").len(), 1);
    }

    use proptest::prelude::*;

    fn doc() -> impl Strategy<Value = (String, Vec<std::ops::Range<usize>>)> {
        let piece = prop::sample::select(vec![
            "(",
            ")",
            "[",
            "]",
            "\"",
            "“",
            "”",
            "–",
            "…",
            "\\",
            "\\\\",
            "a)",
            "iv)",
            "12)",
            "17h30'15\"",
            "Việt",
            "người",
            "H¹nh",
            "Vieät",
            "§éc",
            " ",
            "  ",
            "\n",
            ";",
            ".",
            "1.064",
            "3/17",
            "-",
            "(Trong đó",
            "ngày",
        ]);
        crate::rules::testing::doc(piece, 40, true)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The document-wide search, cut per block as `check` does, finds what the per-block
        /// search found.
        #[test]
        fn document_positions_match_block_search((text, blocks) in doc(), cc in any::<bool>()) {
            let mut cursor = Cursor::new(text.as_bytes());
            for r in &blocks {
                let s = text.get(r.clone()).unwrap();
                prop_assert_eq!(scan_at(s, cc, cursor.block(r.clone())), scan(s, cc));
            }
            // Kept to the first few accepted, a scan gives the start of every problem
            // accepted, in order (the filter here stands for `check`'s damaged-window one).
            let mut cursor = Cursor::new(text.as_bytes());
            for r in &blocks {
                let s = text.get(r.clone()).unwrap();
                let accept = |p: &Problem| p.at() % 3 != 1;
                let mut firsts = Firsts::new(2, &accept);
                scan_into(s, cc, cursor.block(r.clone()), &mut firsts);
                let want: Vec<Problem> = scan(s, cc).into_iter().filter(accept).take(2).collect();
                prop_assert_eq!(firsts.items, want);
            }
            // Out of order, each block searches again.
            let mut cursor = Cursor::new(text.as_bytes());
            for r in blocks.iter().rev() {
                let s = text.get(r.clone()).unwrap();
                prop_assert_eq!(scan_at(s, cc, cursor.block(r.clone())), scan(s, cc));
            }
        }
    }
}
