//! [`Config`]: what a client needs, from code or from the environment.

use std::fmt;
use std::path::PathBuf;

use client_core::env_vars::EnvVars;
use secrecy::SecretString;

use crate::{Client, ClientBuilder, Error, Result, env};

/// What a client needs: base URL, app credentials (§1.2 `appid`, `appsecret`), and where to keep
/// tokens. The secret never appears in `Debug`.
#[derive(Clone)]
#[non_exhaustive]
pub struct Config {
    /// The base URL; `None` for [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    pub base_url: Option<String>,
    /// The partner app id Wukong assigned (`appid`).
    pub appid: String,
    /// The app secret (`appsecret`).
    pub appsecret: SecretString,
    /// A token file (see [`ClientBuilder::token_file`]); `None` keeps tokens in memory only.
    pub token_file: Option<PathBuf>,
    /// A Redis URL (see [`env::REDIS_URL`]); it may hold a password, so it is a secret.
    pub redis_url: Option<SecretString>,
}

impl Config {
    /// A configuration with the default base URL and no token file.
    pub fn new(appid: impl Into<String>, appsecret: impl Into<SecretString>) -> Self {
        Self {
            base_url: None,
            appid: appid.into(),
            appsecret: appsecret.into(),
            token_file: None,
            redis_url: None,
        }
    }

    /// Reads `WUKONG_BASE_URL` (optional), `WUKONG_APPID`, `WUKONG_APPSECRET` (required),
    /// `WUKONG_TOKEN_FILE` and `WUKONG_REDIS_URL` (optional). A missing or empty required
    /// variable is [`Error::config`] naming it; so is `WUKONG_REDIS_URL` when the crate was built
    /// without the `redis` feature.
    pub fn from_env() -> Result<Self> {
        Self::from_env_vars(EnvVars::from_process())
    }

    /// [`Config::from_env`] over any lookup (e.g. a map in tests).
    pub fn from_lookup(lookup: impl FnMut(&str) -> Option<String>) -> Result<Self> {
        Self::from_env_vars(EnvVars::from_lookup(lookup))
    }

    pub(crate) fn from_env_vars(mut vars: EnvVars<'_>) -> Result<Self> {
        let base_url = vars.optional(env::BASE_URL);
        let appid = vars.required(env::APPID);
        let appsecret = vars.required(env::APPSECRET);
        let token_file = vars.optional(env::TOKEN_FILE);
        let redis_url = vars.optional(env::REDIS_URL);
        if cfg!(not(feature = "redis")) && redis_url.is_some() {
            vars.invalid(
                env::REDIS_URL,
                "set, but wukong-client was built without its `redis` feature",
            );
        }
        vars.finish()?;
        let (Some(appid), Some(appsecret)) = (appid, appsecret) else {
            return Err(Error::config(format!(
                "`{}` and `{}` are required",
                env::APPID,
                env::APPSECRET
            )));
        };
        Ok(Self {
            base_url,
            appid,
            appsecret: SecretString::from(appsecret),
            token_file: token_file.map(PathBuf::from),
            redis_url: redis_url.map(SecretString::from),
        })
    }

    /// A [`ClientBuilder`] holding this configuration.
    pub fn into_builder(self) -> ClientBuilder {
        let mut builder = Client::builder()
            .appid(self.appid.clone())
            .appsecret(self.appsecret);
        if let Some(url) = self.base_url {
            builder = builder.base_url(url);
        }
        if let Some(file) = self.token_file {
            builder = builder.token_file(file);
        }
        if let Some(url) = self.redis_url {
            builder = builder.redis_store(url, &self.appid);
        }
        builder
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("appid", &self.appid)
            .field("appsecret", &"** redacted **")
            .field("token_file", &self.token_file)
            .field(
                "redis_url",
                &self.redis_url.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}
