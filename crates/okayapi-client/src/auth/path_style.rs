//! [`PathStyle`] and [`NewStyleService`]: which path requests use, and whether the service name
//! takes part in the signature.

/// Which of the document's two paths ("接口路径(新)" / "接口路径(旧)") requests use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathStyle {
    /// `POST /api/SVIP/<app>/<Method>` (the default).
    #[default]
    New,
    /// `POST /?s=SVIP.<app>.<Method>`; `s` is signed like every other parameter.
    Old,
}

/// With the [new path style](PathStyle::New): whether `s=SVIP.<app>.<Method>` takes part in the
/// request signature. Public sources do not say which the server expects (the SDKs all use the
/// old style), so this is configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NewStyleService {
    /// Neither sent nor signed: the signature covers exactly the fields sent (the default).
    #[default]
    Omit,
    /// Sent as a form field **and** signed, so the signature still covers exactly what is sent
    /// (right whether the server signs what it receives or adds `s` from the path).
    SendAndSign,
    /// Signed but not sent (for a server that adds `s` from the path before checking).
    SignOnly,
}
