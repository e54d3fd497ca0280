//! The check behind every checked-in service crate's `tests/regenerate.rs`: its
//! `src/generated.rs` is exactly what the generator writes today from the same arguments.

use crate::{command_header, generate, Model, Options};
use std::path::Path;

/// Regenerates the file the command line `args` writes (`--model`, `--paginators`,
/// `--service-name`, `--endpoint`, `--endpoint-rules`, `--out`, paths relative to
/// `workspace_root`) and compares it with the checked-in one.
///
/// # Errors
///
/// A message for a failing test: what cannot be read or generated, or where the checked-in
/// file differs and the command that regenerates it.
pub fn check_up_to_date(workspace_root: &Path, args: &[&str]) -> Result<(), String> {
    let flag = |name: &str| {
        args.iter()
            .position(|a| *a == name)
            .and_then(|at| args.get(at + 1))
            .copied()
    };
    let read = |relative: &str| {
        std::fs::read_to_string(workspace_root.join(relative))
            .map_err(|e| format!("cannot read {relative}: {e}"))
    };
    let model_path = flag("--model").ok_or("the arguments have no --model")?;
    let out_path = flag("--out").ok_or("the arguments have no --out")?;
    let model =
        Model::from_service_str(&read(model_path)?).map_err(|e| format!("{model_path}: {e}"))?;
    let paginators = match flag("--paginators") {
        Some(path) => Some(serde_json::from_str(&read(path)?).map_err(|e| format!("{path}: {e}"))?),
        None => None,
    };
    let options = Options {
        service_name: flag("--service-name").unwrap_or_default().into(),
        endpoint: flag("--endpoint").map(str::to_owned),
        endpoint_rules: flag("--endpoint-rules").map(str::to_owned),
        paginators,
        header: Some(command_header(args)),
    };
    let expected = generate(&model, &options).map_err(|e| format!("{model_path}: {e}"))?;
    let actual = read(out_path)?;
    if expected == actual {
        return Ok(());
    }
    let command = command_header(args)
        .lines()
        .skip(2)
        .collect::<Vec<_>>()
        .join("\n");
    Err(format!(
        "{out_path} is out of date.\n{}\nRegenerate it from the workspace root with:\n\n{command}\n",
        diff_summary(&expected, &actual)
    ))
}

/// Where the two texts first differ and how many lines differ, for a readable failure.
fn diff_summary(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = actual.lines().collect();
    let new: Vec<&str> = expected.lines().collect();
    let len = old.len().max(new.len());
    let differing = (0..len).filter(|&i| old.get(i) != new.get(i)).count();
    let first = (0..len).find(|&i| old.get(i) != new.get(i)).unwrap_or(0);
    let mut out = format!(
        "{differing} line(s) differ (checked in: {} lines, generated: {} lines); first at line {}:\n",
        old.len(),
        new.len(),
        first + 1
    );
    for i in first.saturating_sub(2)..(first + 6).min(len) {
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) if a == b => out.push_str(&format!("  {:>5}   {a}\n", i + 1)),
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!("  {:>5} - {a}\n", i + 1));
                }
                if let Some(b) = b {
                    out.push_str(&format!("  {:>5} + {b}\n", i + 1));
                }
            }
        }
    }
    out
}
