//! What the fault server does to a request instead of answering it normally.

use super::wire::WireResponse;

/// A `Retry-After` value a [`Fault::RetryAfter`] sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryAfter {
    /// Delay-seconds, e.g. `1`.
    Seconds(u64),
    /// An HTTP date this many seconds after the moment the answer is written.
    HttpDateIn(u64),
    /// Any text, sent as is (huge numbers, negative numbers, garbage).
    Raw(String),
}

impl RetryAfter {
    /// The header value, computed now.
    pub fn value(&self) -> String {
        match self {
            Self::Seconds(seconds) => seconds.to_string(),
            Self::HttpDateIn(seconds) => {
                let offset = chrono::TimeDelta::seconds(i64::try_from(*seconds).unwrap_or(0));
                let at = chrono::Utc::now()
                    .checked_add_signed(offset)
                    .unwrap_or_else(chrono::Utc::now);
                at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
            }
            Self::Raw(text) => text.clone(),
        }
    }
}

/// One way of answering a request badly.
///
/// "Forwarded" faults first pass the request to the normal responder — so a write **is
/// applied** and the log records it — and then spoil the answer; the others never reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Reads the request, then resets the connection (RST) before any byte of the answer. Not
    /// forwarded.
    ResetBeforeStatus,
    /// Forwarded; writes the status line and headers, then resets the connection.
    ResetAfterHeaders,
    /// Forwarded; writes the head and half the body, then resets the connection.
    ResetMidBody,
    /// Forwarded; announces a `Content-Length` `extra` bytes longer than the body it writes,
    /// then closes the connection normally.
    ContentLengthLonger {
        /// How many bytes are promised and never sent.
        extra: u64,
    },
    /// Not forwarded; writes a status line, then one header line every `every_ms` and never
    /// finishes the head (until the client hangs up, or 60 s).
    SlowLorisHeaders {
        /// Milliseconds between header lines.
        every_ms: u64,
    },
    /// Forwarded; writes the head and half the body, then sends nothing more (until the client
    /// hangs up, or 60 s).
    StallBody,
    /// Not forwarded; a `200` with an HTML page (a captive portal, a proxy's error page).
    Html200,
    /// Not forwarded; a redirect with this status whose `Location` is the same path and query
    /// on the server's *other origin*, which records whatever reaches it.
    RedirectToOtherOrigin {
        /// 301, 302, 303, 307 or 308.
        status: u16,
    },
    /// Not forwarded; `status` (429, 503) with this `Retry-After`.
    RetryAfter {
        /// The status code.
        status: u16,
        /// The header value.
        after: RetryAfter,
    },
    /// Forwarded — the write is applied and recorded — then answered `500`.
    AppliedThen500,
    /// Not forwarded; a `200` JSON body of `bytes` bytes, streamed in 64 KiB pieces (never held
    /// in memory), for as long as the client reads.
    HugeBody {
        /// The announced and streamed length.
        bytes: u64,
    },
    /// Not forwarded; like [`Fault::HugeBody`] but sent with `Transfer-Encoding: chunked` and no
    /// `Content-Length`, so a client learns the size only by reading (64 KiB chunks).
    HugeChunkedBody {
        /// The streamed length (not announced).
        bytes: u64,
    },
    /// Not forwarded; a `200` whose head carries about `bytes` bytes of headers.
    HugeHeaders {
        /// Total size of the padding headers.
        bytes: usize,
    },
    /// Forwarded; the answer's body with two bytes that are not UTF-8 (`FF FE`) put inside its
    /// first JSON string (or in front, when it has none).
    InvalidUtf8,
    /// Not forwarded; a `200` JSON body of `depth` nested arrays (`[[[[…`).
    DeepJson {
        /// How many `[`.
        depth: usize,
    },
    /// Not forwarded; this answer, exactly (a vendor's expired token, a token-rejected error).
    Respond(WireResponse),
}

impl Fault {
    /// Whether the request is passed to the normal responder first (a write is applied).
    pub fn forwards(&self) -> bool {
        matches!(
            self,
            Self::ResetAfterHeaders
                | Self::ResetMidBody
                | Self::ContentLengthLonger { .. }
                | Self::StallBody
                | Self::AppliedThen500
                | Self::InvalidUtf8
        )
    }

    /// A short name for logs and reports.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ResetBeforeStatus => "reset before status",
            Self::ResetAfterHeaders => "reset after headers",
            Self::ResetMidBody => "reset mid-body",
            Self::ContentLengthLonger { .. } => "content-length longer than body",
            Self::SlowLorisHeaders { .. } => "headers never finish",
            Self::StallBody => "body stalls",
            Self::Html200 => "HTML 200",
            Self::RedirectToOtherOrigin { .. } => "redirect to other origin",
            Self::RetryAfter { .. } => "retry-after",
            Self::AppliedThen500 => "500 after applying",
            Self::HugeBody { .. } => "huge body",
            Self::HugeChunkedBody { .. } => "huge chunked body",
            Self::HugeHeaders { .. } => "huge headers",
            Self::InvalidUtf8 => "invalid UTF-8",
            Self::DeepJson { .. } => "deeply nested JSON",
            Self::Respond(_) => "canned answer",
        }
    }
}
