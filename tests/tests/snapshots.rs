//! One snapshot per generated file of every spec, plus its warnings.
//!
//! After an intended change, review the differences with
//! `cargo insta review` (or accept them with `cargo insta accept`).

use mera_tests::{generate, specs, warnings_text};

fn check(name: &str) {
    let spec = specs().into_iter().find(|spec| spec.name == name).expect("a known spec");
    let generated = generate(&spec);
    for file in &generated.files {
        let path = file.path.display().to_string().replace('/', "__");
        insta::assert_snapshot!(format!("{name}__{path}"), file.contents);
    }
    insta::assert_snapshot!(format!("{name}__warnings"), warnings_text(&generated));
}

#[test]
fn mera_monitor() {
    check("mera-monitor");
}

#[test]
fn petstore() {
    check("petstore");
}

#[test]
fn naming() {
    check("naming");
}

#[test]
fn forms() {
    check("forms");
}

#[test]
fn security() {
    check("security");
}

#[test]
fn multi_file() {
    check("multi-file");
}

#[test]
fn openapi31() {
    check("openapi31");
}

#[test]
fn operations() {
    check("operations");
}

#[test]
fn types() {
    check("types");
}

/// Every fixture has a snapshot test above.
#[test]
fn every_spec_is_snapshotted() {
    let names: Vec<String> = specs().into_iter().map(|spec| spec.name).collect();
    let expected = [
        "mera-monitor",
        "forms",
        "multi-file",
        "naming",
        "openapi31",
        "operations",
        "petstore",
        "security",
        "types",
    ];
    assert_eq!(names, expected);
}

/// Generating twice gives the same bytes.
#[test]
fn generation_is_deterministic() {
    for spec in specs() {
        assert_eq!(generate(&spec).files, generate(&spec).files, "{}", spec.name);
    }
}
