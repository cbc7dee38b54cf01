//! Declares one module per golden output directory (`../tests/golden/<name>/mod.rs`), so that
//! a new fixture is compiled without anyone having to list it.

use std::fs;
use std::path::Path;

fn main() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
    println!("cargo:rerun-if-changed={}", golden.display());
    let mut names: Vec<String> = fs::read_dir(&golden)
        .expect("codegen/tests/golden exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            path.join("mod.rs")
                .is_file()
                .then(|| path.file_name()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    let mut out = String::new();
    for name in &names {
        let dir = golden.join(name);
        println!("cargo:rerun-if-changed={}", dir.display());
        let module = dir.join("mod.rs").canonicalize().expect("mod.rs exists");
        out.push_str(&format!(
            "#[path = {:?}]\npub mod {name};\n",
            module.display().to_string()
        ));
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("golden_modules.rs"), out).expect("OUT_DIR is writable");
}
