//! THE list of fault-matrix cells that break an invariant because of a known defect. The matrix
//! skips these cells and says so in its tables; empty the list as the fixes land (run with `FAULT_MATRIX_RUN_KNOWN=1` to see which cells now hold,
//! then regenerate the tables with `UPDATE_RELIABILITY=1`).

/// One cell (or a whole row, with `operation: "*"`) that is known to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownDefect {
    /// The vendor (the matrix's name for it).
    pub vendor: &'static str,
    /// The fault (the row's name).
    pub fault: &'static str,
    /// The operation (the column's name), or `*` for every column.
    pub operation: &'static str,
    /// The invariant it breaks.
    pub invariant: &'static str,
    /// The point of issue 13 that fixes it.
    pub point: u8,
}

/// Every known defect of the fault matrix.
pub const KNOWN_DEFECTS: &[KnownDefect] = &[
    // Empty: the 33 cells listed here before the hardening (redirects followed with credentials,
    // token answers in error text, unbounded bodies, token requests multiplied, single-use
    // refresh tokens re-sent after 429/503) all hold every invariant since it landed.
];

/// An entry of [`KNOWN_DEFECTS`].
pub const fn defect(
    vendor: &'static str,
    fault: &'static str,
    operation: &'static str,
    invariant: &'static str,
    point: u8,
) -> KnownDefect {
    KnownDefect {
        vendor,
        fault,
        operation,
        invariant,
        point,
    }
}
