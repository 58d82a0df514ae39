//! HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256), the one primitive a UserSig needs, written out here
//! in place of the `sha2` and `hmac` crates.
//!
//! In wasm at `opt-level = "z"` those crates' generic buffering layers stay function calls, and their
//! portable SHA-256 mimics the x86 SHA instructions; with them, hashing was a quarter of `genUserSig`'s
//! time. This is the textbook form: the rounds written out, no buffering layer (each input is hashed
//! straight from its slice), no state kept between calls. Tested against the FIPS 180-4 and RFC 4231
//! vectors here and, through `gen_user_sig`, against the official library's UserSigs.

/// The round constants, in the four groups of 16 that [`compress`] takes them in.
const K: [[u32; 16]; 4] = [
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    ],
    [
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
        0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    ],
    [
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1,
        0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    ],
    [
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee,
        0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ],
];

const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK: usize = 64;

/// One round, with the eight working variables named in their current roles: `d` and `h` take the
/// new `e` and `a`, and the caller rotates the names instead of moving the values.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $kw:expr) => {
        let t1 = $h
            .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
            .wrapping_add(($e & $f) ^ (!$e & $g))
            .wrapping_add($kw);
        $d = $d.wrapping_add(t1);
        $h = t1
            .wrapping_add($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
            .wrapping_add(($a & $b) ^ ($a & $c) ^ ($b & $c));
    };
}

/// Replaces `w[i]`, the word of 16 rounds ago, with the schedule word for the next group of 16.
macro_rules! schedule {
    ($w:ident, $i:literal) => {
        let w15 = $w[($i + 1) & 15];
        let w2 = $w[($i + 14) & 15];
        $w[$i] = $w[$i]
            .wrapping_add(w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3))
            .wrapping_add($w[($i + 9) & 15])
            .wrapping_add(w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10));
    };
}

/// Runs the compression function over one 64-byte block: four groups of 16 rounds, written out so
/// that the schedule words and working variables stay in wasm locals even at `opt-level = "z"`
/// (a rolled loop keeps them in memory and made `genUserSig` a fifth slower).
fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    compress_words(state, &words(block));
}

/// A block as big-endian words. Constant indices throughout (no iterators, which stay calls at
/// `opt-level = "z"`).
fn words(block: &[u8; BLOCK]) -> [u32; 16] {
    let word = |i: usize| u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
    [
        word(0),
        word(1),
        word(2),
        word(3),
        word(4),
        word(5),
        word(6),
        word(7),
        word(8),
        word(9),
        word(10),
        word(11),
        word(12),
        word(13),
        word(14),
        word(15),
    ]
}

/// [`compress`] of a block already in words.
fn compress_words(state: &mut [u32; 8], block: &[u32; 16]) {
    let mut w = *block;
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    let mut group = 0;
    while group < K.len() {
        let k = &K[group];
        if group > 0 {
            schedule!(w, 0);
            schedule!(w, 1);
            schedule!(w, 2);
            schedule!(w, 3);
            schedule!(w, 4);
            schedule!(w, 5);
            schedule!(w, 6);
            schedule!(w, 7);
            schedule!(w, 8);
            schedule!(w, 9);
            schedule!(w, 10);
            schedule!(w, 11);
            schedule!(w, 12);
            schedule!(w, 13);
            schedule!(w, 14);
            schedule!(w, 15);
        }
        round!(a, b, c, d, e, f, g, h, k[0].wrapping_add(w[0]));
        round!(h, a, b, c, d, e, f, g, k[1].wrapping_add(w[1]));
        round!(g, h, a, b, c, d, e, f, k[2].wrapping_add(w[2]));
        round!(f, g, h, a, b, c, d, e, k[3].wrapping_add(w[3]));
        round!(e, f, g, h, a, b, c, d, k[4].wrapping_add(w[4]));
        round!(d, e, f, g, h, a, b, c, k[5].wrapping_add(w[5]));
        round!(c, d, e, f, g, h, a, b, k[6].wrapping_add(w[6]));
        round!(b, c, d, e, f, g, h, a, k[7].wrapping_add(w[7]));
        round!(a, b, c, d, e, f, g, h, k[8].wrapping_add(w[8]));
        round!(h, a, b, c, d, e, f, g, k[9].wrapping_add(w[9]));
        round!(g, h, a, b, c, d, e, f, k[10].wrapping_add(w[10]));
        round!(f, g, h, a, b, c, d, e, k[11].wrapping_add(w[11]));
        round!(e, f, g, h, a, b, c, d, k[12].wrapping_add(w[12]));
        round!(d, e, f, g, h, a, b, c, k[13].wrapping_add(w[13]));
        round!(c, d, e, f, g, h, a, b, k[14].wrapping_add(w[14]));
        round!(b, c, d, e, f, g, h, a, k[15].wrapping_add(w[15]));
        group += 1;
    }
    state[0] = state[0].wrapping_add(a);
    state[1] = state[1].wrapping_add(b);
    state[2] = state[2].wrapping_add(c);
    state[3] = state[3].wrapping_add(d);
    state[4] = state[4].wrapping_add(e);
    state[5] = state[5].wrapping_add(f);
    state[6] = state[6].wrapping_add(g);
    state[7] = state[7].wrapping_add(h);
}

/// SHA-256 of `rest`, continued from `state` after `hashed` bytes (whole blocks).
fn finish(mut state: [u32; 8], hashed: u64, rest: &[u8]) -> [u8; 32] {
    let whole = rest.len() - rest.len() % BLOCK;
    let mut i = 0;
    while i < whole {
        if let Ok(block) = <&[u8; BLOCK]>::try_from(&rest[i..i + BLOCK]) {
            compress(&mut state, block);
        }
        i += BLOCK;
    }
    // The tail of `rest`, the 0x80 marker and the bit length: one block, or two when they do not fit.
    let tail = &rest[whole..];
    let mut last = [[0u8; BLOCK]; 2];
    last[0][..tail.len()].copy_from_slice(tail);
    last[0][tail.len()] = 0x80;
    let count = if tail.len() + 9 <= BLOCK { 1 } else { 2 };
    let bits = hashed.wrapping_add(rest.len() as u64).wrapping_mul(8);
    last[count - 1][BLOCK - 8..].copy_from_slice(&bits.to_be_bytes());
    compress(&mut state, &last[0]);
    if count == 2 {
        compress(&mut state, &last[1]);
    }
    let mut out = [0u8; 32];
    let mut j = 0;
    while j < 8 {
        let word = state[j].to_be_bytes();
        out[4 * j] = word[0];
        out[4 * j + 1] = word[1];
        out[4 * j + 2] = word[2];
        out[4 * j + 3] = word[3];
        j += 1;
    }
    out
}

/// SHA-256 of `data`.
fn sha256(data: &[u8]) -> [u8; 32] {
    finish(H0, 0, data)
}

/// An HMAC-SHA256 key made ready: the hash states after its inner and after its outer pad block.
pub struct Keyed {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Keyed {
    /// Readies `key` (any length; a key longer than a block is hashed first): two of the five blocks
    /// a UserSig's HMAC takes.
    pub fn new(key: &[u8]) -> Keyed {
        let mut padded = [0u8; BLOCK];
        if key.len() > BLOCK {
            padded[..32].copy_from_slice(&sha256(key));
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        // The inner and outer pads, a word at a time.
        let key = words(&padded);
        let (mut ipad, mut opad) = ([0u32; 16], [0u32; 16]);
        let mut i = 0;
        while i < 16 {
            ipad[i] = key[i] ^ 0x3636_3636;
            opad[i] = key[i] ^ 0x5c5c_5c5c;
            i += 1;
        }
        let (mut inner, mut outer) = (H0, H0);
        compress_words(&mut inner, &ipad);
        compress_words(&mut outer, &opad);
        Keyed { inner, outer }
    }

    /// The HMAC-SHA256 of `message` under this key.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        finish(self.outer, BLOCK as u64, &finish(self.inner, BLOCK as u64, message))
    }
}

/// HMAC-SHA256 of `message` under `key`.
#[cfg(test)]
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    Keyed::new(key).mac(message)
}

/// Whether two byte strings are equal, in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut diff, mut i) = (0u8, 0);
    while i < a.len() {
        diff |= a[i] ^ b[i];
        i += 1;
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_known_values() {
        // FIPS 180-4 examples, and lengths around the one- and two-block padding boundaries.
        assert_eq!(hex(&sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(
            hex(&sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(hex(&sha256(&[b'a'; 55])), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
        assert_eq!(hex(&sha256(&[b'a'; 56])), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
        assert_eq!(hex(&sha256(&[b'a'; 64])), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
        assert_eq!(hex(&sha256(&[b'a'; 1000])), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
        // A leading block is the same as the start of one input.
        let mut state = H0;
        compress(&mut state, &[b'a'; 64]);
        assert_eq!(finish(state, 64, &[b'a'; 936]), sha256(&[b'a'; 1000]));
    }

    #[test]
    fn hmac_rfc_4231() {
        let cases: [(&[u8], &[u8], &str); 5] = [
            (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (&[0xaa; 20], &[0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, message, expected) in cases {
            assert_eq!(hex(&hmac_sha256(key, message)), expected);
        }
        // A key of exactly one block is used as it is.
        let inner = sha256(&[[0x01 ^ 0x36; 64].as_slice(), b"abc"].concat());
        let expected = sha256(&[[0x01 ^ 0x5c; 64].as_slice(), &inner].concat());
        assert_eq!(hmac_sha256(&[0x01; 64], b"abc"), expected);
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
