//! The shapes of contact fields a lead may carry: [`is_mobile`] and [`is_email`].

/// Whether `text` is a mainland China mobile number (`1` + 10 digits, second digit 3–9), with an
/// optional `+86`, `0086` or `86` prefix.
pub fn is_mobile(text: &str) -> bool {
    let t = text.trim();
    let t = t
        .strip_prefix("+86")
        .or_else(|| t.strip_prefix("0086"))
        .or_else(|| {
            if t.len() == 13 {
                t.strip_prefix("86")
            } else {
                None
            }
        })
        .unwrap_or(t)
        .trim_start_matches([' ', '-']);
    let b = t.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// Whether `text` looks like an e-mail address: one `@`, a non-empty local part, a domain with a
/// dot and no empty labels, no spaces, at most 254 characters.
pub fn is_email(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 254 || t.chars().any(char::is_whitespace) {
        return false;
    }
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn mobile_shapes() {
        for ok in [
            "13800138000",
            "+8613800138000",
            "8613800138000",
            "0086 13800138000",
            " 19912345678 ",
        ] {
            assert!(is_mobile(ok), "{ok}");
        }
        for bad in [
            "1380013800",
            "138001380000",
            "12800138000",
            "23800138000",
            "1380013800a",
            "",
        ] {
            assert!(!is_mobile(bad), "{bad}");
        }
    }

    #[test]
    fn email_shapes() {
        assert!(is_email("a.b+c@example.com.cn"));
        for bad in [
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@.com",
            "a@example..com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
