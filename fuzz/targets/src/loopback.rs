//! A canned-answer HTTP/1.1 server on `127.0.0.1`, for targets whose parser is reachable only
//! through a client call (Wukong's envelope, OkayAPI's envelope, `_auth` and form encoding).
//!
//! One server per target lives for the whole process (libFuzzer calls a target many times in
//! one process), keeps connections alive, answers every request with the reply set last (or a
//! fixed reply for a path prefix, such as a token endpoint) and records what arrived, so a target
//! can assert on the exact request the client sent. It is deliberately minimal: `Content-Length`
//! bodies only, no chunked encoding, since the clients under test send nothing else.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;

/// The most header bytes one request may have (the clients send a few hundred).
const MAX_HEAD: usize = 64 * 1024;

/// A request as it arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target: path and query as sent.
    pub target: String,
    /// The headers, names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// The first header named `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A status and a body.
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    body: Vec<u8>,
}

#[derive(Debug, Default)]
struct State {
    reply: Option<Reply>,
    fixed: Vec<(String, Reply)>,
    received: Vec<Received>,
}

/// The server; see the module docs. Dropping it leaves the accept thread running until the
/// process exits (targets keep one for the process's lifetime).
#[derive(Debug, Clone)]
pub struct Loopback {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Loopback {
    /// Binds `127.0.0.1:0` and serves from a background thread.
    ///
    /// # Panics
    ///
    /// When the loopback interface cannot be bound: a harness failure, not a finding.
    #[allow(clippy::expect_used)] // harness set-up; a target cannot run without it
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &state));
            }
        });
        Self { addr, state }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers every request (except fixed paths) with `status` and `body` from now on, and
    /// forgets what arrived before.
    pub fn reply(&self, status: u16, body: &[u8]) {
        let mut state = lock(&self.state);
        state.reply = Some(Reply {
            status,
            body: body.to_vec(),
        });
        state.received.clear();
    }

    /// Answers requests whose target starts with `prefix` with `status` and `body`, always.
    pub fn fixed(&self, prefix: &str, status: u16, body: &[u8]) {
        lock(&self.state).fixed.push((
            prefix.to_owned(),
            Reply {
                status,
                body: body.to_vec(),
            },
        ));
    }

    /// The requests that arrived since the last [`Loopback::reply`].
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves one keep-alive connection until the client closes it or sends something unreadable.
fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let reply = {
            let mut state = lock(state);
            let reply = state
                .fixed
                .iter()
                .find(|(prefix, _)| request.target.starts_with(prefix.as_str()))
                .map(|(_, r)| r.clone())
                .or_else(|| state.reply.clone())
                .unwrap_or(Reply {
                    status: 500,
                    body: b"no reply scripted".to_vec(),
                });
            state.received.push(request);
            reply
        };
        let head = format!(
            "HTTP/1.1 {} Fuzz\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            reply.status,
            reply.body.len()
        );
        if writer.write_all(head.as_bytes()).is_err()
            || writer.write_all(&reply.body).is_err()
            || writer.flush().is_err()
        {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    let mut head_len = 0usize;
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    let mut content_length = 0usize;
    loop {
        let mut header = String::new();
        let n = reader.read_line(&mut header).ok()?;
        head_len = head_len.saturating_add(n);
        if n == 0 || head_len > MAX_HEAD {
            return None;
        }
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_owned();
        if name == "content-length" {
            content_length = value.parse().ok()?;
        }
        headers.push((name, value));
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}
