//! Our HMAC-SHA256 (src/usersig/hmac.rs) against the RustCrypto `hmac` and `sha2` crates, an
//! independent implementation, over keys and messages of every length around the block boundaries.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tencent_chat_admin::usersig::hmac::{constant_time_eq, Keyed};

include!("common/rng.rs");

fn reference(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[test]
fn agrees_with_the_hmac_and_sha2_crates() {
    let mut rng = Rng(0x2026_1126);
    let lengths: Vec<usize> = (0..=200).chain([255, 256, 300, 511, 512, 1000, 4096]).collect();
    for &key_len in &[0usize, 1, 31, 32, 63, 64, 65, 100, 128, 129, 200] {
        let key = rng.bytes(key_len);
        let keyed = Keyed::new(&key);
        for &len in &lengths {
            let message = rng.bytes(len);
            assert_eq!(keyed.mac(&message), reference(&key, &message), "key {key_len} B, message {len} B");
        }
    }
}

#[test]
fn constant_time_eq_is_equality() {
    let mut rng = Rng(7);
    for len in 0..70 {
        let a = rng.bytes(len);
        assert!(constant_time_eq(&a, &a.clone()));
        for i in 0..len {
            let mut b = a.clone();
            b[i] ^= 1 << (i % 8);
            assert!(!constant_time_eq(&a, &b), "differs at {i} of {len}");
        }
        assert!(!constant_time_eq(&a, &rng.bytes(len + 1)));
    }
}
