//! Every generated crate builds outside this workspace, as a user builds
//! it, with no warning and nothing for clippy to say.
//!
//! Crates of fixtures with a file in `tests/fixture-tests/` also run it as
//! an integration test, for what needs the fixture's own client.
//!
//! The crates are members of one scratch workspace under `target/`, with
//! this workspace's `Cargo.lock` and a target folder of their own, so that
//! their dependencies compile once and match the versions tested here.

use std::path::Path;

use mera_tests::{copy_dir, fresh_dir, generate, root, specs};

#[test]
fn generated_crates_build_standalone_and_pass_clippy() {
    let root = root();
    let scratch = root.join("target/compile-tests");
    let crates = scratch.join("crates");
    fresh_dir(&crates);
    let mut members = Vec::new();
    for spec in specs() {
        let dir = crates.join(&spec.name);
        if spec.name == "mera-monitor" {
            // The committed crate itself, not a fresh generation of it.
            copy_dir(&root.join("generated"), &dir);
        } else {
            generate(&spec).write(&dir).expect("the crate is written");
        }
        // Tests of what a fixture's crate puts on the wire run inside it.
        let wire = root.join("tests/fixture-tests").join(format!("{}.rs", spec.name));
        if wire.exists() {
            std::fs::create_dir_all(dir.join("tests")).expect("a tests folder");
            std::fs::copy(&wire, dir.join("tests/wire.rs")).expect("the wire test is copied");
        }
        members.push(format!("\"crates/{}\"", spec.name));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("the manifest is written");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("the lock is copied");

    cargo(&scratch, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]);
    // Builds every crate, compiles every README example, and runs the unit
    // tests of the runtime and the wire tests of the fixtures.
    cargo(&scratch, &["test", "--workspace"]);
    // Documentation builds without a warning (RUSTDOCFLAGS denies them).
    cargo(&scratch, &["doc", "--workspace", "--no-deps"]);
}

fn cargo(dir: &Path, args: &[&str]) {
    let output = mera_tests::cargo(dir, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo {} failed:\n{stderr}", args.join(" "));
    assert!(!stderr.contains("warning:"), "cargo {} warned:\n{stderr}", args.join(" "));
}
