//! Linkflow quickstart: creates a contact and an event, finds the contact by its identity, lists
//! contacts through the cursor stream, adds the contact to a group and lists the group.
//!
//! ```text
//! cargo run -p linkflow-client --features testing --example linkflow_quickstart            # sandbox
//! LINKFLOW_APP_KEY=… LINKFLOW_APP_SECRET=… [LINKFLOW_BASE_URL=…] \
//!   cargo run -p linkflow-client --features testing --example linkflow_quickstart -- --live  # real tenant
//! ```
//!
//! The flow writes data, so it reaches a real tenant only with `--live` (never because the
//! environment variables happen to be set). Live runs also need `LINKFLOW_CHANNEL_KEY`, the
//! `channelKey` of a custom (UDC) channel of the tenant.

use std::process::ExitCode;
use std::time::Duration;

use linkflow_client::models::{ContactData, EventData, Group, Identity, IdentityType};
use linkflow_client::prelude::*;
use linkflow_client::testing::Sandbox;
use linkflow_client::{Client, RequestOptions};

const GROUP_NAME: &str = "linkflow-client quickstart";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart failed: {e}");
            if let Some(code) = e.vendor_code() {
                eprintln!("  vendor code {code}: {}", e.vendor_message().unwrap_or(""));
            }
            ExitCode::FAILURE
        }
    }
}

async fn run() -> linkflow_client::Result<()> {
    let live = std::env::args().skip(1).any(|a| a == "--live");
    // Keep the sandbox alive for the whole run.
    let (client, channel_key, _sandbox) = if live {
        let channel = std::env::var("LINKFLOW_CHANNEL_KEY").map_err(|_| {
            linkflow_client::Error::config(
                "--live needs LINKFLOW_CHANNEL_KEY (a UDC channel's key)",
            )
        })?;
        println!(
            "mode: live tenant ({})",
            std::env::var("LINKFLOW_BASE_URL")
                .unwrap_or_else(|_| linkflow_client::DEFAULT_BASE_URL.into())
        );
        (Client::from_env()?, channel, None)
    } else {
        let sandbox = Sandbox::start()?;
        println!("mode: sandbox at {}", sandbox.base_url());
        (
            sandbox.client()?,
            "udc_quickstart".to_owned(),
            Some(sandbox),
        )
    };

    // 1. A contact and an event, in one message batch (request_id/message_id are generated).
    let email = format!("quickstart-{}@example.com", uuid::Uuid::new_v4().simple());
    let receipt = client
        .messages()
        .batch(&channel_key)
        .identity(Identity::new(IdentityType::Email, &email))
        .contact(ContactData::new().name("Quickstart Contact").email(&email))
        .event(EventData::new("QUICKSTART_RUN").prop("source", "linkflow-client"))
        .send()
        .await?;
    println!(
        "sent contact + event: request_id {} ({} messages)",
        receipt.request_id,
        receipt.message_ids.len()
    );

    // 2. Find the contact by its identity (the server may take a moment to process messages).
    let mut contact = None;
    for _ in 0..10 {
        contact = client
            .identity()
            .find_contact(IdentityType::Email, &email)
            .await?;
        if contact.is_some() || !live {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    let Some(contact) = contact else {
        return Err(linkflow_client::Error::api(
            None,
            "the new contact was not found by its identity",
        ));
    };
    println!("found contact {contact} by email identity");

    // 3. List contacts through the cursor stream (the first 1,000 in a live tenant).
    let mut listed = 0usize;
    let mut seen = false;
    let mut stream = client.contacts().cursor().size(200).stream().take(1_000);
    while let Some(c) = stream.try_next().await? {
        listed += 1;
        seen |= c.id == contact;
    }
    println!("listed {listed} contacts through the stream (new contact seen: {seen})");

    // 4. Add it to a group (created on first use) and list the group's members.
    let group = find_or_create_group(&client).await?;
    let added = client.groups().add_contacts(group.id, [contact]).await?;
    let ids = |list: &[linkflow_client::models::ContactId]| {
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "group {} \"{}\": added [{}], failed [{}]",
        group.id,
        group.name,
        ids(&added.success),
        ids(&added.failure)
    );
    let members: Vec<_> = client
        .groups()
        .members(group.id)
        .stream()
        .try_collect()
        .await?;
    let in_group = members.iter().any(|m| m.contact.id == contact);
    println!(
        "group has {} member(s); new contact listed: {in_group}",
        members.len()
    );
    if !in_group {
        return Err(linkflow_client::Error::api(
            None,
            "the contact is not in the group",
        ));
    }
    println!("done");
    Ok(())
}

async fn find_or_create_group(client: &Client) -> linkflow_client::Result<Group> {
    let existing = client.groups().list().name(GROUP_NAME).send().await?;
    if let Some(group) = existing.into_iter().find(|g| g.name == GROUP_NAME) {
        return Ok(group);
    }
    // Per-call options: a short timeout for this one call (`with_options` works on every
    // handler and request builder).
    let quick = RequestOptions::default().with_timeout(Duration::from_secs(10));
    client
        .groups()
        .create(GROUP_NAME)
        .with_options(quick)
        .send()
        .await
}
