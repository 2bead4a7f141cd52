//! Sandbox base: fixtures, computed responses, credentials, state, readable 404, counts, shutdown.

use std::time::Duration;

use client_core::sandbox::{Method, Sandbox, SandboxResponse};

const CONTACT: &str = r#"{"id":7,"name":"张三","price":100.240}"#;

fn client() -> reqwest::Client {
    // The workspace builds reqwest without a default TLS provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[derive(Default)]
struct State {
    issued: u32,
    imported: Vec<String>,
}

fn linkflow_like() -> Sandbox<State> {
    Sandbox::builder(State::default())
        .name("linkflow-like")
        .credentials(|request, state: &mut State| match request.header("x-openapi-token") {
            Some(token) if token == format!("token-{}", state.issued) => Ok(()),
            _ => Err(SandboxResponse::json_text(
                401,
                r#"{"domain":"linkflow","code":"B00001","message":"invalid token"}"#,
            )),
        })
        .open_route(Method::GET, "/token", |request, state| {
            if request.header("x-openapi-secret") != Some("secret") {
                return SandboxResponse::json_text(403, r#"{"code":"B00002"}"#);
            }
            // Every call rotates the token.
            state.issued += 1;
            SandboxResponse::json(
                200,
                &serde_json::json!({"expiration": "2099-01-01 00:00:00", "token": format!("token-{}", state.issued)}),
            )
        })
        .fixture(Method::GET, "/open/contacts/{id}", CONTACT)
        .route(Method::POST, "/open/groups/{groupId}/contacts", |request, state| {
            let body: serde_json::Value = match request.json() {
                Ok(body) => body,
                Err(rejection) => return rejection,
            };
            state.imported.push(format!("{}:{}", request.param("groupId").unwrap_or("?"), body["name"]));
            let size = request.query("size").unwrap_or("20").to_owned();
            SandboxResponse::json(200, &serde_json::json!({"size": size, "count": state.imported.len()}))
                .header("x-request-id", "req-1")
        })
        .start()
        .unwrap()
}

#[tokio::test]
async fn serves_fixtures_and_computed_responses_behind_credentials() {
    let sandbox = linkflow_like();
    let http = client();

    // The token endpoint checks its own credentials and rotates tokens.
    let token: serde_json::Value = http
        .get(sandbox.url("/token"))
        .header("X-OpenApi-Key", "key")
        .header("X-OpenApi-Secret", "secret")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(token["token"], "token-1");

    let contact = http
        .get(sandbox.url("/open/contacts/7"))
        .header("X-OpenApi-Token", "token-1")
        .send()
        .await
        .unwrap();
    assert_eq!(contact.status(), 200);
    assert_eq!(
        contact.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    assert_eq!(contact.text().await.unwrap(), CONTACT);

    let created = http
        .post(sandbox.url("/open/groups/42/contacts?size=500"))
        .header("X-OpenApi-Token", "token-1")
        .json(&serde_json::json!({"name": "李四"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    assert_eq!(created.headers()["x-request-id"], "req-1");
    let body: serde_json::Value = created.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"size": "500", "count": 1}));
    sandbox.with_state(|state| assert_eq!(state.imported, vec![r#"42:"李四""#.to_owned()]));

    // A stale token is rejected by the vendor's hook.
    let rejected = http
        .get(sandbox.url("/open/contacts/7"))
        .header("X-OpenApi-Token", "token-0")
        .send()
        .await
        .unwrap();
    assert_eq!(rejected.status(), 401);
    assert!(rejected.text().await.unwrap().contains("B00001"));

    assert_eq!(sandbox.requests(), 4);
    assert_eq!(sandbox.hits(Method::GET, "/token"), 1);
    assert_eq!(sandbox.hits(Method::GET, "/open/contacts/{id}"), 2);
    assert_eq!(
        sandbox.hits(Method::POST, "/open/groups/{groupId}/contacts"),
        1
    );
    assert_eq!(sandbox.hits(Method::DELETE, "/token"), 0);
    assert_eq!(sandbox.rejected(), 1);
    assert_eq!(sandbox.unmatched(), 0);
    sandbox.reset_counts();
    assert_eq!(sandbox.requests(), 0);
}

#[tokio::test]
async fn an_unmatched_request_gets_a_readable_404() {
    let sandbox = linkflow_like();
    let response = client()
        .get(sandbox.url("/open/contact/7?size=1&page=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let text = response.text().await.unwrap();
    assert!(
        text.contains("sandbox (linkflow-like): no route for GET /open/contact/7?size=1&page=0"),
        "{text}"
    );
    assert!(text.contains("GET    /open/contacts/{id}"), "{text}");

    let response = client().delete(sandbox.url("/token")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let text = response.text().await.unwrap();
    assert!(text.contains("no route for DELETE /token"), "{text}");
    assert!(text.contains("this path exists for: GET"), "{text}");
    assert_eq!(sandbox.unmatched(), 2);
}

#[tokio::test]
async fn a_bad_body_or_a_panicking_handler_answers_readably() {
    let sandbox = Sandbox::builder(())
        .route(
            Method::POST,
            "/json",
            |request, _| match request.json::<serde_json::Value>() {
                Ok(_) => SandboxResponse::status(204),
                Err(rejection) => rejection,
            },
        )
        .route(Method::GET, "/panic", |_, _| panic!("fixture missing"))
        .route(Method::GET, "/bad-header", |_, _| {
            SandboxResponse::status(200).header("bad header", "x")
        })
        .start()
        .unwrap();
    let http = client();
    let response = http
        .post(sandbox.url("/json"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not the expected JSON")
    );

    let response = http.get(sandbox.url("/panic")).send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("GET /panic panicked: fixture missing")
    );

    let response = http.get(sandbox.url("/bad-header")).send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("invalid header `bad header`")
    );

    // The server survives both.
    let response = http
        .post(sandbox.url("/json"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn form_bodies_and_delays() {
    let sandbox = Sandbox::builder(())
        .route(Method::POST, "/oauth/token", |request, _| {
            // Wukong: the token may come in the form body or the query.
            let token = request.field("access_token").unwrap_or_default();
            let form = request.form();
            SandboxResponse::json(
                200,
                &serde_json::json!({"token": token, "fields": form.len()}),
            )
        })
        .route(Method::GET, "/slow", |_, _| {
            SandboxResponse::text(200, "late").delay(Duration::from_millis(300))
        })
        .start()
        .unwrap();
    let http = client();
    let body: serde_json::Value = http
        .post(sandbox.url("/oauth/token"))
        .form(&[("access_token", "a b"), ("wk_uid", "9")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, serde_json::json!({"token": "a b", "fields": 2}));

    let slow = http
        .get(sandbox.url("/slow"))
        .timeout(Duration::from_millis(50))
        .send()
        .await;
    assert!(slow.unwrap_err().is_timeout());
}

#[tokio::test]
async fn the_server_stops_when_dropped() {
    let sandbox = linkflow_like();
    let addr = sandbox.addr();
    let http = client();
    // Keep a pooled connection open to check it is closed too.
    http.get(sandbox.url("/token")).send().await.unwrap();
    drop(sandbox);
    let refused = tokio::net::TcpStream::connect(addr).await;
    assert!(refused.is_err(), "the port still accepts connections");
    let error = http
        .get(format!("http://{addr}/token"))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect() || error.is_request(), "{error:?}");
}

#[test]
fn an_invalid_route_pattern_fails_start() {
    let error = Sandbox::builder(())
        .route(Method::GET, "open/contacts", |_, _| {
            SandboxResponse::status(200)
        })
        .start()
        .unwrap_err();
    assert!(error.is_config());
    assert!(error.to_string().contains("must start with `/`"), "{error}");
}

#[test]
fn works_without_an_async_runtime() {
    // The sandbox has its own thread and runtime: a blocking client can use it.
    let sandbox = Sandbox::builder(())
        .fixture(Method::GET, "/ping", "{}")
        .start()
        .unwrap();
    let mut stream = std::net::TcpStream::connect(sandbox.addr()).unwrap();
    use std::io::{Read, Write};
    stream
        .write_all(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.ends_with("{}"), "{response}");
    assert_eq!(sandbox.hits(Method::GET, "/ping"), 1);
}

// ----- end to end: transport + token cache + sandbox ------------------------------------------

mod end_to_end {
    use std::sync::Arc;

    use async_trait::async_trait;
    use client_core::sandbox::{Method, Sandbox, SandboxResponse};
    use client_core::time::VendorTime;
    use client_core::token::{Token, TokenCache, TokenRequest, fetcher_fn};
    use client_core::transport::{OutgoingRequest, Request, Transport, TransportBuilder, Vendor};
    use client_core::{Error, Result};
    use http::{HeaderName, StatusCode};
    use secrecy::ExposeSecret;

    #[derive(Default)]
    struct Server {
        issued: u32,
        /// Tokens the server no longer accepts (simulates an early server-side expiry).
        revoked_below: u32,
    }

    fn sandbox() -> Sandbox<Server> {
        Sandbox::builder(Server::default())
            .name("linkflow-like")
            .credentials(|request, state: &mut Server| {
                let number = request
                    .header("x-openapi-token")
                    .and_then(|t| t.strip_prefix("token-"))
                    .and_then(|n| n.parse::<u32>().ok());
                match number {
                    Some(n) if n <= state.issued && n >= state.revoked_below => Ok(()),
                    _ => Err(SandboxResponse::json_text(401, r#"{"code":"B00001"}"#)),
                }
            })
            .open_route(Method::GET, "/token", |_, state| {
                state.issued += 1;
                SandboxResponse::json(
                    200,
                    &serde_json::json!({"expiration": "2099-12-31 23:59:59", "token": format!("token-{}", state.issued)}),
                )
            })
            .fixture(Method::GET, "/open/contacts/{id}", super::CONTACT)
            .start()
            .unwrap()
    }

    struct LinkflowLike {
        tokens: TokenCache,
    }

    #[async_trait]
    impl Vendor for LinkflowLike {
        fn name(&self) -> &'static str {
            "linkflow-like"
        }

        async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
            let token = self.tokens.token().await?;
            request.set_secret_header(
                HeaderName::from_static("x-openapi-token"),
                token.access().expose_secret(),
            )?;
            request.set_credential_generation(token.generation());
            Ok(())
        }

        fn is_token_error(&self, error: &Error) -> bool {
            error.status() == Some(StatusCode::UNAUTHORIZED)
        }

        fn invalidate_credentials(&self, generation: Option<u64>) {
            match generation {
                Some(generation) => {
                    self.tokens.invalidate_if(generation);
                }
                None => self.tokens.invalidate(),
            }
        }
    }

    fn client(sandbox: &Sandbox<Server>) -> Transport<LinkflowLike> {
        let http = super::client();
        let token_url = sandbox.url("/token");
        let fetcher = fetcher_fn(move |_request: TokenRequest| {
            let (http, token_url) = (http.clone(), token_url.clone());
            async move {
                let body: serde_json::Value = http
                    .get(&token_url)
                    .send()
                    .await
                    .map_err(|e| Error::auth("token request failed").with_source(e))?
                    .json()
                    .await
                    .map_err(|e| Error::auth("token response unreadable").with_source(e))?;
                let expiration: VendorTime = body["expiration"]
                    .as_str()
                    .unwrap_or_default()
                    .parse()
                    .map_err(|e| Error::auth("bad expiration").with_source(e))?;
                Ok(Token::new(
                    body["token"].as_str().unwrap_or_default().to_owned(),
                    expiration.instant(),
                ))
            }
        });
        TransportBuilder::new("it/0")
            .base_url(sandbox.base_url())
            .build(LinkflowLike {
                tokens: TokenCache::new(fetcher),
            })
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_four_concurrent_calls_fetch_one_token() {
        let sandbox = sandbox();
        let transport = Arc::new(client(&sandbox));
        let calls = (0..64).map(|_| {
            let transport = Arc::clone(&transport);
            tokio::spawn(async move {
                transport
                    .execute::<serde_json::Value>(Request::get("contacts.get", "/open/contacts/7"))
                    .await
            })
        });
        for call in futures::future::join_all(calls).await {
            assert_eq!(call.unwrap().unwrap()["id"], 7);
        }
        assert_eq!(sandbox.hits(Method::GET, "/token"), 1);
        assert_eq!(sandbox.hits(Method::GET, "/open/contacts/{id}"), 64);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_rejected_token_is_refreshed_once_and_the_calls_replayed() {
        let sandbox = sandbox();
        let transport = Arc::new(client(&sandbox));
        transport
            .execute::<serde_json::Value>(Request::get("contacts.get", "/open/contacts/7"))
            .await
            .unwrap();
        // The server drops token-1 early; 16 concurrent calls all fail on it once.
        sandbox.with_state(|s| s.revoked_below = 2);
        let calls = (0..16).map(|_| {
            let transport = Arc::clone(&transport);
            tokio::spawn(async move {
                transport
                    .execute::<serde_json::Value>(Request::get("contacts.get", "/open/contacts/7"))
                    .await
            })
        });
        for call in futures::future::join_all(calls).await {
            assert_eq!(call.unwrap().unwrap()["name"], "张三");
        }
        assert_eq!(
            sandbox.hits(Method::GET, "/token"),
            2,
            "one refresh for all sixteen failures"
        );
        assert!(sandbox.rejected() >= 1 && sandbox.rejected() <= 16);
    }
}
