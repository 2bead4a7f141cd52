//! Quickstart for the Tanma clue API: field definitions, clues through the stream, and one
//! clue's decoded values by field name.
//!
//! ```text
//! cargo run -p clue-client --features testing --example clue_quickstart            # the sandbox
//! TANMA_BASE_URL=https://… TANMA_APP_ID=… TANMA_APP_KEY=… \
//!   cargo run -p clue-client --features testing --example clue_quickstart -- --live   # a real tenant (reads only)
//! ```

use chrono::{TimeDelta, Utc};
use clue_client::Client;
use clue_client::VendorTime;
use clue_client::models::FieldCatalog;
use clue_client::prelude::*;
use clue_client::testing::Sandbox;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let live = std::env::args().any(|a| a == "--live");
    // Keep the sandbox alive for the whole run.
    let (client, _sandbox, since, before) = if live {
        let now = Utc::now();
        let client = Client::from_env()?;
        println!(
            "live tenant: {}",
            client.config().base_url.as_deref().unwrap_or("?")
        );
        (
            client,
            None,
            VendorTime::from_instant(&(now - TimeDelta::days(30))),
            VendorTime::from_instant(&now),
        )
    } else {
        let sandbox = Sandbox::start()?;
        println!(
            "sandbox at {} (pass --live for a real tenant)",
            sandbox.base_url()
        );
        (
            sandbox.client()?,
            Some(sandbox),
            VendorTime::parse("2021-05-01 00:00:00")?,
            VendorTime::parse("2021-06-01 00:00:00")?,
        )
    };

    // 1. The tenant's field definitions.
    let fields = client.customer_fields().list().await?;
    println!("\n{} field definitions:", fields.len());
    for f in &fields {
        println!(
            "  {:<20} {:<12} type {:?}, {} items",
            f.id.as_str(),
            f.name,
            f.kind,
            f.items.len()
        );
    }
    let catalog = FieldCatalog::new(fields);

    // 2. Clues created in the window, fetched page by page as the stream is read.
    println!("\nclues created in [{since}, {before}):");
    let clues: Vec<_> = client
        .clues()
        .list_by_create_time_asc(since, before)
        .size(5)
        .stream()
        .take(20)
        .try_collect()
        .await?;
    for clue in &clues {
        let name = clue
            .field("name")
            .and_then(|f| f.raw)
            .unwrap_or_else(|| "-".into());
        let created = clue
            .create_time
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string);
        println!("  {} {} created {created}", clue.customer_id, name);
    }

    // 3. One clue's decoded values, by field name (the one with the most values filled in).
    let fullest = clues.iter().max_by_key(|c| {
        c.fields
            .iter()
            .filter(|f| f.value_as_text.is_some())
            .count()
    });
    if let Some(chosen) = fullest {
        let clue = client.clues().get(chosen.id()).await?;
        println!("\nclue {} by field name:", clue.customer_id);
        for field in catalog.resolve(&clue) {
            let shown = match (&field.decoded.value, field.display_value()) {
                (Some(v), Some(text)) if v.is_invalid() => format!("(invalid) {text}"),
                (_, Some(text)) => text,
                (_, None) => "—".into(),
            };
            println!("  {:<14} {shown}", field.display_name());
        }
    }
    Ok(())
}
