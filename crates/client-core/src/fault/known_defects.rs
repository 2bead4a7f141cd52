//! THE list of fault-matrix cells that break an invariant today because of a defect the
//! hardening (issue 13) fixes. The matrix skips these cells and says so in its tables; empty
//! the list as the fixes land (run with `FAULT_MATRIX_RUN_KNOWN=1` to see which cells now hold,
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
    // Redirects are followed with the vendor's credential headers and (307) body.
    defect(
        "linkflow",
        "302 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    defect(
        "linkflow",
        "307 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    defect(
        "okayapi",
        "307 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    defect(
        "clue",
        "302 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    // Wukong: the other origin's `{}` is decoded as an empty list / a successful import.
    defect(
        "wukong",
        "302 to another origin",
        "read",
        "ok equals the fault-free result",
        1,
    ),
    defect(
        "wukong",
        "302 to another origin",
        "write",
        "ok equals the fault-free result",
        1,
    ),
    defect(
        "wukong",
        "307 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    defect(
        "clue",
        "307 to another origin",
        "*",
        "no credential to another host",
        1,
    ),
    // Wukong's refresh token is sent again after a 429/503 that may have spent it.
    defect(
        "wukong",
        "429, Retry-After: 1",
        "token refresh",
        "single-use credential sent once",
        21,
    ),
    defect(
        "wukong",
        "503, Retry-After: HTTP date (+1 s)",
        "token refresh",
        "single-use credential sent once",
        21,
    ),
    defect(
        "wukong",
        "503, Retry-After: -5",
        "token refresh",
        "single-use credential sent once",
        21,
    ),
    defect(
        "wukong",
        "429, Retry-After: garbage",
        "token refresh",
        "single-use credential sent once",
        21,
    ),
    defect(
        "wukong",
        "token endpoint down (503)",
        "token refresh",
        "single-use credential sent once",
        21,
    ),
    // A decode error quotes the body: a token answer whose format changed puts the token in it.
    defect(
        "linkflow",
        "token endpoint answers garbage",
        "*",
        "canary in no error",
        2,
    ),
    defect(
        "wukong",
        "token endpoint answers garbage",
        "token refresh",
        "canary in no error",
        2,
    ),
    // The body is read whole without a cap: memory grows and the call overruns its deadline.
    defect(
        "linkflow",
        "300 MiB body",
        "*",
        "deadline; bounded memory",
        18,
    ),
    defect(
        "okayapi",
        "300 MiB body",
        "*",
        "deadline; bounded memory",
        18,
    ),
    defect("clue", "300 MiB body", "*", "deadline; bounded memory", 18),
    defect(
        "wukong",
        "300 MiB body",
        "*",
        "deadline; bounded memory",
        18,
    ),
    // Every outer attempt retries the failed token fetch (3 × 3 token requests).
    defect(
        "linkflow",
        "token endpoint down (503)",
        "read",
        "bounded requests",
        20,
    ),
    defect(
        "linkflow",
        "token endpoint down (503)",
        "write",
        "bounded requests",
        20,
    ),
    defect(
        "linkflow",
        "token endpoint down (503)",
        "token refresh",
        "bounded requests",
        20,
    ),
];

const fn defect(
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
