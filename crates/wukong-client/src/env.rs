//! The environment variables read by [`Config::from_env`](crate::Config::from_env).

/// Base URL (optional; default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
pub const BASE_URL: &str = "WUKONG_BASE_URL";
/// The app id (`appid`, required).
pub const APPID: &str = "WUKONG_APPID";
/// The app secret (`appsecret`, required).
pub const APPSECRET: &str = "WUKONG_APPSECRET";
/// A token file (optional): tokens survive restarts.
pub const TOKEN_FILE: &str = "WUKONG_TOKEN_FILE";
/// A Redis URL (optional, `redis://` or `rediss://`; needs the `redis` feature): replicas on
/// several hosts share one token and refresh it under a distributed lock. Takes precedence
/// over [`TOKEN_FILE`].
pub const REDIS_URL: &str = "WUKONG_REDIS_URL";
