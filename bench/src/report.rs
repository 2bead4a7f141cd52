//! The result table: one row per figure, with the target it must meet; printed as Markdown and
//! written as JSON.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::BoxError;

/// One measured figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// Scenario number and name (`1 overhead`).
    pub scenario: String,
    /// What was measured.
    pub metric: String,
    /// The figure.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// The target, in words (`≥ 0.95`); empty for figures given for context.
    pub target: String,
    /// Whether the target is met (`None` for figures without a target).
    pub pass: Option<bool>,
}

/// All rows of a run.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Machine facts.
    pub machine: String,
    /// Whether this was a `--quick` run (smoke figures, not for publishing).
    pub quick: bool,
    /// Wall time of the scenarios, in seconds.
    pub elapsed_secs: f64,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

impl Report {
    /// An empty report.
    pub fn new(machine: String, quick: bool) -> Self {
        Self {
            machine,
            quick,
            elapsed_secs: 0.0,
            rows: Vec::new(),
        }
    }

    /// Adds a figure with no target (context for the checked ones).
    pub fn info(&mut self, scenario: &str, metric: &str, value: f64, unit: &str) {
        self.push(Row {
            scenario: scenario.into(),
            metric: metric.into(),
            value,
            unit: unit.into(),
            target: String::new(),
            pass: None,
        });
    }

    /// Adds a figure checked against a target.
    pub fn check(
        &mut self,
        scenario: &str,
        metric: &str,
        value: f64,
        unit: &str,
        target: &str,
        pass: bool,
    ) {
        self.push(Row {
            scenario: scenario.into(),
            metric: metric.into(),
            value,
            unit: unit.into(),
            target: target.into(),
            pass: Some(pass),
        });
    }

    fn push(&mut self, row: Row) {
        eprintln!(
            "  {:<28} {:<52} {:>12} {:<8} {}",
            row.scenario,
            row.metric,
            format_value(row.value),
            row.unit,
            match row.pass {
                Some(true) => format!("{} ✓", row.target),
                Some(false) => format!("{} ✗ MISSED", row.target),
                None => String::new(),
            }
        );
        self.rows.push(row);
    }

    /// Appends rows from a JSON file (an array of [`Row`]), e.g. the footprint rows.
    pub fn append_file(&mut self, path: &Path) -> Result<(), BoxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let rows: Vec<Row> = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a list of rows: {e}", path.display()))?;
        self.rows.extend(rows);
        Ok(())
    }

    /// How many checked figures missed their target.
    pub fn missed(&self) -> usize {
        self.rows.iter().filter(|r| r.pass == Some(false)).count()
    }

    /// The table as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Machine: {}", self.machine);
        if self.quick {
            out.push_str("\n**Quick run** (fewer rounds and calls): smoke figures only.\n");
        }
        out.push_str("\n| scenario | metric | value | target | met |\n|---|---|---:|---|---|\n");
        for r in &self.rows {
            let met = match r.pass {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let value = format!("{} {}", format_value(r.value), r.unit);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.scenario,
                r.metric,
                value.trim(),
                r.target,
                met
            );
        }
        let checked = self.rows.iter().filter(|r| r.pass.is_some()).count();
        let _ = writeln!(
            out,
            "\n{} of {checked} targets met; scenarios ran in {:.0} s.",
            checked - self.missed(),
            self.elapsed_secs
        );
        out
    }
}

/// A figure with sensible precision: integers as such, ratios with three decimals.
fn format_value(value: f64) -> String {
    if (value.fract() == 0.0 && value.abs() < 1e15) || value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.3}")
    }
}
