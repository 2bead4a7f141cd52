//! Quickstart: authorise, exchange the code, list leads, import two leads.
//!
//! ```text
//! cargo run -p wukong-client --example wukong_quickstart --features testing            # sandbox
//! cargo run -p wukong-client --example wukong_quickstart --features testing -- --live  # real account
//! ```
//!
//! By default everything runs against the crate's loopback sandbox. With `--live` it talks to
//! the real Wukong (and **imports two leads into the account**), reading:
//!
//! * `WUKONG_APPID`, `WUKONG_APPSECRET` (required), `WUKONG_BASE_URL` (optional);
//! * `WUKONG_TOKEN_FILE` (optional): a saved authorisation is reused from it, and new tokens are
//!   saved to it;
//! * `WUKONG_CODE`: an authorisation code, when no token file exists yet;
//! * `WUKONG_REDIRECT_URI` (optional): with neither a token file nor a code, asks Wukong to send a
//!   code there (`POST /oauth/code`);
//! * `WUKONG_WK_UID` (optional): the Wukong user to list and import for.

use std::process::ExitCode;

use wukong_client::models::{ChunkOutcome, NewLead};
use wukong_client::{Client, Config, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let live = std::env::args().skip(1).any(|a| a == "--live");
    let result = if live {
        live_run().await
    } else {
        sandbox_run().await
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::NeedsAuthorization(text)) => {
            eprintln!("{text}");
            ExitCode::from(2)
        }
        Err(Stop::Failed(e)) => {
            eprintln!("error: {e}");
            if e.is_reauthorization_required() {
                eprintln!(
                    "the stored authorisation is no longer valid: get a new code (see --live help above)"
                );
            }
            ExitCode::FAILURE
        }
    }
}

enum Stop {
    NeedsAuthorization(String),
    Failed(Error),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}

#[cfg(feature = "testing")]
async fn sandbox_run() -> Result<(), Stop> {
    use wukong_client::testing::Sandbox;

    let sandbox = Sandbox::start()?;
    println!("sandbox Wukong at {}", sandbox.base_url());
    let client = sandbox.client_builder().build()?;

    // 1.1: ask for a code; Wukong answers with a redirect to the redirect URI carrying it,
    // which the client reads without following.
    let grant = client
        .oauth()
        .request_code("http://localhost:8080/wukong/callback")
        .await?;
    let code = grant
        .code()
        .cloned()
        .ok_or_else(|| Stop::Failed(Error::auth("the sandbox issued no code")))?;
    println!("authorised: the code arrived in the redirect");

    // 1.2: exchange it (the token is cached and refreshed from now on).
    let token = client.oauth().exchange_code(code).await?;
    println!("access token valid until {}", token.expires_at);

    flow(&client, Some("10086")).await
}

#[cfg(not(feature = "testing"))]
async fn sandbox_run() -> Result<(), Stop> {
    Err(Stop::NeedsAuthorization(
        "build with `--features testing` for the sandbox, or pass --live".into(),
    ))
}

async fn live_run() -> Result<(), Stop> {
    let config = Config::from_env()?;
    let has_token_file = config.token_file.as_ref().is_some_and(|p| p.exists());
    let client = config.clone().into_builder().build()?;
    let code = std::env::var("WUKONG_CODE")
        .ok()
        .filter(|c| !c.trim().is_empty());

    if has_token_file {
        let token = client.oauth().ensure_token().await?;
        println!(
            "using the saved authorisation (access token valid until {})",
            token.expires_at
        );
    } else if let Some(code) = code {
        let token = client.oauth().exchange_code(code).await?;
        println!(
            "code exchanged; access token valid until {}",
            token.expires_at
        );
        if config.token_file.is_none() {
            println!("note: set WUKONG_TOKEN_FILE to keep the authorisation for the next run");
        }
    } else {
        let mut text = String::from(
            "no Wukong authorisation yet.\n\
             1. Ask Wukong for a code: POST /oauth/code with appid and redirect_uri\n   \
                (set WUKONG_REDIRECT_URI and run again with --live to do it from here);\n\
             2. read `code` from the redirect Wukong sends to that URI;\n\
             3. run again with WUKONG_CODE=<code> (and WUKONG_TOKEN_FILE=<path> to keep the tokens).",
        );
        if let Ok(redirect_uri) = std::env::var("WUKONG_REDIRECT_URI") {
            let grant = client.oauth().request_code(redirect_uri.clone()).await?;
            if let Some(code) = grant.code() {
                // Wukong answered with the redirect itself: exchange the code now.
                let token = client.oauth().exchange_code(code.clone()).await?;
                println!(
                    "code exchanged; access token valid until {}",
                    token.expires_at
                );
                let wk_uid = std::env::var("WUKONG_WK_UID").ok();
                return flow(&client, wk_uid.as_deref()).await;
            }
            text.push_str(&format!(
                "\n\nA code was requested: Wukong will redirect to {redirect_uri}?code=…"
            ));
        }
        return Err(Stop::NeedsAuthorization(text));
    }

    let wk_uid = std::env::var("WUKONG_WK_UID").ok();
    flow(&client, wk_uid.as_deref()).await
}

/// 2.1 list leads, then 2.3 import two leads (one batch).
async fn flow(client: &Client, wk_uid: Option<&str>) -> Result<(), Stop> {
    let mut list = client.leads().list();
    if let Some(uid) = wk_uid {
        list = list.wk_uid(uid);
    }
    let leads = list.send().await?;
    println!("{} leads:", leads.data().leads.len());
    for lead in leads.data().leads.iter().take(10) {
        println!(
            "  {} {} {}",
            lead.name.as_deref().unwrap_or("-"),
            lead.mobile.as_deref().unwrap_or("-"),
            lead.create_at
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_default()
        );
    }

    let mut batch = client.leads().import_batch([
        NewLead::new().name("快速开始 甲").mobile("13700137000"),
        NewLead::new()
            .name("快速开始 乙")
            .email("quickstart@example.com"),
    ]);
    if let Some(uid) = wk_uid {
        batch = batch.wk_uid(uid);
    }
    let report = batch.send().await?;
    for chunk in &report.chunks {
        let what = match &chunk.outcome {
            ChunkOutcome::Accepted(_) => "accepted".to_owned(),
            ChunkOutcome::Rejected(e) => format!("rejected: {e}"),
            ChunkOutcome::Indeterminate(e) => format!("unknown (check before resending): {e}"),
            ChunkOutcome::NotSent(_) => "not sent".to_owned(),
            _ => "other".to_owned(),
        };
        println!("import of leads {:?}: {what}", chunk.leads);
    }
    println!("imported {} of 2 leads", report.accepted_leads());
    Ok(())
}
