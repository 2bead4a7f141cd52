//! The parameters the client sets itself, refused from callers, and the form fields of a
//! method's parameters.

use serde::Serialize;

use crate::form::{self, Pair};
use crate::{Error, Result, auth};

/// Parameters the client sets itself; callers may not pass them.
const RESERVED: &[(&str, &str)] = &[
    (auth::APP_KEY, "is set by the client from its credentials"),
    (auth::SIGN, "is computed by the client (see SigningMode)"),
    (auth::UUID, "is set by the client from its member session"),
    (auth::TOKEN, "is set by the client from its member session"),
    (auth::SERVICE, "is set by the client from the method name"),
    ("service", "is set by the client from the method name"),
    (
        "return_data",
        "is never sent: the client always reads the full envelope",
    ),
];

/// The form fields of `params`, with the client's own parameters refused.
pub(crate) fn params_of<T: Serialize + ?Sized>(params: &T) -> Result<Vec<Pair>> {
    let mut pairs = Vec::new();
    form::write_params(params, &mut pairs)
        .map_err(|e| Error::invalid_input("params", e.to_string()))?;
    check_reserved(&pairs)?;
    Ok(pairs)
}

pub(crate) fn check_reserved(pairs: &[Pair]) -> Result<()> {
    for (name, _) in pairs {
        if let Some((_, why)) = RESERVED.iter().find(|(r, _)| *r == name) {
            return Err(Error::invalid_input(name.as_str(), *why));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_params_are_refused() {
        for name in [
            "app_key",
            "sign",
            "uuid",
            "token",
            "s",
            "service",
            "return_data",
        ] {
            let err = params_of(&serde_json::json!({ name: "1" })).unwrap_err();
            assert!(err.is_invalid_input());
            assert_eq!(err.field(), Some(name));
        }
    }
}
