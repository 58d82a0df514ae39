//! What goes over the wire: IDs and their limits, the conversation spellings of each endpoint, the request URL
//! and its query, the response envelope, regions and endpoints, and the redaction of secrets from echoed text.

pub mod conversation;
pub mod ids;
pub mod redact;
pub mod region;
pub mod request;
pub mod response;
