//! The UserSig container: zlib (RFC 1950) around the JSON, then base64 with `+/=` swapped for `*-_`.

/// The most a UserSig may inflate to. Real ones are under 1 KiB; this stops a deflate bomb.
const MAX_INFLATED: usize = 64 * 1024;

/// zlib-wraps `data` in stored (level 0) deflate blocks.
///
/// Level 0 on purpose: the service inflates whatever level it gets, the official Go library has sent
/// level 0 since 2024, and writing stored blocks needs no compressor in the wasm binary (several KB
/// saved). A UserSig is about 30 % longer than at level 6, which no query string minds.
pub fn zlib_store(data: &[u8]) -> Vec<u8> {
    let count = data.len().div_ceil(0xffff);
    let mut out = Vec::with_capacity(data.len() + 11 + 5 * count);
    out.extend_from_slice(&[0x78, 0x01]);
    if count == 0 {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    for (i, block) in data.chunks(0xffff).enumerate() {
        let len = block.len() as u16;
        out.push(u8::from(i + 1 == count));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// The room [`zlib_finish`] needs before the data: the zlib header and one stored block's header.
pub const ZLIB_HEAD: usize = 7;

/// [`zlib_store`] in place, for the common case of one block: `buf` holds [`ZLIB_HEAD`] bytes of room
/// and then the data. Saves a copy and an allocation on every UserSig made.
pub fn zlib_finish(mut buf: Vec<u8>) -> Vec<u8> {
    let data = buf.get(ZLIB_HEAD..).unwrap_or_default();
    let Ok(len) = u16::try_from(data.len()) else {
        return zlib_store(data);
    };
    let sum = adler32(data);
    // CMF 0x78 (deflate, 32K window), FLG 0x01 (fastest level, no dictionary, check bits); a final
    // stored block of `len` bytes.
    let [l0, l1] = len.to_le_bytes();
    let head = [0x78, 0x01, 1, l0, l1, !l0, !l1];
    if let Some(room) = buf.get_mut(..ZLIB_HEAD) {
        room.copy_from_slice(&head);
    }
    buf.extend_from_slice(&sum.to_be_bytes());
    buf
}

/// Inflates a zlib stream of any deflate level; `None` when it is not valid zlib or too large.
pub fn zlib_inflate(data: &[u8]) -> Option<Vec<u8>> {
    super::inflate::zlib(data, MAX_INFLATED)
}

pub(super) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    let mut i = 0;
    while i < data.len() {
        // 5552 bytes is the most that can be summed before `b` could overflow.
        let end = data.len().min(i + 5552);
        while i < end {
            a += u32::from(data[i]);
            b += a;
            i += 1;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// The standard base64 alphabet, and the UserSig one (`+`→`*`, `/`→`-`; padding `=`→`_`).
const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const USERSIG: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";
const STANDARD_VALUES: [u8; 256] = values(STANDARD);
const USERSIG_VALUES: [u8; 256] = values(USERSIG);

/// Each byte's value in `alphabet`, 255 for bytes not in it.
const fn values(alphabet: &[u8; 64]) -> [u8; 256] {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
}

/// The padded base64 length of `len` bytes.
const fn encoded_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Writes the base64 of `data` in `alphabet` into `dst`, which is [`encoded_len`] long and filled with
/// the padding byte. Index loops rather than iterator adapters and pushes: at `opt-level = "z"` those
/// stay calls, and this runs on every UserSig made.
fn encode_to(data: &[u8], alphabet: &[u8; 64], dst: &mut [u8]) {
    let sym = |n: u32, shift: u32| alphabet[((n >> shift) & 63) as usize];
    let (mut i, mut j) = (0, 0);
    while i + 3 <= data.len() && j + 4 <= dst.len() {
        let n = (u32::from(data[i]) << 16) | (u32::from(data[i + 1]) << 8) | u32::from(data[i + 2]);
        dst[j] = sym(n, 18);
        dst[j + 1] = sym(n, 12);
        dst[j + 2] = sym(n, 6);
        dst[j + 3] = sym(n, 0);
        i += 3;
        j += 4;
    }
    // One or two bytes left: two or three symbols, the rest stays padding.
    if let (Some(&a), Some(tail)) = (data.get(i), dst.get_mut(j..)) {
        let b = data.get(i + 1).copied();
        let n = (u32::from(a) << 16) | (u32::from(b.unwrap_or(0)) << 8);
        let symbols = [sym(n, 18), sym(n, 12), sym(n, 6)];
        let count = if b.is_some() { 3 } else { 2 };
        for (d, s) in tail.iter_mut().zip(&symbols[..count]) {
            *d = *s;
        }
    }
}

/// Base64 of `data` as a `String`; `vec!` of a byte fills with memset, where `resize` loops.
fn encode(data: &[u8], alphabet: &[u8; 64], pad: u8) -> String {
    let mut out = vec![pad; encoded_len(data.len())];
    encode_to(data, alphabet, &mut out);
    ascii_string(out)
}

/// ASCII bytes (such as base64) as a `String`; empty if they are not, which the callers' never are.
fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_default()
}

/// Decodes padded base64 in `values`' alphabet; `None` for a bad length, character or padding.
fn decode(text: &[u8], values: &[u8; 256], pad: u8) -> Option<Vec<u8>> {
    if text.len() % 4 != 0 {
        return None;
    }
    let body = text.strip_suffix(&[pad, pad]).or_else(|| text.strip_suffix(&[pad])).unwrap_or(text);
    if body.len() % 4 == 1 {
        return None;
    }
    // Six bits a symbol, so exactly this many whole bytes; written by index (pushes stay calls at
    // `opt-level = "z"`).
    let mut out = vec![0u8; body.len() * 3 / 4];
    let (mut acc, mut bits, mut j) = (0u32, 0u32, 0);
    let mut i = 0;
    while i < body.len() {
        let v = values[usize::from(body[i])];
        if v == 255 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            if let Some(byte) = out.get_mut(j) {
                *byte = (acc >> bits) as u8;
            }
            j += 1;
        }
        i += 1;
    }
    Some(out)
}

/// Standard padded base64.
pub fn base64(data: &[u8]) -> String {
    encode(data, STANDARD, b'=')
}

/// Standard padded base64 of an HMAC-SHA256 tag.
pub fn base64_tag(tag: &[u8; 32]) -> [u8; encoded_len(32)] {
    let mut out = [b'='; encoded_len(32)];
    encode_to(tag, STANDARD, &mut out);
    out
}

/// Decodes standard padded base64.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    decode(text.as_bytes(), &STANDARD_VALUES, b'=')
}

/// Base64 with the UserSig substitutions: `+`→`*`, `/`→`-`, `=`→`_`.
pub fn base64_usersig(data: &[u8]) -> String {
    encode(data, USERSIG, b'_')
}

/// The longest UserSig text read: twice the base64 of a stored zlib stream of `MAX_INFLATED` bytes.
pub(super) const MAX_USERSIG_TEXT: usize = 2 * (MAX_INFLATED + 64) / 3 * 4;

/// Reverses [`base64_usersig`] (a trailing newline is ignored); `None` for anything else.
pub fn unbase64_usersig(text: &str) -> Option<Vec<u8>> {
    // Longer than any UserSig that inflates within the limit (twice its stored size, in base64): refused
    // before any work, so a crafted megabyte string costs nothing.
    if text.len() > MAX_USERSIG_TEXT {
        return None;
    }
    decode(text.trim_end_matches(['\n', '\r']).as_bytes(), &USERSIG_VALUES, b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_known_values() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        // Long enough to need the modulo more than once.
        assert_eq!(adler32(&[0xffu8; 100_000]), 0x149a_302c);
    }

    #[test]
    fn stored_blocks_round_trip() {
        for len in [0usize, 1, 100, 0xffff, MAX_INFLATED] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let z = zlib_store(&data);
            assert_eq!(zlib_inflate(&z).as_deref(), Some(&data[..]));
            let mut buf = vec![0; ZLIB_HEAD];
            buf.extend_from_slice(&data);
            assert_eq!(zlib_finish(buf), z, "{len}");
        }
    }

    #[test]
    fn inflating_past_the_limit_fails() {
        assert_eq!(zlib_inflate(&zlib_store(&[b'a'; MAX_INFLATED + 1])), None);
    }

    #[test]
    fn base64_known_values() {
        // RFC 4648 test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
            assert_eq!(unbase64(coded).as_deref(), Some(plain.as_bytes()));
        }
        for bad in ["Zg=", "Zg", "Z===", "Zm9v=", "Zm 9", "Zm9*", "=Zm9", "Zg=A"] {
            assert_eq!(unbase64(bad), None, "{bad}");
        }
    }

    #[test]
    fn substitutions_round_trip() {
        let data = [0xfbu8, 0xff, 0xbf, 0x01];
        let text = base64_usersig(&data);
        assert_eq!(text, "*-*-AQ__");
        assert_eq!(unbase64_usersig(&text).as_deref(), Some(&data[..]));
    }

    #[test]
    fn usersig_text_is_bounded() {
        // The largest stored stream within the limit still reads; text past the bound is refused unread.
        let biggest = base64_usersig(&zlib_store(&vec![7u8; MAX_INFLATED]));
        assert!(biggest.len() < MAX_USERSIG_TEXT);
        assert_eq!(zlib_inflate(&unbase64_usersig(&biggest).unwrap()).map(|d| d.len()), Some(MAX_INFLATED));
        assert_eq!(unbase64_usersig(&"A".repeat(MAX_USERSIG_TEXT + 4)), None);
    }
}
