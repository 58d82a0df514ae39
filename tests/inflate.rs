//! Our zlib inflater (`src/usersig/inflate.rs`) against miniz_oxide as the independent oracle, and against
//! streams made by the reference C zlib (CPython's `zlib`). It must give the same output as miniz_oxide's
//! `decompress_to_vec_zlib_with_limit` and accept and refuse the same streams, without ever panicking.

use miniz_oxide::deflate::compress_to_vec_zlib;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit};
use tencent_chat_admin::usersig::inflate;

/// `MAX_INFLATED` in `src/usersig/codec.rs`.
const LIMIT: usize = 64 * 1024;

const DOC: &[u8] = br#"{"TLS.ver":"2.0","TLS.identifier":"administrator","TLS.sdkappid":1400000000,"TLS.expire":15552000,"TLS.time":1700000000,"TLS.sig":"p0bXhN1Qb+cN3m0TOe8i0q5wbs1hT2W2L2Kq3n6V4cY="}"#;

fn ours(z: &[u8]) -> Option<Vec<u8>> {
    inflate::zlib(z, LIMIT)
}

fn miniz(z: &[u8]) -> Option<Vec<u8>> {
    decompress_to_vec_zlib_with_limit(z, LIMIT).ok()
}

/// Our verdict and output on `z`, checked equal to miniz_oxide's, as zlib and (without its header) as raw deflate.
fn same_as_miniz(z: &[u8], limit: usize) -> Option<Vec<u8>> {
    let got = inflate::zlib(z, limit);
    assert_eq!(got, decompress_to_vec_zlib_with_limit(z, limit).ok(), "zlib {}", hex(z));
    let body = z.get(2..).unwrap_or_default();
    let raw = inflate::deflate(body, limit).map(|(out, _)| out);
    assert_eq!(raw, decompress_to_vec_with_limit(body, limit).ok(), "deflate {}", hex(body));
    got
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

include!("common/rng.rs");

fn text(lines: usize) -> Vec<u8> {
    (0..lines)
        .flat_map(|i| {
            format!("line {i}: the quick brown fox jumps over the lazy dog {} times\n", i * i % 97).into_bytes()
        })
        .collect()
}

/// Inputs of every kind: empty, tiny, UserSig documents, random, long runs (long matches, far distances),
/// more than one block, up to the limit and past it (inflated with a limit to match).
fn inputs() -> Vec<Vec<u8>> {
    let mut rng = Rng(0x1f1a7e);
    let mut words = Vec::new();
    while words.len() < LIMIT {
        let word: &[u8] = [&b"alpha "[..], b"beta ", b"gamma ", b"\"TLS.sig\":", b"0123456789", b"\n"][rng.below(6)];
        words.extend_from_slice(word);
    }
    words.truncate(LIMIT);
    let mut far = rng.bytes(40_000);
    far.extend_from_within(..20_000); // a match 40 000 bytes back is out of the window; 32 768 is the farthest
    vec![
        vec![],
        vec![0],
        b"a".to_vec(),
        b"hello, hello, hello".to_vec(),
        DOC.to_vec(),
        DOC.repeat(3),
        rng.bytes(200),
        rng.bytes(5_000),
        vec![0; 1_000],
        b"ab".repeat(3_000),
        (0..=255).cycle().take(70_000).collect(),
        text(900),
        far,
        words,
        rng.bytes(LIMIT),
        rng.bytes(200_000),
    ]
}

#[test]
fn round_trips_miniz_at_every_level() {
    for data in inputs() {
        for level in 0..=10 {
            let z = compress_to_vec_zlib(&data, level);
            let got = same_as_miniz(&z, data.len().max(LIMIT));
            assert!(got.as_deref() == Some(&data[..]), "level {level}, {} bytes", data.len());
        }
    }
}

/// Streams from CPython's zlib 1.2.13 (`zlib.compressobj(level, DEFLATED, wbits, 9, strategy)`), see each name.
const REFERENCE: [(&str, &str); 11] = [
    ("hello, level 9", "78dacb48cdc9c90700062c0215"),
    ("empty, level 6", "789c030000000001"),
    ("UserSig JSON, level 9", "78daab560af109d62b4b2d52b25232d23350d201f3335352f34a32d332c1c28929b9997999c525458925f9455005c529d989050599294a5686260650009149ad28c82c4a058a9b9a9a1ac1454b32734162e6a86a8b33d381e61718244564f81906266927fb19e71a84f8a75a641a149a9627151b668418851bf91879171ae79985992447da2ad5020030f433b1"),
    ("UserSig JSON, level 1", "7801ab560af109d62b4b2d52b25232d23350d201f3335352f34a32d332c1c28929b9997999c525458925f9455005c529d989050599294a568626065000d19a5a519059940a143735353502ca40444b32734162e6a86a8b33d381d61618244564f81906266927fb19e71a84f8a75a641a149a9627151b668418851bf91879171ae79985992447da2ad5020030f433b1"),
    ("UserSig JSON, level 0", "780101b1004eff7b22544c532e766572223a22322e30222c22544c532e6964656e746966696572223a2261646d696e6973747261746f72222c22544c532e73646b6170706964223a313430303030303030302c22544c532e657870697265223a31353535323030302c22544c532e74696d65223a313730303030303030302c22544c532e736967223a2270306258684e3151622b634e336d30544f6538693071357762733168543257324c324b71336e36563463593d227d30f433b1"),
    ("UserSig JSON, Z_FIXED", "7801ab560af109d62b4b2d52b25232d23350d201f3335352f34a32d332c1c28929b9997999c525458925f9455005c529d989050599294a5686260650009149ad28c82c4a058a9b9a9a1ac1454b32734162e6a86a8b33d381e61718244564f81906266927fb19e71a84f8a75a641a149a9627151b668418851bf91879171ae79985992447da2ad5020030f433b1"),
    ("UserSig JSON, Z_HUFFMAN_ONLY", "780105c1590ac2301405d0bddc5f43b8895625e00a0c8a24387c7688fa90d6362d2a887bf79c2fa20ffa95321cac2614a20f5a9ad44d729594e15036ad74324eb99c9e190ad1073d368fb2efa581330b92244985e8834e9f5e728233455158920ad1073d499be0cc8a24495221faa047b9c1a16775beefcca19ad5bb79cbb84f6be150bcabd1dca33d596fb7c3bc5b1e17f56583df1f30f433b1"),
    ("UserSig JSON, Z_RLE", "78012dc14b0ac2301405d0bddca921bca48d4ac015182a92e067d84fb40f696dd3a282b877273de78be0bc7cc5040b2d0902c179c94dec67be714cb0289b8e7b9ee654cecf0481e0bc9c9a47390cdcc0aa9c1602c179193f03a708ab8c319a880482f372e62ec2aa0d2d0482f372e23b2c06aa2e6da18ed5aa2eb28ec2216e9946f3ae26d5067dd64eefc7ac5f9ff2fabac3ef0f30f433b1"),
    ("UserSig JSON, 512-byte window", "18d3ab560af109d62b4b2d52b25232d23350d201f3335352f34a32d332c1c28929b9997999c525458925f9455005c529d989050599294a5686260650009149ad28c82c4a058a9b9a9a1ac1454b32734162e6a86a8b33d381e61718244564f81906266927fb19e71a84f8a75a641a149a9627151b668418851bf91879171ae79985992447da2ad5020030f433b1"),
    ("UserSig JSON, full flush halfway", "789caa560af109d62b4b2d52b25232d23350d201f3335352f34a32d332c1c28929b9997999c525458925f9455005c529d989050599294a5686260650009149ad28c82c4a058a03000000ffff33353535323030d0510af109d62bc9cc4d55b2323437800288687166ba92955281415244869f61609276b29f71ae41887faa45a641a1697952b161468851b8918f9177a1719e59984972a4ad522d0030f433b1"),
    ("text, level 9", "78daa5d64952c4300c85e13da7f011da96e581db300408a43bd003d3e92958e52d7fbc4ebdb26c7d96b3cc8729ecaec3f9690a6f97f9ee25dc1ed78f4378583fc3f365ff7a0aebfb74fcfbbcdc7c7f85fbf531ecc279de4fa7abe5371b59366eb38965f3366b2cdbb7d90c6b2edbb0b370f26db8b0b0c9ca151e97ecb9b17091c3ee2cdca4cb11f23209435f49ea8e54589534345693a4a1320d4365a6270e99155d1b3aeb223c4268a6ed86d2aacca204a545d97782d45c2a4f905a97ab9d20b52ccc13a4d6750a436b59f70dad75ad1c5a73ed37b4d6240ca915616e905a92c962905a93ca0d52737d3821b52497c420b5268f90416a45a01a7d3db563905ad4b52935b9de46ad493a436b59b46468cda4df195a8bba36b4a6dba6534de65286d49a60c9905ad5ff4b48adeada905ad57df791b4ef462af738726a9e463ae636a2c5f30054f7913be265e47e7a1d990dde46e692f77fcec41f2928fd12"),
];

#[test]
fn reference_zlib_streams() {
    for (name, z) in REFERENCE {
        let plain = match name {
            "hello, level 9" => b"hello".to_vec(),
            "empty, level 6" => vec![],
            "text, level 9" => text(60),
            _ => DOC.to_vec(),
        };
        assert_eq!(same_as_miniz(&unhex(z), LIMIT), Some(plain), "{name}");
    }
}

#[test]
fn bytes_after_the_adler32_are_ignored_as_by_miniz() {
    let mut z = compress_to_vec_zlib(DOC, 6);
    z.extend_from_slice(b"trailing");
    assert_eq!(same_as_miniz(&z, LIMIT).as_deref(), Some(DOC));
}

#[test]
fn every_truncation_is_refused() {
    let mut streams: Vec<Vec<u8>> = (0..=10).map(|level| compress_to_vec_zlib(DOC, level)).collect();
    streams.extend(REFERENCE.iter().map(|(_, z)| unhex(z)));
    streams.push(compress_to_vec_zlib(&text(200), 9));
    for z in streams {
        for len in 0..z.len() {
            assert_eq!(same_as_miniz(&z[..len], LIMIT), None, "{} of {}", len, hex(&z));
        }
    }
}

#[test]
fn every_header_is_judged_as_by_miniz() {
    let z = compress_to_vec_zlib(DOC, 6);
    for header in 0..=u16::MAX {
        let mut z = z.clone();
        z[..2].copy_from_slice(&header.to_be_bytes());
        let got = ours(&z);
        assert_eq!(got, miniz(&z), "header {header:04x}");
        // CM 8 (deflate), CINFO at most 7 (a window of at most 32 KiB), no FDICT, and FCHECK right.
        let valid = header >> 8 & 0x0f == 8 && header >> 12 <= 7 && header & 0x20 == 0 && header % 31 == 0;
        assert_eq!(got.is_some(), valid, "header {header:04x}");
    }
}

/// Random changes to valid streams: ours and miniz_oxide agree on every one, as zlib and as raw deflate.
#[test]
fn mutations_are_judged_as_by_miniz() {
    let mut rng = Rng(0xdef1a7e);
    let mut seeds: Vec<Vec<u8>> = REFERENCE.iter().map(|(_, z)| unhex(z)).collect();
    for level in [1, 6, 9, 10] {
        seeds.push(compress_to_vec_zlib(DOC, level));
        seeds.push(compress_to_vec_zlib(&text(40), level));
    }
    let (mut zlib_ok, mut raw_ok) = (0, 0);
    for _ in 0..20_000 {
        let mut z = seeds[rng.below(seeds.len())].clone();
        for _ in 0..=rng.below(3) {
            let at = rng.below(z.len());
            match rng.below(4) {
                0 => z[at] ^= 1 << rng.below(8),
                1 => z[at] = rng.next() as u8,
                2 => z.insert(at, rng.next() as u8),
                _ => {
                    z.remove(at);
                }
            }
        }
        zlib_ok += usize::from(same_as_miniz(&z, LIMIT).is_some());
        raw_ok += usize::from(inflate::deflate(&z[2..], LIMIT).is_some());
    }
    // The Adler-32 refuses nearly every change; raw deflate keeps many, so the comparison reaches deep.
    println!("{raw_ok} raw, {zlib_ok} zlib accepted");
    assert!(raw_ok > 2_000, "{raw_ok} raw, {zlib_ok} zlib");
}

#[test]
fn output_is_bounded_by_the_limit() {
    let data = text(2_000);
    for level in 0..=10 {
        let exact = compress_to_vec_zlib(&data[..LIMIT], level);
        assert_eq!(same_as_miniz(&exact, LIMIT).map(|out| out.len()), Some(LIMIT), "level {level}");
        let over = compress_to_vec_zlib(&data[..LIMIT + 1], level);
        assert_eq!(same_as_miniz(&over, LIMIT), None, "level {level}");
    }
    // Every limit around a short output: stored bytes, literals and matches each reach it.
    for level in [0, 1, 9] {
        let z = compress_to_vec_zlib(&DOC.repeat(2), level);
        for limit in 0..=DOC.len() * 2 + 1 {
            assert_eq!(same_as_miniz(&z, limit).is_some(), limit >= DOC.len() * 2, "level {level}, limit {limit}");
        }
    }
}

#[test]
fn a_deflate_bomb_stops_at_the_limit() {
    let bomb = compress_to_vec_zlib(&vec![0u8; 8 << 20], 10);
    assert!(bomb.len() < 10_000);
    assert_eq!(same_as_miniz(&bomb, LIMIT), None);
    assert_eq!(inflate::zlib(&bomb, 8 << 20).map(|out| out.len()), Some(8 << 20));
}

/// Writes bits least significant first, and Huffman codes most significant bit first, as deflate does.
#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
    bits: u64,
    count: u32,
}

impl Writer {
    fn put(&mut self, value: u32, n: u32) -> &mut Self {
        self.bits |= u64::from(value) << self.count;
        self.count += n;
        while self.count >= 8 {
            self.bytes.push(self.bits as u8);
            self.bits >>= 8;
            self.count -= 8;
        }
        self
    }
    /// `symbol` in the canonical code with these lengths.
    fn code(&mut self, lengths: &[u8], symbol: usize) -> &mut Self {
        let len = lengths[symbol];
        let mut code = 0u32;
        for l in 1..len {
            code = (code + lengths.iter().filter(|&&x| x == l).count() as u32) << 1;
        }
        code += lengths[..symbol].iter().filter(|&&x| x == len).count() as u32;
        for i in (0..len).rev() {
            self.put(code >> i & 1, 1);
        }
        self
    }
    /// The zlib stream: a header, these bits to the end of their byte, and the Adler-32 of `plain`.
    fn zlib(&mut self, plain: &[u8]) -> Vec<u8> {
        self.put(0, (8 - self.count) % 8);
        let (a, b) =
            plain.iter().fold((1u32, 0u32), |(a, b), &x| ((a + u32::from(x)) % 65521, (b + a + u32::from(x)) % 65521));
        let mut z = vec![0x78, 0x01];
        z.extend_from_slice(&self.bytes);
        z.extend_from_slice(&(b << 16 | a).to_be_bytes());
        z
    }
}

const ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/// A complete code-length code: symbols 0 to 12 of 4 bits, 13 to 18 of 5.
const CLEN: [u8; 19] = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5];

/// A last dynamic block's header: `hlit` and `hdist` as sent (257 and 1 less than the counts), the code-length
/// code `clen`, then `items` of (code-length symbol, extra bits, their count).
fn dynamic(hlit: u32, hdist: u32, clen: &[u8; 19], items: &[(usize, u32, u32)]) -> Writer {
    let mut w = Writer::default();
    w.put(1, 1).put(2, 2).put(hlit, 5).put(hdist, 5).put(15, 4);
    for symbol in ORDER {
        w.put(u32::from(clen[symbol]), 3);
    }
    for &(symbol, extra, n) in items {
        w.code(clen, symbol).put(extra, n);
    }
    w
}

/// Items that send each length as itself.
fn as_is(lengths: &[u8]) -> Vec<(usize, u32, u32)> {
    lengths.iter().map(|&l| (usize::from(l), 0, 0)).collect()
}

/// `count` lengths, all 0 but these.
fn lengths(count: usize, set: &[(usize, u8)]) -> Vec<u8> {
    let mut out = vec![0; count];
    for &(symbol, len) in set {
        out[symbol] = len;
    }
    out
}

/// A dynamic block with these literal/length and distance lengths (sent as is), then `symbols` in them:
/// (literal/length symbol, distance symbol or none), then the end of block.
fn block(lit: &[u8], dist: &[u8], clen: &[u8; 19], symbols: &[(usize, Option<usize>)]) -> Writer {
    let mut items = as_is(lit);
    items.extend(as_is(dist));
    let mut w = dynamic(lit.len() as u32 - 257, dist.len() as u32 - 1, clen, &items);
    for &(symbol, d) in symbols {
        w.code(lit, symbol);
        if let Some(d) = d {
            w.code(dist, d);
        }
    }
    w.code(lit, 256);
    w
}

#[test]
fn hand_made_blocks_are_judged_as_by_miniz() {
    let check = |w: &mut Writer, plain: &[u8], ok: bool, what: &str| {
        let z = w.zlib(plain);
        assert_eq!(same_as_miniz(&z, LIMIT), ok.then(|| plain.to_vec()), "{what}: {}", hex(&z));
    };
    // 'a', 'b', end of block and length 3 (257), 2 bits each; distances 1 and 2 of 1 bit.
    let lit = lengths(258, &[(97, 2), (98, 2), (256, 2), (257, 2)]);
    let (a, b, len3) = ((97, None), (98, None), 257);
    check(&mut block(&lit, &[1, 1], &CLEN, &[a, b, (len3, Some(1))]), b"ababa", true, "distance 2");
    check(&mut block(&lit, &[1, 1], &CLEN, &[a, b, (len3, Some(0))]), b"abbbb", true, "distance 1");
    check(&mut block(&lit, &[0, 1, 1], &CLEN, &[a, b, (len3, Some(2))]), b"ab", false, "distance 3 after 2 bytes");
    check(&mut block(&lit, &[1, 1], &CLEN, &[(len3, Some(0))]), b"", false, "a match first");

    // Which codes may be incomplete: a literal/length or distance code of one symbol or none, nothing else.
    check(&mut block(&lit, &[1], &CLEN, &[a, (len3, Some(0))]), b"aaaa", true, "one distance code");
    check(&mut block(&lit, &[0], &CLEN, &[a, b]), b"ab", true, "no distance code");
    check(&mut block(&lengths(257, &[(256, 1)]), &[0], &CLEN, &[]), b"", true, "end of block alone");
    check(&mut block(&lengths(257, &[(256, 5)]), &[0], &CLEN, &[]), b"", true, "end of block alone, 5 bits");
    check(&mut block(&lit, &[2, 2], &CLEN, &[a, (len3, Some(0))]), b"aaaa", false, "incomplete distance code");
    check(&mut block(&lengths(258, &[(97, 2), (256, 2)]), &[1], &CLEN, &[a]), b"a", false, "incomplete literals");
    check(&mut block(&lengths(258, &[(97, 1), (98, 1), (256, 1)]), &[1], &CLEN, &[a]), b"a", false, "over-subscribed");
    let mut short = CLEN;
    short[18] = 0;
    check(&mut block(&lit, &[1, 1], &short, &[a]), b"a", false, "incomplete code-length code");
    // No length for the end of block: the block cannot end.
    let mut w = block(&lengths(257, &[(97, 1), (98, 1)]), &[0], &CLEN, &[]);
    check(&mut w, b"", false, "no end of block");

    // Run-length items (16: repeat the last 3-6 times, 17: 3-10 zeros, 18: 11-138 zeros), across the two tables.
    let abcd =
        [(18, 97 - 11, 7), (3, 0, 0), (16, 0, 2), (18, 127, 7), (18, 17 - 11, 7), (2, 0, 0), (2, 0, 0), (1, 0, 0)];
    let lit = lengths(258, &[(97, 3), (98, 3), (99, 3), (100, 3), (256, 2), (257, 2)]);
    let mut w = dynamic(1, 0, &CLEN, &abcd);
    w.code(&lit, 97).code(&lit, 98).code(&lit, 99).code(&lit, 100).code(&lit, 257).code(&[1], 0).code(&lit, 256);
    check(&mut w, b"abcdddd", true, "runs");
    let across = [(18, 97 - 11, 7), (1, 0, 0), (18, 127, 7), (18, 20 - 11, 7), (1, 0, 0), (17, 0, 3), (1, 0, 0)];
    let lit = lengths(259, &[(97, 1), (256, 1)]);
    let mut w = dynamic(2, 1, &CLEN, &across);
    w.code(&lit, 97).code(&lit, 256);
    check(&mut w, b"a", true, "zeros across the tables");
    let mut past = across;
    past[6] = (17, 0, 3);
    let mut w = dynamic(2, 1, &CLEN, &past);
    w.code(&lit, 97).code(&lit, 256);
    check(&mut w, b"a", false, "a run past the last length");
    check(&mut dynamic(0, 0, &CLEN, &[(16, 0, 2)]), b"", false, "a repeat first");
    // At most 286 literal/length and 30 distance codes.
    for (hlit, hdist, ok) in [(29, 29, true), (30, 0, false), (29, 30, false)] {
        let lit = lengths(257 + hlit as usize, &[(97, 1), (256, 1)]);
        check(&mut block(&lit, &vec![0; hdist as usize + 1], &CLEN, &[a]), b"a", ok, "table sizes");
    }

    // Stored blocks: the length's complement must match.
    let mut w = Writer::default();
    w.put(1, 3).put(0, 5).put(3, 16).put(0xfffc, 16).put(u32::from_le_bytes(*b"abc\0"), 24);
    check(&mut w, b"abc", true, "stored");
    let mut w = Writer::default();
    w.put(1, 3).put(0, 5).put(3, 16).put(0xfffd, 16).put(u32::from_le_bytes(*b"abc\0"), 24);
    check(&mut w, b"abc", false, "stored, bad complement");
    check(Writer::default().put(0b111, 3), b"", false, "block type 3");

    // Fixed blocks: literal/length symbols 286 and 287 and distance symbols 30 and 31 have codes but no meaning.
    let fixed: Vec<u8> = (0..288)
        .map(|s| {
            if s < 144 {
                8
            } else if s < 256 {
                9
            } else if s < 280 {
                7
            } else {
                8
            }
        })
        .collect();
    for symbol in [286, 287] {
        let mut w = Writer::default();
        w.put(1, 1).put(1, 2).code(&fixed, 97).code(&fixed, symbol).put(0, 5).code(&fixed, 256);
        check(&mut w, b"a", false, "fixed literal/length 286 or 287");
    }
    for (symbol, ok) in [(0, true), (29, false), (30, false), (31, false)] {
        let mut w = Writer::default();
        w.put(1, 1).put(1, 2).code(&fixed, 97).code(&fixed, 257).code(&[5; 32], symbol);
        w.put(0, if symbol == 29 { 13 } else { 0 }).code(&fixed, 256);
        check(&mut w, b"aaaa", ok, "fixed distance");
    }
}
