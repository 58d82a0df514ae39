//! The last secret key's readied HMAC states, so that a run of UserSigs under one key (the usual case)
//! hashes three SHA-256 blocks each instead of five.
//!
//! Bounded to one entry: the key bytes (to compare, in constant time) and its two keyed states, in
//! fixed-size storage that the next key overwrites in place. Keys longer than a block are not kept.
//! Only the key is compared, never the message: every call signs its own content in full, so this
//! caches no result.

use super::hmac::{constant_time_eq, Keyed};
use std::cell::Cell;

const KEPT: usize = 64;

#[derive(Clone, Copy)]
struct Entry {
    key: [u8; KEPT],
    len: usize,
    keyed: Keyed,
}

thread_local! {
    static LAST: Cell<Option<Entry>> = const { Cell::new(None) };
}

/// The HMAC-SHA256 of `message` under `key`, the key's states taken from or put into the one entry.
pub fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    if key.len() > KEPT {
        return Keyed::new(key).mac(message);
    }
    LAST.with(|last| {
        if let Some(entry) = last.get() {
            if constant_time_eq(&entry.key[..entry.len], key) {
                return entry.keyed.mac(message);
            }
        }
        let mut entry = Entry { key: [0; KEPT], len: key.len(), keyed: Keyed::new(key) };
        entry.key[..key.len()].copy_from_slice(key);
        last.set(Some(entry));
        entry.keyed.mac(message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_tags_as_without_the_entry_whatever_the_order_of_keys() {
        let keys: [&[u8]; 6] = [b"k1", b"k2", b"", &[7; 64], &[7; 65], b"k1\0"];
        for round in 0..3 {
            for key in keys.iter().cycle().skip(round).take(12) {
                for message in [&b"abc"[..], &[1; 200]] {
                    assert_eq!(mac(key, message), Keyed::new(key).mac(message));
                }
            }
        }
    }
}
