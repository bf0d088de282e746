//! Generates the Mera Monitor client into `OUT_DIR/mera.rs`. Cargo runs this
//! again only when the spec changes.

fn main() -> Result<(), mera_codegen::Error> {
    mera_codegen::Builder::new("../../spec/mera-monitor.yaml").module_name("mera").generate()?;
    Ok(())
}
