//! Prints the package's limits and option names as JSON (`tencent_chat_admin::core::limits::json`):
//! `scripts/build.mjs` runs it (`cargo run --example limits`) and writes the document into `pkg/limits.js`, so the
//! entries export the core's own constants without carrying the code that writes them into what a page loads.

fn main() {
    println!("{}", tencent_chat_admin::core::limits::json());
}
