//! Prints each user's check-ins and check-outs for a range of days.
//!
//! ```sh
//! cargo run -p mera-monitor --example attendance -- --from 2024-08-23 --to 2024-08-23
//! ```
//!
//! Credentials come from the environment: `MERA_MONITOR_CLIENT_ID` and
//! `MERA_MONITOR_SECRET_KEY` (the client then fetches and renews tokens), or
//! a token from the dashboard in `MERA_MONITOR_TOKEN`.
//! `MERA_MONITOR_BASE_URL` chooses another server than production.

use std::process::ExitCode;

use chrono::NaiveDate;
use mera_monitor::Client;

const USAGE: &str = "usage: attendance --from YYYY-MM-DD --to YYYY-MM-DD";

#[tokio::main]
async fn main() -> ExitCode {
    let (from, to) = match range(std::env::args().skip(1)) {
        Ok(range) => range,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(from, to).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(from: NaiveDate, to: NaiveDate) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let answer = client.get_attendance(from, to).await?;
    let users = answer.data.unwrap_or_default();
    if users.is_empty() {
        println!("no attendance from {from} to {to}");
    }
    for user in users {
        println!("{} <{}>", user.name, user.email);
        for record in &user.attendance {
            // `None` when absent, `Some(None)` when null: both mean "not yet".
            let check_out = match record.check_out.flatten() {
                Some(time) => time.to_rfc3339(),
                None => "still checked in".to_string(),
            };
            println!(
                "  {}  in {}  out {check_out}",
                record.date.date_naive(),
                record.check_in.to_rfc3339()
            );
        }
    }
    Ok(())
}

/// The `--from` and `--to` dates of the command line.
fn range(mut args: impl Iterator<Item = String>) -> Result<(NaiveDate, NaiveDate), String> {
    let (mut from, mut to) = (None, None);
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--from" => &mut from,
            "--to" => &mut to,
            other => return Err(format!("unknown argument `{other}`")),
        };
        let value = args.next().ok_or_else(|| format!("{flag} needs a date"))?;
        let date = NaiveDate::parse_from_str(&value, "%Y-%m-%d")
            .map_err(|error| format!("{flag} {value}: {error}"))?;
        *slot = Some(date);
    }
    match (from, to) {
        (Some(from), Some(to)) if from <= to => Ok((from, to)),
        (Some(_), Some(_)) => Err("--from must not be after --to".to_string()),
        _ => Err("both --from and --to are needed".to_string()),
    }
}
