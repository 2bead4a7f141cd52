//! `base_url`: [`validate_base_url`] and the four client builders on caller text.
//!
//! Invariants: an accepted URL is http(s) with a host, no credentials, query or fragment, and
//! validating its own text accepts it unchanged; a builder never accepts a URL the validator
//! refuses (the first byte picks the builder).

use client_core::transport::validate_base_url;

/// Runs the target on one input: a selector byte, then the URL text.
pub fn run(data: &[u8]) {
    let Some((selector, rest)) = crate::support::split_selector(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let checked = validate_base_url(text);
    if let Ok(url) = &checked {
        assert!(matches!(url.scheme(), "http" | "https"), "scheme of {url}");
        assert!(
            url.host_str().is_some_and(|h| !h.is_empty()),
            "host of {url}"
        );
        assert!(
            url.username().is_empty() && url.password().is_none(),
            "{url}"
        );
        assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
        let again = validate_base_url(url.as_str());
        assert_eq!(again.as_ref().ok(), Some(url), "re-validating `{url}`");
    } else if let Err(e) = &checked {
        assert!(e.is_config(), "a refused base URL is a config error: {e}");
    }
    let built = match selector % 4 {
        0 => linkflow_client::Client::builder()
            .credentials("key", crate::support::CANARY_SECRET)
            .base_url(text)
            .build()
            .map(drop),
        1 => clue_client::Client::builder()
            .credentials("app", crate::support::CANARY_SECRET)
            .base_url(text)
            .build()
            .map(drop),
        2 => okayapi_client::Client::builder()
            .credentials("key", crate::support::CANARY_SECRET)
            .app("App")
            .base_url(text)
            .build()
            .map(drop),
        _ => wukong_client::Client::builder()
            .appid("app")
            .appsecret(crate::support::CANARY_SECRET)
            .base_url(text)
            .build()
            .map(drop),
    };
    // Wukong's builder documents that a text without `://` is a bare host and gets `https://`.
    let refused = if selector % 4 == 3 && !text.trim().contains("://") {
        validate_base_url(&format!("https://{}", text.trim())).is_err()
    } else {
        checked.is_err()
    };
    if refused {
        assert!(built.is_err(), "builder {} accepted `{text}`", selector % 4);
    }
    if let Err(e) = &built {
        crate::support::assert_no_canary(e, b"");
    }
}

/// Seeds: good and bad base URLs.
pub fn seeds() -> Vec<Vec<u8>> {
    let urls = [
        "https://cdp-api.linkflowtech.com",
        "http://open.wukongdata.com/",
        "https://api.okayapi.com/api/",
        "http://127.0.0.1:8080/base",
        "https://user:pw@example.com",
        "https://example.com/?q=1",
        "https://example.com/#f",
        "ftp://example.com",
        "https://",
        "  https://example.com  ",
        "https://[::1]:443",
        "https://xn--fiqs8s.example/中文",
    ];
    let mut out = Vec::new();
    for (i, url) in urls.iter().enumerate() {
        out.push(crate::support::prefixed(&[(i % 4) as u8], url.as_bytes()));
    }
    out
}
