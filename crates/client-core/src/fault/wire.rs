//! HTTP/1.1 on raw sockets: reading a request off a connection, forwarding it, parsing the
//! answer, and writing response heads byte by byte — the control a fault needs and a server
//! library would not give.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// Most bytes of a request head (request line and headers) the server reads.
pub const MAX_REQUEST_HEAD: usize = 256 * 1024;
/// Most bytes of a request body the server reads.
pub const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;
/// Most bytes of an upstream response the server reads.
pub const MAX_UPSTREAM_RESPONSE: usize = 64 * 1024 * 1024;
/// How long forwarding one request upstream may take.
pub const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(10);

/// One request as it arrived, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireRequest {
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// Header names lower-cased, values as received (lossy UTF-8), in order.
    pub headers: Vec<(String, String)>,
    /// The body, with any chunked framing removed.
    pub body: Vec<u8>,
}

impl WireRequest {
    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(p, _)| p)
    }

    /// The query part of the target, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The bytes of this request as sent to an upstream server: same method, target, headers
    /// and body, with `Host` naming `host`, a `Content-Length` and `Connection: close`.
    pub fn to_upstream_bytes(&self, host: &str) -> Vec<u8> {
        let mut out = format!(
            "{} {} HTTP/1.1\r\nhost: {host}\r\n",
            self.method, self.target
        );
        for (name, value) in &self.headers {
            if matches!(
                name.as_str(),
                "host" | "connection" | "content-length" | "transfer-encoding" | "keep-alive"
            ) {
                continue;
            }
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        }
        out.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A parsed response (from the upstream server, or built by the fault server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values, without framing headers (`content-length`,
    /// `transfer-encoding`, `connection`), which the writer sets.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl WireResponse {
    /// A response with `status`, one `content-type` and `body`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(status, "application/json", body)
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// The status line and headers, with `Content-Length: content_length` and
    /// `Connection: close`, ending with the blank line.
    pub fn head(&self, content_length: u64) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push_str("\r\n");
        }
        out.push_str(&format!(
            "content-length: {content_length}\r\nconnection: close\r\n\r\n"
        ));
        out.into_bytes()
    }
}

/// The reason phrase written after `status` (clients ignore it).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection before a request began.
    Closed,
    /// Anything else: too large, malformed, an I/O error.
    Bad(String),
}

/// Reads one request (head and body) from `stream`.
pub(crate) async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
) -> Result<WireRequest, ReadError> {
    let mut buffer = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_REQUEST_HEAD {
            return Err(ReadError::Bad("request head too large".to_owned()));
        }
        let mut chunk = [0_u8; 8192];
        let read = stream
            .read(&mut chunk)
            .await
            .map_err(|e| ReadError::Bad(e.to_string()))?;
        if read == 0 {
            return Err(if buffer.is_empty() {
                ReadError::Closed
            } else {
                ReadError::Bad("connection closed inside the request head".to_owned())
            });
        }
        buffer.extend_from_slice(chunk.get(..read).unwrap_or_default());
    };
    let head = String::from_utf8_lossy(buffer.get(..head_end).unwrap_or_default()).into_owned();
    let mut rest: Vec<u8> = buffer.get(head_end + 4..).unwrap_or_default().to_vec();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(ReadError::Bad(format!("bad request line {request_line:?}")));
    };
    let headers = parse_headers(lines);
    let body = read_body(stream, &headers, &mut rest, MAX_REQUEST_BODY, false).await?;
    Ok(WireRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
    })
}

fn parse_headers<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Reads a body framed by `headers` (`content-length`, chunked, or — for a response,
/// `until_eof` — up to the end of the stream); `already` holds bytes read past the head.
async fn read_body<S: AsyncRead + Unpin>(
    stream: &mut S,
    headers: &[(String, String)],
    already: &mut Vec<u8>,
    max: usize,
    until_eof: bool,
) -> Result<Vec<u8>, ReadError> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let mut raw = std::mem::take(already);
        loop {
            if let Some(body) = dechunk(&raw)? {
                return Ok(body);
            }
            if raw.len() > max {
                return Err(ReadError::Bad("chunked body too large".to_owned()));
            }
            if !read_more(stream, &mut raw).await? {
                return Err(ReadError::Bad(
                    "connection closed inside a chunked body".to_owned(),
                ));
            }
        }
    }
    if let Some(length) = header(headers, "content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| ReadError::Bad(format!("bad content-length {length:?}")))?;
        if length > max {
            return Err(ReadError::Bad("body too large".to_owned()));
        }
        let mut body = std::mem::take(already);
        while body.len() < length {
            if !read_more(stream, &mut body).await? {
                return Err(ReadError::Bad(
                    "connection closed inside the body".to_owned(),
                ));
            }
        }
        body.truncate(length);
        return Ok(body);
    }
    let mut body = std::mem::take(already);
    if until_eof {
        while read_more(stream, &mut body).await? {
            if body.len() > max {
                return Err(ReadError::Bad("body too large".to_owned()));
            }
        }
    }
    Ok(body)
}

async fn read_more<S: AsyncRead + Unpin>(
    stream: &mut S,
    into: &mut Vec<u8>,
) -> Result<bool, ReadError> {
    let mut chunk = [0_u8; 16 * 1024];
    let read = stream
        .read(&mut chunk)
        .await
        .map_err(|e| ReadError::Bad(e.to_string()))?;
    into.extend_from_slice(chunk.get(..read).unwrap_or_default());
    Ok(read > 0)
}

/// The body inside chunked framing, or `None` while the last chunk has not arrived.
fn dechunk(raw: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
    let mut body = Vec::new();
    let mut at = 0_usize;
    loop {
        let Some(line_len) = raw.get(at..).and_then(|rest| find(rest, b"\r\n")) else {
            return Ok(None);
        };
        let line = String::from_utf8_lossy(raw.get(at..at + line_len).unwrap_or_default());
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Bad(format!("bad chunk size {size_text:?}")))?;
        let start = at + line_len + 2;
        if size == 0 {
            return Ok(Some(body));
        }
        let Some(end) = start.checked_add(size) else {
            return Err(ReadError::Bad("chunk size overflows".to_owned()));
        };
        let Some(chunk) = raw.get(start..end) else {
            return Ok(None);
        };
        body.extend_from_slice(chunk);
        at = end + 2;
        if at > raw.len() {
            return Ok(None);
        }
    }
}

/// Sends `request` to the server at `addr` (`host:port`) and reads its whole answer.
pub(crate) async fn forward(request: &WireRequest, addr: &str) -> Result<WireResponse, String> {
    let exchange = async {
        let mut upstream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        upstream
            .write_all(&request.to_upstream_bytes(addr))
            .await
            .map_err(|e| format!("write to {addr}: {e}"))?;
        read_response(&mut upstream).await
    };
    tokio::time::timeout(UPSTREAM_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{addr} did not answer within {UPSTREAM_TIMEOUT:?}"))?
}

/// Reads one whole response from `stream`.
pub(crate) async fn read_response<S: AsyncRead + Unpin>(
    stream: &mut S,
) -> Result<WireResponse, String> {
    let mut buffer = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_REQUEST_HEAD {
            return Err("response head too large".to_owned());
        }
        if !read_more(stream, &mut buffer)
            .await
            .map_err(|e| format!("{e:?}"))?
        {
            return Err("connection closed inside the response head".to_owned());
        }
    };
    let head = String::from_utf8_lossy(buffer.get(..head_end).unwrap_or_default()).into_owned();
    let mut rest: Vec<u8> = buffer.get(head_end + 4..).unwrap_or_default().to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers = parse_headers(lines);
    let body = read_body(stream, &headers, &mut rest, MAX_UPSTREAM_RESPONSE, true)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let headers = headers
        .into_iter()
        .filter(|(n, _)| {
            !matches!(
                n.as_str(),
                "content-length" | "transfer-encoding" | "connection"
            )
        })
        .collect();
    Ok(WireResponse {
        status,
        headers,
        body,
    })
}

/// Writes `response` whole and closes the writing side.
pub(crate) async fn write_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    response: &WireResponse,
) -> std::io::Result<()> {
    let length = u64::try_from(response.body.len()).unwrap_or(u64::MAX);
    stream.write_all(&response.head(length)).await?;
    stream.write_all(&response.body).await?;
    stream.flush().await?;
    stream.shutdown().await
}

/// The position of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunk_waits_for_the_last_chunk_and_joins_the_rest() {
        assert_eq!(dechunk(b"3\r\nabc\r\n").unwrap_or_default(), None);
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n")
                .ok()
                .flatten(),
            Some(b"abcde".to_vec())
        );
        assert!(dechunk(b"zz\r\n").is_err());
        assert!(dechunk(b"ffffffffffffffffff\r\n").is_err());
    }

    #[tokio::test]
    async fn a_request_with_a_body_is_read_and_re_framed_for_upstream() {
        let raw = b"POST /a/b?x=1 HTTP/1.1\r\nHost: h\r\nX-Key: v\r\ncontent-length: 3\r\n\r\nabc";
        let mut reader: &[u8] = raw;
        let request = read_request(&mut reader)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.method, "POST");
        assert_eq!(request.path(), "/a/b");
        assert_eq!(request.query(), Some("x=1"));
        assert_eq!(request.body, b"abc");
        assert_eq!(
            String::from_utf8_lossy(&request.to_upstream_bytes("up:1")),
            "POST /a/b?x=1 HTTP/1.1\r\nhost: up:1\r\nx-key: v\r\ncontent-length: 3\r\nconnection: close\r\n\r\nabc"
        );
    }
}
