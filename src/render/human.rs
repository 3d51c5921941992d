//! Human output: one miette "fancy" report per finding, then a summary line.

use super::{FileResult, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Analysis;
use crate::messages::{render, Lang};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// How to draw reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    /// Total width in columns used to wrap messages.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Vi,
            color: false,
            width: 100,
        }
    }
}

/// One finding as miette sees it.
struct Report<'a> {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Src<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// The file's text under a display name. miette's own `[name:line:col]` header counts
/// columns in bytes, which is wrong for Vietnamese (`à` is two bytes); so the header's
/// position is switched off and the name carries `path:line:col` computed in characters,
/// the same numbers as the JSON output. Borrowing the text also avoids a copy per finding.
///
/// `text` is a window of the file (the lines around the labels) that starts on line
/// `first_line` (0-based): miette's `read_span` on a `&str` counts lines from the start of
/// the text, which made rendering quadratic in the size of the file (one scan per finding).
struct Src<'a> {
    name: String,
    text: Cow<'a, str>,
    first_line: usize,
}

impl SourceCode for Src<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.as_ref().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// Characters kept on each side of the labels when a long line is cut.
const MARGIN_CHARS: usize = 24;

/// Byte offset `n` characters before `at` in `s`, not before `floor`.
fn back_chars(s: &str, floor: usize, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    match s.get(floor..at) {
        Some(part) => part
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(floor, |(i, _)| floor + i),
        None => at,
    }
}

/// Byte offset `n` characters after `at` in `s`, not after `ceil`.
fn forward_chars(s: &str, at: usize, ceil: usize, n: usize) -> usize {
    match s.get(at..ceil) {
        Some(part) => part.char_indices().nth(n).map_or(ceil, |(i, _)| at + i),
        None => at,
    }
}

/// A copy of `text` in which every line longer than `max_chars` (+ [`MARGIN_CHARS`]) characters
/// is cut to about `max_chars`: around
/// the spans it holds (with [`MARGIN_CHARS`] either side, `…` marking each cut), or to its
/// first `max_chars` characters when it holds none. Line count and order are unchanged, so
/// miette's line numbers stay right. Returns the text and the spans mapped into it; `None`
/// (show the text as it is) when a span crosses a line end or the text has lone CR line ends.
fn excerpt(
    text: &str,
    spans: &[Range<usize>],
    max_chars: usize,
) -> Option<(String, Vec<Range<usize>>)> {
    let lone_cr = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\r' && w[1] != b'\n')
        || text.ends_with('\r');
    if lone_cr {
        return None;
    }
    for r in spans {
        if text.get(r.clone())?.contains('\n') {
            return None;
        }
    }
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut mapped: Vec<Option<Range<usize>>> = vec![None; spans.len()];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let body_end = line_start + body.len();
        let inside: Vec<usize> = (0..spans.len())
            .filter(|&i| {
                spans.get(i).is_some_and(|r| {
                    r.start >= line_start && r.end <= body_end && mapped[i].is_none()
                })
            })
            .collect();
        // A line only a little too wide is shown whole: cutting a few characters off hides
        // more than it saves.
        let (ws, we) = if body.chars().count() <= max_chars + MARGIN_CHARS {
            (line_start, body_end)
        } else if inside.is_empty() {
            (
                line_start,
                forward_chars(text, line_start, body_end, max_chars),
            )
        } else {
            let lo = inside
                .iter()
                .filter_map(|&i| spans.get(i))
                .map(|r| r.start)
                .min()?;
            let hi = inside
                .iter()
                .filter_map(|&i| spans.get(i))
                .map(|r| r.end)
                .max()?;
            let ws = back_chars(text, line_start, lo, MARGIN_CHARS);
            let we = forward_chars(text, hi, body_end, MARGIN_CHARS);
            // Use the whole width: widen to the right, then to the left.
            let used = text.get(ws..we).map_or(0, |w| w.chars().count());
            let spare = max_chars.saturating_sub(used);
            let we2 = forward_chars(text, we, body_end, spare);
            let used = text.get(ws..we2).map_or(0, |w| w.chars().count());
            let ws2 = back_chars(text, line_start, ws, max_chars.saturating_sub(used));
            (ws2, we2)
        };
        if ws > line_start {
            out.push('…');
        }
        let new_start = out.len();
        out.push_str(text.get(ws..we)?);
        if we < body_end {
            out.push('…');
        }
        out.push_str(line.get(body.len()..)?);
        for i in inside {
            if let (Some(r), Some(m)) = (spans.get(i), mapped.get_mut(i)) {
                *m = Some(new_start + (r.start - ws)..new_start + (r.end - ws));
            }
        }
        line_start += line.len();
    }
    // A span at the very end of the text (past the last line) maps to the end.
    let end = out.len();
    let ranges = mapped.into_iter().map(|m| m.unwrap_or(end..end)).collect();
    Some((out, ranges))
}

/// Labels drawn per finding.
const MAX_LABELS: usize = 16;

/// Lines of the file kept around the labels (miette shows one line of context; more is kept
/// so the window never cuts what it would show).
const CONTEXT_LINES: usize = 3;

/// Whether byte `i` of `b` ends a line: `\n`, or a `\r` not followed by `\n` (classic Mac
/// line ends), as `SourceFile::line_col` counts lines.
fn is_line_break(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => b.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Start of the line holding byte `at` of `src`.
fn line_start(src: &str, at: usize) -> usize {
    let b = src.as_bytes();
    let mut end = at.min(b.len());
    while let Some(i) = b.get(..end).and_then(|h| memchr::memrchr2(b'\n', b'\r', h)) {
        if is_line_break(b, i) {
            return i + 1;
        }
        // The `\r` of a `\r\n` whose `\n` is at `at`: the line starts before it.
        end = i;
    }
    0
}

/// Offset of the line break ending the line that holds byte `at` (`src.len()` on the last).
fn line_end(src: &str, at: usize) -> usize {
    let b = src.as_bytes();
    b.get(at..)
        .and_then(|t| memchr::memchr2(b'\n', b'\r', t))
        .map_or(src.len(), |i| at + i)
}

/// Start of the line after the line break at `brk`.
fn after_break(src: &str, brk: usize) -> usize {
    let b = src.as_bytes();
    if b.get(brk) == Some(&b'\r') && b.get(brk + 1) == Some(&b'\n') {
        brk + 2
    } else {
        brk + 1
    }
}

/// Byte range of `src` covering the lines of `ranges` and `context` lines on each side. Lines
/// end at `\n`, `\r\n` and a lone `\r`: with `\n` alone, a file with classic Mac line ends
/// was one line, and every finding handed the whole file to miette (quadratic).
fn window(src: &str, ranges: &[Range<usize>], context: usize) -> (usize, usize) {
    let lo = ranges
        .iter()
        .map(|r| r.start)
        .min()
        .unwrap_or(0)
        .min(src.len());
    let hi = ranges
        .iter()
        .map(|r| r.end)
        .max()
        .unwrap_or(0)
        .clamp(lo, src.len());
    let mut ws = line_start(src, lo);
    for _ in 0..context {
        if ws == 0 {
            break;
        }
        ws = line_start(src, ws - 1);
    }
    let mut we = line_end(src, hi);
    for _ in 0..context {
        if we >= src.len() {
            break;
        }
        we = line_end(src, after_break(src, we));
    }
    (ws, we.min(src.len()))
}

/// `src[ws..we]` with every lone `\r` (a line end, see [`is_line_break`]) written as `\n`.
/// miette finds lines with a lone `\r` as a line end but draws them without: the report
/// showed a lone-CR file as one line numbered 0 with raw `\r`s in it. Both are one byte, so
/// offsets and spans are unchanged.
fn lone_cr_as_lf(src: &str, ws: usize, we: usize) -> Cow<'_, str> {
    let w = src.get(ws..we).unwrap_or("");
    let b = src.as_bytes();
    let lone = |i: usize| b.get(i) == Some(&b'\r') && is_line_break(b, i);
    if !memchr::memchr_iter(b'\r', w.as_bytes()).any(|i| lone(ws + i)) {
        return Cow::Borrowed(w);
    }
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.char_indices() {
        out.push(if lone(ws + i) { '\n' } else { c });
    }
    Cow::Owned(out)
}

fn handler(opts: &Options) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .without_primary_span_start()
}

/// Renders one finding of `analysis`.
pub fn render_diagnostic(
    analysis: &Analysis,
    path: &str,
    d: &Diagnostic,
    opts: &Options,
) -> String {
    let (line, col) = analysis
        .source
        .line_col(analysis.source_range(d.span).start);
    // Rules label every figure inside the finding's span, so drawing the span itself as well
    // would overlap the labels (miette draws overlapping underlines over each other). The
    // span is drawn only when there is no label; the header still names its start.
    // A finding may label every occurrence in the file (an undefined footnote mark used in
    // each paragraph): drawing thousands of labels is unreadable, and both `excerpt` and
    // miette take time proportional to lines × labels (quadratic). The first ones are drawn,
    // the help says how many are left out.
    let hidden = d.labels.len().saturating_sub(MAX_LABELS);
    let mut spans: Vec<(Option<String>, Range<usize>)> = d
        .labels
        .iter()
        .take(MAX_LABELS)
        .map(|l| {
            (
                Some(render(opts.lang, &l.message)),
                analysis.source_range(l.span),
            )
        })
        .collect();
    if spans.is_empty() {
        spans.push((None, analysis.source_range(d.span)));
    }
    // Typed reports keep a whole paragraph on one line; cut long lines to the labelled part.
    let max_chars = opts.width.saturating_sub(10).max(40);
    let ranges: Vec<Range<usize>> = spans.iter().map(|(_, r)| r.clone()).collect();
    // Only the lines around the labels are handed to miette (and cut by `excerpt`): both
    // would otherwise copy or scan the whole file once per finding (quadratic).
    let src = analysis.source.text.as_str();
    let (ws, we) = window(src, &ranges, CONTEXT_LINES);
    let first_line = analysis.source.line_col(ws).0.saturating_sub(1);
    let view = lone_cr_as_lf(src, ws, we);
    let local: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| r.start.saturating_sub(ws)..r.end.saturating_sub(ws))
        .collect();
    let (text, ranges) = match excerpt(&view, &local, max_chars) {
        Some((t, r)) => (Cow::Owned(t), r),
        None => (view, local),
    };
    let labels: Vec<LabeledSpan> = spans
        .into_iter()
        .zip(ranges)
        .enumerate()
        .map(|(i, ((text, _), r))| {
            if i == 0 {
                LabeledSpan::new_primary_with_span(text, SourceSpan::from(r))
            } else {
                LabeledSpan::new_with_span(text, SourceSpan::from(r))
            }
        })
        .collect();
    let report = Report {
        message: render(opts.lang, &d.message),
        code: d.rule,
        severity: severity(d.severity),
        help: {
            let more = (hidden > 0).then(|| {
                render(
                    opts.lang,
                    &crate::diagnostic::Message::new("render.more-labels").arg("n", hidden),
                )
            });
            match (d.help.as_ref().map(|h| render(opts.lang, h)), more) {
                (Some(h), Some(m)) => Some(format!("{h}\n{m}")),
                (h, m) => h.or(m),
            }
        },
        labels,
        source: Src {
            name: format!("{path}:{line}:{col}"),
            text,
            first_line,
        },
    };
    let mut out = String::new();
    if handler(opts).render_report(&mut out, &report).is_err() {
        // Rendering into a String only fails if the source cannot be read at a span; fall
        // back to a plain line rather than losing the finding.
        out = format!(
            "{path}:{line}:{col}: {} [{}] {}\n",
            d.severity.as_str(),
            d.rule,
            report.message
        );
    }
    out
}

/// Renders every finding of a run, then the summary line. Files that failed to decode are not
/// shown here (the caller reports them on stderr) but are counted in the summary.
pub fn render_human(results: &[FileResult], opts: &Options) -> String {
    let mut out = String::new();
    for r in results {
        if let FileResult::Checked { path, analysis } = r {
            if analysis.diagnostics.is_empty() {
                continue;
            }
            for d in &analysis.diagnostics {
                out.push_str(&render_diagnostic(analysis, path, d, opts));
                out.push('\n');
            }
        }
    }
    out.push_str(&summary_line(&Summary::of(results), opts.lang));
    out.push('\n');
    out
}

/// `2 lỗi, 1 cảnh báo trong 3 tệp` / `2 errors, 1 warning in 3 files`.
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let checked = s.files - s.failed;
    match lang {
        Lang::Vi => {
            let mut line = format!("{} lỗi, {} cảnh báo", s.errors, s.warnings);
            if s.infos > 0 {
                line.push_str(&format!(", {} ghi chú", s.infos));
            }
            line.push_str(&format!(" trong {checked} tệp"));
            if s.failed > 0 {
                line.push_str(&format!("; {} tệp không đọc được", s.failed));
            }
            line
        }
        Lang::En => {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let mut line = format!(
                "{}, {}",
                plural(s.errors, "error", "errors"),
                plural(s.warnings, "warning", "warnings")
            );
            if s.infos > 0 {
                line.push_str(&format!(", {}", plural(s.infos, "note", "notes")));
            }
            line.push_str(&format!(" in {}", plural(checked, "file", "files")));
            if s.failed > 0 {
                line.push_str(&format!(
                    "; {} could not be read",
                    plural(s.failed, "file", "files")
                ));
            }
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Message;
    use crate::engine::{analyze_str, Settings};
    use crate::span::Span;

    const TEXT: &str = "\
Năm 2025, xã đề ra 17 chỉ tiêu kinh tế - xã hội chủ yếu, trong đó có 13/17 chỉ tiêu đạt kế hoạch;
có 03 chỉ tiêu không đạt, gồm: (1) thu ngân sách; (2) giảm nghèo; (3) trồng rừng; (4) chợ.
";

    fn find(a: &Analysis, needle: &str, nth: usize) -> Span {
        let s = a
            .prepared
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap();
        Span::new(s, s + needle.len())
    }

    /// Message texts for the sample findings. They are not catalogue keys, so
    /// `messages::render` prints them verbatim: the snapshots test the renderer, not the
    /// wording of `rules/messages.toml` (which the rules own).
    struct Texts {
        complement: &'static str,
        complement_help: &'static str,
        total: &'static str,
        achieved: &'static str,
        missed: &'static str,
        count: &'static str,
        count_help: &'static str,
        stated: &'static str,
        item: &'static str,
    }

    const VI: Texts = Texts {
        complement: "Số chỉ tiêu đạt và không đạt không khớp với tổng: 13 + 03 = 16, không phải 17",
        complement_help: "13 + 03 = 16, không phải 17; nếu 13/17 đạt thì số không đạt phải là 04",
        total: "tổng số: 17",
        achieved: "đạt: 13",
        missed: "không đạt: 03",
        count: "Câu nêu 03 mục nhưng liệt kê 4 mục",
        count_help: "sửa số lượng thành 04 hoặc kiểm tra lại danh sách (4 mục được liệt kê)",
        stated: "số lượng nêu: 03",
        item: "mục {n}",
    };

    const EN: Texts = Texts {
        complement:
            "Achieved and not-achieved counts do not add up to the total: 13 + 03 = 16, not 17",
        complement_help: "13 + 03 = 16, not 17; if 13/17 were achieved, 04 were not",
        total: "total: 17",
        achieved: "achieved: 13",
        missed: "not achieved: 03",
        count: "The sentence states 03 items but lists 4",
        count_help: "change the count to 04, or check the list (4 items are listed)",
        stated: "stated count: 03",
        item: "item {n}",
    };

    fn sample(t: &Texts) -> Analysis {
        let mut a = analyze_str("bao-cao.md", TEXT, &Settings::default());
        let whole = find(&a, "17 chỉ tiêu kinh tế", 0).join(find(&a, "không đạt", 0));
        let d1 = Diagnostic::new(
            "complement-mismatch",
            Severity::Error,
            whole,
            Message::new(t.complement),
        )
        .with_help(Message::new(t.complement_help))
        .with_label(find(&a, "17", 0), Message::new(t.total))
        .with_label(find(&a, "13", 0), Message::new(t.achieved))
        .with_label(find(&a, "03", 0), Message::new(t.missed));
        let mut d2 = Diagnostic::new(
            "count-mismatch",
            Severity::Warning,
            find(&a, "03 chỉ tiêu", 0),
            Message::new(t.count),
        )
        .with_help(Message::new(t.count_help))
        .with_label(find(&a, "03", 0), Message::new(t.stated));
        for (i, item) in ["(1)", "(2)", "(3)", "(4)"].iter().enumerate() {
            d2 = d2.with_label(find(&a, item, 0), Message::new(t.item).arg("n", i + 1));
        }
        a.diagnostics = vec![d1, d2];
        a
    }

    #[test]
    fn vietnamese_report_snapshot() {
        let results = vec![FileResult::Checked {
            path: "bao-cao.md".into(),
            analysis: Box::new(sample(&VI)),
        }];
        let out = render_human(&results, &Options::default());
        insta::assert_snapshot!(out);
    }

    #[test]
    fn english_report_snapshot() {
        let results = vec![FileResult::Checked {
            path: "bao-cao.md".into(),
            analysis: Box::new(sample(&EN)),
        }];
        let out = render_human(
            &results,
            &Options {
                lang: Lang::En,
                ..Options::default()
            },
        );
        insta::assert_snapshot!(out);
    }

    #[test]
    fn finding_without_labels_underlines_its_span() {
        let mut a = analyze_str("x.md", "Ngày 31/4/2025 họp.\n", &Settings::default());
        a.diagnostics = vec![Diagnostic::new(
            "invalid-date",
            Severity::Error,
            find(&a, "31/4/2025", 0),
            Message::new("không có ngày 31/4"),
        )];
        let results = vec![FileResult::Checked {
            path: "x.md".into(),
            analysis: Box::new(a),
        }];
        // "Ngày " is five characters (six bytes): the header says column 6, not miette's 7.
        insta::assert_snapshot!(render_human(&results, &Options::default()), @r"
        invalid-date

          × không có ngày 31/4
           ╭─[x.md:1:6]
         1 │ Ngày 31/4/2025 họp.
           ·      ─────────
           ╰────

        1 lỗi, 0 cảnh báo trong 1 tệp
        ");
    }

    #[test]
    fn long_lines_are_cut_around_the_labels() {
        // 40 words before and after the figures: far wider than the 100 columns.
        let before = "trước ".repeat(40);
        let after = " sau".repeat(40);
        let text = format!("Tiêu đề\n{before}có 13/17 chỉ tiêu đạt{after}\n{after}\n");
        let mut a = analyze_str("dai.md", &text, &Settings::default());
        a.diagnostics = vec![Diagnostic::new(
            "complement-mismatch",
            Severity::Error,
            find(&a, "13/17", 0),
            Message::new("sai"),
        )
        .with_label(find(&a, "13", 0), Message::new("đạt: 13"))
        .with_label(find(&a, "17", 0), Message::new("tổng số: 17"))];
        let results = vec![FileResult::Checked {
            path: "dai.md".into(),
            analysis: Box::new(a),
        }];
        // Line 2 is cut on both sides: 24 characters before the first label, then to the right
        // up to 90 characters; line 3 (context) keeps its
        // first 90. The header still gives the real column (40 × 6 + 3 characters before
        // "13", so column 244).
        insta::assert_snapshot!(render_human(&results, &Options::default()), @r"
        complement-mismatch

          × sai
           ╭─[dai.md:2:244]
         1 │ Tiêu đề
         2 │ …ớc trước trước trước có 13/17 chỉ tiêu đạt sau sau sau sau sau sau sau sau sau sau sau sau…
           ·                          ─┬ ─┬
           ·                           │  ╰── tổng số: 17
           ·                           ╰── đạt: 13
         3 │  sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau sau s…
           ╰────

        1 lỗi, 0 cảnh báo trong 1 tệp
        ");
    }

    #[test]
    fn excerpt_maps_spans_and_leaves_short_text_alone() {
        let text = "ngắn\nđây là một dòng khá dài có số 42 ở giữa và còn tiếp nữa\nhết";
        let at = text.find("42").unwrap();
        let one = |r: Range<usize>| std::iter::once(r).collect::<Vec<_>>();
        let (out, r) = excerpt(text, &one(at..at + 2), 100).unwrap();
        assert_eq!(out, text);
        assert_eq!(r, vec![at..at + 2]);
        let (out, r) = excerpt(text, &one(at..at + 2), 12).unwrap();
        assert_eq!(out.get(r[0].clone()), Some("42"));
        assert_eq!(
            out,
            "ngắn\n… một dòng khá dài có số 42 ở giữa và còn tiếp nữa\nhết"
        );
        // A span across a line end, or lone CR line ends: shown as is.
        assert!(excerpt(text, &one(0..text.len()), 12).is_none());
        assert!(excerpt("a\rb", &one(0..1), 12).is_none());
        // CRLF is kept.
        let (out, _) = excerpt("x 1\r\ny", &one(2..3), 12).unwrap();
        assert_eq!(out, "x 1\r\ny");
    }

    #[test]
    fn colour_only_when_asked() {
        let results = vec![FileResult::Checked {
            path: "bao-cao.md".into(),
            analysis: Box::new(sample(&VI)),
        }];
        let plain = render_human(&results, &Options::default());
        assert!(!plain.contains('\u{1b}'));
        let coloured = render_human(
            &results,
            &Options {
                color: true,
                ..Options::default()
            },
        );
        assert!(coloured.contains("\u{1b}["));
    }

    #[test]
    fn summary_lines() {
        let s = Summary {
            files: 3,
            failed: 1,
            errors: 2,
            warnings: 1,
            infos: 0,
        };
        assert_eq!(
            summary_line(&s, Lang::Vi),
            "2 lỗi, 1 cảnh báo trong 2 tệp; 1 tệp không đọc được"
        );
        assert_eq!(
            summary_line(&s, Lang::En),
            "2 errors, 1 warning in 2 files; 1 file could not be read"
        );
        let s = Summary {
            files: 1,
            infos: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s, Lang::Vi),
            "0 lỗi, 0 cảnh báo, 2 ghi chú trong 1 tệp"
        );
        assert_eq!(
            summary_line(&s, Lang::En),
            "0 errors, 0 warnings, 2 notes in 1 file"
        );
    }

    /// A finding labelling 20 places draws the first 16; the help counts the rest.
    #[test]
    fn many_labels_are_capped() {
        let text = "Có 1 hồ sơ³.\n".repeat(20);
        let mut a = analyze_str("m.txt", &text, &Settings::default());
        let mut d = Diagnostic::new(
            "footnote-orphan",
            Severity::Warning,
            find(&a, "³", 0),
            Message::new("orphan"),
        );
        for n in 0..20 {
            d = d.with_label(find(&a, "³", n), Message::new(format!("mark {n}")));
        }
        a.diagnostics = vec![d.with_help(Message::new("define it"))];
        let out = render_diagnostic(&a, "m.txt", &a.diagnostics[0], &Options::default());
        assert!(out.contains("╰── mark 15\n"), "{out}");
        assert!(!out.contains("mark 16"), "{out}");
        assert!(out.contains(" 16 │ Có 1 hồ sơ³.\n"), "{out}");
        // Line 17 is miette's line of context; nothing after it.
        assert!(out.contains(" 17 │ Có 1 hồ sơ³.\n    ╰"), "{out}");
        assert!(!out.contains(" 18 │"), "{out}");
        assert!(out.ends_with(
            "help: define it\n        còn 4 vị trí khác không vẽ ở đây (`--format json` liệt kê đủ)\n"
        ), "{out}");
    }
}
