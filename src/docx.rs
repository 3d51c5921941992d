//! Reading Word `.docx` files: the archive's main document (and its footnotes and endnotes)
//! → plain text in doisoat's input conventions, which then goes through the normal pipeline.
//!
//! What the text looks like:
//! - one line per paragraph (`w:p`), runs concatenated; `w:tab` is a tab, `w:br`/`w:cr` a
//!   line break; `w:t` text without `xml:space="preserve"` loses its leading and trailing
//!   white space, as in Word; empty paragraphs stay as empty lines;
//! - a table (`w:tbl`) gives one line per row, cells separated by tabs (the parser's tab
//!   tables), a cell's paragraphs joined with a space, nested tables flattened into their
//!   cell, a cell spanning n grid columns followed by n − 1 empty cells so columns stay
//!   aligned with the header. A *layout* table — at most two cells per row and some cell with
//!   two or more non-empty paragraphs, like the header (`ỦY BAN NHÂN DÂN` / `CỘNG HÒA …`) and
//!   signature (`Nơi nhận:` / `TM. ỦY BAN NHÂN DÂN`) blocks — gives one line per paragraph
//!   instead, cell by cell, so those lines read as they would in a text export;
//! - a footnote or endnote reference becomes a superscript number (`¹`, `¹²`) numbered in
//!   order of first reference, footnotes and endnotes in one sequence so marks stay unique;
//!   the notes' texts follow the body as definition lines (`¹ text`), in number order. A
//!   reference whose note is missing or empty keeps its mark and gets no line (the
//!   `footnote-orphan` rule then reports it);
//! - a paragraph numbered by Word — `w:numPr` with a non-zero `w:numId` in its properties or
//!   in its paragraph style (`List Number`, `List Bullet`, followed through `w:basedOn`) —
//!   becomes a `- ` bullet item (indented two spaces per level): Word computes the number at
//!   display time and it is not in the file, so no number is invented. A heading (an outline
//!   level 0–8, direct or from its style) is never made a bullet: it stays a paragraph without
//!   its number, so `heading-sequence` cannot check auto-numbered headings;
//! - skipped: deleted text and moved-from text (tracked changes), field instructions,
//!   text boxes, the fallback copy of alternate content, symbols (`w:sym`), headers, footers
//!   and comments. Elements are matched by their `w:` qualified names, as every producer
//!   writes them.
//!
//! NFC normalisation is left to the normal pipeline. Control characters in the text are
//! dropped (a tab, CR or LF inside `w:t` becomes a space), so the result always decodes.
//!
//! Safety: the total number of bytes decompressed from the archive is capped (see
//! [`decompressed_limit`]); a zip bomb, a truncated archive, a missing main document or
//! malformed XML is a [`DocxError`], never a panic. Parsing is streaming and linear in the
//! size of the XML.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::source::SourceFile;

/// The main document part (always at this path in files written by Word, LibreOffice,
/// Google Docs, WPS and python-docx).
pub const DOCUMENT_XML: &str = "word/document.xml";
pub const FOOTNOTES_XML: &str = "word/footnotes.xml";
pub const ENDNOTES_XML: &str = "word/endnotes.xml";
pub const STYLES_XML: &str = "word/styles.xml";

/// The decompression budget is never below this (real reports are far smaller).
pub const MIN_DECOMPRESSED: u64 = 64 << 20;
/// ... and never above this, whatever the archive size.
pub const MAX_DECOMPRESSED: u64 = 1 << 30;
/// Between those bounds, the budget is this many times the archive size (the XML of real
/// documents compresses 5–20×; 100× leaves room and still stops a zip bomb early).
pub const DECOMPRESSED_RATIO: u64 = 100;

/// The most bytes read out of an archive of `archive_len` bytes, all parts together:
/// `clamp(100 × archive_len, 64 MiB, 1 GiB)`.
pub fn decompressed_limit(archive_len: usize) -> u64 {
    u64::try_from(archive_len)
        .unwrap_or(u64::MAX)
        .saturating_mul(DECOMPRESSED_RATIO)
        .clamp(MIN_DECOMPRESSED, MAX_DECOMPRESSED)
}

/// The extracted text of a `.docx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxText {
    /// Plain text, `\n` line ends, one paragraph or table row per line, footnote definition
    /// lines at the end.
    pub text: String,
    /// Distinct footnote and endnote marks written in the body.
    pub note_refs: usize,
    /// Definition lines written at the end (notes that were referenced and not empty).
    pub note_defs: usize,
}

/// Why a `.docx` could not be read. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum DocxError {
    #[error("not a .docx archive ({0})")]
    NotZip(String),
    #[error(
        "not a .docx archive (an OLE compound file: a legacy .doc, or a password-protected \
         document; save it as an unprotected .docx)"
    )]
    OleFile,
    #[error("not a .docx document (the archive has no word/document.xml)")]
    NoDocument,
    #[error("cannot read {part} in the archive ({reason})")]
    Part { part: String, reason: String },
    #[error(
        "{part}: the archive decompresses to more than {limit} bytes (the limit for an archive \
         of this size); not read"
    )]
    TooLarge { part: String, limit: u64 },
    #[error("malformed XML in {part} at byte {offset}: {reason}")]
    Xml {
        part: String,
        offset: u64,
        reason: String,
    },
}

/// `path` names a `.docx` file (extension compared case-insensitively).
pub fn is_docx_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Extracts the text of a `.docx` archive given as bytes.
pub fn extract(bytes: &[u8]) -> Result<DocxText, DocxError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DocxError::OleFile);
    }
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
    let mut budget = decompressed_limit(bytes.len());
    let limit = budget;
    let document =
        read_part(&mut archive, DOCUMENT_XML, &mut budget, limit)?.ok_or(DocxError::NoDocument)?;
    // Paragraph styles tell which paragraphs Word numbers (`List Number`) and which are
    // headings; a document without styles.xml has neither.
    let styles = match read_part(&mut archive, STYLES_XML, &mut budget, limit)? {
        Some(xml) => read_styles(&xml)?,
        None => Styles::default(),
    };
    let mut refs = NoteRefs::default();
    let body = walk(&document, DOCUMENT_XML, Mode::Body, &styles, &mut refs)?;
    drop(document);

    let mut notes: HashMap<(NoteKind, String), String> = HashMap::new();
    for (kind, part) in [
        (NoteKind::Footnote, FOOTNOTES_XML),
        (NoteKind::Endnote, ENDNOTES_XML),
    ] {
        // Only read a notes part when the body refers to one of its notes.
        if !refs.order.iter().any(|(k, _)| *k == kind) {
            continue;
        }
        let Some(xml) = read_part(&mut archive, part, &mut budget, limit)? else {
            continue;
        };
        let walked = walk(&xml, part, Mode::Notes, &styles, &mut refs)?;
        for (id, items) in walked.notes {
            notes.insert((kind, id), one_line(&items));
        }
    }

    let mut text = body.text;
    let mut note_defs = 0;
    for (n, key) in refs.order.iter().enumerate() {
        let Some(note) = notes.get(key).filter(|t| !t.is_empty()) else {
            continue;
        };
        text.push_str(&superscript(n + 1));
        text.push(' ');
        text.push_str(note);
        text.push('\n');
        note_defs += 1;
    }
    Ok(DocxText {
        text,
        note_refs: refs.order.len(),
        note_defs,
    })
}

/// Extracts a `.docx` and wraps the text as a decoded source file named `name`: line and
/// column numbers, and byte offsets, then refer to the extracted text.
pub fn to_source(name: impl Into<String>, bytes: &[u8]) -> Result<SourceFile, DocxError> {
    let extracted = extract(bytes)?;
    // The text has no NUL and no leading U+FEFF (both dropped), so it always decodes.
    SourceFile::from_bytes(name, extracted.text.as_bytes()).map_err(|e| DocxError::Part {
        part: DOCUMENT_XML.to_string(),
        reason: e.to_string(),
    })
}

/// Reads one part, within the remaining `budget` of decompressed bytes. `Ok(None)` when the
/// archive has no such part.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
    budget: &mut u64,
    limit: u64,
) -> Result<Option<Vec<u8>>, DocxError> {
    let entry = match archive.by_name(part) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(DocxError::Part {
                part: part.to_string(),
                reason: e.to_string(),
            })
        }
    };
    // The declared size is not trusted for allocation: read at most one byte past the
    // budget and grow as data actually arrives.
    let mut buf = Vec::new();
    let mut limited = entry.take(budget.saturating_add(1));
    if let Err(e) = limited.read_to_end(&mut buf) {
        return Err(DocxError::Part {
            part: part.to_string(),
            reason: e.to_string(),
        });
    }
    let n = u64::try_from(buf.len()).unwrap_or(u64::MAX);
    if n > *budget {
        return Err(DocxError::TooLarge {
            part: part.to_string(),
            limit,
        });
    }
    *budget -= n;
    Ok(Some(buf))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Footnote,
    Endnote,
}

/// Note references in order of first appearance; the mark of a note is its position + 1.
#[derive(Debug, Default)]
struct NoteRefs {
    order: Vec<(NoteKind, String)>,
    index: HashMap<(NoteKind, String), usize>,
}

impl NoteRefs {
    fn number(&mut self, kind: NoteKind, id: String) -> usize {
        let key = (kind, id);
        if let Some(&i) = self.index.get(&key) {
            return i + 1;
        }
        let i = self.order.len();
        self.order.push(key.clone());
        self.index.insert(key, i);
        i + 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Notes,
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    /// Direct numbering (`w:numPr` in the paragraph's properties).
    num_id: Option<String>,
    ilvl: Option<u32>,
    style: Option<String>,
    outline: Option<u32>,
}

/// Word's outline levels run 0–8; 9 is body text.
const BODY_TEXT_LEVEL: u32 = 9;

impl Para {
    /// The list level when Word numbers this paragraph, directly or through its style
    /// (`numId` 0 removes numbering). Headings (an outline level, direct or from the style)
    /// are never list items: their number is lost, the text stays a paragraph.
    fn list_level(&self, styles: &Styles) -> Option<u32> {
        let style = self.style.as_deref();
        let outline = self.outline.or_else(|| styles.outline(style));
        if outline.is_some_and(|l| l < BODY_TEXT_LEVEL) {
            return None;
        }
        let (num_id, ilvl) = match &self.num_id {
            Some(id) => (id.clone(), self.ilvl.or_else(|| styles.numbering(style)?.1)),
            None => {
                let (id, ilvl) = styles.numbering(style)?;
                (id, self.ilvl.or(ilvl))
            }
        };
        (num_id.trim() != "0").then_some(ilvl.unwrap_or(0))
    }
}

/// What a paragraph style says about numbering and outline level.
#[derive(Debug, Default, Clone)]
struct StyleInfo {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u32>,
    outline: Option<u32>,
}

/// Paragraph styles by id.
#[derive(Debug, Default)]
struct Styles(HashMap<String, StyleInfo>);

/// Styles inherit through `w:basedOn`; a longer chain (or a cycle) is cut here.
const MAX_STYLE_CHAIN: usize = 16;

impl Styles {
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a StyleInfo> + 'a {
        let mut next = id;
        std::iter::from_fn(move || {
            let info = self.0.get(next?)?;
            next = info.based_on.as_deref();
            Some(info)
        })
        .take(MAX_STYLE_CHAIN)
    }

    /// The numbering a style gives: (numId, level).
    fn numbering(&self, id: Option<&str>) -> Option<(String, Option<u32>)> {
        let num_id = self.chain(id).find_map(|s| s.num_id.clone())?;
        Some((num_id, self.chain(id).find_map(|s| s.ilvl)))
    }

    fn outline(&self, id: Option<&str>) -> Option<u32> {
        self.chain(id).find_map(|s| s.outline)
    }
}

/// A `w:val` that is a small level number (`w:ilvl`, `w:outlineLvl`).
fn level_attr(e: &BytesStart<'_>) -> Option<u32> {
    attr(e, b"w:val")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|v| v.min(BODY_TEXT_LEVEL))
}

/// Reads the paragraph styles of `word/styles.xml`.
fn read_styles(xml: &[u8]) -> Result<Styles, DocxError> {
    let mut reader = Reader::from_reader(xml);
    let mut styles = Styles::default();
    let mut current: Option<(String, StyleInfo)> = None;
    let mut in_ppr = false;
    let mut open = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(STYLES_XML, reader.error_position(), e))?;
        let (e, empty) = match event {
            Event::Start(e) => {
                open += 1;
                (e, false)
            }
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                open = open.saturating_sub(1);
                match e.name().as_ref() {
                    b"w:style" => {
                        if let Some((id, info)) = current.take() {
                            styles.0.insert(id, info);
                        }
                    }
                    b"w:pPr" => in_ppr = false,
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.name().as_ref() {
            b"w:style" if !empty => {
                current = attr(&e, b"w:type")
                    .is_some_and(|t| t == "paragraph")
                    .then(|| attr(&e, b"w:styleId"))
                    .flatten()
                    .map(|id| (id, StyleInfo::default()));
            }
            b"w:pPr" if !empty => in_ppr = true,
            name => {
                let Some((_, info)) = current.as_mut() else {
                    continue;
                };
                match name {
                    b"w:basedOn" => info.based_on = attr(&e, b"w:val"),
                    b"w:numId" if in_ppr => {
                        info.num_id = Some(attr(&e, b"w:val").unwrap_or_default())
                    }
                    b"w:ilvl" if in_ppr => info.ilvl = level_attr(&e),
                    b"w:outlineLvl" if in_ppr => info.outline = level_attr(&e),
                    _ => {}
                }
            }
        }
    }
    if open > 0 {
        return Err(xml_error(
            STYLES_XML,
            reader.buffer_position(),
            "unexpected end of file (unclosed elements)",
        ));
    }
    Ok(styles)
}

#[derive(Debug, Default)]
struct Cell {
    paras: Vec<String>,
    span: usize,
}

#[derive(Debug)]
enum Item {
    Para { text: String, level: Option<u32> },
    Table(Vec<Vec<Cell>>),
}

#[derive(Debug, Default)]
struct Walked {
    /// Body mode: the text, written as each paragraph or table ends (only a table is held
    /// in memory until its end: whether it is a layout table depends on all its rows).
    text: String,
    /// Notes mode: the content of the note being read.
    items: Vec<Item>,
    /// Notes mode: (note id, its content), separator notes left out.
    notes: Vec<(String, Vec<Item>)>,
}

/// Elements whose whole content is skipped (see the module docs).
const SKIPPED: &[&[u8]] = &[
    b"w:del",
    b"w:moveFrom",
    b"w:delText",
    b"w:instrText",
    b"w:delInstrText",
    b"w:pPrChange",
    b"w:rPrChange",
    b"w:sectPrChange",
    b"w:tblPrChange",
    b"w:trPrChange",
    b"w:tcPrChange",
    b"w:numberingChange",
    b"w:txbxContent",
    b"w:tabs",
    b"mc:Fallback",
];

/// Notes of these types are separators drawn by Word, not notes.
const SEPARATOR_TYPES: &[&[u8]] = &[
    b"separator",
    b"continuationSeparator",
    b"continuationNotice",
];

struct Walker<'r> {
    part: &'r str,
    mode: Mode,
    styles: &'r Styles,
    refs: &'r mut NoteRefs,
    out: Walked,
    para: Option<Para>,
    in_ppr: bool,
    /// Inside `w:t`: (preserve spaces, collected text).
    t: Option<(bool, String)>,
    table_depth: usize,
    rows: Vec<Vec<Cell>>,
    /// Notes mode: the note being read (id), `None` between notes or in a separator.
    note: Option<String>,
    /// Element depth, and the depth of the skipped element we are inside.
    depth: usize,
    skip: Option<usize>,
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    Some(String::from_utf8_lossy(&a.value).into_owned())
}

fn xml_error(part: &str, offset: u64, reason: impl ToString) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        offset,
        reason: reason.to_string(),
    }
}

impl Walker<'_> {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        if self.skip.is_some() {
            if !empty {
                self.depth += 1;
            }
            return;
        }
        let name = e.name();
        let name = name.as_ref();
        if SKIPPED.contains(&name) {
            if !empty {
                self.depth += 1;
                self.skip = Some(self.depth);
            }
            return;
        }
        if !empty {
            self.depth += 1;
        }
        match name {
            b"w:p" => {
                // A paragraph opened inside another one (malformed) ends the first.
                self.end_para();
                self.para = Some(Para::default());
                if empty {
                    self.end_para();
                }
            }
            b"w:pPr" if !empty => self.in_ppr = true,
            b"w:numId" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.num_id = Some(attr(e, b"w:val").unwrap_or_default());
                }
            }
            b"w:ilvl" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.ilvl = Some(level_attr(e).unwrap_or(0));
                }
            }
            b"w:pStyle" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.style = attr(e, b"w:val");
                }
            }
            b"w:outlineLvl" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.outline = level_attr(e);
                }
            }
            b"w:t" if !empty => {
                let preserve = attr(e, b"xml:space").is_some_and(|v| v == "preserve");
                self.t = Some((preserve, String::new()));
            }
            b"w:tab" if !self.in_ppr => self.push_text("\t"),
            b"w:br" | b"w:cr" if !self.in_ppr => self.push_text("\n"),
            b"w:noBreakHyphen" => self.push_text("-"),
            b"w:footnoteReference" | b"w:endnoteReference" if self.mode == Mode::Body => {
                let custom = attr(e, b"w:customMarkFollows")
                    .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
                // With a custom mark, the mark is the run text that follows.
                if !custom {
                    let kind = if name == b"w:footnoteReference" {
                        NoteKind::Footnote
                    } else {
                        NoteKind::Endnote
                    };
                    let id = attr(e, b"w:id").unwrap_or_default();
                    let n = self.refs.number(kind, id);
                    self.push_text(&superscript(n));
                }
            }
            b"w:footnote" | b"w:endnote" if self.mode == Mode::Notes => {
                self.end_para();
                let separator =
                    attr(e, b"w:type").is_some_and(|t| SEPARATOR_TYPES.contains(&t.as_bytes()));
                let id = attr(e, b"w:id").unwrap_or_default();
                self.note = (!separator && !empty).then_some(id);
                self.out.items.clear();
            }
            b"w:tbl" if !empty => {
                if self.table_depth == 0 {
                    self.end_para();
                    self.rows.clear();
                }
                self.table_depth += 1;
            }
            b"w:tr" if self.table_depth == 1 => self.rows.push(Vec::new()),
            b"w:tc" if self.table_depth == 1 => {
                self.end_para();
                match self.rows.last_mut() {
                    Some(row) => row.push(Cell {
                        paras: Vec::new(),
                        span: 1,
                    }),
                    None => self.rows.push(vec![Cell {
                        paras: Vec::new(),
                        span: 1,
                    }]),
                }
            }
            b"w:gridSpan" if self.table_depth == 1 => {
                let span = attr(e, b"w:val")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    // Word's grid has at most 63 columns.
                    .clamp(1, 64);
                if let Some(cell) = self.rows.last_mut().and_then(|r| r.last_mut()) {
                    cell.span = span;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if let Some(d) = self.skip {
            if self.depth == d {
                self.skip = None;
            }
            self.depth = self.depth.saturating_sub(1);
            return;
        }
        self.depth = self.depth.saturating_sub(1);
        match name {
            b"w:p" => self.end_para(),
            b"w:pPr" => self.in_ppr = false,
            b"w:t" => {
                if let Some((preserve, raw)) = self.t.take() {
                    let raw = if preserve {
                        raw.as_str()
                    } else {
                        raw.trim_matches([' ', '\t', '\n', '\r'])
                    };
                    let clean = clean_text(raw);
                    self.push_text(&clean);
                }
            }
            b"w:tbl" if self.table_depth > 0 => {
                self.end_para();
                self.table_depth -= 1;
                if self.table_depth == 0 {
                    let rows = std::mem::take(&mut self.rows);
                    self.emit(Item::Table(rows));
                }
            }
            b"w:footnote" | b"w:endnote" if self.mode == Mode::Notes => {
                self.end_para();
                let items = std::mem::take(&mut self.out.items);
                if let Some(id) = self.note.take() {
                    self.out.notes.push((id, items));
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some((_, t)) = self.t.as_mut() {
            t.push_str(s);
            return;
        }
        self.para.get_or_insert_with(Para::default).text.push_str(s);
    }

    /// Text inside `w:t` (other text is formatting white space between elements).
    fn text(&mut self, s: &str) {
        if self.skip.is_none() {
            if let Some((_, t)) = self.t.as_mut() {
                t.push_str(s);
            }
        }
    }

    fn end_para(&mut self) {
        let Some(p) = self.para.take() else { return };
        self.in_ppr = false;
        if self.table_depth > 0 {
            let text = p.text;
            match self.rows.last_mut().and_then(|r| r.last_mut()) {
                Some(cell) => cell.paras.push(text),
                // Paragraph text outside any cell (malformed): a cell of its own.
                None => self.rows.push(vec![Cell {
                    paras: vec![text],
                    span: 1,
                }]),
            }
            return;
        }
        let level = p.list_level(self.styles);
        self.emit(Item::Para {
            text: p.text,
            level,
        });
    }

    fn emit(&mut self, item: Item) {
        match self.mode {
            Mode::Body => write_item(&item, &mut self.out.text),
            Mode::Notes => self.out.items.push(item),
        }
    }

    fn finish(mut self) -> Walked {
        self.end_para();
        if self.table_depth > 0 {
            let rows = std::mem::take(&mut self.rows);
            self.emit(Item::Table(rows));
        }
        self.out
    }
}

/// Streams the XML of one part into paragraphs and tables (body) or notes.
fn walk(
    xml: &[u8],
    part: &str,
    mode: Mode,
    styles: &Styles,
    refs: &mut NoteRefs,
) -> Result<Walked, DocxError> {
    let mut reader = Reader::from_reader(xml);
    let mut w = Walker {
        part,
        mode,
        styles,
        refs,
        out: Walked::default(),
        para: None,
        in_ppr: false,
        t: None,
        table_depth: 0,
        rows: Vec::new(),
        note: None,
        depth: 0,
        skip: None,
    };
    let mut open = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(w.part, reader.error_position(), e))?;
        match event {
            Event::Start(e) => {
                open += 1;
                w.start(&e, false);
            }
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => {
                open = open.saturating_sub(1);
                w.end(e.name().as_ref());
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| xml_error(w.part, reader.buffer_position(), e))?;
                w.text(&s);
            }
            Event::CData(c) => {
                let s = c
                    .decode()
                    .map_err(|e| xml_error(w.part, reader.buffer_position(), e))?;
                w.text(&s);
            }
            Event::GeneralRef(r) => {
                let c = entity(&r).map_err(|e| xml_error(w.part, reader.buffer_position(), e))?;
                let mut b = [0u8; 4];
                w.text(clean_text(c.encode_utf8(&mut b)).as_str());
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if open > 0 {
        return Err(xml_error(
            w.part,
            reader.buffer_position(),
            "unexpected end of file (unclosed elements)",
        ));
    }
    Ok(w.finish())
}

/// The character of an entity or character reference.
fn entity(r: &BytesRef<'_>) -> Result<char, String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c);
    }
    let name: &[u8] = r;
    match name {
        b"amp" => Ok('&'),
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"quot" => Ok('"'),
        b"apos" => Ok('\''),
        other => Err(format!(
            "unknown entity &{};",
            String::from_utf8_lossy(other)
        )),
    }
}

/// Text of a `w:t`: tab, CR and LF become spaces (Word shows them so), other control
/// characters and U+FEFF are dropped, so the extracted text always decodes as a source.
fn clean_text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// `12` → `¹²`.
fn superscript(n: usize) -> String {
    crate::chars::superscript(&n.to_string())
}

/// Paragraph text made safe for one cell or one note line: no tab, no line break.
fn flat(s: &str) -> String {
    s.replace(['\t', '\n'], " ")
}

/// A note's content on one line: paragraphs and cells joined with spaces.
fn one_line(items: &[Item]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for item in items {
        match item {
            Item::Para { text, .. } => parts.push(flat(text)),
            Item::Table(rows) => {
                for cell in rows.iter().flatten() {
                    parts.extend(cell.paras.iter().map(|p| flat(p)));
                }
            }
        }
    }
    let joined = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    joined
}

/// A layout table: at most two cells per row and a cell with two or more non-empty
/// paragraphs (header and signature blocks), or a single column (a framed note).
fn is_layout_table(rows: &[Vec<Cell>]) -> bool {
    let narrow = rows.iter().all(|r| r.len() <= 2);
    let single = rows.iter().all(|r| r.len() <= 1);
    let stacked = rows.iter().flatten().any(|c| {
        c.paras.iter().filter(|p| !p.trim().is_empty()).count() >= 2
            || c.paras.iter().any(|p| p.contains('\n'))
    });
    single || (narrow && stacked)
}

fn write_item(item: &Item, out: &mut String) {
    match item {
        Item::Para { text, level } => {
            if let Some(level) = level {
                for _ in 0..*level {
                    out.push_str("  ");
                }
                out.push_str("- ");
                out.push_str(text.trim_start());
            } else {
                out.push_str(text);
            }
            out.push('\n');
        }
        Item::Table(rows) if is_layout_table(rows) => {
            for cell in rows.iter().flatten() {
                for p in &cell.paras {
                    out.push_str(p);
                    out.push('\n');
                }
            }
        }
        Item::Table(rows) => {
            for row in rows {
                let mut cells: Vec<String> = Vec::new();
                for cell in row {
                    let text = cell
                        .paras
                        .iter()
                        .map(|p| flat(p))
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    cells.push(text);
                    for _ in 1..cell.span {
                        cells.push(String::new());
                    }
                }
                // A row with no text is an empty line, not a line of bare tabs.
                if cells.iter().any(|c| !c.is_empty()) {
                    out.push_str(&cells.join("\t"));
                }
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> String {
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{xml}</w:body></w:document>"#
        );
        let mut refs = NoteRefs::default();
        let walked = walk(
            doc.as_bytes(),
            DOCUMENT_XML,
            Mode::Body,
            &Styles::default(),
            &mut refs,
        )
        .unwrap();
        walked.text
    }

    #[test]
    fn runs_tabs_breaks_and_space() {
        assert_eq!(
            body(
                r#"<w:p><w:r><w:t>Tổng </w:t></w:r><w:r><w:t xml:space="preserve"> số </w:t><w:tab/><w:t>12</w:t><w:br/><w:t>x &amp; y&#x41;</w:t></w:r></w:p><w:p/>"#
            ),
            "Tổng số \t12\nx & yA\n\n"
        );
    }

    #[test]
    fn tab_stops_and_deleted_text_are_not_text() {
        assert_eq!(
            body(
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t></w:r><w:del><w:r><w:delText>xóa</w:delText></w:r></w:del><w:ins><w:r><w:t>b</w:t></w:r></w:ins><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#
            ),
            "ab\n"
        );
    }

    #[test]
    fn numbered_paragraphs_are_bullets() {
        assert_eq!(
            body(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Một</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Hai</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Ba</w:t></w:r></w:p>"#
            ),
            "- Một\n  - Hai\nBa\n"
        );
    }

    #[test]
    fn style_numbering_makes_bullets_but_not_of_headings() {
        let styles = read_styles(
            br#"<w:styles><w:style w:type="paragraph" w:styleId="ListNumber"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListNumber2"><w:basedOn w:val="ListNumber"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style><w:style w:type="character" w:styleId="C"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style></w:styles>"#,
        )
        .unwrap();
        let p = |style: &str, ppr: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            p("ListNumber", "", "Một"),
            p("ListNumber2", "", "Hai"),
            p("Heading1", "", "MỤC"),
            p(
                "ListNumber",
                r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#,
                "Ba",
            ),
            p(
                "Normal",
                r#"<w:numPr><w:numId w:val="2"/></w:numPr><w:outlineLvl w:val="1"/>"#,
                "Mục",
            ),
            p("A", "", "Vòng"),
            p("C", "", "Ký tự"),
        ]
        .concat();
        let doc = format!("<w:document><w:body>{body}</w:body></w:document>");
        let mut refs = NoteRefs::default();
        let walked = walk(doc.as_bytes(), DOCUMENT_XML, Mode::Body, &styles, &mut refs).unwrap();
        assert_eq!(walked.text, "- Một\n  - Hai\nMỤC\nBa\nMục\nVòng\nKý tự\n");
    }

    #[test]
    fn tables_are_tab_rows_with_spans() {
        assert_eq!(
            body(
                r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội</w:t></w:r></w:p><w:p><w:r><w:t>dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Số</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Tổng</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>6</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>Sau</w:t></w:r></w:p>"#
            ),
            "STT\tNội dung\tSố\nTổng\t\t5 6\n\nSau\n"
        );
    }

    #[test]
    fn layout_tables_are_lines() {
        assert_eq!(
            body(
                r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t>XÃ AN THẠNH</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>CỘNG HÒA</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
            ),
            "ỦY BAN NHÂN DÂN\nXÃ AN THẠNH\nCỘNG HÒA\n"
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let mut refs = NoteRefs::default();
        let e = walk(
            b"<w:p><w:t>a</w:p>",
            DOCUMENT_XML,
            Mode::Body,
            &Styles::default(),
            &mut refs,
        )
        .unwrap_err();
        assert!(
            matches!(&e, DocxError::Xml { part, .. } if part == DOCUMENT_XML),
            "{e}"
        );
        let e = walk(
            b"<w:p><w:t>a",
            DOCUMENT_XML,
            Mode::Body,
            &Styles::default(),
            &mut refs,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "malformed XML in word/document.xml at byte 11: unexpected end of file (unclosed elements)"
        );
    }

    #[test]
    fn superscripts_and_limits() {
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(120), "¹²⁰");
        assert_eq!(decompressed_limit(0), 64 << 20);
        assert_eq!(decompressed_limit(1 << 20), 100 << 20);
        assert_eq!(decompressed_limit(usize::MAX), 1 << 30);
        assert!(is_docx_path(Path::new("a/B.DocX")));
        assert!(!is_docx_path(Path::new("a/b.doc")));
    }
}
