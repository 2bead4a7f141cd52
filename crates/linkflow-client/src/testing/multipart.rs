//! A small `multipart/form-data` reader for the sandbox's upload route.

/// One part of a multipart body.
pub(super) struct Part<'a> {
    pub(super) name: Option<String>,
    pub(super) file_name: Option<String>,
    pub(super) content: &'a [u8],
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header_param(headers: &str, param: &str) -> Option<String> {
    let marker = format!("{param}=\"");
    let start = headers.find(&marker)? + marker.len();
    let end = headers[start..].find('"')? + start;
    Some(headers[start..end].to_owned())
}

/// Splits a `multipart/form-data` body into its parts.
pub(super) fn multipart_parts<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, delimiter.as_bytes())?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_crlf = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest_after_crlf, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&rest_after_crlf[..header_end]).into_owned();
        let content_start = &rest_after_crlf[header_end + 4..];
        let next = find(content_start, format!("\r\n{delimiter}").as_bytes())?;
        parts.push(Part {
            name: header_param(&headers, " name").or_else(|| header_param(&headers, ";name")),
            file_name: header_param(&headers, "filename"),
            content: &content_start[..next],
        });
        rest = &content_start[next + 2 + delimiter.len()..];
    }
    Some(parts)
}
