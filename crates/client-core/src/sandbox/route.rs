//! Route patterns: `/open/groups/{groupId}/contacts`, with an optional final `{*rest}`.

use std::fmt;

use http::Method;

use super::Handler;

pub(super) struct Route<S> {
    pub(super) method: Method,
    pub(super) pattern: Pattern,
    pub(super) protected: bool,
    pub(super) handler: Box<Handler<S>>,
}

impl<S> fmt::Debug for Route<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.pattern.text)?;
        if !self.protected {
            f.write_str(" (open)")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
    Rest(String),
}

#[derive(Debug, Clone)]
pub(super) struct Pattern {
    text: String,
    segments: Vec<Segment>,
}

impl Pattern {
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err("must start with `/`".into());
        };
        let parts: Vec<&str> = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').collect()
        };
        let mut segments = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let segment = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => match name.strip_prefix('*') {
                    Some(rest_name) if i + 1 == parts.len() && !rest_name.is_empty() => {
                        Segment::Rest(rest_name.to_owned())
                    }
                    Some(_) => return Err("`{*name}` must be the last segment and named".into()),
                    None if name.is_empty() || name.contains(['{', '}']) => {
                        return Err(format!("bad parameter `{part}`"));
                    }
                    None => Segment::Param(name.to_owned()),
                },
                None if part.contains(['{', '}']) => {
                    return Err(format!("a parameter must be a whole segment: `{part}`"));
                }
                None => Segment::Literal((*part).to_owned()),
            };
            segments.push(segment);
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The parameters if `path` matches.
    pub(super) fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let rest = path.strip_prefix('/')?;
        let mut parts = rest.split('/');
        if rest.is_empty() {
            // `/` has no segments (splitting "" yields one empty string).
            parts.next();
        }
        let mut params = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(literal) => {
                    if parts.next()? != literal {
                        return None;
                    }
                }
                Segment::Param(name) => {
                    let value = parts.next()?;
                    if value.is_empty() {
                        return None;
                    }
                    params.push((name.clone(), value.to_owned()));
                }
                Segment::Rest(name) => {
                    let remaining: Vec<&str> = parts.by_ref().collect();
                    params.push((name.clone(), remaining.join("/")));
                }
            }
        }
        if parts.next().is_some() {
            return None;
        }
        Some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_params() {
        let p = Pattern::parse("/open/groups/{groupId}/contacts").unwrap();
        assert_eq!(
            p.matches("/open/groups/42/contacts"),
            Some(vec![("groupId".to_owned(), "42".to_owned())])
        );
        assert_eq!(p.matches("/open/groups/42/contacts/"), None);
        assert_eq!(p.matches("/open/groups//contacts"), None);
        assert_eq!(p.matches("/open/groups/42"), None);
        let root = Pattern::parse("/").unwrap();
        assert_eq!(root.matches("/"), Some(vec![]));
        assert_eq!(root.matches("/x"), None);
    }

    #[test]
    fn rest_takes_the_remainder() {
        let p = Pattern::parse("/files/{*path}").unwrap();
        assert_eq!(
            p.matches("/files/a/b.json"),
            Some(vec![("path".to_owned(), "a/b.json".to_owned())])
        );
        assert_eq!(
            p.matches("/files"),
            Some(vec![("path".to_owned(), String::new())])
        );
    }

    #[test]
    fn rejects_bad_patterns() {
        assert!(Pattern::parse("token").is_err());
        assert!(Pattern::parse("/a/{*rest}/b").is_err());
        assert!(Pattern::parse("/a/x{id}").is_err());
        assert!(Pattern::parse("/a/{}").is_err());
    }
}
