//! Configuration: what is required, what is not enforced, environment variables, redaction.

use httpmock::MockServer;
use okayapi_client::{
    Client, ClientBuilder, ENV_APP, ENV_APP_KEY, ENV_APP_SECRET, ENV_BASE_URL, SigningMode,
    Verification,
};
use secrecy::SecretString;

use crate::support;

#[test]
fn base_url_app_and_credentials_are_required() {
    let err = Client::builder()
        .app("A")
        .credentials("k", SecretString::from("s"))
        .build()
        .unwrap_err();
    assert!(err.is_config());
    assert!(err.to_string().contains("base URL"), "{err}");
    let err = Client::builder()
        .base_url("https://api.example.com")
        .credentials("k", SecretString::from("s"))
        .build()
        .unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("app name"),
        "{err}"
    );
    let err = Client::builder()
        .base_url("https://api.example.com")
        .app("A")
        .build()
        .unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("app_key"),
        "{err}"
    );
    let err = Client::builder()
        .base_url("https://api.example.com")
        .app("bad/app")
        .credentials("k", SecretString::from("s"))
        .build()
        .unwrap_err();
    assert!(err.is_config());
}

#[test]
fn a_short_app_key_is_accepted() {
    // The document says 最小:32; the README's vector uses 22 characters. Not enforced.
    let client = Client::builder()
        .base_url("https://api.example.com")
        .app(support::APP)
        .credentials("short", SecretString::from("s"))
        .build();
    assert!(client.is_ok());
}

#[test]
fn the_secret_is_needed_only_when_used() {
    let base = || {
        Client::builder()
            .base_url("https://api.example.com")
            .app("A")
            .credentials("k", SecretString::from(""))
    };
    assert!(base().build().unwrap_err().is_config());
    assert!(
        base()
            .signing(SigningMode::Unsigned)
            .verification(Verification::Off)
            .build()
            .is_ok()
    );
    assert!(
        base()
            .signing(SigningMode::Static(SecretString::from("")))
            .verification(Verification::Off)
            .build()
            .unwrap_err()
            .is_config()
    );
}

#[test]
fn from_env_variables() {
    let vars = |name: &str| match name {
        ENV_BASE_URL => Some("https://api.example.com".to_owned()),
        ENV_APP => Some(support::APP.to_owned()),
        ENV_APP_KEY => Some(support::KEY.to_owned()),
        ENV_APP_SECRET => Some(support::SECRET.to_owned()),
        _ => None,
    };
    let client = ClientBuilder::from_vars(vars).build().unwrap();
    assert_eq!(client.app(), support::APP);
    let err =
        ClientBuilder::from_vars(|name| (name != ENV_APP_SECRET).then(|| vars(name)).flatten())
            .build()
            .unwrap_err();
    assert!(err.is_config());
    assert!(err.to_string().contains(ENV_APP_SECRET), "{err}");
    assert!(!err.to_string().contains(support::KEY));
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let server = MockServer::start_async().await;
    let builder = support::builder(&server)
        .member_session("u-1", SecretString::from("member-token-xyz"))
        .signing(SigningMode::Static(SecretString::from("static-sign-xyz")));
    let text = format!("{builder:?} {:?}", builder.clone().build().unwrap());
    for secret in [support::SECRET, "member-token-xyz", "static-sign-xyz"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains(support::KEY));
}

#[test]
fn every_missing_variable_is_named_in_one_error() {
    let err = okayapi_client::ClientBuilder::from_vars(|name| {
        (name == "OKAYAPI_APP").then(|| "demo".to_owned())
    })
    .build()
    .expect_err("three missing");
    assert!(err.is_config(), "{err:?}");
    let text = err.to_string();
    for name in ["OKAYAPI_BASE_URL", "OKAYAPI_APP_KEY", "OKAYAPI_APP_SECRET"] {
        assert!(text.contains(&format!("`{name}` (not set)")), "{text}");
    }
    assert!(!text.contains("OKAYAPI_APP`"), "{text}");
}

#[test]
fn numeric_setters_take_plain_integer_literals() {
    use okayapi_client::ApiMethod as _;
    use okayapi_client::models::{
        SaveVarDataParams, UseRecordStatisticsParams, UserId, VarDataId, VarDatasParams,
    };
    let params = UseRecordStatisticsParams::new().page(2).perpage(2);
    assert!(params.validate().is_ok());
    let form = serde_json::to_value(&params).unwrap();
    assert_eq!(form["page"], 2);
    assert_eq!(form["perpage"], 2);
    let user = VarDatasParams::new(4242);
    assert_eq!(user.user_id, UserId::new(4242));
    assert_eq!(serde_json::to_value(&user).unwrap()["user_id"], 4242);
    // The ids of ASaveAndyVardDtas are the same types, from the same literals.
    let save = SaveVarDataParams::new().id(128).user_id(4242);
    assert_eq!(save.id, Some(VarDataId::new(128)));
    assert_eq!(save.user_id, Some(user.user_id));
}

#[test]
fn blank_credentials_given_in_code_are_refused_at_build() {
    // Dynamic signing (the default) needs the secret, so both are named.
    let err = Client::builder()
        .base_url("https://api.example.com")
        .app(support::APP)
        .credentials(" ", SecretString::from(""))
        .build()
        .unwrap_err();
    assert!(err.is_config(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "OkayAPI credentials are blank: `app_key`, `app_secret`"
    );
    let err = Client::builder()
        .base_url("https://api.example.com")
        .app(support::APP)
        .credentials("", SecretString::from("s"))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "OkayAPI credential is blank: `app_key`");
}
