//! Our HMAC-SHA256 (src/usersig/hmac.rs) against the RustCrypto `hmac` and `sha2` crates, an
//! independent implementation, over keys and messages of every length around the block boundaries.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tencent_chat_admin::usersig::hmac::{constant_time_eq, Keyed};

/// A fixed-seed xorshift, so a failure names its inputs.
fn bytes(seed: &mut u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            (*seed >> 24) as u8
        })
        .collect()
}

fn reference(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[test]
fn agrees_with_the_hmac_and_sha2_crates() {
    let mut seed = 0x2026_1126_u64;
    let lengths: Vec<usize> = (0..=200).chain([255, 256, 300, 511, 512, 1000, 4096]).collect();
    for &key_len in &[0usize, 1, 31, 32, 63, 64, 65, 100, 128, 129, 200] {
        let key = bytes(&mut seed, key_len);
        let keyed = Keyed::new(&key);
        for &len in &lengths {
            let message = bytes(&mut seed, len);
            assert_eq!(keyed.mac(&message), reference(&key, &message), "key {key_len} B, message {len} B");
        }
    }
}

#[test]
fn constant_time_eq_is_equality() {
    let mut seed = 7;
    for len in 0..70 {
        let a = bytes(&mut seed, len);
        assert!(constant_time_eq(&a, &a.clone()));
        for i in 0..len {
            let mut b = a.clone();
            b[i] ^= 1 << (i % 8);
            assert!(!constant_time_eq(&a, &b), "differs at {i} of {len}");
        }
        assert!(!constant_time_eq(&a, &bytes(&mut seed, len + 1)));
    }
}
