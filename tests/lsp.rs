//! The language server, started as the real binary and spoken to over stdin/stdout.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
}

fn read_frames(out: impl Read, tx: mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let h = line.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some(v) = h.strip_prefix("Content-Length: ") {
                len = v.parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
            return;
        }
    }
}

impl Client {
    fn start(options: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_doisoat"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_frames(out, tx));
        let stdin = child.stdin.take();
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 1,
        };
        let r = c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options}),
        );
        assert_eq!(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
        assert_eq!(r["result"]["capabilities"]["hoverProvider"], true);
        c.notify("initialized", json!({}));
        c
    }

    fn raw(&mut self, body: &[u8]) {
        let s = self.stdin.as_mut().unwrap();
        write!(s, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        s.write_all(body).unwrap();
        s.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.raw(v.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)
    }

    /// The next message satisfying `pred`, skipping others (log messages…).
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(_) => {}
                Err(e) => panic!("no matching message: {e}"),
            }
        }
    }

    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

/// "Tổng" written decomposed (o + circumflex + hook above): 6 UTF-16 units where NFC has 4.
const NFD_TONG: &str = "To\u{302}\u{309}ng";

fn sentence() -> String {
    format!("{NFD_TONG} diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.\n")
}

fn uri(dir: &std::path::Path, name: &str) -> String {
    format!("file://{}/{name}", dir.display())
}

#[test]
fn open_edit_actions_hover_and_shutdown() {
    let d = tempfile::tempdir().unwrap();
    let uri = uri(d.path(), "r.md");
    // Only the rule under test: the NFD "Tổng" is also what an `encoding` rule reports.
    let mut c = Client::start(json!({"debounceMs": 20, "doisoat": {"select": ["sum-mismatch"]}}));
    let text = format!("# Báo cáo\n\n{}", sentence());
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let dg = &diags[0];
    assert_eq!(dg["code"], "sum-mismatch");
    assert_eq!(dg["source"], "doisoat");
    assert_eq!(dg["severity"], 1);
    // A docs link only when Cargo.toml names a homepage (none yet: no guessed address).
    match doisoat::render::rule_docs_url("sum-mismatch") {
        Some(url) => assert_eq!(dg["codeDescription"]["href"], url.as_str()),
        None => assert!(dg.get("codeDescription").is_none(), "{dg}"),
    }
    // "Tổng diện tích gieo trồng đạt " is 30 characters in NFC, 32 UTF-16 units as written
    // (NFD), and 41 UTF-8 bytes: the range must say 32.
    assert_eq!(dg["range"]["start"], json!({"line": 2, "character": 32}));
    assert_eq!(dg["range"]["end"]["line"], 2);
    let related = dg["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    assert_eq!(related[0]["location"]["uri"], uri);
    // Labels: the total (100), then the parts 60 and 30, at their UTF-16 columns.
    let col = |s: &str| {
        let line = sentence();
        line[..line.find(s).unwrap()].encode_utf16().count()
    };
    assert_eq!(
        related[0]["location"]["range"]["start"]["character"],
        col("100")
    );
    assert_eq!(
        related[1]["location"]["range"]["start"]["character"],
        col("60")
    );
    assert_eq!(
        related[2]["location"]["range"]["start"]["character"],
        col("30")
    );
    // 62 characters in NFC before "60", plus the two extra units of the NFD "Tổng".
    assert_eq!(col("60"), 64);

    // Incremental edit: two lines inserted above; the finding moves down by two lines.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "Mở đầu.\n\n"}
        ]}),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 4, "character": 32})
    );

    // Incremental edit inside the line: "30 ha" → "40 ha" makes the sum hold.
    let c30 = col("30") as u64;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": c30}, "end": {"line": 4, "character": c30 + 2}}, "text": "40"}
        ]}),
    );
    assert_eq!(c.diagnostics(&uri, Some(3)), Vec::<Value>::new());

    // Full sync back to the inconsistent text.
    let text = format!("# Báo cáo\n\n{}", sentence());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    let diags = c.diagnostics(&uri, Some(4));
    assert_eq!(diags.len(), 1);
    let range = diags[0]["range"].clone();

    // Hover over the total while the finding stands: the finding is named.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": col("100")}}),
    );
    let h = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        h.starts_with("**100 ha** — total of a total and its parts"),
        "{h}"
    );
    assert!(
        h.ends_with(
            "`sum-mismatch`: Các thành phần cộng lại bằng 90 ha, không khớp với tổng số 100 ha"
        ),
        "{h}"
    );

    // Code action: "suppress" inserts the comment above the finding's line.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": diags}}),
    );
    let actions = r["result"].as_array().unwrap();
    let sup = actions
        .iter()
        .find(|a| a["title"] == "Suppress sum-mismatch on this line")
        .unwrap();
    assert_eq!(sup["kind"], "quickfix");
    let edit = &sup["edit"]["changes"][&uri][0];
    assert_eq!(
        edit,
        &json!({"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                "newText": "<!-- doisoat-disable-next-line sum-mismatch -->\n"})
    );
    // Applying it silences the finding.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [
            {"range": edit["range"], "text": edit["newText"]}
        ]}),
    );
    assert_eq!(c.diagnostics(&uri, Some(5)), Vec::<Value>::new());

    // Hover over "60" (line 3 now): how it was read and the check.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": col("60") + 1}}),
    );
    let h = r["result"]["contents"]["value"].as_str().unwrap();
    assert_eq!(
        h,
        "**60 ha** — part 1 of a total and its parts\n\n- value: 60 ha\n- interval: [59,5; 61)\n- reading: Certain\n\nChecked by `sum-mismatch`: no finding reported here."
    );
    assert_eq!(
        r["result"]["range"]["start"],
        json!({"line": 3, "character": col("60")})
    );
    // Hover on a word: nothing.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert_eq!(r["result"], Value::Null);

    // Unknown method, malformed JSON, unknown document: errors or empty results, no crash.
    let r = c.request("textDocument/frobnicate", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.raw(b"{not json");
    let m = c.wait(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(m["error"]["code"], -32700);
    // Valid JSON that is no JSON-RPC message: invalid request, with its id.
    c.send(json!({"jsonrpc": "2.0", "id": 99, "method": 5}));
    let m = c.wait(|m| m["id"] == 99);
    assert_eq!(m["error"]["code"], -32600);
    // A second initialize is refused.
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r["error"]["code"], -32600);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never/opened.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null);
    let r = c.request("textDocument/hover", json!({"bogus": 1}));
    assert_eq!(r["error"]["code"], -32602);

    // Configuration: ignoring the rule clears the findings of open documents.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 6}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(c.diagnostics(&uri, Some(6)).len(), 1);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"doisoat": {"ignore": ["sum-mismatch"], "language": "en"}}}),
    );
    assert_eq!(c.diagnostics(&uri, Some(6)), Vec::<Value>::new());
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"doisoat": {"ignore": [], "language": "en"}}}),
    );
    let diags = c.diagnostics(&uri, Some(6));
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("The parts add up to 90 ha"));

    // Close clears.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(c.diagnostics(&uri, None), Vec::<Value>::new());

    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_client_that_disconnects_ends_the_server() {
    let mut c = Client::start(json!({}));
    drop(c.stdin.take());
    let start = Instant::now();
    loop {
        if let Some(s) = c.child.try_wait().unwrap() {
            // No shutdown request came first.
            assert_eq!(s.code(), Some(1));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "server still running"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn changes_are_debounced_and_large_documents_are_logged() {
    let d = tempfile::tempdir().unwrap();
    let uri = uri(d.path(), "r.txt");
    let mut c = Client::start(json!({"debounceMs": 300, "doisoat": {"select": ["sum-mismatch"]}}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": sentence()}}),
    );
    assert_eq!(c.diagnostics(&uri, Some(1)).len(), 1);
    // Three quick edits: one publish, for the last version.
    for v in 2..=4 {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": sentence()}]}),
        );
    }
    let m = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(m["params"]["version"], 4);
    // A 20 MB document is not analysed; the server says so and keeps working.
    let big = "x".repeat(20 * 1024 * 1024);
    let big_uri = format!("{uri}.big");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": big_uri, "languageId": "plaintext", "version": 1, "text": big}}),
    );
    let m = c.wait(|m| m["method"] == "window/logMessage");
    assert!(m["params"]["message"]
        .as_str()
        .unwrap()
        .contains("not checked"));
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
}

/// didChange → publishDiagnostics on a 100 KB report, debounce off. Prints the median; the
/// assertion is loose because the machine is shared.
#[test]
fn latency_on_a_100_kb_report() {
    let example = include_str!("../examples/bao-cao-mau.md");
    let mut text = String::new();
    while text.len() < 100 * 1024 {
        text.push_str(example);
        text.push('\n');
    }
    let d = tempfile::tempdir().unwrap();
    let uri = uri(d.path(), "big.md");
    let mut c = Client::start(json!({"debounceMs": 0}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let first = c.diagnostics(&uri, Some(1)).len();
    assert!(first >= 5);
    let mut times = Vec::new();
    for v in 2..=12 {
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}
            ]}),
        );
        assert_eq!(c.diagnostics(&uri, Some(v)).len(), first);
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "didChange → publishDiagnostics, {} KB: median {:.1} ms (min {:.1}, max {:.1})",
        text.len() / 1024,
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    assert!(median < Duration::from_secs(2));
}
