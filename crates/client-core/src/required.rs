//! Refusing blank credentials at `build`, the same way in every vendor crate: a credential given
//! in code that is empty or only whitespace is refused before any request goes out, just as
//! [`EnvVars`](crate::env_vars::EnvVars) refuses a blank variable, and every blank one is named
//! in one error.
//!
//! ```
//! use client_core::required::Required;
//! use secrecy::SecretString;
//!
//! let secret = SecretString::from("  ");
//! let err = Required::new("Linkflow")
//!     .text("app_key", "")
//!     .secret("app_secret", &secret)
//!     .finish()
//!     .unwrap_err();
//! assert!(err.is_config());
//! assert_eq!(
//!     err.to_string(),
//!     "Linkflow credentials are blank: `app_key`, `app_secret`"
//! );
//! ```

use secrecy::{ExposeSecret as _, SecretString};

use crate::error::{Error, Result};

/// Collects the names of blank credentials until [`Required::finish`]. Values are only tested
/// for blankness, never kept or shown.
#[derive(Debug)]
#[must_use = "call `finish` to get the error"]
pub struct Required {
    vendor: &'static str,
    blank: Vec<&'static str>,
}

impl Required {
    /// Checks for the vendor named `vendor` (shown in the error).
    pub fn new(vendor: &'static str) -> Self {
        Self {
            vendor,
            blank: Vec::new(),
        }
    }

    /// Notes `name` when `value` is empty or only whitespace.
    pub fn text(mut self, name: &'static str, value: &str) -> Self {
        if value.trim().is_empty() {
            self.blank.push(name);
        }
        self
    }

    /// Notes `name` when the secret is empty or only whitespace.
    pub fn secret(self, name: &'static str, value: &SecretString) -> Self {
        self.text(name, value.expose_secret())
    }

    /// `Ok` when nothing was blank; otherwise one [`Error::is_config`] error naming every blank
    /// credential.
    pub fn finish(self) -> Result<()> {
        if self.blank.is_empty() {
            return Ok(());
        }
        let names = self
            .blank
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let noun = if self.blank.len() == 1 {
            "credential is"
        } else {
            "credentials are"
        };
        Err(Error::config(format!(
            "{} {noun} blank: {names}",
            self.vendor
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_secret_is_named_and_its_value_never_shown() {
        let secret = SecretString::from(" \t");
        let err = Required::new("Tanma")
            .text("app_id", "tenant-7")
            .secret("app_key", &secret)
            .finish()
            .unwrap_err();
        assert_eq!(err.to_string(), "Tanma credential is blank: `app_key`");
        assert!(!err.to_string().contains("tenant-7"));
    }

    #[test]
    fn present_values_pass() {
        let secret = SecretString::from("s3cret");
        assert!(
            Required::new("X")
                .text("a", " a ")
                .secret("b", &secret)
                .finish()
                .is_ok()
        );
    }
}
