//! The fault server: two loopback origins on their own thread, the script of rules, the log.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::arrival::{Arrival, Origin};
use super::faults::Fault;
use super::responder::Responder;
use super::rule::Rule;
use super::wire::{self, WireRequest, WireResponse};
use crate::error::{Error, Result};

/// The longest a stalling fault holds a connection the client does not close.
const MAX_STALL: Duration = Duration::from_secs(60);
/// How long a reset waits after its last write, so the bytes leave before the RST.
const BEFORE_RESET: Duration = Duration::from_millis(30);
/// The size of one piece of a streamed huge body.
const PIECE: usize = 64 * 1024;

struct Shared {
    rules: Mutex<Vec<(Rule, u64)>>,
    log: Mutex<Vec<Arrival>>,
    seq: AtomicU64,
    responder: Responder,
    other_base_url: String,
}

impl Shared {
    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<(Rule, u64)>> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn log(&self) -> std::sync::MutexGuard<'_, Vec<Arrival>> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `request` against every rule it matches; the first rule that applies to it wins.
    fn choose(&self, request: &WireRequest) -> Option<Fault> {
        let mut chosen = None;
        for (rule, count) in self.rules().iter_mut() {
            if rule.matches(&request.method, request.path()) {
                *count = count.saturating_add(1);
                if chosen.is_none() && rule.applies_to(*count) {
                    chosen = Some(rule.fault().clone());
                }
            }
        }
        chosen
    }

    fn record(
        &self,
        origin: Origin,
        request: &WireRequest,
        fault: Option<&Fault>,
        forwarded: bool,
    ) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst).saturating_add(1);
        self.log().push(Arrival {
            origin,
            seq,
            method: request.method.clone(),
            path: request.path().to_owned(),
            query: request.query().map(str::to_owned),
            headers: request.headers.clone(),
            body: request.body.clone(),
            fault: fault.map(Fault::name),
            forwarded,
        });
    }
}

/// A running fault server: the main origin the client talks to, and the other origin that
/// redirects point to. Dropping it stops both and closes every connection.
///
/// It runs on its own thread and runtime, so it works under any test runtime.
pub struct FaultServer {
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server answering through `responder` where no rule applies.
    pub fn start(responder: Responder) -> Result<Self> {
        let main = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Error::io("the fault server could not listen", e))?;
        // Another host is another origin even for a client that compares hosts only; Linux
        // routes all of 127/8 to loopback, elsewhere fall back to another port.
        let other = std::net::TcpListener::bind("127.0.0.2:0")
            .or_else(|_| std::net::TcpListener::bind("127.0.0.1:0"))
            .map_err(|e| Error::io("the fault server could not listen", e))?;
        for listener in [&main, &other] {
            listener
                .set_nonblocking(true)
                .map_err(|e| Error::io("the fault server could not listen", e))?;
        }
        let addr = local_addr(&main)?;
        let other_addr = local_addr(&other)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Error::io("could not start the fault server's runtime", e))?;
        let shared = Arc::new(Shared {
            rules: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
            seq: AtomicU64::new(0),
            responder,
            other_base_url: format!("http://{other_addr}"),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("fault-server".to_owned())
            .spawn(move || runtime.block_on(serve(main, other, serving, stopped)))
            .map_err(|e| Error::io("could not start the fault server's thread", e))?;
        Ok(Self {
            base_url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The main origin, `http://127.0.0.1:<port>` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The other origin that [`Fault::RedirectToOtherOrigin`] points to.
    pub fn other_base_url(&self) -> &str {
        &self.shared.other_base_url
    }

    /// Replaces the script: the rules, in priority order, with their counts at zero.
    pub fn set_rules(&self, rules: impl IntoIterator<Item = Rule>) {
        *self.shared.rules() = rules.into_iter().map(|r| (r, 0)).collect();
    }

    /// Adds a rule after the existing ones.
    pub fn push_rule(&self, rule: Rule) {
        self.shared.rules().push((rule, 0));
    }

    /// Every request that arrived, on both origins, in order.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.shared.log().clone()
    }

    /// The requests that arrived on `origin`.
    pub fn arrivals_at(&self, origin: Origin) -> Vec<Arrival> {
        self.shared
            .log()
            .iter()
            .filter(|a| a.origin == origin)
            .cloned()
            .collect()
    }

    /// How many requests with `method` to `path` were passed to the responder (for a write:
    /// how many times it was applied).
    pub fn applied(&self, method: &str, path: &str) -> usize {
        self.shared
            .log()
            .iter()
            .filter(|a| {
                a.origin == Origin::Main
                    && a.forwarded
                    && a.method.eq_ignore_ascii_case(method)
                    && a.path == path
            })
            .count()
    }

    /// Empties the log (the rules and their counts stay).
    pub fn clear_log(&self) {
        self.shared.log().clear();
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for FaultServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultServer")
            .field("base_url", &self.base_url)
            .field("other_base_url", &self.shared.other_base_url)
            .finish_non_exhaustive()
    }
}

fn local_addr(listener: &std::net::TcpListener) -> Result<SocketAddr> {
    listener
        .local_addr()
        .map_err(|e| Error::io("the fault server has no address", e))
}

async fn serve(
    main: std::net::TcpListener,
    other: std::net::TcpListener,
    shared: Arc<Shared>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let (Ok(main), Ok(other)) = (TcpListener::from_std(main), TcpListener::from_std(other)) else {
        tracing::error!("the fault server could not listen");
        return;
    };
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = main.accept() => if let Ok((stream, _)) = accepted {
                connections.spawn(answer_main(stream, Arc::clone(&shared)));
            },
            accepted = other.accept() => if let Ok((stream, _)) = accepted {
                connections.spawn(answer_other(stream, Arc::clone(&shared)));
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

/// The other origin records what reached it and answers `200 {}`.
async fn answer_other(mut stream: TcpStream, shared: Arc<Shared>) {
    let Ok(request) = wire::read_request(&mut stream).await else {
        return;
    };
    shared.record(Origin::Other, &request, None, false);
    let _ = wire::write_response(&mut stream, &WireResponse::json(200, "{}")).await;
}

/// One request per connection (every answer says `Connection: close`).
async fn answer_main(mut stream: TcpStream, shared: Arc<Shared>) {
    let request = match wire::read_request(&mut stream).await {
        Ok(request) => request,
        Err(wire::ReadError::Closed) => return,
        Err(wire::ReadError::Bad(reason)) => {
            tracing::debug!(%reason, "fault server: unreadable request");
            return;
        }
    };
    let fault = shared.choose(&request);
    let forwarded = fault.as_ref().is_none_or(Fault::forwards);
    shared.record(Origin::Main, &request, fault.as_ref(), forwarded);
    let normal = if forwarded {
        Some(shared.responder.respond(&request).await)
    } else {
        None
    };
    // A client that hangs up is what many faults are for: write errors end the answer quietly.
    let _ = act(&mut stream, &shared, &request, fault, normal).await;
}

async fn act(
    stream: &mut TcpStream,
    shared: &Shared,
    request: &WireRequest,
    fault: Option<Fault>,
    normal: Option<WireResponse>,
) -> std::io::Result<()> {
    let normal = normal.unwrap_or_else(|| WireResponse::json(200, "{}"));
    let half = normal.body.len() / 2;
    let length = u64::try_from(normal.body.len()).unwrap_or(u64::MAX);
    let Some(fault) = fault else {
        return wire::write_response(stream, &normal).await;
    };
    match fault {
        Fault::ResetBeforeStatus => reset(stream).await,
        Fault::ResetAfterHeaders => {
            stream.write_all(&normal.head(length)).await?;
            reset(stream).await
        }
        Fault::ResetMidBody => {
            stream.write_all(&normal.head(length)).await?;
            stream
                .write_all(normal.body.get(..half).unwrap_or_default())
                .await?;
            reset(stream).await
        }
        Fault::ContentLengthLonger { extra } => {
            stream
                .write_all(&normal.head(length.saturating_add(extra)))
                .await?;
            stream.write_all(&normal.body).await?;
            stream.flush().await?;
            stream.shutdown().await
        }
        Fault::SlowLorisHeaders { every_ms } => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            let every = Duration::from_millis(every_ms.max(1));
            let started = tokio::time::Instant::now();
            let mut line = 0_u64;
            while started.elapsed() < MAX_STALL {
                line = line.saturating_add(1);
                stream
                    .write_all(format!("x-slow-{line}: {line}\r\n").as_bytes())
                    .await?;
                tokio::time::sleep(every).await;
            }
            Ok(())
        }
        Fault::StallBody => {
            stream.write_all(&normal.head(length)).await?;
            stream
                .write_all(normal.body.get(..half).unwrap_or_default())
                .await?;
            stream.flush().await?;
            hold_until_closed(stream).await
        }
        Fault::Html200 => {
            let page = "<!DOCTYPE html><html><head><title>Portal</title></head>\
                        <body><h1>Please log in to the network</h1></body></html>";
            wire::write_response(
                stream,
                &WireResponse::new(200, "text/html; charset=utf-8", page),
            )
            .await
        }
        Fault::RedirectToOtherOrigin { status } => {
            let location = format!("{}{}", shared.other_base_url, request.target);
            let answer =
                WireResponse::new(status, "text/plain", "moved").header("location", &location);
            wire::write_response(stream, &answer).await
        }
        Fault::RetryAfter { status, after } => {
            let answer = WireResponse::new(status, "text/plain", "busy, come back later")
                .header("retry-after", &after.value());
            wire::write_response(stream, &answer).await
        }
        Fault::AppliedThen500 => {
            wire::write_response(
                stream,
                &WireResponse::new(500, "text/plain", "internal error after the write"),
            )
            .await
        }
        Fault::HugeBody { bytes } => {
            stream
                .write_all(&WireResponse::json(200, "").head(bytes))
                .await?;
            stream_body(stream, bytes, false).await
        }
        Fault::HugeChunkedBody { bytes } => {
            stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                      transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
                )
                .await?;
            stream_body(stream, bytes, true).await
        }
        Fault::HugeHeaders { bytes } => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            let pad = "a".repeat(1000);
            let mut written = 0_usize;
            let mut line = 0_u64;
            let mut block = String::with_capacity(PIECE + 1100);
            while written < bytes {
                line = line.saturating_add(1);
                let header = format!("x-pad-{line}: {pad}\r\n");
                written = written.saturating_add(header.len());
                block.push_str(&header);
                if block.len() >= PIECE {
                    stream.write_all(block.as_bytes()).await?;
                    block.clear();
                }
            }
            stream.write_all(block.as_bytes()).await?;
            stream
                .write_all(b"content-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                .await?;
            stream.flush().await?;
            stream.shutdown().await
        }
        Fault::InvalidUtf8 => {
            let mut spoiled = normal;
            spoiled.body = spoil_utf8(&spoiled.body);
            wire::write_response(stream, &spoiled).await
        }
        Fault::DeepJson { depth } => {
            wire::write_response(stream, &WireResponse::json(200, "[".repeat(depth))).await
        }
        Fault::Respond(answer) => wire::write_response(stream, &answer).await,
    }
}

/// Resets the connection (RST instead of FIN) once the bytes written so far have left.
async fn reset(stream: &mut TcpStream) -> std::io::Result<()> {
    stream.flush().await?;
    tokio::time::sleep(BEFORE_RESET).await;
    stream.set_zero_linger()?;
    Ok(())
}

/// Keeps the connection open, sending nothing, until the client closes it (or [`MAX_STALL`]).
async fn hold_until_closed(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut sink = [0_u8; 1024];
    let wait = async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    let _ = tokio::time::timeout(MAX_STALL, wait).await;
    Ok(())
}

/// Writes `bytes` bytes of a JSON document (`{"data":"aaaa…"}`), one piece at a time.
async fn stream_body(stream: &mut TcpStream, bytes: u64, chunked: bool) -> std::io::Result<()> {
    let opening = b"{\"data\":\"";
    let closing = b"\"}";
    let piece = vec![b'a'; PIECE];
    let mut left = bytes;
    let first = opening
        .len()
        .min(usize::try_from(left).unwrap_or(usize::MAX));
    write_piece(stream, opening.get(..first).unwrap_or_default(), chunked).await?;
    left = left.saturating_sub(first as u64);
    while left > closing.len() as u64 {
        let take = usize::try_from(left - closing.len() as u64)
            .unwrap_or(usize::MAX)
            .min(PIECE);
        write_piece(stream, piece.get(..take).unwrap_or_default(), chunked).await?;
        left = left.saturating_sub(take as u64);
    }
    let tail = usize::try_from(left).unwrap_or(0).min(closing.len());
    write_piece(stream, closing.get(..tail).unwrap_or_default(), chunked).await?;
    if chunked {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// Writes `data`, framed as one chunk when `chunked` (an empty piece writes nothing, since an
/// empty chunk would end the body).
async fn write_piece(stream: &mut TcpStream, data: &[u8], chunked: bool) -> std::io::Result<()> {
    if data.is_empty() {
        return Ok(());
    }
    if chunked {
        stream
            .write_all(format!("{:x}\r\n", data.len()).as_bytes())
            .await?;
        stream.write_all(data).await?;
        stream.write_all(b"\r\n").await
    } else {
        stream.write_all(data).await
    }
}

/// `body` with `FF FE` inside its first JSON string value (after the first `":"`), or in front.
pub(crate) fn spoil_utf8(body: &[u8]) -> Vec<u8> {
    let at = wire::find(body, b"\":\"").map_or(0, |i| i + 3);
    let mut spoiled = Vec::with_capacity(body.len() + 2);
    spoiled.extend_from_slice(body.get(..at).unwrap_or_default());
    spoiled.extend_from_slice(&[0xFF, 0xFE]);
    spoiled.extend_from_slice(body.get(at..).unwrap_or_default());
    spoiled
}

#[cfg(test)]
mod tests {
    use super::spoil_utf8;

    #[test]
    fn invalid_bytes_go_inside_the_first_string() {
        assert_eq!(
            spoil_utf8(br#"{"a":"b"}"#),
            b"{\"a\":\"\xFF\xFEb\"}".to_vec()
        );
        assert_eq!(spoil_utf8(b"[1]"), b"\xFF\xFE[1]".to_vec());
    }
}
