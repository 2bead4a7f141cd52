//! Scenario 5, decoding: about 10 MB of contacts JSON (the server's contacts, as
//! `GET /open/contacts` returns them) decoded into the generated model the client returns
//! (`linkflow_client::models::Contact`, generated from the fixtures), once with plain
//! `serde_json::from_slice` and once through the client's own decode path (`Payload::decode`),
//! and into `serde_json::Value`. Interleaved rounds in every order, medians.
//!
//! Target: typed ≥ 1.0 × `Value` in MB/s.

use std::any::Any;
use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use client_core::transport::Payload;
use linkflow_client::models::Contact;

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

    type Decoder = Box<dyn Fn(&Bytes) -> Result<(usize, Box<dyn Any>), BoxError>>;
    let decoders: Vec<(&str, Decoder)> = vec![
        (
            "serde_json::Value",
            Box::new(|b: &Bytes| {
                let v: serde_json::Value = serde_json::from_slice(b)?;
                Ok((v.as_array().map_or(0, Vec::len), Box::new(v)))
            }),
        ),
        (
            "the generated models::Contact (serde_json::from_slice)",
            Box::new(|b: &Bytes| {
                let v: Vec<Contact> = serde_json::from_slice(b)?;
                Ok((v.len(), Box::new(v)))
            }),
        ),
        (
            "models::Contact via Payload::decode (the client's path)",
            Box::new(|b: &Bytes| {
                let v: Vec<Contact> = Payload::new(b.clone()).decode()?;
                Ok((v.len(), Box::new(v)))
            }),
        ),
    ];
    // Every order of the three decoders in turn, so none always follows another (the one
    // after `Value` meets a heap full of freed nodes). Values are dropped outside the timing.
    const ORDERS: [[usize; 3]; 6] = [
        [0, 1, 2],
        [1, 2, 0],
        [2, 0, 1],
        [0, 2, 1],
        [2, 1, 0],
        [1, 0, 2],
    ];
    let rounds = if options.quick { 6 } else { 12 };
    let mut speeds = vec![Vec::new(); decoders.len()];
    for round in 0..=rounds {
        for &i in &ORDERS[round % ORDERS.len()] {
            let started = Instant::now();
            let (n, decoded) = (decoders[i].1)(&json)?;
            let secs = started.elapsed().as_secs_f64();
            drop(black_box(decoded));
            if n != count {
                return Err(format!("{} decoded {n} of {count}", decoders[i].0).into());
            }
            // Round 0 warms up.
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
