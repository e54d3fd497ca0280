//! The report: per stage `N passed, M failed`, every failure's reason grouped by cause, and the
//! slowest crates.

use crate::compile::{Compiled, Outcome};
use crate::generate::Generated;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

/// Everything one run found.
#[derive(Clone, Debug)]
pub struct Report {
    /// The botocore release.
    pub botocore: String,
    /// Each service's generation, by name.
    pub generation: Vec<(String, Generated)>,
    /// Each compiled crate's outcome; `None` when the stage did not run.
    pub compilation: Option<Vec<Outcome>>,
    /// Compilations at once.
    pub jobs: usize,
    /// The time limit per crate.
    pub timeout: Duration,
    /// Where each failing crate's compiler output is (a directory).
    pub logs: String,
}

/// The services (each with how often) that share one cause.
type Groups = BTreeMap<String, BTreeMap<String, usize>>;

/// A message with what varies between occurrences (code spans and quoted text) replaced by
/// `…`, so that the occurrences of one cause group together.
pub fn cause_of(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or_default();
    let mut out = String::new();
    let mut rest = first_line;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest[start..].chars().next().unwrap_or('`');
        let after = &rest[start + 1..];
        let Some(len) = after.find(quote) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push(quote);
        out.push('…');
        out.push(quote);
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    out
}

impl Report {
    /// Services that generated.
    pub fn generated(&self) -> usize {
        self.generation
            .iter()
            .filter(|(_, g)| matches!(g, Generated::Crate { .. }))
            .count()
    }

    fn generation_failures(&self) -> Groups {
        let mut groups = Groups::new();
        for (service, g) in &self.generation {
            if let Generated::Failed(message) = g {
                *groups
                    .entry(cause_of(message))
                    .or_default()
                    .entry(service.clone())
                    .or_default() += 1;
            }
        }
        groups
    }

    fn refusals(&self) -> Groups {
        let mut groups = Groups::new();
        for (service, g) in &self.generation {
            if let Generated::Refused(message) = g {
                groups
                    .entry(message.clone())
                    .or_default()
                    .insert(service.clone(), 1);
            }
        }
        groups
    }

    fn compile_failures(&self) -> Groups {
        let mut groups = Groups::new();
        for outcome in self.compilation.iter().flatten() {
            let mut add = |cause: String| {
                *groups
                    .entry(cause)
                    .or_default()
                    .entry(outcome.service.clone())
                    .or_default() += 1;
            };
            match &outcome.result {
                Compiled::Passed { .. } => {}
                Compiled::Failed(errors) => errors.iter().for_each(|e| add(cause_of(&e.message))),
                Compiled::TimedOut => add(format!(
                    "stopped at the time limit ({} s)",
                    self.timeout.as_secs()
                )),
                Compiled::NotCompiled(why) => add(format!("not compiled: {why}")),
            }
        }
        groups
    }

    /// How many compiled crates failed.
    pub fn compile_failed(&self) -> usize {
        self.compilation
            .iter()
            .flatten()
            .filter(|o| !matches!(o.result, Compiled::Passed { .. }))
            .count()
    }

    /// Whether anything failed (a refused protocol is not a failure: it is not delivered yet).
    pub fn failed(&self) -> bool {
        !self.generation_failures().is_empty() || self.compile_failed() > 0
    }

    /// The report as text; `slowest` crates are listed with their times.
    pub fn render(&self, slowest: usize) -> String {
        let mut out = String::new();
        let total = self.generation.len();
        let generated = self.generated();
        let refused: usize = self.refusals().values().map(BTreeMap::len).sum();
        let failed = total - generated - refused;
        let _ = writeln!(
            out,
            "generation (botocore {}, {total} services): {generated} passed, {failed} failed, \
             {refused} refused (protocol not supported yet)",
            self.botocore
        );
        write_groups(&mut out, "failed", &self.generation_failures(), false);
        write_groups(&mut out, "refused", &self.refusals(), false);

        let Some(outcomes) = &self.compilation else {
            return out;
        };
        let failed = self.compile_failed();
        let _ = writeln!(
            out,
            "\ncompilation (cargo check, {} at a time, at most {} s each): {} passed, {failed} \
             failed",
            self.jobs,
            self.timeout.as_secs(),
            outcomes.len() - failed
        );
        let groups = self.compile_failures();
        write_groups(&mut out, "errors", &groups, true);
        if failed > 0 {
            let _ = writeln!(
                out,
                "  each failing crate's compiler output: {}/<service>.txt",
                self.logs
            );
        }
        let warned: BTreeMap<String, usize> = outcomes
            .iter()
            .filter(|o| o.warnings > 0)
            .map(|o| (o.service.clone(), o.warnings))
            .collect();
        if !warned.is_empty() {
            let _ = writeln!(
                out,
                "  warnings: {} in {}: {}",
                warned.values().sum::<usize>(),
                count(warned.len(), "crate"),
                list(&warned)
            );
        }
        let mut timed: Vec<&Outcome> = outcomes.iter().filter(|o| o.seconds.is_some()).collect();
        timed.sort_by(|a, b| {
            b.seconds
                .partial_cmp(&a.seconds)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        if slowest > 0 && !timed.is_empty() {
            let _ = writeln!(
                out,
                "\nslowest crates (rustc wall-clock time, {} at a time):",
                self.jobs
            );
            for o in timed.iter().take(slowest) {
                let status = match o.result {
                    Compiled::Passed { .. } => "",
                    _ => " (failed)",
                };
                let _ = writeln!(
                    out,
                    "  {:<40} {:>8.1} s{status}",
                    o.service,
                    o.seconds.unwrap_or_default()
                );
            }
            let sum: f64 = timed.iter().filter_map(|o| o.seconds).sum();
            let _ = writeln!(
                out,
                "  all {} timed crates together: {:.0} s",
                timed.len(),
                sum
            );
        }
        out
    }
}

/// `1 crate`, `2 crates`.
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// `name (count), ...`; the count is left out when it is 1 for every entry.
fn list(entries: &BTreeMap<String, usize>) -> String {
    let counted = entries.values().any(|n| *n > 1);
    entries
        .iter()
        .map(|(name, n)| {
            if counted {
                format!("{name} ({n})")
            } else {
                name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per cause (most services first), then its services.
fn write_groups(out: &mut String, label: &str, groups: &Groups, occurrences: bool) {
    let mut sorted: Vec<(&String, &BTreeMap<String, usize>)> = groups.iter().collect();
    sorted.sort_by_key(|(cause, services)| (std::cmp::Reverse(services.len()), (*cause).clone()));
    for (cause, services) in sorted {
        let total: usize = services.values().sum();
        let head = if occurrences {
            format!("{total} × in {}", count(services.len(), "crate"))
        } else {
            count(services.len(), "service")
        };
        let _ = writeln!(out, "  {label}, {head}: {cause}");
        let _ = writeln!(out, "      {}", list(services));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::Diagnostic;

    #[test]
    fn causes_group_what_varies_away() {
        assert_eq!(
            cause_of(
                "pattern `[\\uD800-\\uDBFF]`: hexadecimal literal is not a Unicode scalar value"
            ),
            "pattern `…`: hexadecimal literal is not a Unicode scalar value"
        );
        assert_eq!(
            cause_of("a \"quoted\" and `code` and `open"),
            "a \"…\" and `…` and `open"
        );
        assert_eq!(cause_of("first line\nsecond"), "first line");
    }

    #[test]
    fn stages_count_and_group_their_failures() {
        let crate_of = |n| Generated::Crate {
            package: format!("aws-op-model-{n}"),
            operations: 1,
        };
        let diag = |m: &str| Diagnostic {
            message: m.into(),
            rendered: m.into(),
        };
        let report = Report {
            botocore: "1.0".into(),
            generation: vec![
                ("a".into(), crate_of("a")),
                ("b".into(), crate_of("b")),
                ("c".into(), crate_of("c")),
                (
                    "q".into(),
                    Generated::Refused("protocol `smithy-rpc-v3` is not supported".into()),
                ),
                ("x".into(), Generated::Failed("shapes.`X`: broken".into())),
            ],
            compilation: Some(vec![
                Outcome {
                    service: "a".into(),
                    result: Compiled::Passed { fresh: false },
                    seconds: Some(3.0),
                    warnings: 0,
                },
                Outcome {
                    service: "b".into(),
                    result: Compiled::Failed(vec![
                        diag("pattern `x`: bad"),
                        diag("pattern `y`: bad"),
                    ]),
                    seconds: Some(5.0),
                    warnings: 2,
                },
                Outcome {
                    service: "c".into(),
                    result: Compiled::TimedOut,
                    seconds: Some(9.0),
                    warnings: 0,
                },
            ]),
            jobs: 2,
            timeout: Duration::from_secs(9),
            logs: "logs".into(),
        };
        assert!(report.failed());
        let text = report.render(2);
        for line in [
            "generation (botocore 1.0, 5 services): 3 passed, 1 failed, 1 refused",
            "  failed, 1 service: shapes.`…`: broken\n      x\n",
            "  refused, 1 service: protocol `smithy-rpc-v3` is not supported\n      q\n",
            "compilation (cargo check, 2 at a time, at most 9 s each): 1 passed, 2 failed",
            "  errors, 2 × in 1 crate: pattern `…`: bad\n      b (2)\n",
            "  errors, 1 × in 1 crate: stopped at the time limit (9 s)\n      c\n",
            "  warnings: 2 in 1 crate: b (2)",
            "  c                                             9.0 s (failed)\n  b ",
        ] {
            assert!(text.contains(line), "{line}\n---\n{text}");
        }
        assert!(!text.contains("  a "), "only the 2 slowest: {text}");
    }
}
