//! The pure core: every wire type, reader, rule and decision of the package. It names no JS binding crate
//! (`tests/layout.rs` checks), reads no clock and draws no randomness (both are inputs), and is tested natively
//! with `cargo test`. Dependencies point one way: `input` ← `wire` ← `usersig` ← `call` ← `methods`.

pub mod call;
pub mod error;
pub mod input;
pub mod limits;
pub mod methods;
pub mod usersig;
pub mod wire;
