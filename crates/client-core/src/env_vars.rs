//! Reading a client's configuration from environment variables, the same way in every vendor
//! crate: blank values count as unset, and every missing or invalid variable is reported in one
//! error rather than the first alone.
//!
//! ```
//! use client_core::env_vars::EnvVars;
//!
//! let mut vars = EnvVars::from_lookup(|name| (name == "X_BASE_URL").then(|| "https://x".into()));
//! let base = vars.optional("X_BASE_URL");
//! let key = vars.required("X_APP_KEY");
//! let secret = vars.required("X_APP_SECRET");
//! let err = vars.finish().unwrap_err();
//! assert!(err.is_config());
//! assert!(err.to_string().contains("`X_APP_KEY` (not set)"));
//! assert!(err.to_string().contains("`X_APP_SECRET` (not set)"));
//! assert_eq!((base.as_deref(), key, secret), (Some("https://x"), None, None));
//! ```

use std::fmt::Write as _;

use crate::error::{Error, Result};

/// What was wrong with one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    NotSet,
    NotUnicode,
    Invalid(String),
}

/// What a lookup found.
enum Found {
    Value(String),
    Unset,
    NotUnicode,
}

/// Reads variables through a lookup and remembers every problem until [`EnvVars::finish`].
pub struct EnvVars<'a> {
    lookup: Box<dyn FnMut(&str) -> Found + 'a>,
    problems: Vec<(String, Problem)>,
}

impl std::fmt::Debug for EnvVars<'_> {
    /// Names the variables with problems; never shows a value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvVars")
            .field(
                "problems",
                &self
                    .problems
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl<'a> EnvVars<'a> {
    /// The process environment (a value that is not Unicode is reported as invalid).
    pub fn from_process() -> EnvVars<'static> {
        EnvVars {
            lookup: Box::new(|name: &str| match std::env::var(name) {
                Ok(v) => Found::Value(v),
                Err(std::env::VarError::NotPresent) => Found::Unset,
                Err(std::env::VarError::NotUnicode(_)) => Found::NotUnicode,
            }),
            problems: Vec::new(),
        }
    }

    /// Variables from `lookup` (a map in tests, a secrets manager).
    pub fn from_lookup(mut lookup: impl FnMut(&str) -> Option<String> + 'a) -> Self {
        Self {
            lookup: Box::new(move |name: &str| match lookup(name) {
                Some(v) => Found::Value(v),
                None => Found::Unset,
            }),
            problems: Vec::new(),
        }
    }

    fn get(&mut self, name: &str) -> Option<String> {
        match (self.lookup)(name) {
            Found::Value(value) => {
                let value = value.trim();
                (!value.is_empty()).then(|| value.to_owned())
            }
            Found::Unset => None,
            Found::NotUnicode => {
                self.problems.push((name.to_owned(), Problem::NotUnicode));
                None
            }
        }
    }

    /// A variable that may be unset; its trimmed value when set and not blank.
    pub fn optional(&mut self, name: &str) -> Option<String> {
        self.get(name)
    }

    /// A variable that must be set; `None` (and a problem reported by [`EnvVars::finish`])
    /// when it is unset or blank.
    pub fn required(&mut self, name: &str) -> Option<String> {
        let value = self.get(name);
        if value.is_none() && !self.problems.iter().any(|(n, _)| n == name) {
            self.problems.push((name.to_owned(), Problem::NotSet));
        }
        value
    }

    /// Reports `name` as invalid, saying why (`must be a URL`); the value is never quoted.
    pub fn invalid(&mut self, name: &str, why: impl Into<String>) {
        self.problems
            .push((name.to_owned(), Problem::Invalid(why.into())));
    }

    /// `Ok` when every required variable was set and none was invalid; otherwise one
    /// [`Error::is_config`] error naming every problem.
    pub fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut text = String::from("the environment does not configure the client: ");
        for (i, (name, problem)) in self.problems.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            let why = match problem {
                Problem::NotSet => "not set".to_owned(),
                Problem::NotUnicode => "not valid Unicode".to_owned(),
                Problem::Invalid(why) => why.clone(),
            };
            let _ = write!(text, "`{name}` ({why})");
        }
        Err(Error::config(text))
    }
}

/// Writes a vendor client's three environment constructors, the same in every vendor crate:
/// `from_env() -> Result<Client>`, `builder_from_env() -> Result<ClientBuilder>` and
/// `builder_from_vars(lookup) -> Result<ClientBuilder>`. Invoke it inside `impl Client`, with
/// the builder type and a sentence naming the variables; the crate writes one private
/// `fn builder_from(vars: EnvVars<'_>) -> Result<ClientBuilder>` that reads them (every
/// problem noted in `vars`, reported by [`EnvVars::finish`]).
///
/// ```
/// use client_core::env_vars::EnvVars;
///
/// /// A vendor's client.
/// pub struct Client {
///     key: String,
/// }
///
/// /// Its builder.
/// pub struct ClientBuilder {
///     key: String,
/// }
///
/// impl ClientBuilder {
///     /// Builds the client.
///     pub fn build(self) -> client_core::Result<Client> {
///         Ok(Client { key: self.key })
///     }
/// }
///
/// impl Client {
///     client_core::env_constructors!(ClientBuilder, "`X_KEY` (required)");
///
///     fn builder_from(mut vars: EnvVars<'_>) -> client_core::Result<ClientBuilder> {
///         let key = vars.required("X_KEY");
///         vars.finish()?;
///         Ok(ClientBuilder { key: key.unwrap_or_default() })
///     }
/// }
///
/// let client = Client::builder_from_vars(|n| (n == "X_KEY").then(|| "k-1".into()))?.build()?;
/// assert_eq!(client.key, "k-1");
/// let err = Client::builder_from_vars(|_| None).err().unwrap();
/// assert!(err.is_config() && err.to_string().contains("`X_KEY` (not set)"));
/// # Ok::<(), client_core::Error>(())
/// ```
#[macro_export]
macro_rules! env_constructors {
    ($builder:ty, $variables:literal) => {
        #[doc = concat!("A client from the environment: ", $variables, ". Blank values count as unset; every missing or invalid variable is named in one configuration error.")]
        pub fn from_env() -> $crate::Result<Self> {
            Self::builder_from_env()?.build()
        }

        /// A builder filled from the environment (see `from_env`), to adjust further before
        /// building. Every missing or invalid variable is named in one error.
        pub fn builder_from_env() -> $crate::Result<$builder> {
            Self::builder_from($crate::env_vars::EnvVars::from_process())
        }

        /// A builder filled from `lookup` (a variable name → its value: a test, a secrets
        /// manager), with the same rules as `from_env`.
        pub fn builder_from_vars(
            lookup: impl FnMut(&str) -> ::core::option::Option<::std::string::String>,
        ) -> $crate::Result<$builder> {
            Self::builder_from($crate::env_vars::EnvVars::from_lookup(lookup))
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_named_once_and_values_never_shown() {
        let mut vars = EnvVars::from_lookup(|name| match name {
            "A" => Some("  ".into()),
            "B" => Some(" secret-value ".into()),
            _ => None,
        });
        assert_eq!(vars.required("A"), None);
        assert_eq!(vars.required("A"), None);
        assert_eq!(vars.required("B").as_deref(), Some("secret-value"));
        assert_eq!(vars.optional("C"), None);
        vars.invalid("B", "must be a URL");
        let err = vars.finish().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the environment does not configure the client: `A` (not set), `B` (must be a URL)"
        );
        assert!(!format!("{err:?}").contains("secret-value"));
        assert!(EnvVars::from_lookup(|_| None).finish().is_ok());
    }
}
