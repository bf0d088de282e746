//! A program that uses the Mera Monitor client its build script generates:
//! it lists the servers and, given dates, each user's attendance.
//!
//! ```sh
//! MERA_TOKEN=... cargo run -p build-rs-example -- 2024-08-23 2024-08-23
//! ```

mod mera {
    include!(concat!(env!("OUT_DIR"), "/mera.rs"));
}

use chrono::NaiveDate;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let client = mera::Client::from_env()?;
    println!("servers: {}", mera::SERVERS.join(", "));
    println!("calling {}", client.base_url());
    let [from, to] = args.as_slice() else {
        println!("give two dates (YYYY-MM-DD) to list attendance");
        return Ok(());
    };
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d");
    let answer = client.get_attendance(day(from)?, day(to)?).await?;
    for user in answer.data.unwrap_or_default() {
        println!("{}: {} day(s)", user.email, user.attendance.len());
    }
    Ok(())
}
