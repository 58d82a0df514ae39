//! When to reuse a UserSig and when to get a new one. A UserSig is made (or asked for) once and reused
//! until shortly before it expires; a 70001 answer throws it away.

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::usersig::{decode_claims, Claims, EXPIRED, MALFORMED};

/// Validity of the UserSigs the client makes from a secret key: one day, then renewed. Short enough
/// that a leaked one is soon useless, long enough that signing is rare.
pub const GENERATED_EXPIRE: u64 = 24 * 3600;

/// Whether `text` has the shape of a console secret key: 64 hex characters.
pub fn looks_like_secret_key(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Refuses, before anything is sent, a UserSig that does not decode as one (base64 of a zlib stream of a JSON
/// document, read as `decodeUserSig` reads it): the service would only answer 70003, after the value had travelled
/// in a URL. `field` is `userSig`, or `userSigProvider` for a provider's answer. 64 hex characters are the secret
/// key in the wrong place: the message says where it belongs. It never shows the value.
pub fn check_decodes(field: &str, sig: &str) -> Result<Claims> {
    decode_claims(sig).map_err(|_| {
        let subject = if field == "userSig" { field } else { "userSigProvider's answer" };
        let what = if looks_like_secret_key(sig) {
            " looks like the secret key (64 hex characters), not a UserSig: the key belongs in secretKey \
             (TENCENT_CHAT_SECRET_KEY on the command line), which signs UserSigs and is never sent"
        } else {
            " is not a UserSig: it does not decode as one (base64, in A-Z a-z 0-9 * - _, of a zlib stream of a JSON \
             document)"
        };
        let mut e = Error::new(ErrorKind::UserSig, [subject, what, "; nothing was sent (70003)"].concat());
        e.field = Some(field.to_owned());
        e.with_code(MALFORMED)
    })
}

/// Refuses a fixed UserSig (the `userSig` option) that has expired at `now` (Unix seconds), before anything is
/// sent: it cannot be renewed, so the service would only answer 70001. (One whose claims cannot be read was
/// refused with the options.) The message says when, never what the UserSig is.
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
    let mut e = Error::new(ErrorKind::UserSig, message).with_code(EXPIRED);
    e.field = Some("userSig".to_owned());
    Err(e)
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
    use crate::core::usersig::gen_user_sig;

    #[test]
    fn a_fixed_user_sig_past_its_expiry_is_refused_without_showing_it() -> Result<()> {
        let sig = gen_user_sig(1400000000, "a-secret-key", "administrator", 3600, None, 1_700_000_000)?;
        assert_eq!(check_fixed(&sig, 1_700_003_600), Ok(()));
        assert_eq!(check_fixed("not-a-usersig", 1_800_000_000), Ok(()));
        let err = check_fixed(&sig, 1_700_003_700).err().ok_or_else(|| Error::new(ErrorKind::UserSig, "accepted"))?;
        assert_eq!((err.kind, err.code, err.field.as_deref()), (ErrorKind::UserSig, 70001, Some("userSig")));
        assert!(
            err.message.starts_with("userSig expired 100 s ago (made at 1700000000, valid 3600 s)"),
            "{}",
            err.message
        );
        assert!(err.message.contains("new ChatAdmin"));
        assert!(!err.message.contains(&sig));
        Ok(())
    }

    #[test]
    fn what_does_not_decode_is_refused_as_70003_and_a_secret_key_is_named_as_one() -> Result<()> {
        let sig = gen_user_sig(1400000000, "a-secret-key", "administrator", 3600, None, 1_700_000_000)?;
        assert_eq!(check_decodes("userSig", &sig).map(|c| c.identifier), Ok("administrator".to_owned()));
        let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
        let refused =
            |field: &str, value: &str| check_decodes(field, value).err().map(|e| (e.kind, e.code, e.field, e.message));
        let hint = " looks like the secret key (64 hex characters), not a UserSig: the key belongs in secretKey \
                    (TENCENT_CHAT_SECRET_KEY on the command line), which signs UserSigs and is never sent; nothing was \
                    sent (70003)";
        let usersig = |field: &str, message: String| Some((ErrorKind::UserSig, 70003, Some(field.to_owned()), message));
        assert_eq!(refused("userSig", key), usersig("userSig", ["userSig", hint].concat()));
        assert_eq!(
            refused("userSigProvider", &key.to_ascii_uppercase()),
            usersig("userSigProvider", ["userSigProvider's answer", hint].concat())
        );
        let other = "userSig is not a UserSig: it does not decode as one (base64, in A-Z a-z 0-9 * - _, of a zlib \
                     stream of a JSON document); nothing was sent (70003)";
        // Not base64; a zlib stream of JSON without the claims; a UserSig cut short; 63 and 65 hex characters.
        for bad in
            ["opaque", "eJyrVgrxCdYrSy1SslIy0jNQqgUALUoEuQ__", &sig[..sig.len() - 8], &key[1..], &[key, "0"].concat()]
        {
            assert_eq!(refused("userSig", bad), usersig("userSig", other.to_owned()), "{bad}");
        }
        Ok(())
    }
}
