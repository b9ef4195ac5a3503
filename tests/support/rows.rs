//! The table tests' runner: a row is a name, a LOG_FORMAT, a line and the exact object
//! or error the line must give; [`check`] runs every row and lists those that disagree.

use firelog::access_log::{Captures, Format, ParseError};

use super::settings::format as compiled;

/// What a row's line must give.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// The exact JSON object, without its `\n`.
    Json(&'static str),
    /// The exact `Display` of the line's error.
    Error(&'static str),
}

/// (name, LOG_FORMAT, line, what it must give)
pub type Row = (&'static str, &'static str, &'static [u8], Want);

/// The object `format` writes for `line`, without its `\n` (and checked to be JSON), or
/// the line's error.
pub fn object(format: &Format, line: &[u8]) -> Result<String, ParseError> {
    let mut captures = Captures::default();
    let entry = format.parse(line, &mut captures)?;
    let mut out = Vec::new();
    firelog::output::write_line(&mut out, &entry, line, None);
    assert_eq!(out.pop(), Some(b'\n'), "a written line ends in its \\n");
    let text = String::from_utf8(out).expect("output is UTF-8");
    serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Ok(text)
}

/// [`object`] with the error as its `Display`.
pub fn json(format: &Format, line: &[u8]) -> Result<String, String> {
    object(format, line).map_err(|e| e.to_string())
}

/// Runs every row under its compiled LOG_FORMAT; panics naming each row whose line gives
/// another object or error than the row's.
pub fn check(rows: &[Row]) {
    let mut wrong = Vec::new();
    for (name, format, line, want) in rows {
        if let Want::Json(want) = want {
            let value: serde_json::Value =
                serde_json::from_str(want).unwrap_or_else(|e| panic!("row {name}: the expected object: {e}"));
            assert!(value.is_object(), "row {name}: the expected value is no object");
        }
        let got = json(&compiled(format), line);
        let ok = match (want, &got) {
            (Want::Json(want), Ok(got)) => got == want,
            (Want::Error(want), Err(e)) => e == want,
            _ => false,
        };
        if !ok {
            let want = match want {
                Want::Json(j) => j.to_string(),
                Want::Error(e) => format!("error: {e}"),
            };
            let got = got.unwrap_or_else(|e| format!("error: {e}"));
            wrong.push(format!("row: {name}\n  want: {want}\n  got:  {got}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} rows disagree:\n{}", wrong.len(), rows.len(), wrong.join("\n"));
}

/// How many of `rows` want an object (the rest want an error).
pub fn objects(rows: &[Row]) -> usize {
    rows.iter().filter(|r| matches!(r.3, Want::Json(_))).count()
}

/// Checks that `other` (a format string as the server's docs print it) writes what
/// `nickname` writes for each of `rows` of the nickname; where the line fails, that it
/// fails at the same column (the two may count `LOG_FORMAT` positions differently).
pub fn same_as_nickname(rows: &[Row], nickname: &str, other: &str) {
    let (by_name, by_text) = (compiled(nickname), compiled(other));
    for (name, _, line, _) in rows.iter().filter(|r| r.1 == nickname) {
        assert_eq!(
            object(&by_text, line).map_err(|e| e.column),
            object(&by_name, line).map_err(|e| e.column),
            "row {name} ({nickname})"
        );
    }
}

/// Checks that each nickname's documented lines, `testdata/<dir>/<nickname>.log` (its `#`
/// lines aside), write the objects on the same lines of `<nickname>.expected.jsonl`.
pub fn check_files(dir: &str, nicknames: &[&str]) {
    let read = |file: String| {
        let path = super::root().join("testdata").join(dir).join(&file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    for name in nicknames {
        let format = compiled(name);
        let lines = read(format!("{name}.log"));
        let rows: Vec<&str> = lines.lines().filter(|l| !l.starts_with('#')).collect();
        let want = read(format!("{name}.expected.jsonl"));
        assert_eq!(rows.len(), want.lines().count(), "{dir}/{name}");
        for (i, (line, want)) in rows.iter().zip(want.lines()).enumerate() {
            assert_eq!(
                json(&format, line.as_bytes()),
                Ok(want.to_string()),
                "{dir}/{name}.log row {}",
                i + 1
            );
        }
    }
}

/// For a property: `LOG_FORMAT=format` reads `line`, and each key of `want` has its
/// value in the object written; the format, for more checks.
pub fn reads<K: AsRef<str>>(
    format: &str,
    line: &str,
    want: &[(K, serde_json::Value)],
) -> Result<Format, proptest::test_runner::TestCaseError> {
    use proptest::test_runner::TestCaseError;
    let compiled = Format::new(format).map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
    let object = object(&compiled, line.as_bytes())
        .map_err(|e| TestCaseError::fail(format!("{format}\n{line}\n{e}")))?;
    let object: serde_json::Value =
        serde_json::from_str(&object).map_err(|e| TestCaseError::fail(e.to_string()))?;
    for (key, value) in want {
        let key = key.as_ref();
        proptest::prop_assert_eq!(&object[key], value, "{} in {}\n{}", key, format, line);
    }
    Ok(compiled)
}
