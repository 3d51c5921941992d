//! `doisoat.toml`: rule selection, per-rule severity, extra units and keywords.
