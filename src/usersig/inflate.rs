//! A small zlib (RFC 1950) inflater for reading UserSigs, in the manner of zlib's `contrib/puff/puff.c`:
//! canonical Huffman codes kept as counts per length and symbols in code order, decoded bit by bit.
//!
//! Why our own: miniz_oxide's inflater (lookup tables, a resumable state machine for streaming) was the
//! largest single item in the .wasm, to read documents of ~200 bytes. Measured against a build with no
//! inflater at all (after wasm-opt -Oz), it cost 15.0 KB (7.3 KB gzip -9); this one costs 2.5 KB (1.3 KB).
//! It is slower per byte, which a UserSig hardly notices: in Node, verifyUserSig on one made by the
//! official library (Huffman-coded) is about 5 % slower than with miniz_oxide, on a level-0 one no slower.
//!
//! It accepts what miniz_oxide's `decompress_to_vec_zlib_with_limit` accepts (tests/inflate.rs and the
//! fuzz target check it against that, a dev-dependency): a header of deflate with a window of at most
//! 32 KiB, no preset dictionary and valid check bits; stored, fixed and dynamic blocks, where a code must
//! be complete, except a literal/length or distance code of one symbol or none; at most 286 literal/length
//! and 30 distance codes; no length or distance symbol outside the tables, no distance before the start
//! of the output, no run of code lengths past their count; then the Adler-32 of the output. Bytes after
//! the Adler-32 are ignored, as there. Output past `limit` is refused, not truncated.

use super::codec::adler32;

/// The input, read least significant bit first.
struct Bits<'a> {
    data: &'a [u8],
    /// Bits taken from `data` and not used yet (fewer than 8 between calls).
    buf: u32,
    count: u32,
    /// Whether bits were read past the end (as zeros). Checked at each symbol of a block and at the end:
    /// the other loops are short, and a stored block's header needs real bytes.
    short: bool,
}

impl Bits<'_> {
    /// The next `n` (at most 16) bits; zeros past the end, noted in `short`.
    fn take(&mut self, n: u32) -> u32 {
        while self.count < n {
            if let Some((&byte, rest)) = self.data.split_first() {
                self.data = rest;
                self.buf |= u32::from(byte) << self.count;
            } else {
                self.short = true;
            }
            self.count += 8;
        }
        let value = self.buf & ((1 << n) - 1);
        self.buf >>= n;
        self.count -= n;
        value
    }

    /// The next `N` whole bytes, after dropping what is left of the current byte.
    fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        (self.buf, self.count) = (0, 0);
        let (bytes, rest) = self.data.split_first_chunk::<N>()?;
        self.data = rest;
        Some(*bytes)
    }
}

/// A canonical Huffman code: how many codes there are of each length, and the symbols in code order.
struct Huffman {
    count: [u16; 16],
    symbol: [u16; 288],
}

impl Huffman {
    /// Makes this the code with these lengths per symbol (0: unused). `None` when over-subscribed, or
    /// incomplete unless `lax` and there is at most one symbol.
    fn build(&mut self, lengths: &[u8], lax: bool) -> Option<()> {
        self.count = [0; 16];
        for &len in lengths {
            *self.count.get_mut(usize::from(len))? += 1;
        }
        // Where each length's symbols start in `symbol`, and how much of the code space is unused.
        let mut offsets = [0u16; 16];
        let (mut used, mut left) = (0u16, 1i32);
        for len in 1..16 {
            let count = *self.count.get(len)?;
            *offsets.get_mut(len)? = used;
            used += count;
            left = (left << 1) - i32::from(count);
            if left < 0 {
                return None;
            }
        }
        if left > 0 && !(lax && used <= 1) {
            return None;
        }
        for (symbol, &len) in (0u16..).zip(lengths) {
            if len > 0 {
                let offset = offsets.get_mut(usize::from(len))?;
                *self.symbol.get_mut(usize::from(*offset))? = symbol;
                *offset += 1;
            }
        }
        Some(())
    }

    /// The next symbol; `None` for a code that is not in the table.
    fn decode(&self, bits: &mut Bits) -> Option<u16> {
        // `code` is the bits read so far, `first` the first code of that length, `index` its symbols' start.
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.take(1) as i32;
            let count = i32::from(*self.count.get(len)?);
            if code - count < first {
                return self.symbol.get((index + code - first) as usize).copied();
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        None
    }
}

/// The code lengths of a fixed block (RFC 1951 3.2.6): how many literal/length and distance codes.
/// Distance symbols 30 and 31 are in the code, and invalid.
fn fixed(lengths: &mut [u8; 320]) -> (usize, usize) {
    for (i, len) in lengths.iter_mut().enumerate() {
        *len = match i {
            0..=143 | 280..=287 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 5,
        };
    }
    (288, 32)
}

/// The code lengths of a dynamic block, from its header (RFC 1951 3.2.7): how many literal/length and
/// distance codes. `code` holds the code-length code meanwhile.
fn dynamic(bits: &mut Bits, lengths: &mut [u8; 320], code: &mut Huffman) -> Option<(usize, usize)> {
    const ORDER: [u8; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    let nlen = bits.take(5) as usize + 257;
    let ndist = bits.take(5) as usize + 1;
    let ncode = bits.take(4) as usize + 4;
    if nlen > 286 || ndist > 30 {
        return None;
    }
    *lengths = [0; 320];
    for &symbol in ORDER.iter().take(ncode) {
        *lengths.get_mut(usize::from(symbol))? = bits.take(3) as u8;
    }
    code.build(lengths.get(..19)?, false)?;
    let mut index = 0;
    while index < nlen + ndist {
        let (len, repeat) = match code.decode(bits)? {
            16 => (*lengths.get(index.checked_sub(1)?)?, 3 + bits.take(2)),
            17 => (0, 3 + bits.take(3)),
            18 => (0, 11 + bits.take(7)),
            len => (len as u8, 1),
        };
        let end = index + repeat as usize;
        lengths.get_mut(index..end).filter(|_| end <= nlen + ndist)?.fill(len);
        index = end;
    }
    Some((nlen, ndist))
}

const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// `base[i]` plus the extra bits that `extra[i]` says follow it.
fn value(bits: &mut Bits, base: &[u16], extra: &[u8], i: usize) -> Option<usize> {
    Some(usize::from(*base.get(i)?) + bits.take(u32::from(*extra.get(i)?)) as usize)
}

/// Inflates one Huffman-coded block into `out`, up to `limit` bytes in all.
fn block(bits: &mut Bits, out: &mut Vec<u8>, limit: usize, lit: &Huffman, dist: &Huffman) -> Option<()> {
    // Past the end of the input, stop rather than decode zeros up to the limit.
    while !bits.short {
        let symbol = lit.decode(bits)?;
        if symbol < 256 {
            if out.len() >= limit {
                return None;
            }
            out.push(symbol as u8);
        } else if symbol == 256 {
            return Some(());
        } else {
            let len = value(bits, &LENGTH_BASE, &LENGTH_EXTRA, usize::from(symbol - 257))?;
            let symbol = usize::from(dist.decode(bits)?);
            let start = out.len().checked_sub(value(bits, &DIST_BASE, &DIST_EXTRA, symbol)?)?;
            if out.len() + len > limit {
                return None;
            }
            for i in start..start + len {
                out.push(*out.get(i)?);
            }
        }
    }
    None
}

/// Inflates a zlib stream to at most `limit` bytes; `None` when it is not valid zlib, or longer.
pub fn zlib(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let (&[cmf, flg], rest) = data.split_first_chunk()?;
    // Deflate with a window of at most 32 KiB, no preset dictionary, and the check bits right.
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || flg & 0x20 != 0 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 {
        return None;
    }
    let (out, rest) = deflate(rest, limit)?;
    let (&adler, _) = rest.split_first_chunk()?;
    (u32::from_be_bytes(adler) == adler32(&out)).then_some(out)
}

/// Inflates raw deflate data (RFC 1951) to at most `limit` bytes: the output, and the input after the
/// byte where the last block ends. `None` when it is not valid deflate, or longer.
pub fn deflate(data: &[u8], limit: usize) -> Option<(Vec<u8>, &[u8])> {
    let mut bits = Bits { data, buf: 0, count: 0, short: false };
    let mut out = Vec::new();
    let mut lengths = [0u8; 320];
    let mut lit = Huffman { count: [0; 16], symbol: [0; 288] };
    let mut dist = Huffman { count: [0; 16], symbol: [0; 288] };
    loop {
        let last = bits.take(1) == 1;
        let (nlen, ndist) = match bits.take(2) {
            0 => (0, 0),
            1 => fixed(&mut lengths),
            2 => dynamic(&mut bits, &mut lengths, &mut lit)?,
            _ => return None,
        };
        if nlen == 0 {
            let [a, b, c, d] = bits.bytes()?;
            let len = u16::from_le_bytes([a, b]);
            if len != !u16::from_le_bytes([c, d]) {
                return None;
            }
            let (stored, rest) = bits.data.split_at_checked(usize::from(len))?;
            if out.len() + stored.len() > limit {
                return None;
            }
            out.extend_from_slice(stored);
            bits.data = rest;
        } else {
            lit.build(lengths.get(..nlen)?, true)?;
            dist.build(lengths.get(nlen..nlen + ndist)?, true)?;
            block(&mut bits, &mut out, limit, &lit, &dist)?;
        }
        if last {
            // What is left of the current byte is padding.
            return (!bits.short).then_some((out, bits.data));
        }
    }
}
