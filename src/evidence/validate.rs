//! The one validator of contacts and links taken from the repository (Security Insights,
//! security policies, the Insights draft): an address or a URL counts as evidence only
//! when it is well formed. `a@.`, `<script>x@y.z w`, `javascript:alert(1)` and
//! `https://` alone are not contacts.

/// A well-formed e-mail address (RFC 5321 shape, ASCII): a dot-atom local part of at most
/// 64 characters, `@`, and a domain of at least two labels (letters, digits, inner
/// hyphens; at most 63 each) whose last is alphabetic (or an IDNA `xn--` label), at most
/// 254 characters in all. `a@.`, `x@y`, `<b>@x.y z` are not addresses.
pub fn is_address(v: &str) -> bool {
    if v.len() > 254 {
        return false;
    }
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    let atom = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atom));
    local_ok && is_domain(domain)
}

/// A DNS name of at least two labels whose last is a top-level domain.
pub fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    if labels.len() < 2 || d.len() > 253 {
        return false;
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld = labels.last().copied().unwrap_or("");
    labels.iter().all(|l| label_ok(l))
        && tld.len() >= 2
        && (tld.chars().all(|c| c.is_ascii_alphabetic()) || tld.starts_with("xn--"))
}

/// An `http` or `https` URL with a host that is a DNS name (or an IP address), and no
/// whitespace, control character or credentials: `javascript:`, `data:`, `mailto:`,
/// `https://` alone and `https://x y` are not web URLs.
pub fn is_web_url(v: &str) -> bool {
    if v.len() > 2048 || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return false;
    }
    let Ok(u) = url::Url::parse(v) else {
        return false;
    };
    if !u.username().is_empty() || u.password().is_some() {
        return false;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => is_domain(d.trim_end_matches('.')),
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_contacts_are_refused() {
        for bad in [
            "a@.",
            "<script>x@x.y z",
            "x@y",
            "@x.org",
            "a@b.c",
            "a b@x.org",
            "a@-x.org",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
        for ok in ["security@example.org", "a.b+c@sub.example.co.uk"] {
            assert!(is_address(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https://x y",
            "data:text/html,x",
            "https://u:p@x.org/",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
        assert!(is_web_url("https://hackerone.com/acme"));
    }

    proptest::proptest! {
        #[test]
        fn an_address_has_one_at_and_a_dotted_domain(s in ".{0,80}") {
            if is_address(&s) {
                let (local, domain) = s.rsplit_once('@').unwrap_or(("", ""));
                proptest::prop_assert!(!local.is_empty() && domain.contains('.'));
                proptest::prop_assert!(!s.chars().any(char::is_whitespace));
            }
            if is_web_url(&s) {
                proptest::prop_assert!(s.to_ascii_lowercase().starts_with("http"));
            }
        }
    }
}
