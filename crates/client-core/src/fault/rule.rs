//! Which requests a fault applies to: a method and path, and which of the matching requests.

use super::faults::Fault;

/// Which of the requests matching a [`Rule`] get its fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// Every matching request.
    All,
    /// Only the `n`th matching request (1-based).
    Nth(u64),
    /// The `n`th matching request and every one after it (1-based).
    FromNth(u64),
}

impl Occurrence {
    fn includes(self, n: u64) -> bool {
        match self {
            Self::All => true,
            Self::Nth(k) => n == k,
            Self::FromNth(k) => n >= k,
        }
    }
}

/// "Apply `fault` to the [`Occurrence`] of requests with this method and path."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    method: Option<String>,
    path: Option<String>,
    occurrence: Occurrence,
    fault: Fault,
}

impl Rule {
    /// `fault` for every request, whatever its method and path.
    pub fn all(fault: Fault) -> Self {
        Self {
            method: None,
            path: None,
            occurrence: Occurrence::All,
            fault,
        }
    }

    /// `fault` for requests to `path` (exact; a final `*` matches any rest) with any method.
    pub fn path(path: impl Into<String>, fault: Fault) -> Self {
        Self::all(fault).on_path(path)
    }

    /// Restricts the rule to `path` (exact; a final `*` matches any rest).
    #[must_use]
    pub fn on_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Restricts the rule to `method` (case-insensitive).
    #[must_use]
    pub fn on_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    /// Which matching requests get the fault (default: all).
    #[must_use]
    pub fn occurrence(mut self, occurrence: Occurrence) -> Self {
        self.occurrence = occurrence;
        self
    }

    /// Only the `n`th matching request (1-based).
    #[must_use]
    pub fn nth(self, n: u64) -> Self {
        self.occurrence(Occurrence::Nth(n))
    }

    /// The fault.
    pub fn fault(&self) -> &Fault {
        &self.fault
    }

    /// Whether a request with `method` and `path` matches (whatever its occurrence).
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = self
            .path
            .as_deref()
            .is_none_or(|p| match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => p == path,
            });
        method_ok && path_ok
    }

    /// Whether the `n`th matching request (1-based) gets the fault.
    pub fn applies_to(&self, n: u64) -> bool {
        self.occurrence.includes(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_methods_and_occurrences_select_requests() {
        let rule = Rule::path("/open/*", Fault::Html200)
            .on_method("get")
            .nth(2);
        assert!(rule.matches("GET", "/open/contacts"));
        assert!(!rule.matches("POST", "/open/contacts"));
        assert!(!rule.matches("GET", "/token"));
        assert!(!rule.applies_to(1));
        assert!(rule.applies_to(2));
        assert!(!rule.applies_to(3));
        let exact = Rule::path("/token", Fault::Html200).occurrence(Occurrence::FromNth(2));
        assert!(exact.matches("POST", "/token"));
        assert!(!exact.matches("POST", "/token/x"));
        assert!(!exact.applies_to(1));
        assert!(exact.applies_to(9));
    }
}
