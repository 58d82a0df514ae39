//! The layout the crate promises: the core (`src/core/`) names no JS binding crate, its groups depend one way
//! (`error` and `input` ← `wire` ← `usersig` ← `call` ← `methods`), and `src/` itself holds only the crate root.

use std::fs;
use std::path::{Path, PathBuf};

const ORDER: [&str; 6] = ["error", "input", "wire", "usersig", "call", "methods"];
const JS_CRATES: [&str; 6] =
    ["wasm_bindgen", "wasm_bindgen_futures", "js_sys", "web_sys", "serde_wasm_bindgen", "getrandom"];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn core() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core")
}

/// The group a core file belongs to: its first folder under `src/core/`, or its name (`error.rs`).
fn group(path: &Path) -> String {
    let rest = path.strip_prefix(core()).expect("a file of the core");
    let first = rest.components().next().expect("a path").as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn the_core_names_no_js_binding_crate() {
    for path in files(&core()) {
        let text = fs::read_to_string(&path).expect("readable");
        for name in JS_CRATES {
            let used = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name));
            assert!(!used, "{} names {name}: the core must not know the JS binding", path.display());
        }
    }
}

#[test]
fn the_core_groups_depend_one_way() {
    for path in files(&core()) {
        let own = group(&path);
        let Some(rank) = ORDER.iter().position(|g| *g == own) else { continue };
        let text = fs::read_to_string(&path).expect("readable");
        for name in ORDER.iter().skip(rank + 1) {
            let needle = ["crate::core::", name].concat();
            assert!(
                !text.contains(&needle),
                "{} ({own}) uses {needle}: dependencies point from methods to call to usersig to wire to input, never back",
                path.display()
            );
        }
    }
}

#[test]
fn src_holds_the_crate_root_and_two_folders() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names: Vec<String> = fs::read_dir(&src)
        .expect("src")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["core", "lib.rs", "wasm"]);
}
