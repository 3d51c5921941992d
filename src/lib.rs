//! doisoat — đối soát: checks the internal consistency of Vietnamese administrative reports.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! source (bytes → text)  →  layout (reflow)  →  parse (AST + tokens)  →  claims  →  rules
//!   → diagnostics  →  render (human, json, …)
//! ```
//!
//! [`engine::analyze`] runs the pipeline on one file. A Word document enters through
//! [`docx::to_source`], which extracts its text.

pub mod ast;
pub mod baseline;
pub mod chars;
pub mod claims;
pub mod config;
pub mod diagnostic;
pub mod docx;
pub mod engine;
pub mod fix;
pub mod interval;
pub mod layout;
pub mod lexicon;
pub mod lsp;
pub mod messages;
pub mod numfmt;
pub mod packed;
pub mod parse;
pub mod render;
pub mod rules;
pub mod source;
pub mod span;
pub mod suppress;

pub use engine::{analyze, analyze_str, Analysis, Settings};
