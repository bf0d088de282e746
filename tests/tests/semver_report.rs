//! The report `cargo xtask codegen` prints: what regenerating from an
//! edited spec changes in the public API of the committed crate, classified
//! by Rust's semver rules and tied to the spec.

use mera_codegen::{ApiReport, Bump};
use mera_tests::{options, root, specs};

/// Compares the committed `generated/` with what `edit` makes of the spec.
fn report_after(edit: impl Fn(&str) -> String) -> ApiReport {
    let spec = specs().into_iter().find(|spec| spec.name == "mera-monitor").expect("the Mera spec");
    let text = std::fs::read_to_string(root().join(&spec.path)).expect("the spec");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit applies");
    let dir = std::env::temp_dir().join(format!("semver-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join(format!("{:x}.yaml", fingerprint(&edited)));
    std::fs::write(&path, edited).expect("the edited spec");
    let generated = mera_codegen::generate(&path, &options(&spec)).expect("it generates");
    std::fs::remove_file(&path).expect("the scratch spec is removed");
    generated.compare(&root().join("generated")).expect("the comparison")
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

const DEPARTMENT: &str = "        department:
          type: string
          description: Department the user belongs to.
          example: Engineering
";

#[test]
fn a_removed_field_is_major_and_named_with_its_pointer() {
    let report = report_after(|spec| spec.replacen(DEPARTMENT, "", 1));

    let change = report
        .changes
        .iter()
        .find(|change| change.item == "field `User::department`")
        .expect("the removed field is reported");
    assert_eq!(change.bump, Bump::Major);
    assert_eq!(change.pointer.as_deref(), Some("/components/schemas/User/properties/department"));
    assert_eq!(report.bump(), Some(Bump::Major));
    assert_eq!(report.suggested_version().map(|v| v.to_string()).as_deref(), Some("2.0.0"));
    let text = report.to_string();
    assert!(text.contains("major field `User::department`: removed"), "{text}");
    assert!(text.contains("(at #/components/schemas/User/properties/department)"), "{text}");
    assert!(text.contains("version 1.0.0 should become 2.0.0"), "{text}");
    // Nothing else in the API moved.
    assert_eq!(report.changes.len(), 1, "{text}");
}

#[test]
fn an_added_optional_field_is_major_because_structs_are_exhaustive() {
    let nickname =
        "        nickname:\n          type: string\n          description: A nickname.\n";
    let report =
        report_after(|spec| spec.replacen(DEPARTMENT, &format!("{DEPARTMENT}{nickname}"), 1));

    assert_eq!(report.changes.len(), 1, "{report}");
    let change = &report.changes[0];
    assert_eq!(change.item, "field `User::nickname`");
    assert_eq!(change.bump, Bump::Major);
    assert!(change.reason.contains("exhaustive"), "{}", change.reason);
    assert_eq!(change.pointer.as_deref(), Some("/components/schemas/User/properties/nickname"));
}

#[test]
fn a_new_enum_value_is_minor_because_enums_are_non_exhaustive() {
    let report = report_after(|spec| {
        spec.replacen(
            "        - app\n        - website\n",
            "        - app\n        - website\n        - meeting\n",
            1,
        )
    });

    assert_eq!(report.changes.len(), 1, "{report}");
    let change = &report.changes[0];
    assert_eq!(change.item, "variant `ActivityType::Meeting`");
    assert_eq!(change.bump, Bump::Minor);
    assert_eq!(change.pointer.as_deref(), Some("/components/schemas/ActivityType/enum"));
    assert_eq!(report.suggested_version().map(|v| v.to_string()).as_deref(), Some("1.1.0"));
}

#[test]
fn a_changed_description_is_a_patch() {
    let report = report_after(|spec| {
        spec.replacen("Department the user belongs to.", "The user's department.", 1)
    });

    assert!(report.changes.is_empty(), "{report}");
    assert_eq!(report.bump(), Some(Bump::Patch));
}

#[test]
fn a_renamed_operation_is_a_major_removal_and_a_minor_addition() {
    let report = report_after(|spec| {
        spec.replacen("operationId: listProjects", "operationId: getProjects", 1)
    });

    // The method, its request builder, and the builder's setters.
    let summary: Vec<(Bump, &str)> =
        report.changes.iter().map(|change| (change.bump, change.item.as_str())).collect();
    let of = |prefix: &str| -> Vec<(Bump, &str)> {
        summary.iter().filter(|(_, item)| item.contains(prefix)).copied().collect()
    };
    assert_eq!(
        of("`Client::"),
        [
            (Bump::Major, "method `Client::list_projects`"),
            (Bump::Minor, "method `Client::get_projects`")
        ]
    );
    assert_eq!(
        of("type `"),
        [(Bump::Major, "type `ListProjects`"), (Bump::Minor, "type `GetProjects`")]
    );
    assert!(summary.contains(&(Bump::Major, "method `ListProjects::page`")), "{summary:?}");
    assert!(summary.contains(&(Bump::Minor, "method `GetProjects::page`")), "{summary:?}");
    assert_eq!(report.changes[0].pointer.as_deref(), Some("/paths/~1v1~1projects/get"));
}
