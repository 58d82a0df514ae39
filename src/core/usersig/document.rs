//! Reading the JSON document inside a UserSig: its keys in any order and with any spacing, `TLS.ver` and unknown
//! keys skipped, a repeated or missing key refused (`TLS.userbuf` may be missing or null). One visitor over
//! serde_json's map reader: the derived `Deserialize` also read the document written as an array, and cost 860 B
//! more of gzip (370 B on the full page).

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// What the document says, as read.
pub struct Read {
    pub identifier: String,
    pub sdk_app_id: u64,
    pub time: u64,
    pub expire: u64,
    pub userbuf: Option<String>,
    pub sig: String,
}

/// Reads `json`; `None` when it is not such a document.
pub fn read(json: &str) -> Option<Read> {
    let mut de = serde_json::Deserializer::from_str(json);
    let read = (&mut de).deserialize_map(DocumentVisitor).ok()?;
    de.end().ok()?;
    Some(read)
}

struct DocumentVisitor;

/// Sets `slot` once: a repeated key is an error.
fn once<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::custom("repeated key"));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a UserSig document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let (mut identifier, mut sdk_app_id, mut time, mut expire, mut userbuf, mut sig) =
            (None, None, None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "TLS.identifier" => once(&mut map, &mut identifier)?,
                "TLS.sdkappid" => once(&mut map, &mut sdk_app_id)?,
                "TLS.time" => once(&mut map, &mut time)?,
                "TLS.expire" => once(&mut map, &mut expire)?,
                "TLS.userbuf" => once(&mut map, &mut userbuf)?,
                "TLS.sig" => once(&mut map, &mut sig)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let missing = || de::Error::custom("missing key");
        Ok(Read {
            identifier: identifier.ok_or_else(missing)?,
            sdk_app_id: sdk_app_id.ok_or_else(missing)?,
            time: time.ok_or_else(missing)?,
            expire: expire.ok_or_else(missing)?,
            userbuf: userbuf.flatten(),
            sig: sig.ok_or_else(missing)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"TLS.ver":"2.0","TLS.identifier":"a","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"s"}"#;

    #[test]
    fn reads_the_keys_in_any_order_and_skips_unknown_ones() {
        let Some(doc) = read(DOC) else { panic!("the official key order is read") };
        assert_eq!(
            (doc.identifier.as_str(), doc.sdk_app_id, doc.time, doc.expire),
            ("a", 1400000000, 1700000000, 86400)
        );
        assert_eq!((doc.userbuf, doc.sig.as_str()), (None, "s"));
        let moved = r#" { "TLS.sig" : "s", "x": [1, {"y": null}], "TLS.expire": 18446744073709551615,
            "TLS.userbuf": "dQ==", "TLS.time": 0, "TLS.sdkappid": 1, "TLS.identifier": "é" } "#;
        let Some(doc) = read(moved) else { panic!("any order, spacing and unknown keys are read") };
        assert_eq!((doc.identifier.as_str(), doc.expire, doc.userbuf.as_deref()), ("é", u64::MAX, Some("dQ==")));
        let null = DOC.replace(r#""TLS.sig":"s""#, r#""TLS.sig":"s","TLS.userbuf":null"#);
        assert_eq!(read(&null).map(|doc| doc.userbuf), Some(None), "a null userbuf is none");
    }

    #[test]
    fn refuses_a_repeated_a_missing_or_a_mistyped_key() {
        for bad in [
            DOC.replace(r#""TLS.sig":"s""#, r#""TLS.sig":"s","TLS.sig":"s""#),
            DOC.replace(r#","TLS.sig":"s""#, ""),
            DOC.replace("86400", "-1"),
            DOC.replace("86400", "1.5"),
            DOC.replace("86400", "\"86400\""),
            DOC.replace(r#""a""#, "1"),
            DOC.replace(r#""TLS.sig":"s""#, r#""TLS.sig":"s","TLS.userbuf":null,"TLS.userbuf":null"#),
            format!("{DOC} x"),
            format!("[{DOC}]"),
            r#"["a",1,2,3,"s"]"#.to_owned(),
        ] {
            assert!(read(&bad).is_none(), "read: {bad}");
        }
    }
}
