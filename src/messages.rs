//! Message catalogue: `rules/messages.toml` holds every user-facing sentence in Vietnamese and
//! English, keyed by id; rules only name keys and arguments.

use crate::diagnostic::Message;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

#[derive(Debug, Deserialize)]
struct Catalogue {
    vi: HashMap<String, String>,
    en: HashMap<String, String>,
}

const MESSAGES_TOML: &str = include_str!("../rules/messages.toml");

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        // The catalogue is embedded and checked by a test, so a parse failure is a build bug;
        // fall back to an empty catalogue rather than panicking in a user's run.
        toml::from_str(MESSAGES_TOML).unwrap_or_else(|_| Catalogue {
            vi: HashMap::new(),
            en: HashMap::new(),
        })
    })
}

/// Renders a message in `lang`, substituting `{name}` placeholders. An unknown key renders as
/// the key itself so a missing entry is visible rather than fatal.
pub fn render(lang: Lang, msg: &Message) -> String {
    let cat = catalogue();
    let table = match lang {
        Lang::Vi => &cat.vi,
        Lang::En => &cat.en,
    };
    let template = table
        .get(&*msg.key)
        .or_else(|| cat.vi.get(&*msg.key))
        .map(String::as_str)
        .unwrap_or(&msg.key);
    let mut out = template.to_string();
    for (name, value) in &msg.args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    if let Some(suffix) = &msg.suffix {
        out.push(' ');
        out.push_str(&render(lang, suffix));
    }
    out
}

/// Every key of the catalogue, for tests.
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let cat = catalogue();
    let table = match lang {
        Lang::Vi => &cat.vi,
        Lang::En => &cat.en,
    };
    let mut v: Vec<&'static str> = table.keys().map(String::as_str).collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_languages_have_the_same_keys() {
        let cat: Catalogue = toml::from_str(MESSAGES_TOML).expect("messages.toml parses");
        let mut vi: Vec<_> = cat.vi.keys().collect();
        let mut en: Vec<_> = cat.en.keys().collect();
        vi.sort();
        en.sort();
        assert_eq!(vi, en);
    }
}
