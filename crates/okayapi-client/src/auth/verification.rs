//! [`Verification`]: whether the response signature `_auth` is checked.

/// Whether the response signature `_auth` is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verification {
    /// Never checked.
    Off,
    /// Checked when the response carries `_auth` (the default: it can be switched off per app
    /// by a support ticket, "若需要关闭或开启请提交工单").
    #[default]
    IfPresent,
    /// Required: a successful response without `_auth` and `_t` is an error.
    Required,
}
