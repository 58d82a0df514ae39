//! The UserSig container: zlib (RFC 1950, by miniz_oxide) around the JSON, then base64 (the base64 crate)
//! with `+/=` swapped for `*-_`.

use base64::alphabet::Alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use std::cell::RefCell;

/// The most a UserSig may inflate to. Real ones are under 1 KiB; this stops a deflate bomb.
pub const MAX_INFLATED: usize = 64 * 1024;

/// The UserSig alphabet: standard base64 with `+` → `*` and `/` → `-`.
const USERSIG_ALPHABET: Alphabet =
    match Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-") {
        Ok(alphabet) => alphabet,
        Err(_) => panic!("the UserSig alphabet is 64 distinct printable ASCII characters"),
    };

/// The UserSig engine. Its padding, `_`, is not one the crate can write (it pads with `=` only), so the engine
/// writes none and [`base64_usersig`] adds it; decoding refuses non-canonical trailing bits, as the standard
/// engine does.
const USERSIG: GeneralPurpose = GeneralPurpose::new(
    &USERSIG_ALPHABET,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// zlib-wraps `data` at deflate level 0 (stored blocks).
///
/// Level 0 on purpose: the service inflates whatever level it gets, the official Go library has sent level 0
/// since 2024, and the output is byte for byte the official Node library's document stored at level 0 (the
/// vectors in `tests/vectors/`). A UserSig is about 30 % longer than at level 6, which no query string minds.
///
/// One compressor is kept per thread and reset for each stream: making one allocates and zeroes about 300 KB of
/// tables, which took as long as the rest of signing. This cache is the core's only state; it holds no input
/// between calls (a reset clears it), and the output is the same bytes as a fresh compressor's.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let reused = COMPRESSOR.try_with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let compressor = slot.get_or_insert_with(|| Box::new(CompressorOxide::new(ZLIB_STORED)));
        compressor.reset();
        stored(compressor, data)
    });
    // Only a thread being torn down, or a stream the output did not fit (which a stored one always does), takes
    // the crate's one-shot path.
    reused.ok().flatten().unwrap_or_else(|| miniz_oxide::deflate::compress_to_vec_zlib(data, 0))
}

/// The flags of a zlib stream (window bits above 0) at level 0, the default strategy: the flags
/// `compress_to_vec_zlib(data, 0)` uses.
const ZLIB_STORED: u32 = create_comp_flags_from_zip_params(0, 1, 0);

thread_local! {
    /// The compressor [`zlib`] reuses.
    static COMPRESSOR: RefCell<Option<Box<CompressorOxide>>> = const { RefCell::new(None) };
}

/// `data` as one zlib stream of stored blocks, in one call of the compressor; `None` if it did not finish.
fn stored(compressor: &mut CompressorOxide, data: &[u8]) -> Option<Vec<u8>> {
    // 2 bytes of header, 5 for each block of up to 65,535 bytes (an empty input still has one), 4 of checksum.
    let mut out = vec![0; data.len() + 5 * (data.len() / 65_535 + 1) + 6];
    let (status, _, written) = compress(compressor, data, &mut out, TDEFLFlush::Finish);
    if status != TDEFLStatus::Done {
        return None;
    }
    out.truncate(written);
    Some(out)
}

/// Inflates a zlib stream of any deflate level; `None` when it is not valid zlib or inflates past
/// [`MAX_INFLATED`].
pub fn unzlib(data: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED).ok()
}

/// Standard padded base64.
pub fn base64(data: &[u8]) -> String {
    STANDARD.encode(data)
}

/// Decodes standard padded base64, refusing any other spelling of the same bytes (missing or extra padding,
/// non-zero trailing bits).
pub fn unbase64(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// Base64 with the UserSig substitutions: `+`→`*`, `/`→`-`, `=`→`_`.
pub fn base64_usersig(data: &[u8]) -> String {
    let mut text = USERSIG.encode(data);
    while text.len() % 4 != 0 {
        text.push('_');
    }
    text
}

/// The longest UserSig text read: twice the base64 of a stored zlib stream of `MAX_INFLATED` bytes.
pub const MAX_USERSIG_TEXT: usize = 2 * (MAX_INFLATED + 64) / 3 * 4;

/// Reverses [`base64_usersig`] (a trailing newline is ignored); `None` for anything else, non-canonical
/// spellings included.
pub fn unbase64_usersig(text: &str) -> Option<Vec<u8>> {
    // Longer than any UserSig that inflates within the limit: refused before any work, so a crafted
    // megabyte string costs nothing.
    if text.len() > MAX_USERSIG_TEXT {
        return None;
    }
    let text = text.trim_end_matches(['\n', '\r']);
    if text.len() % 4 != 0 {
        return None;
    }
    // At most two padding characters; one anywhere else is outside the alphabet and refused by the engine.
    let body = text.strip_suffix("__").or_else(|| text.strip_suffix('_')).unwrap_or(text);
    USERSIG.decode(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_zlib_round_trips() {
        for len in [0usize, 1, 100, 0xffff, MAX_INFLATED] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let z = zlib(&data);
            assert_eq!(&z[..2], &[0x78, 0x01]);
            assert_eq!(unzlib(&z).as_deref(), Some(&data[..]));
        }
    }

    #[test]
    fn the_reused_compressor_writes_what_a_fresh_one_does() {
        // Each length after another, then again in reverse, so that every stream follows a longer and a shorter one.
        let lengths = [0usize, 1, 300, 65_535, 65_536, 70_000, MAX_INFLATED];
        for len in lengths.iter().chain(lengths.iter().rev()) {
            let data: Vec<u8> = (0..*len).map(|i| (i * 13 % 256) as u8).collect();
            assert_eq!(zlib(&data), miniz_oxide::deflate::compress_to_vec_zlib(&data, 0), "{len}");
        }
    }

    #[test]
    fn inflating_past_the_limit_fails() {
        assert_eq!(unzlib(&zlib(&[b'a'; MAX_INFLATED + 1])), None);
        assert_eq!(unzlib(&miniz_oxide::deflate::compress_to_vec_zlib(&[0; 10 * MAX_INFLATED], 9)), None);
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
            let usersig = coded.replace('=', "_");
            assert_eq!(base64_usersig(plain.as_bytes()), usersig);
            assert_eq!(unbase64_usersig(&usersig).as_deref(), Some(plain.as_bytes()));
        }
        // Bad length, character or padding, and other spellings of the same bytes ("Zh==" is "f" with
        // non-zero trailing bits).
        for bad in ["Zg=", "Zg", "Z===", "Zm9v=", "Zm 9", "Zm9*", "=Zm9", "Zg=A", "Zh==", "Zm9=", "Zg==="] {
            assert_eq!(unbase64(bad), None, "{bad}");
        }
        for bad in ["Zg_", "Zg", "Z___", "Zm9v_", "Zm9+", "_Zm9", "Zg_A", "Zh__", "Zm9_", "Zg___", "Zg=="] {
            assert_eq!(unbase64_usersig(bad), None, "{bad}");
        }
    }

    #[test]
    fn substitutions_round_trip() {
        let data = [0xfbu8, 0xff, 0xbf, 0x01];
        let text = base64_usersig(&data);
        assert_eq!(text, "*-*-AQ__");
        assert_eq!(unbase64_usersig(&text).as_deref(), Some(&data[..]));
        assert_eq!(unbase64_usersig("*-*-AQ__\r\n").as_deref(), Some(&data[..]));
    }

    #[test]
    fn usersig_text_is_bounded() {
        // The largest stored stream within the limit still reads; text past the bound is refused unread.
        let biggest = base64_usersig(&zlib(&vec![7u8; MAX_INFLATED]));
        assert!(biggest.len() < MAX_USERSIG_TEXT);
        assert_eq!(unbase64_usersig(&biggest).and_then(|z| unzlib(&z)).map(|d| d.len()), Some(MAX_INFLATED));
        assert_eq!(unbase64_usersig(&"A".repeat(MAX_USERSIG_TEXT + 4)), None);
    }
}
