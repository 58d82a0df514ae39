//! A small zlib (RFC 1950) and deflate (RFC 1951) decoder, after zlib's `puff.c`: canonical Huffman
//! codes decoded a bit at a time from per-length counts. Slower than a table-driven inflater, which a
//! UserSig of a few hundred bytes does not notice, and a fraction of its size in wasm.
//!
//! Strict where the formats are: bad header, over-subscribed or incomplete codes where the format
//! forbids them, distances before the start, lengths and distances out of range, a wrong Adler-32
//! all fail. Bytes after the zlib trailer are ignored, as miniz_oxide (used before) did.

/// The most a UserSig may inflate to. Real ones are under 1 KiB; this stops a deflate bomb.
pub const MAX_INFLATED: usize = 64 * 1024;

const MAX_BITS: usize = 15;
const MAX_LITERALS: usize = 286;
const MAX_DISTANCES: usize = 30;
const FIXED_LITERALS: usize = 288;
/// The fixed distance code has 32 codes, of which 30 and 31 are invalid.
const FIXED_DISTANCES: usize = 32;

/// Bits read least significant first, as deflate stores them.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    buf: u32,
    count: u32,
}

impl Bits<'_> {
    fn bits(&mut self, need: u32) -> Option<u32> {
        while self.count < need {
            let byte = *self.data.get(self.at)?;
            self.at += 1;
            self.buf |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buf & ((1u32 << need) - 1);
        self.buf >>= need;
        self.count -= need;
        Some(value)
    }

    /// Drops the bits left of the current byte.
    fn align(&mut self) {
        self.buf = 0;
        self.count = 0;
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.data.get(self.at)?;
        self.at += 1;
        Some(byte)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Huffman<const N: usize> {
    counts: [u16; MAX_BITS + 1],
    symbols: [u16; N],
}

impl<const N: usize> Huffman<N> {
    /// The code of `lengths` (one per symbol, 0 for unused; at most N). `None` when over-subscribed,
    /// or incomplete unless `incomplete_ok` and it has no code or a single code of length 1 (as zlib
    /// allows of literal and distance codes, never of the code-length code).
    fn new(lengths: &[u8], incomplete_ok: bool) -> Option<Self> {
        let mut h = Huffman { counts: [0; MAX_BITS + 1], symbols: [0; N] };
        for &len in lengths {
            *h.counts.get_mut(usize::from(len))? += 1;
        }
        let used = lengths.len() - usize::from(h.counts[0]);
        // Codes left unused after each length; negative means over-subscribed.
        let mut left: i32 = 1;
        for &count in &h.counts[1..] {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return None;
            }
        }
        if left > 0 && !(incomplete_ok && used <= 1 && used == usize::from(h.counts[1])) {
            return None;
        }
        let mut offsets = [0u16; MAX_BITS + 2];
        for len in 1..=MAX_BITS {
            offsets[len + 1] = offsets[len] + h.counts[len];
        }
        for (symbol, &len) in lengths.iter().enumerate() {
            if len != 0 {
                let slot = &mut offsets[usize::from(len)];
                *h.symbols.get_mut(usize::from(*slot))? = symbol as u16;
                *slot += 1;
            }
        }
        Some(h)
    }

    fn decode(&self, bits: &mut Bits) -> Option<usize> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.counts[1..] {
            code |= bits.bits(1)? as i32;
            let count = i32::from(count);
            if code - first < count {
                return self.symbols.get((index + code - first) as usize).map(|&s| usize::from(s));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        None
    }
}

const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/// The order in which a dynamic block gives the code-length code's lengths.
const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Decodes one block's symbols into `out`, up to its end-of-block code.
fn codes(
    bits: &mut Bits,
    out: &mut Vec<u8>,
    limit: usize,
    literals: &Huffman<FIXED_LITERALS>,
    distances: &Huffman<FIXED_DISTANCES>,
) -> Option<()> {
    loop {
        let symbol = literals.decode(bits)?;
        if symbol < 256 {
            if out.len() >= limit {
                return None;
            }
            out.push(symbol as u8);
            continue;
        }
        if symbol == 256 {
            return Some(());
        }
        let i = symbol - 257;
        let length = usize::from(*LENGTH_BASE.get(i)?) + bits.bits(u32::from(LENGTH_EXTRA[i]))? as usize;
        let d = distances.decode(bits)?;
        let distance = usize::from(*DISTANCE_BASE.get(d)?) + bits.bits(u32::from(DISTANCE_EXTRA[d]))? as usize;
        if distance > out.len() || length > limit - out.len() {
            return None;
        }
        // Byte by byte: the copy may overlap what it writes.
        for _ in 0..length {
            let byte = *out.get(out.len() - distance)?;
            out.push(byte);
        }
    }
}

/// The fixed codes (block type 1); literals 286 and 287 and distances 30 and 31 have codes but are
/// invalid.
fn fixed() -> Option<(Huffman<FIXED_LITERALS>, Huffman<FIXED_DISTANCES>)> {
    let mut lengths = [8u8; FIXED_LITERALS];
    lengths[144..256].fill(9);
    lengths[256..280].fill(7);
    Some((Huffman::new(&lengths, false)?, Huffman::new(&[5; FIXED_DISTANCES], false)?))
}

fn dynamic(bits: &mut Bits) -> Option<(Huffman<FIXED_LITERALS>, Huffman<FIXED_DISTANCES>)> {
    let literal_count = bits.bits(5)? as usize + 257;
    let distance_count = bits.bits(5)? as usize + 1;
    let length_count = bits.bits(4)? as usize + 4;
    if literal_count > MAX_LITERALS || distance_count > MAX_DISTANCES {
        return None;
    }
    let mut length_lengths = [0u8; 19];
    for &i in &ORDER[..length_count] {
        length_lengths[i] = bits.bits(3)? as u8;
    }
    let length_code = Huffman::<19>::new(&length_lengths, false)?;
    let total = literal_count + distance_count;
    let mut lengths = [0u8; MAX_LITERALS + MAX_DISTANCES];
    let mut i = 0;
    while i < total {
        let symbol = length_code.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => (*lengths.get(i.checked_sub(1)?)?, 3 + bits.bits(2)? as usize),
            17 => (0, 3 + bits.bits(3)? as usize),
            _ => (0, 11 + bits.bits(7)? as usize),
        };
        if repeat > total - i {
            return None;
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    // A block without an end-of-block code could never end.
    if lengths[256] == 0 {
        return None;
    }
    let literals = Huffman::new(&lengths[..literal_count], true)?;
    let distances = Huffman::new(&lengths[literal_count..total], true)?;
    Some((literals, distances))
}

/// Inflates a zlib stream of any deflate level, checking its Adler-32; `None` when it is not valid
/// zlib or inflates to more than `limit` bytes.
pub fn zlib(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let (&cmf, &flg) = (data.first()?, data.get(1)?);
    // Deflate with a window of at most 32 KiB, check bits right, no preset dictionary.
    if cmf & 15 != 8 || cmf >> 4 > 7 || (u16::from(cmf) * 256 + u16::from(flg)) % 31 != 0 || flg & 0x20 != 0 {
        return None;
    }
    let mut bits = Bits { data, at: 2, buf: 0, count: 0 };
    let mut out = Vec::new();
    loop {
        let last = bits.bits(1)?;
        match bits.bits(2)? {
            0 => {
                bits.align();
                let b = [bits.byte()?, bits.byte()?, bits.byte()?, bits.byte()?];
                let len = u16::from_le_bytes([b[0], b[1]]);
                if len != !u16::from_le_bytes([b[2], b[3]]) || usize::from(len) > limit - out.len() {
                    return None;
                }
                let end = bits.at.checked_add(usize::from(len))?;
                out.extend_from_slice(data.get(bits.at..end)?);
                bits.at = end;
            }
            1 => {
                let (literals, distances) = fixed()?;
                codes(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            2 => {
                let (literals, distances) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, limit, &literals, &distances)?;
            }
            _ => return None,
        }
        if last == 1 {
            break;
        }
    }
    bits.align();
    let check = [bits.byte()?, bits.byte()?, bits.byte()?, bits.byte()?];
    (u32::from_be_bytes(check) == adler32(&out)).then_some(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec_zlib;

    /// Deterministic test data: text-like runs and noise, so every block type and code appears.
    fn sample(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                match (i / 64) % 3 {
                    0 => b"{\"TLS.identifier\":\"administrator\",\"TLS.sig\":\""[i % 45],
                    1 => (x % 7) as u8 + b'a',
                    _ => x as u8,
                }
            })
            .collect()
    }

    #[test]
    fn inflates_what_every_level_deflates() {
        for len in [0, 1, 2, 100, 1000, 5000, 40_000] {
            for seed in 1..4 {
                let data = sample(len, seed);
                for level in 0..=10 {
                    let z = compress_to_vec_zlib(&data, level);
                    assert_eq!(zlib(&z, MAX_INFLATED).as_deref(), Some(&data[..]), "len {len} level {level}");
                    // Trailing bytes are ignored; a missing or wrong trailer is not.
                    let mut longer = z.clone();
                    longer.push(0);
                    assert_eq!(zlib(&longer, MAX_INFLATED).as_deref(), Some(&data[..]));
                    assert_eq!(zlib(&z[..z.len() - 1], MAX_INFLATED), None);
                    let mut wrong = z.clone();
                    *wrong.last_mut().unwrap() ^= 1;
                    assert_eq!(zlib(&wrong, MAX_INFLATED), None);
                }
            }
        }
    }

    #[test]
    fn agrees_with_miniz_on_damaged_streams() {
        let data = sample(3000, 7);
        for level in [0, 1, 6, 9] {
            let z = compress_to_vec_zlib(&data, level);
            for i in 0..z.len() {
                for flip in [1u8, 0x10, 0x80] {
                    let mut bad = z.clone();
                    bad[i] ^= flip;
                    let ours = zlib(&bad, MAX_INFLATED);
                    let theirs = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bad, MAX_INFLATED).ok();
                    assert_eq!(ours, theirs, "level {level}, byte {i} ^ {flip:#x}");
                }
            }
            for cut in 0..z.len() {
                assert_eq!(zlib(&z[..cut], MAX_INFLATED), None);
            }
        }
    }

    #[test]
    fn stops_at_the_limit() {
        let data = vec![b'a'; MAX_INFLATED + 1];
        for level in [0, 1, 9] {
            let z = compress_to_vec_zlib(&data, level);
            assert_eq!(zlib(&z, MAX_INFLATED), None);
            assert_eq!(zlib(&z, MAX_INFLATED + 1).map(|v| v.len()), Some(MAX_INFLATED + 1));
        }
    }

    #[test]
    fn refuses_bad_headers() {
        let z = compress_to_vec_zlib(b"hello", 6);
        for header in [[0x78, 0x9d], [0x77, 0x9c], [0x88, 0x1c], [0x78, 0xbb]] {
            let mut bad = z.clone();
            bad[..2].copy_from_slice(&header);
            assert_eq!(zlib(&bad, MAX_INFLATED), None, "{header:x?}");
        }
        assert_eq!(zlib(&[], MAX_INFLATED), None);
        assert_eq!(zlib(&[0x78], MAX_INFLATED), None);
    }
}
