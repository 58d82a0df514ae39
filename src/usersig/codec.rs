//! The UserSig container: zlib (RFC 1950) around the JSON, then base64 with `+/=` swapped for `*-_`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

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
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED).ok()
}

fn adler32(data: &[u8]) -> u32 {
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

/// Standard padded base64.
pub fn base64(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Decodes standard padded base64.
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// Base64 with the UserSig substitutions: `+`→`*`, `/`→`-`, `=`→`_`.
pub fn base64_usersig(data: &[u8]) -> String {
    STANDARD
        .encode(data)
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}

/// Reverses [`base64_usersig`]; `None` for anything that is not such a string.
pub fn unbase64_usersig(text: &str) -> Option<Vec<u8>> {
    let standard: String = text
        .trim_end_matches(['\n', '\r'])
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect();
    unbase64(&standard)
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
    fn substitutions_round_trip() {
        let data = [0xfbu8, 0xff, 0xbf, 0x01];
        let text = base64_usersig(&data);
        assert_eq!(text, "*-*-AQ__");
        assert_eq!(unbase64_usersig(&text).as_deref(), Some(&data[..]));
    }
}
