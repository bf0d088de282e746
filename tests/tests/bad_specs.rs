//! Every spec in `tests/bad-specs/` gets its exact messages checked: short,
//! each with the file, line and column, and JSON pointer, and never a
//! panic. Legal but unusual specs there generate, with their warnings.
//!
//! Review changed messages with `cargo insta review`.

use std::path::PathBuf;

use mera_codegen::{Error, Options};
use mera_tests::{files_in, root};

fn bad_specs() -> Vec<PathBuf> {
    files_in(&root().join("tests/bad-specs"))
}

/// What generating the spec at `path` says, as the command line prints it.
fn messages(path: &std::path::Path) -> String {
    let label = path.strip_prefix(root()).expect("under the root");
    let options = Options::new("bad-spec", label.display().to_string());
    let outcome = std::panic::catch_unwind(|| mera_codegen::generate(path, &options));
    let outcome = outcome.unwrap_or_else(|_| panic!("generating {} panicked", path.display()));
    let text = match outcome {
        Ok(generated) => {
            let lines: Vec<String> =
                generated.warnings.iter().map(|warning| format!("warning: {warning}")).collect();
            format!("generated, with {} warning(s)\n{}", lines.len(), lines.join("\n"))
        }
        Err(Error::Spec(problems)) => {
            for problem in &problems {
                assert!(problem.location.line_col.is_some(), "no line and column: {problem}");
            }
            Error::Spec(problems).to_string()
        }
        Err(other) => panic!("{}: not a spec error: {other}", path.display()),
    };
    text.replace(&format!("{}/", root().display()), "")
}

#[test]
fn each_bad_spec_gets_located_messages() {
    for path in bad_specs() {
        let name = path.file_name().expect("a file name").to_string_lossy().replace('.', "_");
        insta::assert_snapshot!(name, messages(&path));
    }
}

#[test]
fn every_bad_spec_is_covered() {
    let names: Vec<String> = bad_specs()
        .iter()
        .map(|path| path.file_name().expect("a name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 16, "{names:?}");
}
