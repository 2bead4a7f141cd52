//! [`SandboxCall`]: one request the sandbox received.

/// One request the sandbox accepted or rejected: the method (`SVIP.<app>.<Method>`) and every
/// parameter received (form and query, decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SandboxCall {
    /// The service asked for.
    pub service: String,
    /// The parameters as received (raw values), `sign` included.
    pub params: Vec<(String, String)>,
    /// The `ret` answered.
    pub ret: i64,
}

impl SandboxCall {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
