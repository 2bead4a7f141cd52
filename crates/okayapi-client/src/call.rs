//! [`Call`]: a call of any method by name, configured before it is sent.

use std::fmt;

use client_core::transport::{Payload, RequestOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::decode::decode;
use crate::form::{self, Pair};
use crate::reserved::check_reserved;
use crate::routes::{Target, is_name};
use crate::{Client, Error, GENERIC_OPERATION, RawData, Result};

/// `AMethod` or `Namespace.App.Method`: letters, digits, `_` and `-`, segments not empty.
pub(crate) fn check_method_name(method: &str) -> Result<()> {
    let ok = if method.contains('.') {
        method.split('.').count() >= 2 && method.split('.').all(is_name)
    } else {
        is_name(method)
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "method",
            format!(
                "`{method}` is neither a method name (`AGetAndyVarDatas`) nor a service name \
                 (`SVIP.<app>.<Method>`)"
            ),
        ))
    }
}

/// A call of any method by name ([`Client::method`], [`Methods::method`](crate::api::methods::Methods::method)):
/// parameters, whether it is safe to repeat, per-call options.
#[must_use = "a call does nothing until it is sent"]
pub struct Call<'a> {
    client: &'a Client,
    method: String,
    params: Vec<Pair>,
    safe_to_repeat: bool,
    options: Option<RequestOptions>,
    error: Option<Error>,
}

impl fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Parameter values may be personal data: show only their names.
        f.debug_struct("Call")
            .field("method", &self.method)
            .field(
                "params",
                &self
                    .params
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("safe_to_repeat", &self.safe_to_repeat)
            .finish_non_exhaustive()
    }
}

impl<'a> Call<'a> {
    /// A call of `method` (checked here; a bad name is reported when the call is sent) with the
    /// per-call options of the handler it comes from.
    pub(crate) fn new(client: &'a Client, method: String, options: Option<RequestOptions>) -> Self {
        let error = check_method_name(&method).err();
        Self {
            client,
            method,
            params: Vec::new(),
            safe_to_repeat: false,
            options,
            error,
        }
    }

    /// Adds one parameter (its raw value; JSON text for a "字符串JSON格式" parameter).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Adds the fields of a struct or map (nested values are sent as JSON text).
    pub fn params<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        if let Err(e) = form::write_params(params, &mut self.params)
            && self.error.is_none()
        {
            self.error = Some(Error::invalid_input("params", e.to_string()));
        }
        self
    }

    /// Declares the method safe to repeat (a read), so ret 5xx and timeouts are retried
    /// (default: not safe).
    pub fn safe_to_repeat(mut self, safe: bool) -> Self {
        self.safe_to_repeat = safe;
        self
    }

    /// Per-call overrides (timeout, retry policy, response size cap) for this call; they replace
    /// those of the handler it came from ([`Methods::with_options`](crate::api::methods::Methods::with_options)).
    pub fn with_options(mut self, options: impl Into<RequestOptions>) -> Self {
        self.options = Some(options.into());
        self
    }

    /// Sends the call and decodes `data` as `T`.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        decode(&self.payload().await?)
    }

    /// Sends the call and returns `data` as its exact JSON text.
    pub async fn send_raw(self) -> Result<RawData> {
        let bytes = self.payload().await?.bytes().clone();
        if let Err(e) = std::str::from_utf8(&bytes) {
            return Err(Error::decode("", e, &bytes));
        }
        Ok(RawData::new(bytes))
    }

    async fn payload(self) -> Result<Payload> {
        if let Some(error) = self.error {
            return Err(error);
        }
        check_reserved(&self.params)?;
        let target = if self.method.contains('.') {
            Target::Service(&self.method)
        } else {
            Target::Method(&self.method)
        };
        let request = self.client.routes.request(
            GENERIC_OPERATION,
            target,
            self.params,
            self.safe_to_repeat,
            self.options,
        );
        self.client.transport.execute_payload(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert!(check_method_name("AGetAndyVarDatas").is_ok());
        assert!(check_method_name("SVIP.Swxiryan0788_MyApi.AGetAndyVarDatas").is_ok());
        assert!(check_method_name("App.Hello").is_ok());
        for bad in ["", "A/B", "SVIP..A", "a b", ".A", "A?x=1"] {
            assert!(check_method_name(bad).is_err(), "{bad}");
        }
    }
}
