//! `template.yaml` with a parameter's default changed, for the tools that read it as deployed.

/// `text` (a template) with `parameter`'s Default set to `value`.
pub fn with_default(text: &str, parameter: &str, value: &str) -> String {
    let start =
        text.find(&format!("\n  {parameter}:\n")).unwrap_or_else(|| panic!("no parameter {parameter}"));
    let key = "\n    Default: ";
    let at = start + text[start..].find(key).expect("a Default") + key.len();
    let end = at + text[at..].find('\n').unwrap();
    format!("{}{value}{}", &text[..at], &text[end..])
}
