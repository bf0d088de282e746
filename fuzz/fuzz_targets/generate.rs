//! Any bytes, as a spec, through the whole generator: it may refuse them,
//! but must not panic, hang or overflow its stack.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = mera_codegen::Options::new("fuzzed", "fuzzed.yaml");
    // The folder does not exist, so relative `$ref`s read nothing.
    let path = Path::new("fuzz-input-does-not-exist/fuzzed.yaml");
    let _ = mera_codegen::generate_from_bytes(path, data, &options);
});
