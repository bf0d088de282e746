//! Helpers shared by the workspace's tests: where the specs are, and how
//! each is generated the same way every time.
//!
//! The tests themselves live in `tests/`: snapshots of every generated
//! file, a build of every generated crate outside the workspace, and calls
//! of the generated Mera Monitor client against a local server.
//! [`corpus`] is the check over real-world specs that `cargo xtask corpus`
//! and `tests/tests/corpus.rs` run.

pub mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The README's examples, compiled as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// A spec the tests generate a crate from.
#[derive(Debug, Clone)]
pub struct Spec {
    /// A short name for snapshot and folder names.
    pub name: String,
    /// The file, relative to the repository root.
    pub path: PathBuf,
    /// The package name of its crate.
    pub crate_name: String,
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The files (not folders) of `dir`, by name.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// The Mera Monitor spec, then every fixture under `tests/fixtures`, by name.
pub fn specs() -> Vec<Spec> {
    let mut specs = vec![Spec {
        name: "mera-monitor".to_string(),
        path: PathBuf::from("spec/mera-monitor.yaml"),
        crate_name: "mera-monitor".to_string(),
    }];
    // Folders beside the fixtures hold the files they refer to.
    for fixture in files_in(&root().join("tests/fixtures")) {
        let name = fixture.file_stem().expect("a fixture file name").to_string_lossy().to_string();
        let path = fixture.strip_prefix(root()).expect("under the root").to_path_buf();
        specs.push(Spec { crate_name: format!("fixture-{name}"), name, path });
    }
    specs
}

/// The options a spec is generated with: those of `cargo xtask codegen` for
/// the Mera spec, so that its snapshots equal `generated/`.
pub fn options(spec: &Spec) -> mera_codegen::Options {
    let label = spec.path.display().to_string();
    let mut options = mera_codegen::Options::new(spec.crate_name.clone(), label);
    options.regenerate_command = if spec.name == "mera-monitor" {
        "cargo xtask codegen".to_string()
    } else {
        "cargo insta test -p mera-tests --test snapshots".to_string()
    };
    options
}

/// Generates the crate of a spec; panics with the generator's message.
pub fn generate(spec: &Spec) -> mera_codegen::Generated {
    match mera_codegen::generate(&root().join(&spec.path), &options(spec)) {
        Ok(generated) => generated,
        Err(error) => panic!("generating {}: {error}", spec.path.display()),
    }
}

/// Warnings as text, with the machine's root folder taken out.
pub fn warnings_text(generated: &mera_codegen::Generated) -> String {
    let root = format!("{}/", root().display());
    let lines: Vec<String> =
        generated.warnings.iter().map(|w| w.to_string().replace(&root, "")).collect();
    lines.join("\n")
}

/// The target folder every scratch build shares, so that the dependencies
/// of generated crates compile once for all tests.
pub fn scratch_target() -> PathBuf {
    root().join("target/compile-tests-target")
}

/// Runs cargo in `dir` on the shared scratch target, with warnings denied.
pub fn cargo(dir: &Path, args: &[&str]) -> Output {
    cargo_command(dir, args).output().expect("cargo runs")
}

/// The cargo command [`cargo`] runs, to run some other way.
pub fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_target())
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings");
    command
}

/// Copies a folder, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a scratch folder");
    for entry in std::fs::read_dir(from).expect("the folder is readable") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("the file is copied");
        }
    }
}

/// Removes a scratch folder if it is there, and makes it anew.
pub fn fresh_dir(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("the old scratch folder can be removed");
    }
    std::fs::create_dir_all(dir).expect("a scratch folder");
}
