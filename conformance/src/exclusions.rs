//! Cases a run excludes, each with the written reason that justifies it.
//!
//! The file (`conformance/exclusions.txt` for the files in this repository) has one case per
//! line, `file | suite | case | reason`, where `file` matches the end of a case file's path
//! (`legacy/input/rest-json.json`), `suite` is the suite's description and `case` the case's
//! label as failures print it; `#` starts a comment line. An excluded case still runs: it is
//! reported as excluded when it fails, and as a failure when it passes (the exclusion is stale
//! and must go).

use std::fmt;

/// One excluded case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    /// The end of the case file's path.
    pub file: String,
    /// The suite's description.
    pub suite: String,
    /// The case's label (`id`, else description, else `case N`).
    pub case: String,
    /// Why the case cannot pass.
    pub reason: String,
}

/// A line of an exclusions file that is not `file | suite | case | reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExclusionsError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ExclusionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exclusions line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for ExclusionsError {}

/// Reads an exclusions file.
pub fn parse(text: &str) -> Result<Vec<Exclusion>, ExclusionsError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
        let problem = match fields.as_slice() {
            [file, suite, case, reason]
                if [file, suite, case, reason].iter().all(|f| !f.is_empty()) =>
            {
                out.push(Exclusion {
                    file: (*file).to_owned(),
                    suite: (*suite).to_owned(),
                    case: (*case).to_owned(),
                    reason: (*reason).to_owned(),
                });
                continue;
            }
            [_, _, _, _] => {
                "every field needs a value (a case without a reason cannot be excluded)"
            }
            _ => "expected `file | suite | case | reason`",
        };
        return Err(ExclusionsError {
            line: i + 1,
            problem: problem.to_owned(),
        });
    }
    Ok(out)
}

/// The exclusion of a case, if any.
pub fn find<'a>(
    exclusions: &'a [Exclusion],
    file: &str,
    suite: &str,
    case: &str,
) -> Option<&'a Exclusion> {
    let file = file.replace('\\', "/");
    exclusions
        .iter()
        .find(|e| file.ends_with(&e.file) && e.suite == suite && e.case == case)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_need_four_fields_and_a_reason() {
        let text = "# comment\n\nlegacy/x.json | Suite | case 2 | because | with bars\n";
        let e = parse(text).unwrap();
        assert_eq!(e[0].reason, "because | with bars");
        assert!(find(&e, "a/legacy/x.json", "Suite", "case 2").is_some());
        assert!(find(&e, "a/legacy/x.json", "Suite", "case 3").is_none());
        assert_eq!(parse("a | b | c").unwrap_err().line, 1);
        assert!(parse("a | b | c | ")
            .unwrap_err()
            .problem
            .contains("reason"));
    }
}
