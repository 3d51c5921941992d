//! Stage 6 — renderers: human (miette), json.
