//! `doisoat lsp`: a Language Server over stdin/stdout.
//!
//! - Sync: open/close, full and incremental changes, save. Diagnostics are published when a
//!   document opens and after every change, once no further change arrived for the debounce
//!   delay (150 ms; `initializationOptions.debounceMs` changes it), and cleared on close.
//! - Positions are UTF-16 code units, as LSP requires; Vietnamese letters outside the BMP do
//!   not occur, but combining marks and `đ`/`ư` are multi-byte in UTF-8, so byte offsets are
//!   converted on every boundary.
//! - Configuration: `doisoat.toml` found upwards from a `file:` document, plus the client's
//!   `workspace/didChangeConfiguration` settings `{select, ignore, language}` (at the top level
//!   or under `doisoat`).
//! - Code actions: the findings' fixes (safe ones preferred) and "suppress" (inserts a
//!   `doisoat-disable-next-line` comment). Hover over a number of a claim: how it was read and
//!   the check it took part in.
//! - Robustness: a malformed frame or JSON body gets a JSON-RPC error (id null) and the loop
//!   goes on; unknown requests get `MethodNotFound`; requests on unknown documents get an
//!   empty result; a request whose id is not an LSP id gets `InvalidRequest`; a reversed
//!   change range is read the right way round; a document over [`MAX_CHECKED_BYTES`] is not
//!   analysed (logged). End of input ends the process.
//! - [`Server::serve`] runs the same loop in-process over any reader, without clock or thread
//!   when the debounce is 0 (the `lsp` fuzz target in `fuzz/harness.rs` drives it).

use crate::ast::Quantity;
use crate::claims::{Claim, ClaimKind};
use crate::config::{self, Config};
use crate::diagnostic::Severity;
use crate::engine::{analyze_str, Analysis, Settings};
use crate::interval::Interval;
use crate::messages::{render, Lang};
use crate::numfmt;
use crate::render::rule_docs_url;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Documents larger than this are not analysed (a log message says so).
pub const MAX_CHECKED_BYTES: usize = 8 * 1024 * 1024;
/// Frames larger than this are skipped unread.
const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Line starts of a text, with `\n`, `\r\n` and lone `\r` as line ends (as LSP counts).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// LSP position (UTF-16 column) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> lt::Position {
        let offset = crate::engine::clamp_to_chars(text, offset..offset).start;
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col: usize = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        lt::Position::new(line as u32, col as u32)
    }

    /// Byte offset of an LSP position; past the end of a line means its end (before the
    /// line break), past the last line means the end of the text.
    pub fn offset(&self, text: &str, p: lt::Position) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(p.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("");
        let body = line.trim_end_matches(['\n', '\r']);
        let mut units = 0u32;
        for (i, c) in body.char_indices() {
            if units >= p.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        start + body.len()
    }

    pub fn range(&self, text: &str, r: Range<usize>) -> lt::Range {
        lt::Range::new(self.position(text, r.start), self.position(text, r.end))
    }
}

/// A document the client opened.
struct Doc {
    text: String,
    version: i32,
    language: String,
    /// When to publish next (None: the client has the diagnostics of this text).
    due: Option<Instant>,
    /// Whether `analysis` is of the current text and settings. A request may analyse a
    /// document before its debounce delay ends; it must still be published when due.
    fresh: bool,
    analysis: Option<Analysis>,
    index: LineIndex,
}

impl Doc {
    /// Bytes the decoder drops before the analysed text (a BOM).
    fn shift(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }
}

/// Client settings (`workspace/didChangeConfiguration`).
#[derive(Debug, Clone, Default)]
struct ClientSettings {
    select: Vec<String>,
    ignore: Vec<String>,
    lang: Lang,
}

enum Incoming {
    Message(Message),
    /// A frame that could not be used: the JSON-RPC error code, the request id if one could
    /// be read, and why.
    Malformed(ErrorCode, Value, String),
    /// End of input or a read error: the client is gone.
    Closed,
}

/// Reads one `Content-Length` frame. Ok(None) at end of input.
fn read_frame(r: &mut impl BufRead) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut headers = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let h = line.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            if headers == 0 {
                // Stray blank line between frames.
                continue;
            }
            break;
        }
        headers += 1;
        match h.split_once(':') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("content-length") => {
                match v.trim().parse::<usize>() {
                    Ok(n) => len = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", v.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header `{h}`")),
        }
    }
    let Some(len) = len else {
        return Ok(Some(Err(
            bad_header.unwrap_or_else(|| "no Content-Length".to_string())
        )));
    };
    if len > MAX_FRAME_BYTES {
        std::io::copy(&mut r.take(len as u64), &mut std::io::sink())?;
        return Ok(Some(Err(format!("message of {len} bytes is too large"))));
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf)?;
    Ok(Some(match bad_header {
        Some(e) => Err(e),
        None => Ok(buf),
    }))
}

/// What one read from the input gives: a message, a malformed frame, or the end.
fn next_incoming(r: &mut impl BufRead) -> Incoming {
    match read_frame(r) {
        Ok(None) | Err(_) => Incoming::Closed,
        Ok(Some(Err(e))) => Incoming::Malformed(ErrorCode::ParseError, Value::Null, e),
        Ok(Some(Ok(body))) => decode_message(&body),
    }
}

/// A frame's body as a message, or why it is not one.
fn decode_message(body: &[u8]) -> Incoming {
    let v = match serde_json::from_slice::<Value>(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed(
                ErrorCode::ParseError,
                Value::Null,
                format!("invalid JSON: {e}"),
            )
        }
    };
    // JSON-RPC answers an unusable request with id null, or with its id when that is a
    // number or a string.
    let id = match v.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    // A request whose id is not an LSP id (an integer in i32 range or a string): the untagged
    // `Message` would read it as a notification and the client would wait for an answer
    // forever.
    let has_method = v.get("method").is_some_and(Value::is_string);
    let bad_id = v
        .get("id")
        .is_some_and(|i| serde_json::from_value::<RequestId>(i.clone()).is_err());
    if has_method && bad_id {
        return Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            "invalid JSON-RPC message: the id must be an integer or a string".into(),
        );
    }
    match serde_json::from_value::<Message>(v) {
        Ok(m) => Incoming::Message(m),
        // Valid JSON that is not a request, response or notification.
        Err(e) => Incoming::Malformed(
            ErrorCode::InvalidRequest,
            id,
            format!("invalid JSON-RPC message: {e}"),
        ),
    }
}

fn reader(tx: mpsc::Sender<Incoming>) {
    let stdin = std::io::stdin();
    let mut r = std::io::BufReader::new(stdin.lock());
    loop {
        let item = next_incoming(&mut r);
        let closed = matches!(item, Incoming::Closed);
        if tx.send(item).is_err() || closed {
            return;
        }
    }
}

/// The server state and its output.
pub struct Server<W: Write> {
    out: W,
    docs: HashMap<String, Doc>,
    client: ClientSettings,
    configs: HashMap<Option<PathBuf>, Result<Config, String>>,
    debounce: Duration,
    initialized: bool,
    shutdown: bool,
}

/// Runs the server on stdin/stdout until `exit` or end of input; returns the exit status
/// (0 after a `shutdown` request, 1 otherwise, as LSP specifies).
pub fn run_stdio() -> i32 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || reader(tx));
    let stdout = std::io::stdout();
    let mut server = Server::new(stdout.lock());
    server.run(&rx)
}

fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let mut bytes = Vec::with_capacity(rest.len());
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                bytes.push(v);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

/// Reports are `plaintext` and `markdown` documents, and `*.txt`/`*.md` files whatever
/// language the client gave them (or none).
fn checked_document(language: &str, uri: &str) -> bool {
    let u = uri.to_ascii_lowercase();
    matches!(language, "plaintext" | "markdown" | "text" | "")
        || u.ends_with(".txt")
        || u.ends_with(".md")
}

fn severity(s: Severity) -> lt::DiagnosticSeverity {
    match s {
        Severity::Error => lt::DiagnosticSeverity::ERROR,
        Severity::Warning => lt::DiagnosticSeverity::WARNING,
        Severity::Info => lt::DiagnosticSeverity::INFORMATION,
    }
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    })
}

/// The quantities of a claim with the role each plays.
fn roles(kind: &ClaimKind) -> Vec<(String, &Quantity)> {
    let mut v: Vec<(String, &Quantity)> = Vec::new();
    match kind {
        ClaimKind::Breakdown { total, parts, .. } => {
            v.push(("total".into(), total));
            for (i, p) in parts.iter().enumerate() {
                v.push((format!("part {}", i + 1), p));
            }
        }
        ClaimKind::CountList { count, .. } => v.push(("stated count".into(), count)),
        ClaimKind::Split {
            total,
            achieved,
            not_achieved,
            ..
        } => {
            v.push(("total".into(), total));
            if let Some(a) = achieved {
                v.push(("achieved".into(), a));
            }
            if let Some(n) = not_achieved {
                v.push(("not achieved".into(), n));
            }
        }
        ClaimKind::RatioPercent { ratio, percent } => {
            v.push(("numerator".into(), &ratio.numerator));
            v.push(("denominator".into(), &ratio.denominator));
            v.push(("percentage".into(), percent));
        }
        ClaimKind::CountsPercents { pairs, total } => {
            for (i, (c, p)) in pairs.iter().enumerate() {
                v.push((format!("count {}", i + 1), c));
                v.push((format!("percentage {}", i + 1), p));
            }
            if let Some(t) = total {
                v.push(("total".into(), t));
            }
        }
        ClaimKind::Product {
            factors, result, ..
        } => {
            for (i, f) in factors.iter().enumerate() {
                v.push((format!("factor {}", i + 1), f));
            }
            v.push(("result".into(), result));
        }
        #[allow(unreachable_patterns)]
        _ => {}
    }
    v
}

/// What a claim kind is, and the rule that checks it.
fn claim_check(kind: &ClaimKind) -> (&'static str, &'static str) {
    match kind {
        ClaimKind::Breakdown { .. } => ("a total and its parts", "sum-mismatch"),
        ClaimKind::CountList { .. } => ("a stated count and its list", "count-mismatch"),
        ClaimKind::Split { .. } => ("achieved / not achieved of a total", "complement-mismatch"),
        ClaimKind::RatioPercent { .. } => ("a ratio and its percentage", "percent-mismatch"),
        ClaimKind::CountsPercents { .. } => ("counts with percentages", "percent-base"),
        ClaimKind::Product { .. } => ("a product", "product-mismatch"),
        #[allow(unreachable_patterns)]
        _ => ("a claim", ""),
    }
}

impl<W: Write> Server<W> {
    pub fn new(out: W) -> Self {
        Server {
            out,
            docs: HashMap::new(),
            client: ClientSettings::default(),
            configs: HashMap::new(),
            debounce: DEFAULT_DEBOUNCE,
            initialized: false,
            shutdown: false,
        }
    }

    fn send(&mut self, m: Message) {
        // A client that stopped reading ends the session through end of input.
        let _ = m.write(&mut self.out);
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params).into());
    }

    fn log(&mut self, typ: lt::MessageType, message: String) {
        self.notify("window/logMessage", lt::LogMessageParams { typ, message });
    }

    fn reply(&mut self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let r = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, msg)) => Response::new_err(id, code as i32, msg),
        };
        self.send(r.into());
    }

    fn malformed(&mut self, code: ErrorCode, id: Value, why: String) {
        let body = json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code as i32, "message": why},
        })
        .to_string();
        let _ = write!(self.out, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.out.flush();
    }

    fn run(&mut self, rx: &mpsc::Receiver<Incoming>) -> i32 {
        loop {
            let next_due = self.docs.values().filter_map(|d| d.due).min();
            let item = match next_due {
                Some(t) => rx.recv_timeout(t.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            };
            match item {
                Ok(Incoming::Message(m)) => {
                    if let Some(code) = self.handle(m) {
                        return code;
                    }
                }
                Ok(Incoming::Malformed(code, id, why)) => self.malformed(code, id, why),
                Ok(Incoming::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            self.publish_due();
        }
    }

    /// Serves the messages read from `input` in this thread, publishing due diagnostics after
    /// each one, as [`run_stdio`] does. With `initializationOptions.debounceMs` 0 every change
    /// is published before the next message is read, so the output depends only on the input
    /// (no clock, no thread). Some(status) after `exit` (0 after `shutdown`), None at the end of
    /// input or at a frame cut short. The fuzz harness drives the server through it.
    pub fn serve(&mut self, mut input: impl BufRead) -> Option<i32> {
        loop {
            match next_incoming(&mut input) {
                Incoming::Message(m) => {
                    if let Some(code) = self.handle(m) {
                        return Some(code);
                    }
                }
                Incoming::Malformed(code, id, why) => self.malformed(code, id, why),
                Incoming::Closed => return None,
            }
            self.publish_due();
        }
    }

    /// The text of an open document as the server holds it after the client's changes.
    pub fn document_text(&self, uri: &str) -> Option<&str> {
        self.docs.get(uri).map(|d| d.text.as_str())
    }

    /// Everything written so far.
    pub fn output(&self) -> &W {
        &self.out
    }

    /// Handles one message; Some(status) when the server must exit.
    fn handle(&mut self, m: Message) -> Option<i32> {
        match m {
            Message::Request(r) => self.request(r),
            Message::Notification(n) => return self.notification(n),
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        if !self.initialized && r.method != "initialize" {
            return self.reply(
                id,
                Err((ErrorCode::ServerNotInitialized, "not initialized".into())),
            );
        }
        if self.shutdown {
            return self.reply(
                id,
                Err((ErrorCode::InvalidRequest, "shutdown was requested".into())),
            );
        }
        let result = match r.method.as_str() {
            "initialize" if self.initialized => {
                Err((ErrorCode::InvalidRequest, "already initialized".into()))
            }
            "initialize" => Ok(self.initialize(&r.params)),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => self.code_action(r.params),
            "textDocument/hover" => self.hover(r.params),
            other => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method `{other}`"),
            )),
        };
        self.reply(id, result);
    }

    fn initialize(&mut self, params: &Value) -> Value {
        self.initialized = true;
        if let Some(ms) = params
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms.min(10_000));
        }
        if let Some(s) = params.get("initializationOptions") {
            self.apply_settings(s);
        }
        json!({
            "capabilities": {
                "textDocumentSync": {
                    "openClose": true,
                    "change": 2,
                    "save": {"includeText": false},
                },
                "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                "hoverProvider": true,
            },
            "serverInfo": {"name": "doisoat", "version": env!("CARGO_PKG_VERSION")},
        })
    }

    fn apply_settings(&mut self, s: &Value) {
        let s = s.get("doisoat").unwrap_or(s);
        if let Some(v) = s.get("select").and_then(strings) {
            self.client.select = v;
        }
        if let Some(v) = s.get("ignore").and_then(strings) {
            self.client.ignore = v;
        }
        match s.get("language").and_then(Value::as_str) {
            Some("en") => self.client.lang = Lang::En,
            Some("vi") => self.client.lang = Lang::Vi,
            _ => {}
        }
        let unknown = config::unknown_ids(self.client.select.iter().chain(&self.client.ignore));
        if !unknown.is_empty() {
            self.log(
                lt::MessageType::WARNING,
                format!(
                    "doisoat: unknown rule ids in settings: {}",
                    unknown.join(", ")
                ),
            );
        }
    }

    fn notification(&mut self, n: Notification) -> Option<i32> {
        match n.method.as_str() {
            "exit" => return Some(if self.shutdown { 0 } else { 1 }),
            "initialized" | "$/cancelRequest" | "$/setTrace" => {}
            "textDocument/didSave" => {
                // A saved doisoat.toml takes effect: forget loaded configs and re-check.
                if n.params
                    .pointer("/textDocument/uri")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.ends_with(config::FILE_NAME))
                {
                    self.configs.clear();
                    let now = Instant::now();
                    for d in self.docs.values_mut() {
                        d.due = Some(now);
                        d.fresh = false;
                    }
                }
            }
            "textDocument/didOpen" => {
                match serde_json::from_value::<lt::DidOpenTextDocumentParams>(n.params) {
                    Ok(p) => {
                        let d = p.text_document;
                        self.docs.insert(
                            d.uri.as_str().to_string(),
                            Doc {
                                index: LineIndex::new(&d.text),
                                text: d.text,
                                version: d.version,
                                language: d.language_id,
                                // Open: publish at once.
                                due: Some(Instant::now()),
                                fresh: false,
                                analysis: None,
                            },
                        );
                    }
                    Err(e) => self.log(lt::MessageType::ERROR, format!("didOpen: {e}")),
                }
            }
            "textDocument/didChange" => {
                match serde_json::from_value::<lt::DidChangeTextDocumentParams>(n.params) {
                    Ok(p) => self.change(p),
                    Err(e) => self.log(lt::MessageType::ERROR, format!("didChange: {e}")),
                }
            }
            "textDocument/didClose" => {
                match serde_json::from_value::<lt::DidCloseTextDocumentParams>(n.params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        self.docs.remove(uri.as_str());
                        self.notify(
                            "textDocument/publishDiagnostics",
                            lt::PublishDiagnosticsParams::new(uri, vec![], None),
                        );
                    }
                    Err(e) => self.log(lt::MessageType::ERROR, format!("didClose: {e}")),
                }
            }
            "workspace/didChangeConfiguration" => {
                let s = n.params.get("settings").cloned().unwrap_or(Value::Null);
                self.apply_settings(&s);
                let now = Instant::now();
                for d in self.docs.values_mut() {
                    d.due = Some(now);
                    d.fresh = false;
                }
            }
            other => {
                if !other.starts_with("$/") {
                    self.log(
                        lt::MessageType::LOG,
                        format!("doisoat: ignored notification `{other}`"),
                    );
                }
            }
        }
        None
    }

    fn change(&mut self, p: lt::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri.as_str().to_string();
        let debounce = self.debounce;
        let Some(doc) = self.docs.get_mut(&uri) else {
            return self.log(
                lt::MessageType::WARNING,
                format!("didChange for a document that is not open: {uri}"),
            );
        };
        for c in p.content_changes {
            match c.range {
                None => doc.text = c.text,
                Some(r) => {
                    // A reversed range is the same range (as vscode-languageserver's
                    // TextDocument reads it), not an insertion at its start.
                    let a = doc.index.offset(&doc.text, r.start);
                    let b = doc.index.offset(&doc.text, r.end);
                    doc.text.replace_range(a.min(b)..a.max(b), &c.text);
                }
            }
            doc.index = LineIndex::new(&doc.text);
        }
        doc.version = p.text_document.version;
        doc.fresh = false;
        doc.due = Some(Instant::now() + debounce);
    }

    /// Settings for a document: its `doisoat.toml` (if a file) and the client's settings.
    fn settings_for(&mut self, uri: &str) -> Settings {
        let path = uri_path(uri);
        let cfg_path = path
            .as_deref()
            .and_then(Path::parent)
            .and_then(config::discover);
        let entry = self
            .configs
            .entry(cfg_path.clone())
            .or_insert_with(|| match &cfg_path {
                None => Ok(Config::default()),
                Some(p) => Config::load(p).map_err(|e| e.to_string()),
            })
            .clone();
        let name = cfg_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let cfg = match entry {
            Ok(c) => c,
            Err(e) => {
                self.log(lt::MessageType::ERROR, format!("doisoat: {e}"));
                Config::default()
            }
        };
        let mut settings = match cfg.settings(&name, &self.client.select, &self.client.ignore) {
            Ok(s) => s,
            Err(e) => {
                self.log(lt::MessageType::ERROR, format!("doisoat: {e}"));
                config::default_settings(&self.client.select, &self.client.ignore)
            }
        };
        if let (Some(p), Some(cp)) = (&path, &cfg_path) {
            let base = cp.parent().unwrap_or(Path::new("."));
            if let Ok(ign) = cfg.per_file_ignores(&name, base) {
                settings.rules.ignore.extend(ign.rules_for(p));
            }
        }
        settings
    }

    /// Analyses a document now unless its analysis is of the current text (for requests and
    /// before publishing).
    fn ensure_analysed(&mut self, uri: &str) {
        let needs = self.docs.get(uri).is_some_and(|d| !d.fresh);
        if needs {
            self.analyse(uri);
        }
    }

    fn analyse(&mut self, uri: &str) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if !checked_document(&doc.language, uri) {
            // Not a report (a client may send every file it opens): nothing to say.
            if let Some(d) = self.docs.get_mut(uri) {
                d.fresh = true;
                d.analysis = None;
            }
            return;
        }
        if doc.text.len() > MAX_CHECKED_BYTES {
            let n = doc.text.len();
            if let Some(d) = self.docs.get_mut(uri) {
                d.fresh = true;
                d.analysis = None;
            }
            self.log(
                lt::MessageType::WARNING,
                format!("doisoat: {uri} not checked: {n} bytes is over the {MAX_CHECKED_BYTES}-byte limit"),
            );
            return;
        }
        let name = if doc.language == "markdown" && !uri.to_ascii_lowercase().ends_with(".md") {
            format!("{uri}.md")
        } else {
            uri.to_string()
        };
        let text = doc.text.clone();
        let settings = self.settings_for(uri);
        let a = analyze_str(&name, &text, &settings);
        if let Some(d) = self.docs.get_mut(uri) {
            d.analysis = Some(a);
            d.fresh = true;
        }
    }

    fn lsp_diagnostics(&self, uri: &lt::Uri, doc: &Doc) -> Vec<lt::Diagnostic> {
        let Some(a) = &doc.analysis else {
            return Vec::new();
        };
        let lang = self.client.lang;
        let shift = doc.shift();
        let range_of = |span| {
            let r = a.source_range(span);
            doc.index.range(&doc.text, r.start + shift..r.end + shift)
        };
        a.diagnostics
            .iter()
            .map(|d| {
                let mut message = render(lang, &d.message);
                if let Some(h) = &d.help {
                    message.push('\n');
                    message.push_str(&render(lang, h));
                }
                let related: Vec<lt::DiagnosticRelatedInformation> = d
                    .labels
                    .iter()
                    .map(|l| lt::DiagnosticRelatedInformation {
                        location: lt::Location::new(uri.clone(), range_of(l.span)),
                        message: render(lang, &l.message),
                    })
                    .collect();
                lt::Diagnostic {
                    range: range_of(d.span),
                    severity: Some(severity(d.severity)),
                    code: Some(lt::NumberOrString::String(d.rule.to_string())),
                    code_description: rule_docs_url(d.rule)
                        .and_then(|u| lt::Uri::from_str(&u).ok())
                        .map(|href| lt::CodeDescription { href }),
                    source: Some("doisoat".into()),
                    message,
                    related_information: (!related.is_empty()).then_some(related),
                    tags: None,
                    data: None,
                }
            })
            .collect()
    }

    fn publish_due(&mut self) {
        let now = Instant::now();
        let mut due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        // In a fixed order: the same messages give the same output (the map's order is random).
        due.sort();
        for uri in due {
            self.ensure_analysed(&uri);
            if let Some(d) = self.docs.get_mut(&uri) {
                d.due = None;
            }
            let Ok(u) = lt::Uri::from_str(&uri) else {
                continue;
            };
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let diags = self.lsp_diagnostics(&u, doc);
            let version = Some(doc.version);
            self.notify(
                "textDocument/publishDiagnostics",
                lt::PublishDiagnosticsParams::new(u, diags, version),
            );
        }
    }

    fn code_action(&mut self, params: Value) -> Result<Value, (ErrorCode, String)> {
        let p: lt::CodeActionParams = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let uri = p.text_document.uri.as_str().to_string();
        self.ensure_analysed(&uri);
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(Value::Null);
        };
        let Some(a) = &doc.analysis else {
            return Ok(json!([]));
        };
        let lsp = self.lsp_diagnostics(&p.text_document.uri, doc);
        let want =
            doc.index.offset(&doc.text, p.range.start)..doc.index.offset(&doc.text, p.range.end);
        let shift = doc.shift();
        let mut actions = Vec::new();
        for (d, ld) in a.diagnostics.iter().zip(&lsp) {
            let r = a.source_range(d.span);
            let r = r.start + shift..r.end + shift;
            // Overlap, counting a cursor at either edge of the finding.
            if r.start > want.end || want.start > r.end {
                continue;
            }
            for f in &d.fixes {
                let fr = crate::fix::source_range_of(a, f);
                let fr = fr.start + shift..fr.end + shift;
                let old = doc.text.get(fr.clone()).unwrap_or("");
                let edit = lt::TextEdit::new(
                    doc.index.range(&doc.text, fr.clone()),
                    f.replacement.clone(),
                );
                actions.push(json!({
                    "title": format!("Replace “{old}” with “{}”{}", f.replacement, if f.safe { "" } else { " (check first)" }),
                    "kind": "quickfix",
                    "diagnostics": [ld],
                    "isPreferred": f.safe,
                    "edit": {"changes": {uri.clone(): [edit]}},
                }));
            }
            let line_start = doc.index.position(&doc.text, r.start);
            let at = lt::Position::new(line_start.line, 0);
            let name = if doc.language == "markdown" {
                "x.md"
            } else {
                &uri
            };
            let comment = crate::suppress::next_line_comment(name, d.rule);
            actions.push(json!({
                "title": format!("Suppress {} on this line", d.rule),
                "kind": "quickfix",
                "diagnostics": [ld],
                "edit": {"changes": {uri.clone(): [lt::TextEdit::new(lt::Range::new(at, at), comment)]}},
            }));
        }
        Ok(Value::Array(actions))
    }

    fn hover(&mut self, params: Value) -> Result<Value, (ErrorCode, String)> {
        let p: lt::HoverParams = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let uri = p
            .text_document_position_params
            .text_document
            .uri
            .as_str()
            .to_string();
        self.ensure_analysed(&uri);
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(Value::Null);
        };
        let Some(a) = &doc.analysis else {
            return Ok(Value::Null);
        };
        let at = doc
            .index
            .offset(&doc.text, p.text_document_position_params.position);
        let shift = doc.shift();
        let lang = self.client.lang;
        for claim in &a.claims.items {
            for (role, q) in roles(&claim.kind) {
                let r = a.source_range(q.number_span);
                let r = r.start + shift..r.end + shift;
                if !(r.start <= at && at < r.end.max(r.start + 1)) {
                    continue;
                }
                let text = hover_text(a, claim, &role, q, lang);
                return Ok(json!({
                    "contents": {"kind": "markdown", "value": text},
                    "range": doc.index.range(&doc.text, r),
                }));
            }
        }
        Ok(Value::Null)
    }
}

fn hover_text(a: &Analysis, claim: &Claim, role: &str, q: &Quantity, lang: Lang) -> String {
    let unit = q
        .unit
        .as_ref()
        .map(|u| format!(" {}", u.name))
        .unwrap_or_default();
    let i = Interval::printed(q.value, q.resolution, q.exact);
    let interval = if i.lo == i.hi {
        "exact".to_string()
    } else {
        format!(
            "[{}; {}{}",
            numfmt::vi(i.lo),
            numfmt::vi(i.hi),
            if i.hi_open { ")" } else { "]" }
        )
    };
    let (what, rule) = claim_check(&claim.kind);
    let mut s = format!(
        "**{}{unit}** — {role} of {what}\n\n- value: {}{unit}\n- interval: {interval}\n- reading: {:?}",
        numfmt::vi(q.value),
        numfmt::vi(q.value),
        q.reading
    );
    if let Some(&alt) = q.alt.as_deref() {
        s.push_str(&format!(" (or {})", numfmt::vi(alt)));
    }
    let found: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| {
            d.span.contains(q.number_span)
                || d.labels.iter().any(|l| l.span.contains(q.number_span))
                || (d.rule == rule && claim.span.contains(d.span))
        })
        .collect();
    if found.is_empty() {
        s.push_str(&format!(
            "\n\nChecked by `{rule}`: no finding reported here."
        ));
    } else {
        for d in found {
            s.push_str(&format!("\n\n`{}`: {}", d.rule, render(lang, &d.message)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_on_vietnamese_text() {
        // "Tổng" is T + ổ (1 UTF-16 unit, 3 UTF-8 bytes) + ng; NFD "ổ" is o + 2 marks (3 units).
        let t = "Tổng 5\r\nđề: 7\nTo\u{302}\u{309}ng 9 😀 x";
        let ix = LineIndex::new(t);
        let five = t.find('5').unwrap();
        assert_eq!(five, 7);
        assert_eq!(ix.position(t, five), lt::Position::new(0, 5));
        let seven = t.find('7').unwrap();
        assert_eq!(ix.position(t, seven), lt::Position::new(1, 4));
        let nine = t.find('9').unwrap();
        assert_eq!(ix.position(t, nine), lt::Position::new(2, 7));
        // The emoji is two UTF-16 units.
        let x = t.find('x').unwrap();
        assert_eq!(ix.position(t, x), lt::Position::new(2, 12));
        for o in [five, seven, nine, x, 0, t.len()] {
            assert_eq!(ix.offset(t, ix.position(t, o)), o);
        }
        // Past the end of a line: its end, before the line break.
        assert_eq!(ix.offset(t, lt::Position::new(0, 99)), 8);
        assert_eq!(ix.offset(t, lt::Position::new(9, 0)), t.len());
    }

    #[test]
    fn frames_and_malformed_input() {
        let mut r = std::io::Cursor::new(
            b"Content-Length: 2\r\n\r\n{}Content-Length: x\r\n\r\nContent-Length: 3\r\nContent-Type: a\r\n\r\nabc".to_vec(),
        );
        assert_eq!(read_frame(&mut r).unwrap(), Some(Ok(b"{}".to_vec())));
        assert_eq!(
            read_frame(&mut r).unwrap(),
            Some(Err("bad Content-Length `x`".into()))
        );
        assert_eq!(read_frame(&mut r).unwrap(), Some(Ok(b"abc".to_vec())));
        assert_eq!(read_frame(&mut r).unwrap(), None);
    }

    /// Quick fixes come from `Diagnostic.fixes`, with UTF-16 ranges in the source as written.
    #[test]
    fn code_actions_carry_the_fixes() {
        use crate::diagnostic::{Diagnostic, Fix, Message};
        use crate::span::Span;
        let mut s = Server::new(Vec::new());
        s.initialized = true;
        let uri = "file:///nowhere/r.md";
        // "Ngƣời": legacy "ƣ" (2 bytes, 1 UTF-16 unit) after "đề: ".
        let text = "# đề\n\nđề: Ngƣời 5\n";
        s.handle(lsp_server::Message::Notification(Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )));
        s.ensure_analysed(uri);
        let doc = s.docs.get_mut(uri).unwrap();
        let a = doc.analysis.as_mut().unwrap();
        let at = a.prepared.text.find("Ng").unwrap();
        let word = Span::new(at, at + "Người".len());
        let mut d = Diagnostic::new("sum-mismatch", Severity::Info, word, Message::new("x"));
        d.fixes = vec![
            Fix::new(word, "Người", true),
            Fix::new(word, "Ngươi", false),
        ];
        a.diagnostics = vec![d];
        let r = s
            .code_action(json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 5}},
                "context": {"diagnostics": []}
            }))
            .unwrap();
        let acts = r.as_array().unwrap();
        assert_eq!(acts.len(), 3);
        assert_eq!(acts[0]["title"], "Replace “Ngƣời” with “Người”");
        assert_eq!(acts[0]["isPreferred"], true);
        // "đề: " is 4 UTF-16 units; "Ngƣời" is 5.
        assert_eq!(
            acts[0]["edit"]["changes"][uri][0],
            json!({"range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 9}}, "newText": "Người"})
        );
        assert_eq!(
            acts[1]["title"],
            "Replace “Ngƣời” with “Ngươi” (check first)"
        );
        assert_eq!(acts[1]["isPreferred"], false);
        assert_eq!(acts[2]["title"], "Suppress sum-mismatch on this line");
        // Outside the finding: no actions. Unknown document: null.
        let r = s
            .code_action(json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                "context": {"diagnostics": []}
            }))
            .unwrap();
        assert_eq!(r, json!([]));
        let r = s
            .code_action(json!({
                "textDocument": {"uri": "file:///x.md"},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": []}
            }))
            .unwrap();
        assert_eq!(r, Value::Null);
    }

    #[test]
    fn only_reports_are_checked() {
        assert!(checked_document("markdown", "untitled:1"));
        assert!(checked_document("plaintext", "file:///a.rs"));
        assert!(checked_document("", "file:///a"));
        assert!(checked_document("rust", "file:///a/B.MD"));
        assert!(!checked_document("rust", "file:///a.rs"));
    }

    #[test]
    fn file_uris_decode() {
        assert_eq!(
            uri_path("file:///tmp/b%C3%A1o%20c%C3%A1o.md"),
            Some(PathBuf::from("/tmp/báo cáo.md"))
        );
        assert_eq!(uri_path("untitled:1"), None);
    }

    fn frames(msgs: &[Value]) -> Vec<u8> {
        let mut v = Vec::new();
        for m in msgs {
            let b = m.to_string();
            v.extend_from_slice(format!("Content-Length: {}\r\n\r\n{b}", b.len()).as_bytes());
        }
        v
    }

    /// The messages written by `s` (its output holds well-formed frames).
    fn written(s: &Server<Vec<u8>>) -> Vec<Value> {
        let mut r = std::io::Cursor::new(s.output().clone());
        let mut out = Vec::new();
        while let Ok(Some(Ok(body))) = read_frame(&mut r) {
            out.push(serde_json::from_slice(&body).unwrap());
        }
        out
    }

    fn init(debounce_ms: u64) -> Server<Vec<u8>> {
        let mut s = Server::new(Vec::new());
        let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {}, "initializationOptions": {"debounceMs": debounce_ms}}});
        assert_eq!(s.serve(&frames(&[init])[..]), None);
        s
    }

    /// A hover that analyses a changed document before its debounce delay ends must not
    /// swallow the publication: the client would keep the previous version's diagnostics.
    #[test]
    fn a_request_during_the_debounce_does_not_cancel_publishing() {
        let mut s = init(10_000);
        let uri = "untitled:r";
        s.serve(&frames(&[
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": uri, "languageId": "plaintext", "version": 1, "text": "Tổng số 10 hồ sơ, trong đó 4 hồ sơ, 6 hồ sơ."}}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument":
                {"uri": uri, "version": 2}, "contentChanges": [{"text": "Tổng số 10 hồ sơ, trong đó 4 hồ sơ, 5 hồ sơ."}]}}),
            json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params":
                {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 8}}}),
        ])[..]);
        let doc = s.docs.get(uri).unwrap();
        assert!(
            doc.fresh && doc.due.is_some(),
            "analysed for the hover, still to publish"
        );
        // The delay ends: version 2 is published with its finding, without analysing again.
        s.docs.get_mut(uri).unwrap().due = Some(Instant::now());
        s.publish_due();
        let out = written(&s);
        let last = out.last().unwrap();
        assert_eq!(last["method"], "textDocument/publishDiagnostics");
        assert_eq!(last["params"]["version"], 2);
        assert_eq!(last["params"]["diagnostics"][0]["code"], "sum-mismatch");
        assert_eq!(s.docs.get(uri).unwrap().due, None);
    }

    /// Several documents due at once are published in URI order (the same messages give the
    /// same output; the map's order changes from run to run).
    #[test]
    fn documents_are_published_in_a_fixed_order() {
        let mut s = init(0);
        let open = |u: &str| {
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": u, "languageId": "plaintext", "version": 1, "text": "x"}}})
        };
        let uris = [
            "untitled:e",
            "untitled:a",
            "untitled:d",
            "untitled:b",
            "untitled:c",
        ];
        s.serve(&frames(&uris.map(open))[..]);
        let before = s.output().len();
        s.serve(&frames(&[json!({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {}}})])[..]);
        let mut r = std::io::Cursor::new(s.output()[before..].to_vec());
        let mut order = Vec::new();
        while let Ok(Some(Ok(body))) = read_frame(&mut r) {
            let v: Value = serde_json::from_slice(&body).unwrap();
            order.push(v["params"]["uri"].as_str().unwrap().to_string());
        }
        assert_eq!(
            order,
            [
                "untitled:a",
                "untitled:b",
                "untitled:c",
                "untitled:d",
                "untitled:e"
            ]
        );
    }

    /// A reversed range replaces the same text as the range the right way round (as the
    /// reference `TextDocument.update` reads it), not an insertion at its start.
    #[test]
    fn reversed_ranges_replace_the_same_text() {
        let mut s = init(0);
        let uri = "untitled:r";
        s.serve(&frames(&[
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": uri, "languageId": "plaintext", "version": 1, "text": "đề 😀 xyz\rhai"}}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument":
                {"uri": uri, "version": 2}, "contentChanges": [
                    // Inside the surrogate pair of 😀: after it.
                    {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 4}}, "text": "!"},
                    {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 3}}, "text": "X"},
                    // Past the line's end: its end.
                    {"range": {"start": {"line": 1, "character": 99}, "end": {"line": 1, "character": 99}}, "text": "."},
                ]}}),
        ])[..]);
        assert_eq!(s.document_text(uri), Some("đề Xz\rhai."));
    }

    /// Requests whose id LSP does not allow get an error (with the id when it is a number or
    /// a string) instead of being read as notifications and left unanswered; a header block
    /// without Content-Length gets an error too.
    #[test]
    fn bad_ids_and_headers_are_answered() {
        let mut s = init(0);
        let before = s.output().len();
        let mut input = frames(&[
            json!({"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "id": 4_294_967_296u64, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "id": null, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}),
        ]);
        input.extend_from_slice(b"X-Other: 1\r\n\r\n");
        s.serve(&input[..]);
        let mut r = std::io::Cursor::new(s.output()[before..].to_vec());
        let mut got = Vec::new();
        while let Ok(Some(Ok(body))) = read_frame(&mut r) {
            let v: Value = serde_json::from_slice(&body).unwrap();
            got.push((v["id"].clone(), v["error"]["code"].clone()));
        }
        assert_eq!(
            got,
            [
                (json!(1.5), json!(-32600)),
                (json!(4_294_967_296u64), json!(-32600)),
                (Value::Null, json!(-32600)),
                (Value::Null, json!(-32600)),
                (Value::Null, json!(-32700)),
            ]
        );
        assert!(!s.shutdown);
    }
}
