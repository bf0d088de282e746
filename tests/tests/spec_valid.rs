//! `spec/mera-monitor.yaml` passes an outside validator: the PyPI package
//! `openapi-spec-validator`, which `.ci/run` installs.

use std::process::Command;

#[test]
fn mera_spec_passes_openapi_spec_validator() {
    let spec = mera_tests::root().join("spec/mera-monitor.yaml");
    let output = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&spec)
        .output()
        .expect("python3 runs; install Python 3 to run this test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named"),
        "openapi-spec-validator is missing: run `python3 -m pip install -r .ci/requirements.txt`"
    );
    assert!(output.status.success(), "the validator rejects the spec:\n{stdout}\n{stderr}");
    assert!(stdout.contains("OK"), "unexpected validator output:\n{stdout}\n{stderr}");
}
