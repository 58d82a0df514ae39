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
    // CMF 0x78 (deflate, 32K window), FLG 0x01 (fastest level, no dictionary, check bits).
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

/// Inflates a zlib stream of any deflate level; `None` when it is not valid zlib or too large.
pub fn zlib_inflate(data: &[u8]) -> Option<Vec<u8>> {
    super::inflate::zlib(data, MAX_INFLATED)
}

pub(super) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that can be summed before `b` could overflow.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
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

fn encode(data: &[u8], alphabet: &[u8; 64], pad: char) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push(pad);
            }
        }
    }
    out
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
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body {
        let v = values[usize::from(c)];
        if v == 255 {
            return None;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Standard padded base64.
pub fn base64(data: &[u8]) -> String {
    encode(data, STANDARD, '=')
}

/// Decodes standard padded base64.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    decode(text.as_bytes(), &STANDARD_VALUES, b'=')
}

/// Base64 with the UserSig substitutions: `+`→`*`, `/`→`-`, `=`→`_`.
pub fn base64_usersig(data: &[u8]) -> String {
    encode(data, USERSIG, '_')
}

/// Reverses [`base64_usersig`] (a trailing newline is ignored); `None` for anything else.
pub fn unbase64_usersig(text: &str) -> Option<Vec<u8>> {
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
}
