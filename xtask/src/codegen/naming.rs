//! Rust names for vendor names: snake_case fields, UpperCamelCase types, singular array elements.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Names a generated type must never take: the prelude, common std types, and what the generated
/// module imports.
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "DateTime",
    "Debug",
    "Decimal",
    "Default",
    "Deserialize",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "Map",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Utc",
    "Value",
    "Vec",
    "VendorTime",
];

/// Keywords that can be written as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Whether a type name would shadow a prelude, std or imported name.
pub fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name)
}

/// `UpperCamelCase` of a vendor name (`dimRsList` → `DimRsList`).
pub fn type_name(vendor_name: &str) -> String {
    let name = vendor_name.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    }
}

/// The singular of a type name, for the elements of an array field (`OpenIds` → `OpenId`,
/// `Identities` → `Identity`, `DimRsList` → `DimRs`).
pub fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("List").filter(|s| !s.is_empty()) {
        return stem.to_owned();
    }
    if let Some(stem) = name.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if name.ends_with(suffix) {
            return name[..name.len() - 2].to_owned();
        }
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|end| name.ends_with(end));
    match name.strip_suffix('s') {
        Some(stem) if !keeps_s && !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}

/// A snake_case field identifier for a vendor name, escaped where it is a keyword.
pub fn field_ident(vendor_name: &str) -> String {
    let snake = vendor_name.to_snake_case();
    let snake = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{snake}")
    } else {
        snake
    };
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        s if KEYWORDS.contains(&s) => format!("r#{snake}"),
        _ => snake,
    }
}

/// The name serde sees for a Rust field identifier (without `r#`).
pub fn serde_name(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The UpperCamelCase variant name for a union tag value (`salesOrder` → `SalesOrder`).
pub fn variant_name(tag: &str) -> String {
    type_name(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singularises_array_elements() {
        let cases = [
            ("OpenIds", "OpenId"),
            ("Identities", "Identity"),
            ("DimRsList", "DimRs"),
            ("Lines", "Line"),
            ("Messages", "Message"),
            ("Addresses", "Address"),
            ("Status", "Status"),
            ("Datas", "Data"),
            ("Data", "Data"),
            ("List", "List"),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn names_fields_and_types() {
        assert_eq!(field_ident("dateOfBirthday"), "date_of_birthday");
        assert_eq!(field_ident("kh_industry_1"), "kh_industry_1");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("_t"), "t");
        assert_eq!(serde_name("r#type"), "type");
        assert_eq!(type_name("yaxisChartTypeSetting"), "YaxisChartTypeSetting");
        assert_eq!(type_name("lie_biao"), "LieBiao");
        assert!(is_reserved_type("Result") && is_reserved_type("Option"));
        assert!(!is_reserved_type("Contact"));
    }
}
