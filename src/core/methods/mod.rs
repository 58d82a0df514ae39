//! One file (or folder) per endpoint group: what each method sends and how its answers are read. A method is a [`run::Run`]:
//! the requests to send, one after another, and the reader of their answers.

pub mod accounts;
pub mod callbacks;
pub mod delete;
pub mod groups;
pub mod list;
pub mod marks;
pub mod members;
pub mod pin;
pub mod request;
pub mod run;
