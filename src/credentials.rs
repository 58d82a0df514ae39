//! When to reuse a UserSig and when to get a new one. A UserSig is made (or asked for) once and reused
//! until shortly before it expires; a 70001 answer throws it away.

use crate::error::{Error, ErrorKind, Result};
use crate::usersig::{decode_claims, EXPIRED};

/// Validity of the UserSigs the client makes from a secret key: one day, then renewed. Short enough
/// that a leaked one is soon useless, long enough that signing is rare.
pub const GENERATED_EXPIRE: u64 = 24 * 3600;

/// Refuses a fixed UserSig (the `userSig` option) that has expired at `now` (Unix seconds), before anything is
/// sent: it cannot be renewed, so the service would only answer 70001. One whose claims cannot be read is left
/// for the service to judge. The message says when, never what the UserSig is.
pub fn check_fixed(sig: &str, now: u64) -> Result<()> {
    let Ok(claims) = decode_claims(sig) else { return Ok(()) };
    let expired_at = claims.expires_at();
    if now <= expired_at {
        return Ok(());
    }
    let message = [
        "userSig expired ",
        &(now - expired_at).to_string(),
        " s ago (made at ",
        &claims.time.to_string(),
        ", valid ",
        &claims.expire.to_string(),
        " s) and cannot be renewed: give a fresh one to a new ChatAdmin, or use userSigProvider (70001, nothing sent)",
    ]
    .concat();
    Err(Error::new(ErrorKind::UserSig, message).with_code(EXPIRED))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usersig::gen_user_sig;

    #[test]
    fn a_fixed_user_sig_past_its_expiry_is_refused_without_showing_it() -> Result<()> {
        let sig = gen_user_sig(1400000000, "a-secret-key", "administrator", 3600, None, 1_700_000_000)?;
        assert_eq!(check_fixed(&sig, 1_700_003_600), Ok(()));
        assert_eq!(check_fixed("not-a-usersig", 1_800_000_000), Ok(()));
        let err = check_fixed(&sig, 1_700_003_700).err().ok_or_else(|| Error::new(ErrorKind::UserSig, "accepted"))?;
        assert_eq!((err.kind, err.code), (ErrorKind::UserSig, 70001));
        assert!(
            err.message.starts_with("userSig expired 100 s ago (made at 1700000000, valid 3600 s)"),
            "{}",
            err.message
        );
        assert!(err.message.contains("new ChatAdmin"));
        assert!(!err.message.contains(&sig));
        Ok(())
    }
}
