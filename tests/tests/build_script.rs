//! The build-script use, on a copy of `examples/build-rs` and of the spec:
//! an unchanged spec does not rerun the build script, a changed one does and
//! changes what the consumer compiles, and a broken one fails the build
//! with the spec location.

use std::path::{Path, PathBuf};

use mera_tests::{cargo, copy_dir, fresh_dir, root, scratch_target};

const SPEC: &str = "spec/mera-monitor.yaml";

/// A scratch workspace holding the consumer at `examples/build-rs` and the
/// spec at `spec/`, as in this repository.
fn scratch_consumer() -> PathBuf {
    let root = root();
    let scratch = root.join("target/build-rs-test");
    fresh_dir(&scratch);
    let consumer = scratch.join("examples/build-rs");
    copy_dir(&root.join("examples/build-rs"), &consumer);
    // Outside this workspace, the inherited settings are spelled out.
    let manifest = std::fs::read_to_string(consumer.join("Cargo.toml")).expect("the manifest");
    let generator = root.join("generator").display().to_string();
    let manifest = manifest
        .replace("edition.workspace = true", "edition = \"2021\"")
        .replace("license.workspace = true", "license = \"MIT OR Apache-2.0\"")
        .replace("rust-version.workspace = true", "rust-version = \"1.85\"")
        .replace(
            "mera-codegen.workspace = true",
            &format!("mera-codegen = {{ path = {generator:?} }}"),
        );
    std::fs::write(consumer.join("Cargo.toml"), manifest).expect("the manifest is written");
    std::fs::create_dir_all(scratch.join("spec")).expect("a spec folder");
    std::fs::copy(root.join(SPEC), scratch.join(SPEC)).expect("the spec is copied");
    let workspace = "[workspace]\nresolver = \"2\"\nmembers = [\"examples/build-rs\"]\n";
    std::fs::write(scratch.join("Cargo.toml"), workspace).expect("the workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("the lock is copied");
    scratch
}

fn build(scratch: &Path) -> (bool, String) {
    let output = cargo(scratch, &["build", "-v", "-p", "build-rs-example"]);
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Whether the consumer's build script ran in this build.
fn ran_build_script(stderr: &str) -> bool {
    stderr.lines().any(|line| {
        line.trim_start().starts_with("Running")
            && line.contains("build-rs-example-")
            && line.contains("build-script-build")
    })
}

/// The file the build script generated most recently.
fn generated_file() -> String {
    let builds = scratch_target().join("debug/build");
    let newest = std::fs::read_dir(&builds)
        .expect("the build folder")
        .map(|entry| entry.expect("an entry").path().join("out/mera.rs"))
        .filter(|path| path.exists())
        .max_by_key(|path| path.metadata().and_then(|m| m.modified()).expect("a time"))
        .expect("a generated file");
    std::fs::read_to_string(newest).expect("the generated file is readable")
}

fn edit_spec(scratch: &Path, from: &str, to: &str) {
    let path = scratch.join(SPEC);
    let spec = std::fs::read_to_string(&path).expect("the spec");
    assert!(spec.contains(from), "the spec has `{from}`");
    std::fs::write(&path, spec.replacen(from, to, 1)).expect("the spec is written");
}

#[test]
fn the_build_script_follows_the_spec() {
    let scratch = scratch_consumer();

    let (built, stderr) = build(&scratch);
    assert!(built, "the consumer builds:\n{stderr}");
    assert!(ran_build_script(&stderr), "{stderr}");

    let (built, stderr) = build(&scratch);
    assert!(built, "{stderr}");
    assert!(!ran_build_script(&stderr), "an unchanged spec reran the build script:\n{stderr}");
    assert!(stderr.contains("Fresh build-rs-example"), "{stderr}");

    edit_spec(&scratch, "List attendance of all users", "List attendance of every user");
    let (built, stderr) = build(&scratch);
    assert!(built, "{stderr}");
    assert!(ran_build_script(&stderr), "a changed spec did not rerun the build script:\n{stderr}");
    assert!(stderr.contains("Compiling build-rs-example"), "{stderr}");
    assert!(generated_file().contains("List attendance of every user"));

    // A renamed operation reaches the consumer's code, which no longer compiles.
    edit_spec(&scratch, "operationId: getAttendance", "operationId: fetchAttendance");
    let (built, stderr) = build(&scratch);
    assert!(!built, "the consumer still calls get_attendance");
    assert!(stderr.contains("get_attendance"), "{stderr}");
    assert!(generated_file().contains("pub fn fetch_attendance<"));

    // A broken spec fails the build script with the file and the place.
    edit_spec(
        &scratch,
        "'#/components/schemas/AttendanceRecord'",
        "'#/components/schemas/Missing'",
    );
    let (built, stderr) = build(&scratch);
    assert!(!built);
    // The `items:` line, just above the edited `$ref` (zero-based index of
    // the `$ref` line, so one-based line of `items:`).
    let line = std::fs::read_to_string(scratch.join(SPEC))
        .expect("the spec")
        .lines()
        .position(|line| line.contains("'#/components/schemas/Missing'"))
        .expect("the edit");
    let expected = format!(
        "../../spec/mera-monitor.yaml:{line}:11 \
         (at #/components/schemas/UserAttendance/properties/attendance/items)"
    );
    assert!(stderr.contains(&expected), "{expected} in:\n{stderr}");
    assert!(stderr.contains("components.schemas` has no `Missing`"), "{stderr}");
}
