//! The client against the emulator, under Node (wasm32 only). Cases in `common/client_cases.rs`.
#![cfg(all(target_arch = "wasm32", feature = "emulator-tests"))]
const EMULATOR: Option<&str> = option_env!("EMULATOR_URL");
include!("common/client_cases.rs");
include!("common/method_cases.rs");
