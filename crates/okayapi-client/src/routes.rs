//! Where requests go: the app's paths in either path style, and the [`Request`] of one call.

use client_core::transport::{Body, Request, RequestOptions};

use crate::auth::{self, NewStyleService, PathStyle};
use crate::form::Pair;

/// Where requests go.
#[derive(Debug)]
pub(crate) struct Routes {
    /// The app name.
    pub(crate) app: String,
    /// The path style requests use.
    pub(crate) style: PathStyle,
    /// With the new path style: whether `s` is sent and signed.
    pub(crate) new_style_service: NewStyleService,
    /// `/api/SVIP/<app>/`
    new_prefix: String,
    /// `SVIP.<app>.`
    old_prefix: String,
    /// Items per page for streams whose parameters set no `perpage`.
    pub(crate) page_size: u32,
}

/// The method a request calls.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'a> {
    /// A method of the configured app (`AGetAndyVarDatas`).
    Method(&'a str),
    /// A full service name (`SVIP.<app>.<Method>`).
    Service(&'a str),
}

impl Routes {
    /// The routes of `app`.
    pub(crate) fn new(
        app: String,
        style: PathStyle,
        new_style_service: NewStyleService,
        page_size: u32,
    ) -> Self {
        Self {
            new_prefix: format!("/api/SVIP/{app}/"),
            old_prefix: format!("SVIP.{app}."),
            app,
            style,
            new_style_service,
            page_size,
        }
    }

    /// The request calling `target` with the form fields `pairs`.
    pub(crate) fn request(
        &self,
        operation: &'static str,
        target: Target<'_>,
        mut pairs: Vec<Pair>,
        safe_to_repeat: bool,
        options: Option<RequestOptions>,
    ) -> Request {
        let service = || match target {
            Target::Method(method) => {
                let mut s = String::with_capacity(self.old_prefix.len() + method.len());
                s.push_str(&self.old_prefix);
                s.push_str(method);
                s
            }
            Target::Service(service) => service.to_owned(),
        };
        let request = match self.style {
            PathStyle::New => {
                let path = match target {
                    Target::Method(method) => {
                        let mut p = String::with_capacity(self.new_prefix.len() + method.len());
                        p.push_str(&self.new_prefix);
                        p.push_str(method);
                        p
                    }
                    Target::Service(service) => format!("/api/{}", service.replace('.', "/")),
                };
                if self.new_style_service == NewStyleService::SendAndSign {
                    pairs.push((auth::SERVICE.to_owned(), service()));
                }
                Request::post(operation, path)
            }
            PathStyle::Old => Request::post(operation, "/").query(auth::SERVICE, service()),
        };
        let request = request
            .body(Body::Form(pairs))
            .safe_to_repeat(safe_to_repeat);
        match options {
            Some(options) => request.options(options),
            None => request,
        }
    }
}

/// Letters, digits, `_` and `-`, not empty.
pub(crate) fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
