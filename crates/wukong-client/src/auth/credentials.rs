//! The app's credentials (`appid`, `appsecret`).

use secrecy::SecretString;

/// The app's credentials (`appid`, `appsecret`). The secret never appears in `Debug`.
#[derive(Clone)]
pub(crate) struct AppCredentials {
    pub appid: String,
    pub appsecret: SecretString,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("appid", &self.appid)
            .field("appsecret", &"** redacted **")
            .finish()
    }
}
