//! A real editor as the LSP client: Neovim (0.7, Debian's package) headless, started with
//! `vim.lsp.start_client`, on a report; its diagnostics are read back from a file the Lua
//! script writes. Skipped, with one printed line, when `nvim` is not installed.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SENTENCE: &str =
    "Tổng diện tích gieo trồng đạt 100 ha, trong đó: diện tích lúa 60 ha; rau màu 30 ha.";

const SCRIPT: &str = r#"
local out = io.open(OUT, 'w')
local function dump(tag)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
    out:write(string.format('%s %d:%d:%d:%s:%s\n', tag, d.lnum, d.col, d.severity, code,
      (d.message:gsub('\n', ' '))))
  end
end
local id = vim.lsp.start_client({ name = 'doisoat', cmd = { BIN, 'lsp' }, root_dir = DIR })
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 20)
dump('open')
-- Two lines inserted above the sentence: the finding must move from line 2 to line 4.
vim.api.nvim_buf_set_lines(0, 2, 2, false, { 'Mở đầu.', '' })
local moved = vim.wait(15000, function()
  local ds = vim.diagnostic.get(0)
  return #ds > 0 and ds[1].lnum == 4
end, 20)
dump('edit')
out:write((ok and moved) and 'ok\n' or 'timeout\n')
out:close()
vim.lsp.stop_client(id)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_the_findings_and_follows_edits() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!("skipped: nvim is not installed");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let report = d.path().join("r.md");
    std::fs::write(&report, format!("# Báo cáo\n\n{SENTENCE}\n")).unwrap();
    let out = d.path().join("out.txt");
    let script = d.path().join("s.lua");
    let lua_str = |s: &str| format!("{s:?}");
    std::fs::write(
        &script,
        format!(
            "local BIN = {}\nlocal DIR = {}\nlocal OUT = {}\n{SCRIPT}",
            lua_str(env!("CARGO_BIN_EXE_doisoat")),
            lua_str(d.path().to_str().unwrap()),
            lua_str(out.to_str().unwrap()),
        ),
    )
    .unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", "NONE"])
        .arg(&report)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .current_dir(d.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let got = std::fs::read_to_string(&out).unwrap();
    // Neovim turns the server's UTF-16 columns into byte columns: "100" is at byte 40 (30 characters).
    let byte_col = SENTENCE.find("100").unwrap();
    assert_eq!(byte_col, 40);
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), 3, "{got}");
    assert!(
        lines[0].starts_with(&format!(
            "open 2:{byte_col}:1:sum-mismatch:Các thành phần cộng lại bằng 90 ha"
        )),
        "{got}"
    );
    assert!(
        lines[1].starts_with(&format!("edit 4:{byte_col}:1:sum-mismatch:")),
        "{got}"
    );
    assert_eq!(lines[2], "ok");
}
