//! A loopback OkayAPI sandbox (feature `testing`), on client-core's sandbox base.
//!
//! It behaves as the server does, as far as the document and the public SDKs say:
//!
//! * both paths: `POST /api/SVIP/<app>/<Method>` and `POST /?s=SVIP.<app>.<Method>` (`s` may also
//!   come in the form);
//! * `app_key` must be the sandbox's (ret 400 otherwise), `uuid` and `token` come together (ret 400),
//!   an unknown app or method is ret 404 ("接口服务不存在");
//! * the request signature is checked exactly as the server checks it — every parameter received
//!   except `sign`, sorted by name in byte order, raw values concatenated, app secret appended,
//!   upper-case MD5 — and a wrong or missing one is **ret 406**; unsigned and static-sign apps can
//!   be emulated ([`SandboxSigning`]);
//! * each of the 15 methods answers from its fixture (`fixtures/*.response.json`, embedded):
//!   list methods page through their rows (`page`, `perpage` 1–10,000), ASaveAndyVardDtas stores
//!   rows that AGetAndyVarDatas reads back, the robot callbacks store the message and answer a new
//!   id;
//! * every answer is the full envelope `{ret, data, msg, _t, _auth}` with
//!   `_auth = md5(data + _t + app secret)` over the exact `data` text sent (`return_data=1` is
//!   honoured as the server does, though the client never sends it).
//!
//! ```no_run
//! # async fn demo() -> okayapi_client::Result<()> {
//! use okayapi_client::models::VarDatasParams;
//! use okayapi_client::testing::Sandbox;
//!
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let rows = client.process_data().get(VarDatasParams::new(10086)).await?;
//! assert_eq!(rows.datas[0].user_name.as_deref(), Some("王小明"));
//! # Ok(()) }
//! ```

mod builder;
mod call;
mod methods;
mod signing;
mod state;

use std::fmt;

use client_core::sandbox::Sandbox as Base;
use client_core::{Error, Result};
use secrecy::SecretString;
use serde_json::Value;

pub use builder::SandboxBuilder;
use builder::Settings;
pub use call::SandboxCall;
use methods::LISTS;
pub use signing::SandboxSigning;
pub use state::SandboxState;

use crate::{Client, ClientBuilder};

/// The sandbox's app name (the document's).
pub const APP: &str = "Swxiryan0788_MyApi";
/// The sandbox's app key (22 characters, like the README's test vector: the 32-character minimum
/// of the document is not enforced).
pub const APP_KEY: &str = "sandboxAppKey000000000";
/// The sandbox's app secret.
pub const APP_SECRET: &str = "sandbox-app-secret-0123456789abcdef";

/// A running OkayAPI sandbox on `127.0.0.1`; stopped when dropped.
pub struct Sandbox {
    sandbox: Base<SandboxState>,
    settings: Settings,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.sandbox.base_url())
            .field("app", &self.settings.app)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    client_core::sandbox_shape!(sandbox, SandboxBuilder, Client);

    /// The app name.
    pub fn app(&self) -> &str {
        &self.settings.app
    }

    /// The app key.
    pub fn app_key(&self) -> &str {
        &self.settings.app_key
    }

    /// The app secret.
    pub fn app_secret(&self) -> &SecretString {
        &self.settings.secret
    }

    /// A client builder pointed at the sandbox, with its app and credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.base_url())
            .app(self.settings.app.clone())
            .credentials(self.settings.app_key.clone(), self.settings.secret.clone())
    }

    /// Replaces the rows a list method pages through (e.g. many usage records for a stream).
    pub fn set_list(&self, method: &str, rows: Vec<Value>) -> Result<()> {
        let Some((name, ..)) = LISTS.iter().find(|(name, ..)| *name == method) else {
            return Err(Error::invalid_input(
                "method",
                format!("`{method}` is not a list method of the sandbox"),
            ));
        };
        self.sandbox.with_state(|state| {
            state.lists.insert(name, rows);
        });
        Ok(())
    }

    /// The requests received so far (accepted or not), oldest first.
    pub fn calls(&self) -> Vec<SandboxCall> {
        self.sandbox.with_state(|state| state.calls.clone())
    }

    /// The robot callbacks stored so far: method and parameters (common ones removed).
    pub fn callbacks(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.sandbox.with_state(|state| state.callbacks.clone())
    }

    /// The base sandbox (request counts, unmatched requests).
    pub fn inner(&self) -> &Base<SandboxState> {
        &self.sandbox
    }
}
