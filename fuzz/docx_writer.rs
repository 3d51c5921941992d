//! Writes small but complete `.docx` archives for tests and fuzz seeds (shared by
//! `tests/docx.rs` and `fuzz/harness.rs`): the parts Word needs to open the file, the body
//! XML given, and optional footnotes/endnotes.

#![allow(dead_code)]

use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// `w:document` around a body's children.
pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// `w:footnotes` (or `w:endnotes`) with Word's two separator notes and the given notes
/// `(id, text)`, each one paragraph.
pub fn notes_xml(kind: &str, notes: &[(i32, &str)]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{kind}s xmlns:w="{W_NS}"><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"#
    );
    for (id, text) in notes {
        s.push_str(&format!(
            r#"<w:{kind} w:id="{id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:p></w:{kind}>"#,
            escape(text)
        ));
    }
    s.push_str(&format!("</w:{kind}s>"));
    s
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One paragraph of plain text (tabs become `w:tab`).
pub fn para(text: &str) -> String {
    let mut s = String::from("<w:p>");
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            s.push_str("<w:r><w:tab/></w:r>");
        }
        if !piece.is_empty() {
            s.push_str(&format!(
                r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(piece)
            ));
        }
    }
    s.push_str("</w:p>");
    s
}

/// A paragraph numbered by Word (list `numId` 1, level `ilvl`).
pub fn numbered(text: &str, ilvl: u32) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// A paragraph in style `style` (see [`STYLES_XML`]).
pub fn styled(text: &str, style: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// Paragraph styles as Word's template defines them: `Heading1` (outline level 0, numbered
/// through list 2, as in templates with numbered headings), `ListNumber` (list 3),
/// `ListNumber2` (based on it, level 1), `ListBullet` (list 4).
pub const STYLES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:pPrDefault><w:pPr><w:spacing w:after="160"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListNumber2"><w:name w:val="List Number 2"/><w:basedOn w:val="ListNumber"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>"#;

/// A table, one paragraph per cell.
pub fn table(rows: &[&[&str]]) -> String {
    let mut s = String::from(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>"#);
    for row in rows {
        s.push_str("<w:tr>");
        for cell in *row {
            s.push_str("<w:tc>");
            s.push_str(&para(cell));
            s.push_str("</w:tc>");
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// A footnote reference run.
pub fn footnote_ref(id: i32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    )
}

/// A zip archive of `(name, bytes)` entries, deflated or stored.
pub fn zip_parts(parts: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        CompressionMethod::Deflated
    } else {
        CompressionMethod::Stored
    };
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A complete `.docx`: `document` is the whole `word/document.xml`, `footnotes` and
/// `endnotes` whole parts when given, and [`STYLES_XML`].
pub fn docx(document: &str, footnotes: Option<&str>, endnotes: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/styles.xml", STYLES_XML.as_bytes()),
    ];
    if let Some(f) = footnotes {
        parts.push(("word/footnotes.xml", f.as_bytes()));
    }
    if let Some(e) = endnotes {
        parts.push(("word/endnotes.xml", e.as_bytes()));
    }
    zip_parts(&parts, true)
}

/// A `.docx` whose body is `body` (children of `w:body`).
pub fn docx_body(body: &str) -> Vec<u8> {
    docx(&document_xml(body), None, None)
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn sup_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |v, c| {
        let d = SUPERSCRIPTS.iter().position(|&x| x == c)?;
        v.checked_mul(10)?.checked_add(d as u32)
    })
}

/// A run of text, bold or not.
fn run_xml(text: &str, bold: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// How a typed draft becomes a Word document (used to generate `examples/bao-cao-mau.docx`
/// from `examples/bao-cao-mau.md`): each line a paragraph (blank lines empty paragraphs),
/// `**` toggles bold (across lines), a note line `¹ text` becomes footnote 1 and a superscript
/// mark glued to a word (`luật¹`, not `km²`) a footnote reference; `- ` items stay typed.
pub fn docx_from_text(text: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut notes: Vec<(i32, String)> = Vec::new();
    let mut bold = false;
    for line in text.lines() {
        if let Some((mark, rest)) = line.split_once(' ') {
            if let Some(n) = sup_value(mark) {
                notes.push((n as i32, rest.to_string()));
                continue;
            }
        }
        body.push_str("<w:p>");
        let mut pending = String::new();
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '*' && line.get(i + 1..).is_some_and(|r| r.starts_with('*')) {
                chars.next();
                body.push_str(&run_xml(&pending, bold));
                pending.clear();
                bold = !bold;
            } else if SUPERSCRIPTS.contains(&c)
                && !pending.is_empty()
                && !pending.ends_with(' ')
                && !pending.ends_with("km")
                && !pending.ends_with('m')
            {
                let mut mark = c.to_string();
                while let Some(&(_, d)) = chars.peek() {
                    if !SUPERSCRIPTS.contains(&d) {
                        break;
                    }
                    mark.push(d);
                    chars.next();
                }
                body.push_str(&run_xml(&pending, bold));
                pending.clear();
                body.push_str(&footnote_ref(sup_value(&mark).unwrap_or(0) as i32));
            } else {
                pending.push(c);
            }
        }
        body.push_str(&run_xml(&pending, bold));
        body.push_str("</w:p>");
    }
    let refs: Vec<(i32, &str)> = notes.iter().map(|(n, t)| (*n, t.as_str())).collect();
    docx(
        &document_xml(&body),
        Some(&notes_xml("footnote", &refs)),
        Some(&notes_xml("endnote", &[])),
    )
}
