//! The server loop: accept, match, check credentials, answer, count.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::task::JoinSet;

use super::{MAX_REQUEST_BODY, SandboxRequest, SandboxResponse, Shared};

pub(super) async fn serve<S: Send + 'static>(
    listener: std::net::TcpListener,
    shared: Arc<Shared<S>>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(%error, "the sandbox could not listen");
            return;
        }
    };
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let shared = Arc::clone(&shared);
                    connections.spawn(async move {
                        let service = service_fn(move |request| {
                            let shared = Arc::clone(&shared);
                            async move { Ok::<_, Infallible>(answer(&shared, request).await) }
                        });
                        // A client that hangs up mid-request is not the sandbox's problem.
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                Err(error) => tracing::warn!(%error, "the sandbox could not accept a connection"),
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    // Dropping the set aborts every open connection.
    connections.abort_all();
}

async fn answer<S>(shared: &Shared<S>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    shared.total.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            return into_http(SandboxResponse::text(
                400,
                format!("sandbox: could not read the request body: {error}"),
            ));
        }
    };
    let mut request = SandboxRequest::new(
        parts.method,
        parts.uri.path().to_owned(),
        parts.uri.query().map(str::to_owned),
        parts.headers,
        body,
    );

    let found = shared.routes.iter().enumerate().find_map(|(index, route)| {
        if route.method != request.method {
            return None;
        }
        route
            .pattern
            .matches(&request.path)
            .map(|params| (index, route, params))
    });
    let Some((index, route, params)) = found else {
        shared.unmatched.fetch_add(1, Ordering::SeqCst);
        tracing::warn!(request = %request.describe(), sandbox = %shared.name, "no sandbox route");
        return into_http(not_found(shared, &request));
    };
    if let Some(count) = shared.counts.get(index) {
        count.fetch_add(1, Ordering::SeqCst);
    }
    request.params = params;
    request.route = Some(route.pattern.text().to_owned());

    let response = {
        let mut state = shared.lock_state();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if route.protected
                && let Some(check) = &shared.credentials
                && let Err(rejection) = check(&request, &mut state)
            {
                shared.rejected.fetch_add(1, Ordering::SeqCst);
                return rejection;
            }
            (route.handler)(&request, &mut state)
        }));
        outcome.unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            SandboxResponse::text(
                500,
                format!(
                    "sandbox ({}): the handler for {} {} panicked: {message}",
                    shared.name,
                    route.method,
                    route.pattern.text()
                ),
            )
        })
    };
    if !response.parts.delay.is_zero() {
        tokio::time::sleep(response.parts.delay).await;
    }
    into_http(response)
}

fn not_found<S>(shared: &Shared<S>, request: &SandboxRequest) -> SandboxResponse {
    let mut text = format!(
        "sandbox ({}): no route for {}\n",
        shared.name,
        request.describe()
    );
    let same_path: Vec<&str> = shared
        .routes
        .iter()
        .filter(|r| r.pattern.matches(&request.path).is_some())
        .map(|r| r.method.as_str())
        .collect();
    if !same_path.is_empty() {
        let _ = writeln!(text, "this path exists for: {}", same_path.join(", "));
    }
    text.push_str("routes:\n");
    for route in &shared.routes {
        let _ = writeln!(
            text,
            "  {:<6} {}",
            route.method.as_str(),
            route.pattern.text()
        );
    }
    SandboxResponse::text(404, text)
}

fn into_http(response: SandboxResponse) -> Response<Full<Bytes>> {
    let parts = *response.parts;
    let mut http = Response::new(Full::new(parts.body));
    *http.status_mut() = parts.status;
    *http.headers_mut() = parts.headers;
    http
}
