//! `fixtures/<vendor>/manifest.toml`: the operations, their fixtures and the overrides.
//!
//! The format is described in `docs/codegen.md`; unknown keys are rejected so that a typo in a
//! manifest fails loudly instead of being ignored.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::ty::{ExternalTy, Ty};

/// One vendor's manifest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The vendor's directory name under `fixtures/`.
    pub vendor: String,
    /// The crate (a directory under `crates/`, and the package name) that receives the models.
    #[serde(rename = "crate")]
    pub krate: String,
    /// A title for the generated module's documentation.
    pub title: String,
    /// The vendor document the fixtures come from.
    pub source: String,
    /// JSON pointer to the model inside each response body (`/data` for an envelope).
    #[serde(default)]
    pub payload: String,
    /// `false` (the default): response types are tolerant — a field is `Option` unless the
    /// manifest marks it `required`, and arrays and maps default to empty. `true`: response
    /// fields follow the samples like request fields do (a field every sample has is required).
    #[serde(default)]
    pub strict_responses: bool,
    /// `true`: in tolerant response types an optional `time` or `i64` field reads `""` (and a
    /// blank string) as absent, and an optional `i64` also reads a numeric string (`"12"`), for
    /// vendors whose documents type counts as String and whose servers send empty times.
    #[serde(default)]
    pub lenient_scalars: bool,
    /// Hand-written types of the crate (or of a dependency) that fields may name as their type.
    #[serde(default)]
    pub external: BTreeMap<String, External>,
    /// Rules for a vendor field name in every type: type, doc, Rust name.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldRule>,
    /// Rules for one generated type.
    #[serde(default)]
    pub types: BTreeMap<String, TypeRule>,
    /// The documented operations.
    #[serde(default, rename = "operation")]
    pub operations: Vec<Operation>,
}

/// One documented operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// A snake_case name, also the stem of its fixture files.
    pub name: String,
    /// What the document calls it.
    pub doc: String,
    /// HTTP method.
    pub method: String,
    /// Path (with `{placeholders}`).
    pub path: String,
    /// Anything a client author should know (old-style service names, quirks of the document).
    #[serde(default)]
    pub notes: Option<String>,
    /// The request body example.
    #[serde(default)]
    pub request: Option<Example>,
    /// The response body example.
    #[serde(default)]
    pub response: Option<Example>,
    /// An error body example.
    #[serde(default)]
    pub error: Option<Example>,
}

/// A JSON example and the type it decodes into.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The fixture file, relative to the manifest.
    pub file: String,
    /// The root type: a type expression (`Contact`, `[Contact]`, `i64`, `[map]`).
    #[serde(rename = "type")]
    pub ty: String,
    /// JSON pointer to the model; defaults to the manifest's `payload` for responses and to the
    /// whole body for requests and errors.
    #[serde(default)]
    pub payload: Option<String>,
    /// The document has a field table but no example: the fixture was written from the table.
    #[serde(default)]
    pub from_table: bool,
    /// The document has neither: the fixture is an assumption, and its types are all-optional.
    #[serde(default)]
    pub assumed: bool,
}

/// Overrides for one field.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// The field's type (see `ty.rs`), instead of the inferred one.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// Doc text, from the vendor's field table.
    #[serde(default)]
    pub doc: Option<String>,
    /// The Rust field name, instead of the snake_case of the vendor name.
    #[serde(default)]
    pub rename: Option<String>,
    /// Always `Option`, even when every sample has it.
    #[serde(default)]
    pub optional: bool,
    /// Never `Option` (wins over `all_optional`); every sample must have it.
    #[serde(default)]
    pub required: bool,
    /// A credential: the type's `Debug` prints `[REDACTED]` instead of its value.
    #[serde(default)]
    pub secret: bool,
}

/// A hand-written type that generated fields may use (`type = "ContactId"`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct External {
    /// The Rust path; `crate::models::<Name>` when absent.
    #[serde(default)]
    pub path: Option<String>,
    /// The JSON kinds the type reads (`integer`, `number`, `string`, `bool`, `object`, `array`):
    /// every sample of a field of this type must be one of them.
    pub json: Vec<String>,
    /// The type is `Copy`.
    #[serde(default)]
    pub copy: bool,
    /// The type implements `Default` (so a struct holding it may derive `Default`).
    #[serde(default)]
    pub default: bool,
    /// The type implements `Eq` and `Hash` (so a struct holding it may derive them).
    #[serde(default)]
    pub eq_hash: bool,
}

/// Overrides for one generated type.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeRule {
    /// Doc text.
    #[serde(default)]
    pub doc: Option<String>,
    /// Every field is `Option` unless marked `required`.
    #[serde(default)]
    pub all_optional: bool,
    /// Per-field overrides; a field with a `type` that no sample has is added as optional.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldRule>,
    /// This type is a tagged union: one field decides the shape of another.
    #[serde(default)]
    pub union: Option<UnionRule>,
    /// Derives besides the usual ones: `Eq`, `Hash` (every field's type must have them).
    #[serde(default)]
    pub derive: Vec<String>,
}

/// A tagged union: `tag` (a string member) decides the type of the `content` member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionRule {
    /// The member whose value decides (`domain`).
    pub tag: String,
    /// The member whose shape it decides (`data`).
    pub content: String,
    /// The generated enum's name.
    #[serde(rename = "enum")]
    pub enum_name: String,
    /// The enum's doc text.
    #[serde(default)]
    pub doc: Option<String>,
    /// One per tag value.
    pub variants: Vec<Variant>,
}

/// One shape of a tagged union.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The tag value that is written.
    pub tag: String,
    /// Other tag values that are read as this variant.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The generated type of the content.
    #[serde(rename = "type")]
    pub ty: String,
    /// Doc text.
    #[serde(default)]
    pub doc: Option<String>,
}

impl Manifest {
    /// Reads and parses a manifest.
    pub fn load(path: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// The rule for `field` of `type_name`: the type's own rule over the vendor-wide one.
    pub fn field_rule(&self, type_name: &str, field: &str) -> FieldRule {
        let vendor = self.fields.get(field).cloned().unwrap_or_default();
        let Some(own) = self.types.get(type_name).and_then(|t| t.fields.get(field)) else {
            return vendor;
        };
        FieldRule {
            ty: own.ty.clone().or(vendor.ty),
            doc: own.doc.clone().or(vendor.doc),
            rename: own.rename.clone().or(vendor.rename),
            optional: own.optional || vendor.optional,
            required: own.required || vendor.required,
            secret: own.secret || vendor.secret,
        }
    }

    /// Parses a type expression, resolving the names of `[external]` types.
    pub fn parse_ty(&self, text: &str) -> Result<Ty> {
        let ty = Ty::parse(text)?;
        self.resolve_external(ty)
    }

    fn resolve_external(&self, ty: Ty) -> Result<Ty> {
        Ok(match ty {
            Ty::Vec(inner) => Ty::Vec(Box::new(self.resolve_external(*inner)?)),
            Ty::Named(name) => match self.external.get(&name) {
                Some(external) => Ty::External(Box::new(ExternalTy::new(&name, external)?)),
                None => Ty::Named(name),
            },
            other => other,
        })
    }
}

impl Operation {
    /// The examples of this operation with their role.
    pub fn examples(&self) -> impl Iterator<Item = (Role, &Example)> {
        [
            (Role::Request, self.request.as_ref()),
            (Role::Response, self.response.as_ref()),
            (Role::Error, self.error.as_ref()),
        ]
        .into_iter()
        .filter_map(|(role, example)| example.map(|e| (role, e)))
    }
}

/// What an example is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// A request body.
    Request,
    /// A successful response body.
    Response,
    /// An error response body.
    Error,
}

impl Role {
    /// `request`, `response` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Request => "request",
            Role::Response => "response",
            Role::Error => "error",
        }
    }
}
