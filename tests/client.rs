//! The client against the emulator, under Node (wasm32 only). Cases in `common/client_cases.rs`.
#![cfg(target_arch = "wasm32")]
const EMULATOR: Option<&str> = option_env!("EMULATOR_URL");
include!("common/client_cases.rs");
