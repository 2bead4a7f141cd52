//! Shared pieces of the hardening tests: a vendor that counts what it does, fast retries, and a
//! raw loopback server for answers httpmock cannot give (streamed bodies, stalls).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use client_core::backoff::{Backoff, Jitter};
use client_core::retry::RetryPolicy;
use client_core::transport::{OutgoingRequest, Payload, RawResponse, Vendor, header_name};
use client_core::{Error, Result};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The secret every hardening test sends, to look for it where it must not be.
pub const CANARY: &str = "canary-7f3a9c";

/// A vendor sending [`CANARY`] as a token header, with `{code, message}` errors and 401 as a
/// token error; counts its hooks.
#[derive(Default)]
pub struct CountingVendor {
    pub authorized: AtomicU64,
    pub invalidated: AtomicU64,
    /// When set, `authorize` fails with this status (a token endpoint that is down).
    pub authorize_fails_with: Option<u16>,
}

#[async_trait]
impl Vendor for CountingVendor {
    fn name(&self) -> &'static str {
        "counting"
    }

    async fn authorize(&self, request: &mut OutgoingRequest) -> Result<()> {
        self.authorized.fetch_add(1, Ordering::SeqCst);
        if let Some(status) = self.authorize_fails_with {
            return Err(Error::api(
                http::StatusCode::from_u16(status).ok(),
                "the token endpoint failed",
            ));
        }
        request.set_secret_header(header_name("x-openapi-token"), CANARY)?;
        request.set_credential_generation(1);
        Ok(())
    }

    fn interpret(&self, _operation: &'static str, response: RawResponse) -> Result<Payload> {
        if response.status.is_success() {
            return Ok(Payload::new(response.body));
        }
        #[derive(serde::Deserialize)]
        struct VendorError {
            message: String,
        }
        let mut error = response.status_error();
        if let Ok(v) = serde_json::from_slice::<VendorError>(&response.body) {
            error = error.with_vendor_message(v.message);
        }
        Err(error)
    }

    fn is_token_error(&self, error: &Error) -> bool {
        error.status() == Some(http::StatusCode::UNAUTHORIZED)
    }

    fn invalidate_credentials(&self, _generation: Option<u64>) {
        self.invalidated.fetch_add(1, Ordering::SeqCst);
    }
}

/// Three attempts, millisecond waits.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Backoff::new(
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
        .with_jitter(Jitter::seeded(1))
}

/// What the raw server answers to one request.
pub enum Reply {
    /// These exact bytes, then the connection closes.
    Bytes(Vec<u8>),
    /// A `200` with a chunked body of `count` copies of `chunk` (streamed, never held whole).
    Chunked { chunk: Vec<u8>, count: usize },
    /// Nothing for this long, then these bytes.
    Stall(Duration, Vec<u8>),
}

/// A loopback HTTP/1.1 server that answers each request by a script, and counts them.
pub struct RawServer {
    pub addr: SocketAddr,
    pub hits: Arc<AtomicUsize>,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// `reply(n)` answers the `n`th request (from 0).
    pub async fn start(reply: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let reply = Arc::new(reply);
        let (h, r) = (hits.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (hits, requests, reply) = (h.clone(), r.clone(), reply.clone());
                tokio::spawn(async move {
                    let Some(text) = read_request(&mut socket).await else {
                        return;
                    };
                    let n = hits.fetch_add(1, Ordering::SeqCst);
                    requests.lock().unwrap().push(text);
                    match reply(n) {
                        Reply::Bytes(bytes) => {
                            let _ = socket.write_all(&bytes).await;
                        }
                        Reply::Chunked { chunk, count } => {
                            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                            if socket.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            let frame = [
                                format!("{:x}\r\n", chunk.len()).into_bytes(),
                                chunk,
                                b"\r\n".to_vec(),
                            ]
                            .concat();
                            for _ in 0..count {
                                if socket.write_all(&frame).await.is_err() {
                                    return;
                                }
                            }
                            let _ = socket.write_all(b"0\r\n\r\n").await;
                        }
                        Reply::Stall(wait, bytes) => {
                            tokio::time::sleep(wait).await;
                            let _ = socket.write_all(&bytes).await;
                        }
                    }
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self {
            addr,
            hits,
            requests,
        }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// The requests received, head and body, as text.
    #[allow(dead_code)]
    pub fn received(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// A complete response with `status`, extra header lines and `body`.
pub fn response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}
