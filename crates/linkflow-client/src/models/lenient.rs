//! Tolerant serde helpers for the hand-written report types (see `reports.rs` for why they stay
//! hand-written): numbers that may arrive as numeric strings, and `null` where a value is
//! expected. The generated models get the same tolerance from the manifest (`lenient_scalars`).

/// `Option<i64>`: a number or a numeric string (the document types some counts as String and
/// sends numbers), `null` / `""` / absent as `None`.
pub(crate) mod opt_i64 {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(value: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Text(String),
        }
        match Option::<Raw>::deserialize(d)? {
            None => Ok(None),
            Some(Raw::Int(v)) => Ok(Some(v)),
            Some(Raw::Float(v)) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                // An integral float (`1.0`): exact below 2^53.
                #[allow(clippy::cast_possible_truncation)]
                Ok(Some(v as i64))
            }
            Some(Raw::Float(v)) => {
                Err(serde::de::Error::custom(format!("`{v}` is not an integer")))
            }
            Some(Raw::Text(t)) if t.trim().is_empty() => Ok(None),
            Some(Raw::Text(t)) => t.trim().parse().map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// Any `T: Default`: `null` decodes as `T::default()` (pair with `#[serde(default)]` for absent).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    use serde::Deserialize as _;
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
