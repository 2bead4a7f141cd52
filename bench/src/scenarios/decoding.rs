//! Scenario 5, decoding: about 10 MB of contacts JSON (the server's contacts, as
//! `GET /open/contacts` returns them) decoded into the generated model
//! (`linkflow_client::models::generated::Contact`), into the hand-written `Contact` the client
//! returns, through the client's own decode path (`Payload::decode`, which keeps the serde path
//! of a failing field), and into `serde_json::Value`. Interleaved rounds, medians.
//!
//! Target: typed ≥ 1.0 × `Value` in MB/s.

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use client_core::transport::Payload;
use linkflow_client::models::Contact;
use linkflow_client::models::generated::Contact as GeneratedContact;

use crate::report::Report;
use crate::server::contacts_page;
use crate::stats::median;
use crate::{BoxError, Options};

/// Runs the scenario (synchronous: decoding only).
pub fn run(options: &Options, report: &mut Report) -> Result<(), BoxError> {
    eprintln!("scenario 5: decoding");
    let one = contacts_page(1, 1).len();
    let count = 10_000_000 / one + 1;
    let json = Bytes::from(contacts_page(1, count));
    let mb = json.len() as f64 / 1e6;
    let rounds = if options.quick { 3 } else { 9 };

    type Decoder = Box<dyn Fn(&Bytes) -> Result<usize, BoxError>>;
    let decoders: Vec<(&str, Decoder)> = vec![
        (
            "serde_json::Value",
            Box::new(|b: &Bytes| {
                let v: serde_json::Value = serde_json::from_slice(b)?;
                Ok(black_box(v).as_array().map_or(0, Vec::len))
            }),
        ),
        (
            "generated models::generated::Contact",
            Box::new(|b: &Bytes| {
                let v: Vec<GeneratedContact> = serde_json::from_slice(b)?;
                Ok(black_box(v).len())
            }),
        ),
        (
            "hand-written models::Contact (what the client returns)",
            Box::new(|b: &Bytes| {
                let v: Vec<Contact> = serde_json::from_slice(b)?;
                Ok(black_box(v).len())
            }),
        ),
        (
            "models::Contact via Payload::decode (the client's path)",
            Box::new(|b: &Bytes| {
                let v: Vec<Contact> = Payload::new(b.clone()).decode()?;
                Ok(black_box(v).len())
            }),
        ),
    ];
    let mut speeds = vec![Vec::new(); decoders.len()];
    for round in 0..=rounds {
        for k in 0..decoders.len() {
            // Rotate the order every round so no decoder always runs first.
            let i = (k + round) % decoders.len();
            let started = Instant::now();
            let n = (decoders[i].1)(&json)?;
            let secs = started.elapsed().as_secs_f64();
            if n != count {
                return Err(format!("{} decoded {n} of {count}", decoders[i].0).into());
            }
            if round > 0 {
                speeds[i].push(mb / secs);
            }
        }
    }
    let value = median(&speeds[0]);
    let scenario = "5 decoding (10 MB of contacts)";
    report.info(scenario, &format!("input: {count} contacts"), mb, "MB");
    report.info(scenario, "into serde_json::Value", value, "MB/s");
    for (i, (name, _)) in decoders.iter().enumerate().skip(1) {
        let speed = median(&speeds[i]);
        report.info(scenario, &format!("into {name}"), speed, "MB/s");
        report.check(
            scenario,
            &format!("{name} / Value"),
            speed / value,
            "×",
            "≥ 1.00",
            speed >= value,
        );
    }
    Ok(())
}
