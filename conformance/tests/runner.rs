//! The runner can fail: a small file with one passing and one deliberately wrong case gives
//! `1 passed, 1 failed`, a non-zero exit status and a line naming what differed.

use std::path::PathBuf;
use std::process::Command;

/// A restJson1 operation with a label, a query parameter and a body member; the first case
/// states the request aws-op sends, the second expects a wrong query value.
const CASES: &str = r#"[
  {
    "description": "Runner self-test",
    "metadata": {"protocol": "rest-json", "apiVersion": "2024-01-01"},
    "clientEndpoint": "https://example.com",
    "shapes": {
      "PutThingInput": {
        "type": "structure",
        "required": ["Id"],
        "members": {
          "Id": {"shape": "String", "location": "uri", "locationName": "Id"},
          "Mode": {"shape": "String", "location": "querystring", "locationName": "mode"},
          "Size": {"shape": "Integer"}
        }
      },
      "String": {"type": "string"},
      "Integer": {"type": "integer"}
    },
    "cases": [
      {
        "id": "RightRequest",
        "given": {
          "name": "PutThing",
          "http": {"method": "PUT", "requestUri": "/things/{Id}"},
          "input": {"shape": "PutThingInput"}
        },
        "params": {"Id": "a/b", "Mode": "fast", "Size": 3},
        "serialized": {
          "method": "PUT",
          "uri": "/things/a%2Fb?mode=fast",
          "body": "{\"Size\": 3}",
          "headers": {"Content-Type": "application/json"},
          "host": "example.com"
        }
      },
      {
        "id": "WrongQuery",
        "given": {
          "name": "PutThing",
          "http": {"method": "PUT", "requestUri": "/things/{Id}"},
          "input": {"shape": "PutThingInput"}
        },
        "params": {"Id": "a", "Mode": "fast"},
        "serialized": {"method": "PUT", "uri": "/things/a?mode=slow", "body": ""}
      }
    ]
  }
]"#;

#[test]
fn one_passing_and_one_wrong_case() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-self-test");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cases.json");
    std::fs::write(&file, CASES).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aws-op-conformance"))
        .arg("--harness-dir")
        .arg(dir.join("harness"))
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let context = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(
        stdout.lines().last(),
        Some("1 passed, 1 failed"),
        "{context}"
    );
    assert_eq!(output.status.code(), Some(1), "{context}");
    let failures: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL ")).collect();
    assert_eq!(failures.len(), 1, "{context}");
    let line = failures[0];
    assert!(
        line.contains(":: Runner self-test :: WrongQuery: "),
        "{line}"
    );
    assert!(
        line.contains("query: expected `mode=slow`, got `mode=fast`"),
        "{line}"
    );
}

#[test]
fn a_bad_file_is_an_error_naming_it() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-bad-file");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, r#"[{"description": "S", "cases": []}]"#).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aws-op-conformance"))
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.json: suite 1 (\"S\"): `metadata` is missing"),
        "{stderr}"
    );
}

/// The first suite's model makes the macro fail (a pattern it cannot compile); the second is
/// fine. The broken module's case fails with the compiler's error, the other still runs.
const BROKEN: &str = r#"[
  {
    "description": "Broken model",
    "metadata": {"protocol": "rest-json"},
    "shapes": {
      "In": {"type": "structure", "members": {"Name": {"shape": "Name"}}},
      "Name": {"type": "string", "pattern": "[a-"}
    },
    "cases": [{
      "id": "BadPattern",
      "given": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}},
      "params": {"Name": "x"},
      "serialized": {"uri": "/", "body": "{\"Name\": \"x\"}"}
    }]
  },
  {
    "description": "Fine model",
    "metadata": {"protocol": "rest-json"},
    "shapes": {
      "In": {"type": "structure", "members": {"Name": {"shape": "Name"}}},
      "Name": {"type": "string"}
    },
    "cases": [{
      "id": "Good",
      "given": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}},
      "params": {"Name": "x"},
      "serialized": {"uri": "/", "body": "{\"Name\": \"x\"}"}
    }]
  }
]"#;

#[test]
fn a_module_that_does_not_compile_fails_its_cases_only() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-compile-error");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.json");
    std::fs::write(&file, BROKEN).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aws-op-conformance"))
        .arg("--harness-dir")
        .arg(dir.join("harness"))
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let context = format!(
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().last(),
        Some("1 passed, 1 failed"),
        "{context}"
    );
    assert_eq!(output.status.code(), Some(1), "{context}");
    assert!(
        stdout.contains("did not compile (1 error), failing 1 case:"),
        "{context}"
    );
    assert!(
        stdout.contains(":: Broken model :: BadPattern: harness module m000_op did not compile: error: invalid regular expression"),
        "{context}"
    );
}

#[test]
fn excluded_cases_are_listed_not_counted_and_a_stale_exclusion_fails() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance-exclusions");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cases.json");
    std::fs::write(&file, CASES).unwrap();
    let run = |exclusions: &str| {
        let list = dir.join("exclusions.txt");
        std::fs::write(&list, exclusions).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_aws-op-conformance"));
        command.arg("--exclusions").arg(&list);
        let output = command
            .arg("--harness-dir")
            .arg(dir.join("harness"))
            .arg(&file)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, stdout) = run("cases.json | Runner self-test | WrongQuery | a reason\n");
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("EXCLUDED "), "{stdout}");
    assert!(stdout.contains("WrongQuery: a reason"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("1 passed, 0 failed"),
        "{stdout}"
    );
    let (code, stdout) = run("cases.json | Runner self-test | RightRequest | stale\n");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("RightRequest: passes, but is excluded"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("0 passed, 2 failed"),
        "{stdout}"
    );
}

/// Every exclusion of this repository's run is explained in the README, as CI's run uses them.
#[test]
fn the_readme_lists_every_exclusion() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("exclusions.txt")).unwrap();
    let exclusions = aws_op_conformance::exclusions::parse(&text).unwrap();
    assert!(!exclusions.is_empty());
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    for e in &exclusions {
        let row = format!("| `{}` | {} | {} |", e.file, e.suite, e.case);
        assert!(readme.contains(&row), "README lacks the row starting {row}");
    }
}

/// The README's table names every case file of this repository's run, as CI runs them all.
#[test]
fn the_readme_lists_every_file() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let readme = std::fs::read_to_string(root.join("../../README.md")).unwrap();
    let mut files = Vec::new();
    for dir in ["input", "output", "legacy/input", "legacy/output"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    assert!(files.len() >= 16, "{files:?}");
    for file in &files {
        assert!(
            readme.contains(&format!("| `{file}` |")),
            "README's conformance table lacks `{file}`"
        );
    }
}
