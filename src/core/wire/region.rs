//! Where requests go: the documented regional domains, or a caller's own endpoint (an emulator, a
//! same-origin proxy path). Plain `http://` is refused except on loopback, unless the caller opts in.

use crate::core::error::{Error, Result};

/// A data centre of the Chat service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Region {
    China,
    Singapore,
    Seoul,
    Tokyo,
    Frankfurt,
    SiliconValley,
    Jakarta,
    Mumbai,
    Riyadh,
}

/// Every region with its JS name, domain and documented backup domain.
const REGIONS: [(Region, &str, &str, Option<&str>); 9] = [
    (Region::China, "china", "console.tim.qq.com", Some("adminapi.my-imcloud.com")),
    (Region::Singapore, "singapore", "adminapisgp.im.qcloud.com", Some("adminapisgp.my-imcloud.com")),
    (Region::Seoul, "seoul", "adminapikr.im.qcloud.com", Some("adminapikr.my-imcloud.com")),
    (Region::Tokyo, "tokyo", "adminapijpn.im.qcloud.com", Some("adminapijpn.my-imcloud.com")),
    (Region::Frankfurt, "frankfurt", "adminapiger.im.qcloud.com", Some("adminapiger.my-imcloud.com")),
    (Region::SiliconValley, "silicon-valley", "adminapiusa.im.qcloud.com", Some("adminapiusa.my-imcloud.com")),
    (Region::Jakarta, "jakarta", "adminapiidn.im.qcloud.com", Some("adminapiidn.my-imcloud.com")),
    // Listed on older pages (Mumbai) and the newest ones (Riyadh); no backup domain is documented.
    (Region::Mumbai, "mumbai", "adminapiind.im.qcloud.com", None),
    (Region::Riyadh, "riyadh", "adminapiksa.im.qcloud.com", None),
];

/// The names accepted for `region`, for error messages.
const REGION_NAMES: &str = "china, singapore, seoul, tokyo, frankfurt, silicon-valley, jakarta, mumbai or riyadh";

impl Region {
    /// Parses the JS name (`'silicon-valley'`).
    pub fn parse(name: &str) -> Result<Region> {
        REGIONS
            .iter()
            .find(|r| r.1 == name)
            .map(|r| r.0)
            .ok_or_else(|| Error::invalid("region", ["must be one of ", REGION_NAMES].concat()))
    }

    fn entry(self) -> &'static (Region, &'static str, &'static str, Option<&'static str>) {
        // Every variant has an entry; the fallback is never taken.
        REGIONS.iter().find(|r| r.0 == self).unwrap_or(&REGIONS[0])
    }

    pub fn name(self) -> &'static str {
        self.entry().1
    }

    pub fn domain(self) -> &'static str {
        self.entry().2
    }

    pub fn backup_domain(self) -> Option<&'static str> {
        self.entry().3
    }
}

/// The base URL requests are sent to, without a trailing slash: `https://host`, `http://127.0.0.1:8080`
/// or a path such as `/chat-api` that a page resolves against its own origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    pub fn region(region: Region, use_backup_domain: bool) -> Result<Endpoint> {
        let domain = if use_backup_domain {
            region.backup_domain().ok_or_else(|| {
                Error::invalid(
                    "useBackupDomain",
                    ["is not available: no backup domain is documented for ", region.name()].concat(),
                )
            })?
        } else {
            region.domain()
        };
        Ok(Endpoint(["https://", domain].concat()))
    }

    /// Checks a caller's endpoint. `allow_insecure_http` lets `http://` reach a non-loopback host. A last path
    /// segment `v4` is taken off: the client adds `/v4/` itself, and `https://host/v4` would become
    /// `https://host/v4/v4/…`.
    pub fn custom(url: &str, allow_insecure_http: bool) -> Result<Endpoint> {
        const FIELD: &str = "endpoint";
        // A backslash counts as a slash in browsers: `/\evil.com` is another host, not a path.
        if url.contains(['?', '#', '\\']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid(FIELD, "must be a base URL without spaces, backslashes, query or fragment"));
        }
        if url.starts_with('/') && !url.starts_with("//") {
            return Ok(Endpoint(base_of(url).to_owned()));
        }
        let (secure, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(Error::invalid(
                FIELD,
                "must start with https://, http:// (loopback only) or / (a same-origin path)",
            ));
        };
        let (authority, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
        let host = host_of(authority);
        if host.is_empty() || authority.contains('@') {
            return Err(Error::invalid(FIELD, "must name a host (and no user info)"));
        }
        if !secure && !allow_insecure_http && !is_loopback(host) {
            return Err(Error::invalid(
                FIELD,
                "uses plain http:// to a host that is not loopback: use https://, or set allowInsecureHttp",
            ));
        }
        Ok(Endpoint([url.strip_suffix(path).unwrap_or(url), base_of(path)].concat()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a path (`/chat-api`), which only a page can resolve, against its own origin.
    pub fn is_path(&self) -> bool {
        self.0.starts_with('/')
    }

    /// Checks a path endpoint against the page it resolves in (`location.protocol` and `location.hostname`):
    /// a page served over plain `http://` from a host that is not loopback would send the UserSig in clear
    /// text, so it is refused as any other cleartext endpoint is, unless `allow_insecure_http`.
    pub fn check_page(&self, protocol: &str, hostname: &str, allow_insecure_http: bool) -> Result<()> {
        let host = hostname.trim_start_matches('[').trim_end_matches(']');
        if !self.is_path() || protocol != "http:" || allow_insecure_http || is_loopback(host) {
            return Ok(());
        }
        Err(Error::invalid(
            "endpoint",
            "is a path on a page served over plain http:// from a host that is not loopback: serve the page over https://, or set allowInsecureHttp",
        ))
    }
}

/// A path without its trailing slashes and a last segment `v4`.
fn base_of(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    path.strip_suffix("/v4").map_or(path, |rest| rest.trim_end_matches('/'))
}

/// The host part of `host:port`, `[v6]:port` or `host`, lower-cased comparisons left to the caller.
fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

/// `localhost`, `127.0.0.0/8` or `::1`. (Not `*.localhost`: a resolver outside a browser may send
/// such a name to real DNS.)
pub fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    if host == "localhost" || host == "::1" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.first() == Some(&"127")
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_domains() {
        let url = |name: &str, backup: bool| Region::parse(name).and_then(|r| Endpoint::region(r, backup)).map(|e| e.0);
        assert_eq!(url("china", false), Ok("https://console.tim.qq.com".into()));
        assert_eq!(url("silicon-valley", true), Ok("https://adminapiusa.my-imcloud.com".into()));
        assert_eq!(url("riyadh", false), Ok("https://adminapiksa.im.qcloud.com".into()));
        assert_eq!(Endpoint::region(Region::Mumbai, true).unwrap_err().field.as_deref(), Some("useBackupDomain"));
        let err = Region::parse("Frankfurt").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("region"));
        assert!(err.message.contains("silicon-valley"));
    }

    #[test]
    fn custom_endpoints() {
        let ok = |u: &str| Endpoint::custom(u, false).map(|e| e.0);
        for (given, kept) in [
            ("https://proxy.example.com/chat/", "https://proxy.example.com/chat"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:3000/", "http://localhost:3000"),
            ("http://[::1]:9000", "http://[::1]:9000"),
            ("/chat-api", "/chat-api"),
            // A last segment v4 is taken off: the client adds /v4/ itself.
            ("https://proxy.example.com/v4", "https://proxy.example.com"),
            ("https://proxy.example.com/chat/v4/", "https://proxy.example.com/chat"),
            ("http://127.0.0.1:9000//v4//", "http://127.0.0.1:9000"),
            ("/chat-api/v4", "/chat-api"),
            // Not a path segment v4: a host of that name, another segment.
            ("https://v4", "https://v4"),
            ("https://v4/x", "https://v4/x"),
            ("https://proxy.example.com/api-v4", "https://proxy.example.com/api-v4"),
            ("https://proxy.example.com/v44", "https://proxy.example.com/v44"),
            ("https://proxy.example.com/v4/chat", "https://proxy.example.com/v4/chat"),
        ] {
            assert_eq!(ok(given), Ok(kept.into()));
        }
        for bad in [
            "http://10.0.0.1",
            "http://example.com",
            "http://127.0.0.1.evil.com",
            "http://a.localhost",
            "ftp://x",
            "//x.com",
            "/\\evil.com",
            "/a\\b",
            "https://",
            "https://a b",
            "https://x?y=1",
            "https://u:p@x.com",
            "x.com",
        ] {
            assert_eq!(ok(bad).unwrap_err().field.as_deref(), Some("endpoint"), "{bad}");
        }
        assert!(Endpoint::custom("http://10.0.0.1", true).is_ok());
    }

    #[test]
    fn a_path_is_cleartext_when_its_page_is() {
        let (Ok(path), Ok(url)) = (Endpoint::custom("/chat-api", false), Endpoint::custom("https://x.example", false))
        else {
            panic!("both endpoints are valid")
        };
        assert!(path.is_path() && !url.is_path());
        for (protocol, host) in
            [("https:", "admin.example"), ("http:", "localhost"), ("http:", "127.0.0.2"), ("http:", "[::1]")]
        {
            assert!(path.check_page(protocol, host, false).is_ok(), "{protocol}{host}");
        }
        let err = path.check_page("http:", "admin.example", false).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("endpoint"));
        assert!(err.message.contains("allowInsecureHttp"));
        assert!(path.check_page("http:", "admin.example", true).is_ok());
        assert!(url.check_page("http:", "admin.example", false).is_ok(), "a full URL was checked on its own");
    }
}
