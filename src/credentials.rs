//! When to reuse a UserSig and when to get a new one. A UserSig is made (or asked for) once and reused
//! until shortly before it expires; a 70001 answer throws it away.

use crate::usersig::decode_claims;

/// Validity of the UserSigs the client makes from a secret key: one day, then renewed. Short enough
/// that a leaked one is soon useless, long enough that signing is rare.
pub const GENERATED_EXPIRE: u64 = 24 * 3600;

/// The UserSig in use and the second from which it should be replaced.
#[derive(Debug, Default, Clone)]
pub struct SigCache {
    sig: Option<String>,
    renew_at: Option<u64>,
}

impl SigCache {
    /// The cached UserSig if it is still fresh at `now` (Unix seconds).
    pub fn current(&self, now: u64) -> Option<&str> {
        match self.renew_at {
            Some(at) if now >= at => None,
            _ => self.sig.as_deref(),
        }
    }

    /// Keeps `sig`, to be renewed a little before the expiry it claims: a tenth of its validity,
    /// at most ten minutes. One whose claims cannot be read is kept until the service refuses it.
    pub fn store(&mut self, sig: String) {
        self.renew_at = decode_claims(&sig).ok().map(|c| c.expires_at() - (c.expire / 10).min(600));
        self.sig = Some(sig);
    }

    /// Forgets `sig` after the service said it expired, unless a newer one has replaced it already
    /// (so that a wave of late 70001 answers does not throw away the fresh UserSig).
    pub fn invalidate(&mut self, sig: &str) {
        if self.sig.as_deref() == Some(sig) {
            self.sig = None;
            self.renew_at = None;
        }
    }
}
