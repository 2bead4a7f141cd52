//! Any method of the app: typed ([`ApiMethod`], [`ListMethod`]) or by name ([`Call`]).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{ApiMethod, Call, Client, ItemStream, ListMethod, ListResponse, RawData, Result};

client_core::handler! {
    /// Any method of the app ([`Client::methods`]): the documented 15 through their parameters
    /// types, another account's custom methods typed with [`okayapi_method!`](crate::okayapi_method),
    /// or any method by name.
    pub struct Methods => Client;
}

impl<'a> Methods<'a> {
    /// Calls the method `M` and decodes its `data` (see [`Client::send`]).
    pub async fn send<M: ApiMethod>(&self, params: &M) -> Result<M::Response> {
        self.client
            .send_with(params, Some(self.options.clone()))
            .await
    }

    /// The list method `M`, page after page, as a stream of items (see [`Client::stream`]).
    pub fn stream<M: ListMethod>(
        &self,
        params: M,
    ) -> ItemStream<<M::Response as ListResponse>::Item> {
        self.client.stream_with(params, Some(self.options.clone()))
    }

    /// Calls any method by name and decodes its `data` as `T` (see [`Client::call`]).
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        params: impl Serialize,
    ) -> Result<T> {
        self.method(method).params(&params).send().await
    }

    /// [`Methods::call`], returning `data` as its exact JSON text.
    pub async fn call_raw(&self, method: &str, params: impl Serialize) -> Result<RawData> {
        self.method(method).params(&params).send_raw().await
    }

    /// A call of any method by name, to configure before sending; it carries this handler's
    /// options unless [`Call::with_options`] replaces them.
    pub fn method(&self, method: impl Into<String>) -> Call<'a> {
        Call::new(self.client, method.into(), Some(self.options.clone()))
    }
}
