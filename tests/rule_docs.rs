//! Every rule's documentation example is a test: the first ```text block under
//! "## Example" must make that rule report at least one finding, and every rule must be
//! documented in both languages' message catalogue.

use doisoat::rules::registry;
use doisoat::{analyze_str, Settings};

fn example(docs: &str) -> Option<String> {
    let after = docs.split("## Example").nth(1)?;
    let block = after.split("```text").nth(1)?;
    Some(block.split("```").next()?.trim().to_string())
}

#[test]
fn each_rule_fires_on_its_own_example() {
    let mut checked = 0;
    for rule in registry() {
        let meta = rule.meta();
        let Some(text) = example(&meta.docs()) else {
            // Rules about whole-document properties may show their example in prose only.
            println!("{}: no ```text example", meta.id);
            continue;
        };
        // All rules run: some examples involve another rule (`unused-suppression` needs the
        // suppressed rule enabled).
        let a = analyze_str("example.md", &text, &Settings::default());
        assert!(
            a.diagnostics.iter().any(|d| d.rule == meta.id),
            "{}: its docs example gives no finding:\n{text}",
            meta.id
        );
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} rule examples were checked");
}
