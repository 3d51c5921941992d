//! The word lists and unit tables the parser and rules use, loaded from the `rules/` data
//! embedded in the binary and extended by the user's config.

use crate::ast::Dimension;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

const UNITS_TOML: &str = include_str!("../rules/units.toml");
const KEYWORDS_TOML: &str = include_str!("../rules/keywords.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    pub name: String,
    pub dimension: DimensionName,
    #[serde(default = "one")]
    pub factor: String,
    pub aliases: Vec<String>,
}

fn one() -> String {
    "1".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DimensionName {
    Count,
    Percent,
    Money,
    Area,
    Mass,
    Volume,
    Length,
    Rate,
    Time,
    Other,
}

impl From<DimensionName> for Dimension {
    fn from(d: DimensionName) -> Self {
        match d {
            DimensionName::Count => Dimension::Count,
            DimensionName::Percent => Dimension::Percent,
            DimensionName::Money => Dimension::Money,
            DimensionName::Area => Dimension::Area,
            DimensionName::Mass => Dimension::Mass,
            DimensionName::Volume => Dimension::Volume,
            DimensionName::Length => Dimension::Length,
            DimensionName::Rate => Dimension::Rate,
            DimensionName::Time => Dimension::Time,
            DimensionName::Other => Dimension::Other,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    unit: Vec<UnitDef>,
    scale: BTreeMap<String, String>,
    count: CountNouns,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountNouns {
    nouns: Vec<String>,
}

/// Keyword lists; every field may be extended by config.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    #[serde(default)]
    pub breakdown_exhaustive: Vec<String>,
    #[serde(default)]
    pub breakdown_partial: Vec<String>,
    #[serde(default)]
    pub hedges: Vec<String>,
    #[serde(default)]
    pub hedges_after: Vec<String>,
    #[serde(default)]
    pub achieved: Vec<String>,
    #[serde(default)]
    pub not_achieved: Vec<String>,
    #[serde(default)]
    pub percent_intro: Vec<String>,
    #[serde(default)]
    pub label_nouns: Vec<String>,
    /// Groups of count nouns a writer uses for the same thing (`chỉ tiêu` / `tiêu chí`).
    #[serde(default)]
    pub interchangeable_nouns: Vec<Vec<String>>,
    /// Nouns before a place or unit name (`xã`, `thôn`, `tổ dân phố`, `công ty`), for
    /// `name-variant`.
    #[serde(default)]
    pub place_nouns: Vec<String>,
    // Context nouns for the inline tokenizer (see rules/keywords.toml).
    #[serde(default)]
    pub citation_nouns: Vec<String>,
    #[serde(default)]
    pub road_nouns: Vec<String>,
    #[serde(default)]
    pub standard_nouns: Vec<String>,
    #[serde(default)]
    pub level_nouns: Vec<String>,
    #[serde(default)]
    pub roman_nouns: Vec<String>,
    #[serde(default)]
    pub period_nouns: Vec<String>,
    #[serde(default)]
    pub day_nouns: Vec<String>,
    #[serde(default)]
    pub month_nouns: Vec<String>,
    #[serde(default)]
    pub year_nouns: Vec<String>,
    #[serde(default)]
    pub mapscale_nouns: Vec<String>,
    #[serde(default)]
    pub period_after: Vec<String>,
    #[serde(default)]
    pub not_label: Vec<String>,
    // Document rules (issue 4, part 2).
    /// Words opening a sentence about a period (`Trong 6 tháng đầu năm 2026, …`).
    #[serde(default)]
    pub period_openers: Vec<String>,
    /// One-off events: a term named twice with them must be the same term (`bầu cử`).
    #[serde(default)]
    pub conflict_events: Vec<String>,
    /// Words that end a body's name when `conflicting-values` widens it for display.
    #[serde(default)]
    pub phrase_stops: Vec<String>,
    // Text against appendix table (conflicting-values).
    #[serde(default)]
    pub plan_doc_types: Vec<String>,
    #[serde(default)]
    pub report_doc_types: Vec<String>,
    #[serde(default)]
    pub table_indicator_headers: Vec<String>,
    #[serde(default)]
    pub target_words: Vec<String>,
    #[serde(default)]
    pub result_words: Vec<String>,
    #[serde(default)]
    pub by_year_words: Vec<String>,
    #[serde(default)]
    pub every_year_words: Vec<String>,
    #[serde(default)]
    pub partial_period_words: Vec<String>,
    #[serde(default)]
    pub comparison_words: Vec<String>,
    #[serde(default)]
    pub value_leads: Vec<String>,
    #[serde(default)]
    pub value_links: Vec<String>,
    #[serde(default)]
    pub subject_fillers: Vec<String>,
    #[serde(default)]
    pub indicator_prefixes: Vec<String>,
    /// Case flows: what was received, carried over from the last period, resolved, left.
    #[serde(default)]
    pub received: Vec<String>,
    #[serde(default)]
    pub carried_over: Vec<String>,
    #[serde(default)]
    pub resolved: Vec<String>,
    #[serde(default)]
    pub remaining: Vec<String>,
}

impl Keywords {
    fn extend(&mut self, other: &Keywords) {
        let pairs: [(&mut Vec<String>, &Vec<String>); 41] = [
            (&mut self.received, &other.received),
            (&mut self.carried_over, &other.carried_over),
            (&mut self.resolved, &other.resolved),
            (&mut self.remaining, &other.remaining),
            (&mut self.breakdown_exhaustive, &other.breakdown_exhaustive),
            (&mut self.breakdown_partial, &other.breakdown_partial),
            (&mut self.hedges, &other.hedges),
            (&mut self.hedges_after, &other.hedges_after),
            (&mut self.achieved, &other.achieved),
            (&mut self.not_achieved, &other.not_achieved),
            (&mut self.percent_intro, &other.percent_intro),
            (&mut self.label_nouns, &other.label_nouns),
            (&mut self.place_nouns, &other.place_nouns),
            (&mut self.citation_nouns, &other.citation_nouns),
            (&mut self.road_nouns, &other.road_nouns),
            (&mut self.standard_nouns, &other.standard_nouns),
            (&mut self.level_nouns, &other.level_nouns),
            (&mut self.roman_nouns, &other.roman_nouns),
            (&mut self.period_nouns, &other.period_nouns),
            (&mut self.day_nouns, &other.day_nouns),
            (&mut self.month_nouns, &other.month_nouns),
            (&mut self.year_nouns, &other.year_nouns),
            (&mut self.mapscale_nouns, &other.mapscale_nouns),
            (&mut self.period_after, &other.period_after),
            (&mut self.not_label, &other.not_label),
            (&mut self.period_openers, &other.period_openers),
            (&mut self.conflict_events, &other.conflict_events),
            (&mut self.phrase_stops, &other.phrase_stops),
            (&mut self.plan_doc_types, &other.plan_doc_types),
            (&mut self.report_doc_types, &other.report_doc_types),
            (
                &mut self.table_indicator_headers,
                &other.table_indicator_headers,
            ),
            (&mut self.target_words, &other.target_words),
            (&mut self.result_words, &other.result_words),
            (&mut self.by_year_words, &other.by_year_words),
            (&mut self.every_year_words, &other.every_year_words),
            (&mut self.partial_period_words, &other.partial_period_words),
            (&mut self.comparison_words, &other.comparison_words),
            (&mut self.value_leads, &other.value_leads),
            (&mut self.value_links, &other.value_links),
            (&mut self.subject_fillers, &other.subject_fillers),
            (&mut self.indicator_prefixes, &other.indicator_prefixes),
        ];
        for (mine, theirs) in pairs {
            for w in theirs {
                let w = normalize_keyword(w);
                if !mine.contains(&w) {
                    mine.push(w);
                }
            }
        }
        for group in &other.interchangeable_nouns {
            let group: Vec<String> = group.iter().map(|w| normalize_keyword(w)).collect();
            if !self.interchangeable_nouns.contains(&group) {
                self.interchangeable_nouns.push(group);
            }
        }
    }
}

/// A unit alias ready for matching.
#[derive(Debug, Clone)]
pub struct UnitAlias {
    /// Lowercased NFC alias.
    pub alias: String,
    /// Interned ([`intern`]): every quantity with this unit borrows it instead of owning a
    /// copy.
    pub name: &'static str,
    pub dimension: Dimension,
    pub factor: Decimal,
}

/// Everything the parser and rules look up, built once per configuration.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Unit aliases, longest first.
    pub units: Vec<UnitAlias>,
    /// Scale words (lowercase) and their multipliers, longest first.
    pub scales: Vec<(String, Decimal)>,
    /// Count nouns (lowercase), longest first.
    pub count_nouns: Vec<String>,
    /// `count_nouns` interned ([`intern`]), same order: the unit names of counted quantities.
    pub count_names: Vec<&'static str>,
    pub keywords: Keywords,
    /// Every phrase above indexed by its first word, for the tokenizer (built once).
    pub phrases: crate::parse::inline::PhraseIndex,
    /// The keyword lists the claim extractors search, compiled once.
    pub claim_phrases: crate::claims::text::PhraseMatcher,
    /// `keywords.place_nouns` as word lists by first word, for `name-variant` (built once).
    pub place_nouns: crate::rules::name_variant::PlaceNouns,
}

/// Additions from a config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconExtension {
    #[serde(default)]
    pub unit: Vec<UnitDef>,
    #[serde(default)]
    pub count_nouns: Vec<String>,
    #[serde(default)]
    pub keywords: Keywords,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("embedded data file {file} is invalid: {message}")]
    Embedded { file: &'static str, message: String },
    #[error("unit `{unit}` has an invalid factor `{factor}`")]
    BadFactor { unit: String, factor: String },
}

/// Lowercases and NFC-normalises a keyword, folding runs of white space.
///
/// One pass into one string, where it used to collect the NFC text, the words, their join
/// and the lowercase copy (table cells are normalised per row). Equivalent because NFC
/// makes and removes no white space, lowercasing makes none either, and `str::to_lowercase`
/// is `char::to_lowercase` char by char except for a capital sigma (lowered by its place in
/// the word), which takes the old way.
pub fn normalize_keyword(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if s.contains('Σ') {
        return normalize_keyword_by_steps(s);
    }
    let mut out = String::with_capacity(s.len());
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        fold_lower(s.chars(), &mut out);
    } else {
        fold_lower(s.nfc(), &mut out);
    }
    out
}

/// Appends `chars` lowercased, without leading or trailing white space and with each run
/// of it as one space.
fn fold_lower(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut space = false;
    for c in chars {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// [`normalize_keyword`] step by step (NFC, fold white space, lowercase): for text with a
/// capital sigma, and the oracle of the one-pass version.
fn normalize_keyword_by_steps(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The one `'static` copy of a unit or count-noun name. Quantities name their unit by
/// borrowing it (`UnitRef::name`), where each used to own a copy: one allocation per
/// quantity and one more per claim copying it. The names come only from the lexicon data
/// (built-in and config), never from a document, so the set is bounded by the configs a
/// process loads; a name is leaked once and shared by every lexicon that has it.
pub fn intern(name: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    // A panic while holding the lock cannot leave the set half-updated (insert is the last
    // step), so a poisoned lock is still a good set.
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&n) = names.get(name) {
        return n;
    }
    let n: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(n);
    n
}

fn parse_factor(unit: &str, f: &str) -> Result<Decimal, LexiconError> {
    Decimal::from_str(f).map_err(|_| LexiconError::BadFactor {
        unit: unit.to_string(),
        factor: f.to_string(),
    })
}

impl Lexicon {
    /// Splits a leading scale word off a lowercase unit name (`triệu đồng/người/năm` →
    /// 1 000 000 and `đồng/người/năm`); a name without one has scale 1.
    pub fn split_scale<'n>(&self, name: &'n str) -> (Decimal, &'n str) {
        self.scales
            .iter()
            .find_map(|(w, f)| {
                name.strip_prefix(w.as_str())
                    .filter(|r| r.starts_with(' '))
                    .map(|r| (*f, r.trim()))
            })
            .unwrap_or((Decimal::ONE, name))
    }

    /// The built-in lexicon. Built once; cheap to clone via `Arc`.
    pub fn builtin() -> Arc<Lexicon> {
        static LEX: OnceLock<Arc<Lexicon>> = OnceLock::new();
        LEX.get_or_init(|| {
            // The embedded data is checked by a unit test; an error here is a build bug, and
            // an empty lexicon keeps a user's run alive (it only loses recall).
            Arc::new(
                Lexicon::build(&LexiconExtension::default()).unwrap_or_else(|_| Lexicon {
                    units: Vec::new(),
                    scales: Vec::new(),
                    count_nouns: Vec::new(),
                    count_names: Vec::new(),
                    keywords: Keywords::default(),
                    phrases: Default::default(),
                    claim_phrases: crate::claims::text::PhraseMatcher::new(&[]),
                    place_nouns: Default::default(),
                }),
            )
        })
        .clone()
    }

    /// The built-in lexicon extended by a config's additions.
    pub fn build(ext: &LexiconExtension) -> Result<Lexicon, LexiconError> {
        let units: UnitsFile = toml::from_str(UNITS_TOML).map_err(|e| LexiconError::Embedded {
            file: "rules/units.toml",
            message: e.to_string(),
        })?;
        let mut keywords: Keywords =
            toml::from_str(KEYWORDS_TOML).map_err(|e| LexiconError::Embedded {
                file: "rules/keywords.toml",
                message: e.to_string(),
            })?;
        let base = Keywords::default();
        let mut normalized = base.clone();
        normalized.extend(&keywords);
        keywords = normalized;
        keywords.extend(&ext.keywords);

        let mut aliases = Vec::new();
        for def in units.unit.iter().chain(ext.unit.iter()) {
            let factor = parse_factor(&def.name, &def.factor)?;
            let name = intern(&def.name);
            for a in &def.aliases {
                aliases.push(UnitAlias {
                    alias: normalize_keyword(a),
                    name,
                    dimension: def.dimension.into(),
                    factor,
                });
            }
        }
        aliases.sort_by(|a, b| {
            b.alias
                .len()
                .cmp(&a.alias.len())
                .then(a.alias.cmp(&b.alias))
        });

        let mut scales = Vec::new();
        for (w, f) in &units.scale {
            scales.push((normalize_keyword(w), parse_factor(w, f)?));
        }
        scales.sort_by_key(|s| std::cmp::Reverse(s.0.len()));

        let mut count_nouns: Vec<String> = units
            .count
            .nouns
            .iter()
            .chain(ext.count_nouns.iter())
            .map(|n| normalize_keyword(n))
            .collect();
        count_nouns.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        count_nouns.dedup();
        let count_names = count_nouns.iter().map(|n| intern(n)).collect();

        let mut lex = Lexicon {
            units: aliases,
            scales,
            count_nouns,
            count_names,
            keywords,
            phrases: Default::default(),
            claim_phrases: crate::claims::text::PhraseMatcher::new(&[]),
            place_nouns: Default::default(),
        };
        lex.phrases = crate::parse::inline::PhraseIndex::build(&lex);
        lex.claim_phrases = crate::claims::claim_phrases(&lex.keywords);
        lex.place_nouns = crate::rules::name_variant::PlaceNouns::build(&lex.keywords.place_nouns);
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Keyword pieces: Vietnamese in NFC and NFD, capitals (including ones whose lowercase
    /// is longer, `İ`, and the sigma), combining marks alone, every kind of white space.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "Tổng",
            "TỔNG",
            "To\u{302}\u{309}ng",
            "Đơn vị tính",
            "ĐVT",
            "Ư",
            "U\u{31b}",
            "\u{301}",
            "\u{323}",
            "İ",
            "ΣΑΣ",
            "Σ",
            "ẞ",
            "Å",
            "\u{212b}",
            "a",
            "B",
            "/",
            "%",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{a0}",
            "\u{2000}",
            "\u{3000}",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn one_pass_normalising_matches_the_steps(
            parts in proptest::collection::vec(piece(), 0..10),
        ) {
            let s: String = parts.concat();
            prop_assert_eq!(normalize_keyword(&s), normalize_keyword_by_steps(&s));
        }
    }

    #[test]
    fn embedded_data_loads() {
        let lex = Lexicon::build(&LexiconExtension::default()).expect("embedded data is valid");
        assert!(lex
            .units
            .iter()
            .any(|u| u.alias == "km2" && u.name == "km²"));
        assert_eq!(
            lex.scales.iter().find(|s| s.0 == "tỷ").map(|s| s.1),
            Some(Decimal::from(1_000_000_000u64))
        );
        assert!(lex
            .keywords
            .breakdown_exhaustive
            .contains(&"trong đó".to_string()));
        assert!(lex.count_nouns.contains(&"chỉ tiêu".to_string()));
    }

    #[test]
    fn extension_adds_units_and_keywords() {
        let ext: LexiconExtension = toml::from_str(
            r#"
            count_nouns = ["Héc Ta Rừng"]
            [[unit]]
            name = "mẫu"
            dimension = "area"
            factor = "0.36"
            aliases = ["mẫu"]
            [keywords]
            hedges = ["Chừng Khoảng"]
            "#,
        )
        .expect("extension parses");
        let lex = Lexicon::build(&ext).expect("builds");
        assert!(lex.units.iter().any(|u| u.alias == "mẫu"));
        assert!(lex.count_nouns.contains(&"héc ta rừng".to_string()));
        assert!(lex.keywords.hedges.contains(&"chừng khoảng".to_string()));
    }
}
