//! PrivateMapKey: a UserSig whose userbuf grants a user rights in one TRTC room, as the official libraries'
//! `genPrivateMapKey` (numeric room) and `genPrivateMapKeyWithStringRoomID` make it; and reading that userbuf back.
//!
//! The userbuf, big-endian: version (1 byte: 0 numeric room, 1 string room), the identifier's length (2) and
//! bytes, sdkappid (4), room number (4; 0 in the string form), the rights' expiry in absolute Unix seconds (4),
//! privilege map (4), account type (4, always 0), and in the string form the room string's length (2) and bytes.
//!
//! Where the official libraries disagree, nothing is made: an empty string room, and characters beyond ASCII in the
//! identifier or the room string (each library writes them its own way). The userbuf and `TLS.time` are written
//! with one `now` (the official libraries read the clock twice).

use super::gen_user_sig;
use crate::core::error::{Error, Result};

/// The privileges: bit `i` of the map grants `PRIVILEGES[i]` (1 create the room, 2 enter it, 4 send audio, ...).
pub const PRIVILEGES: [&str; 8] = [
    "createRoom",
    "enterRoom",
    "sendAudio",
    "receiveAudio",
    "sendVideo",
    "receiveVideo",
    "sendScreen",
    "receiveScreen",
];

/// The largest privilege map made: every privilege.
pub const ALL_PRIVILEGES: u32 = 255;

/// The most bytes of an identifier or a room string: their length is written in 2 bytes.
pub const MAX_TEXT_BYTES: usize = u16::MAX as usize;

/// The room a PrivateMapKey is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Room {
    /// A numeric room ID (userbuf version 0).
    Number(u32),
    /// A string room ID (userbuf version 1).
    Name(String),
}

/// What a PrivateMapKey's userbuf says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateMapKey {
    pub identifier: String,
    pub sdk_app_id: u32,
    pub room: Room,
    /// The Unix second until which the rights hold.
    pub expires_at: u32,
    /// The privilege map: bits of [`PRIVILEGES`].
    pub privileges: u32,
}

/// The names of the privileges `map` grants, in bit order.
pub fn privilege_names(map: u32) -> impl Iterator<Item = &'static str> {
    PRIVILEGES.into_iter().enumerate().filter(move |(bit, _)| map >> bit & 1 == 1).map(|(_, name)| name)
}

/// Makes a PrivateMapKey: a UserSig for `identifier`, valid for `expire` seconds from `now`, whose userbuf grants
/// `privileges` (0 to 255) in `room` until `now + expire`. Errors name the field (`sdkAppId`, `identifier`,
/// `roomId`, `privileges`, `expire`) and what it may be.
pub fn gen_private_map_key(
    sdk_app_id: u64,
    secret_key: &str,
    identifier: &str,
    room: &Room,
    privileges: u32,
    expire: u64,
    now: u64,
) -> Result<String> {
    let app = u32::try_from(sdk_app_id)
        .map_err(|_| Error::invalid("sdkAppId", "must be at most 4294967295 in a PrivateMapKey"))?;
    if privileges > ALL_PRIVILEGES {
        return Err(Error::invalid("privileges", "must be from 0 to 255"));
    }
    let expires_at = now.checked_add(expire).and_then(|t| u32::try_from(t).ok()).ok_or_else(|| {
        Error::invalid("expire", "must end by 4294967295 (in 2106): a PrivateMapKey holds now + expire in 4 bytes")
    })?;
    let buf = userbuf(identifier, app, room, expires_at, privileges)?;
    gen_user_sig(sdk_app_id, secret_key, identifier, expire, Some(&buf), now).map_err(|e| {
        if e.field.as_deref() != Some("userbuf") {
            return e;
        }
        // The document is past what decoding reads: the identifier and the room string are what made it so.
        let field = match room {
            Room::Name(name) if name.len() > identifier.len() => "roomId",
            _ => "identifier",
        };
        Error::invalid(field, "is too long: a UserSig's JSON may hold 65536 bytes")
    })
}

/// The userbuf of a PrivateMapKey; an identifier or room string that is not ASCII, or too long for its 2-byte
/// length, is refused, as is an empty room string or room number 0.
pub fn userbuf(identifier: &str, sdk_app_id: u32, room: &Room, expires_at: u32, privileges: u32) -> Result<Vec<u8>> {
    let (version, number) = match room {
        Room::Number(0) => return Err(Error::invalid("roomId", "must be an integer from 1 to 4294967295")),
        Room::Number(n) => (0, *n),
        Room::Name(name) if name.is_empty() => return Err(Error::invalid("roomId", EMPTY_ROOM)),
        Room::Name(_) => (1, 0),
    };
    let mut out = vec![version];
    text(&mut out, "identifier", identifier, USERID_ASCII)?;
    for n in [sdk_app_id, number, expires_at, privileges, 0] {
        out.extend_from_slice(&n.to_be_bytes());
    }
    if let Room::Name(name) = room {
        text(&mut out, "roomId", name, ROOM_ASCII)?;
    }
    Ok(out)
}

const EMPTY_ROOM: &str = "must not be empty (official libraries differ on it; a numeric room is a number)";
const USERID_ASCII: &str =
    "must be ASCII in a PrivateMapKey (official libraries differ on other characters; UserIDs are a-z, A-Z, 0-9, _, -)";
const ROOM_ASCII: &str = "must be ASCII (official libraries differ on other characters)";

/// Appends `value`'s length (2 bytes) and bytes, refusing it unless it is ASCII (`ascii`: the message) and fits.
fn text(out: &mut Vec<u8>, field: &str, value: &str, ascii: &str) -> Result<()> {
    if !value.is_ascii() {
        return Err(Error::invalid(field, ascii));
    }
    let length = u16::try_from(value.len())
        .map_err(|_| Error::invalid(field, "must be at most 65535 bytes in a PrivateMapKey"))?;
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(value.as_bytes());
    Ok(())
}

/// Reads a userbuf as a PrivateMapKey: `None` unless it is one exactly (a known version, lengths that fit, UTF-8
/// text, account type 0, room number 0 in the string form, and nothing left over).
pub fn parse(userbuf: &[u8]) -> Option<PrivateMapKey> {
    let mut r = Reader(userbuf);
    let version = r.take(1)?;
    let identifier = r.text()?;
    let [sdk_app_id, number, expires_at, privileges, account_type] = [r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.u32()?];
    let room = match version {
        [0] => Room::Number(number),
        [1] if number == 0 => Room::Name(r.text()?),
        _ => return None,
    };
    (account_type == 0 && r.0.is_empty()).then_some(PrivateMapKey {
        identifier,
        sdk_app_id,
        room,
        expires_at,
        privileges,
    })
}

/// The bytes not read yet.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_be_bytes)
    }

    /// A 2-byte length and that many bytes of UTF-8.
    fn text(&mut self) -> Option<String> {
        let length = self.take(2)?.try_into().ok().map(u16::from_be_bytes)?;
        String::from_utf8(self.take(usize::from(length))?.to_vec()).ok()
    }
}
