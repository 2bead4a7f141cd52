//! Inference: walks every fixture of a vendor, merges the samples of each named shape, and decides
//! each field's Rust type and whether it is optional.
//!
//! The rules (also in `docs/codegen.md`):
//! - every object sample of a type counts: array elements, and the same type reached from several
//!   fixtures (the manifest names it at each place);
//! - in a response type (one reached from a response or error example), a field is `Option`
//!   unless the manifest marks it `required`, and arrays and maps are never `Option` but decode as
//!   empty when absent or `null` (unless the manifest sets `strict_responses`);
//! - elsewhere (request types), a field is `Option` when a sample lacks it or has `null`, when its
//!   type is `all_optional` or `assumed`, or when the manifest says `optional`;
//! - the manifest's field type wins over the inferred one; a field with no usable sample (all
//!   `null`, only empty arrays, mixed kinds) and no manifest type becomes `serde_json::Value`
//!   and is reported as a fallback;
//! - a nested object gets the manifest's type name, or one derived from its field name
//!   (singular for array elements), prefixed with the parent's name when the derived name is a
//!   prelude name or a name the manifest uses elsewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::json::Json;
use super::manifest::{Manifest, Role};
use super::naming;
use super::ty::Ty;

/// Everything generated for one vendor.
#[derive(Debug)]
pub struct Model {
    /// The generated types, by name.
    pub types: BTreeMap<String, TypeDef>,
    /// Every fixture, with the type it decodes into.
    pub examples: Vec<ExampleUse>,
}

/// A fixture and its root type.
#[derive(Debug)]
pub struct ExampleUse {
    /// The operation it belongs to.
    pub operation: String,
    /// Request, response or error.
    pub role: Role,
    /// File name inside the fixtures directory.
    pub file: String,
    /// Root type.
    pub ty: Ty,
    /// JSON pointer to the model inside the file.
    pub payload: String,
}

/// A generated struct (and, for a tagged union, its enum).
#[derive(Debug)]
pub struct TypeDef {
    /// Type name.
    pub name: String,
    /// Doc text from the manifest.
    pub doc: Option<String>,
    /// Reached from an `assumed` fixture: every field is optional.
    pub assumed: bool,
    /// The examples it appears in (`` `contacts` response ``), in manifest order.
    pub used_by: Vec<String>,
    /// Fields in the order they first appear in the fixtures.
    pub fields: Vec<Field>,
    /// The tagged union this type carries, if any.
    pub union: Option<UnionDef>,
    /// Derives besides the usual ones (`Eq`, `Hash`).
    pub derive: Vec<String>,
}

/// One field of a generated struct.
#[derive(Debug)]
pub struct Field {
    /// The vendor's name.
    pub json: String,
    /// The Rust identifier.
    pub ident: String,
    /// The Rust type (without the `Option`).
    pub ty: Ty,
    /// Whether it is `Option`.
    pub optional: bool,
    /// A collection of a response type: absent or `null` decodes as empty.
    pub default_empty: bool,
    /// An optional `time` / `i64` of a tolerant response type under `lenient_scalars`: blank
    /// strings read as absent, numeric strings as numbers.
    pub lenient: bool,
    /// A credential: never shown by `Debug`.
    pub secret: bool,
    /// Doc text from the manifest.
    pub doc: Option<String>,
    /// A plain field, or the tag / content of a union.
    pub role: FieldRole,
    /// Why the type fell back to `serde_json::Value`.
    pub fallback: Option<String>,
}

/// What a field is to its struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    /// An ordinary field.
    Plain,
    /// The union's tag (`domain`): not a Rust field, written from the content's variant.
    Tag,
    /// The union's content (`data`): a field of the union's enum type.
    Content,
}

/// A tagged union carried by a struct.
#[derive(Debug)]
pub struct UnionDef {
    /// The enum's name.
    pub enum_name: String,
    /// The enum's doc text.
    pub doc: Option<String>,
    /// The tag's vendor name.
    pub tag: String,
    /// The variants, in manifest order.
    pub variants: Vec<VariantDef>,
}

/// One variant of a tagged union.
#[derive(Debug)]
pub struct VariantDef {
    /// The tag value written.
    pub tag: String,
    /// Tag values also read.
    pub aliases: Vec<String>,
    /// The Rust variant name.
    pub name: String,
    /// The content's generated type.
    pub ty: String,
    /// Doc text.
    pub doc: Option<String>,
}

impl Model {
    /// Reads the manifest's fixtures from `dir` and infers the models.
    pub fn build(manifest: &Manifest, dir: &Path) -> Result<Self> {
        let mut walker = Walker::new(manifest)?;
        let mut examples = Vec::new();
        let mut names = BTreeSet::new();
        for operation in &manifest.operations {
            if !names.insert(operation.name.as_str()) {
                bail!("operation `{}` is listed twice", operation.name);
            }
            for (role, example) in operation.examples() {
                let expected = format!("{}.{}.json", operation.name, role.as_str());
                if example.file != expected {
                    bail!(
                        "operation `{}`: the {} fixture must be named `{expected}`, not `{}`",
                        operation.name,
                        role.as_str(),
                        example.file
                    );
                }
                let path = dir.join(&example.file);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let json =
                    Json::parse(&text).with_context(|| format!("parsing {}", path.display()))?;
                let payload = match (&example.payload, role) {
                    (Some(pointer), _) => pointer.clone(),
                    (None, Role::Response) => manifest.payload.clone(),
                    (None, _) => String::new(),
                };
                let root = json
                    .pointer(&payload)
                    .with_context(|| example.file.clone())?;
                let ty = manifest
                    .parse_ty(&example.ty)
                    .with_context(|| format!("operation `{}`", operation.name))?;
                walker.file = example.file.clone();
                walker.usage = format!("`{}` {}", operation.name, role.as_str());
                if example.from_table {
                    walker.usage.push_str(" (written from the field table)");
                }
                walker.assumed = example.assumed;
                walker.response = role != Role::Request;
                walker.walk(root, &ty, "")?;
                examples.push(ExampleUse {
                    operation: operation.name.clone(),
                    role,
                    file: example.file.clone(),
                    ty,
                    payload,
                });
            }
        }
        let types = walker.finish()?;
        for name in manifest.external.keys() {
            if types.contains_key(name) {
                bail!("`{name}` is both an [external] type and a generated one");
            }
        }
        let model = Model { types, examples };
        model.check_references()?;
        model.check_derives()?;
        Ok(model)
    }

    /// `Type.field (why)` for every field that fell back to `serde_json::Value`.
    pub fn fallbacks(&self) -> Vec<String> {
        self.types
            .values()
            .flat_map(|t| {
                t.fields.iter().filter_map(move |f| {
                    f.fallback
                        .as_ref()
                        .map(|why| format!("{}.{} ({why})", t.name, f.json))
                })
            })
            .collect()
    }

    /// `Type.field` for every field without doc text.
    pub fn undocumented(&self) -> Vec<String> {
        self.types
            .values()
            .flat_map(|t| {
                t.fields
                    .iter()
                    .filter(|f| f.doc.is_none() && f.role == FieldRole::Plain)
                    .map(move |f| format!("{}.{}", t.name, f.json))
            })
            .collect()
    }

    /// Extra derives need every field's type to have them (a generated one by its own rule).
    fn check_derives(&self) -> Result<()> {
        for def in self.types.values() {
            for derive in &def.derive {
                if !matches!(derive.as_str(), "Eq" | "Hash") {
                    bail!(
                        "[types.{}]: cannot derive `{derive}` (only Eq, Hash)",
                        def.name
                    );
                }
                if def.union.is_some() {
                    bail!("[types.{}]: a union type takes no extra derives", def.name);
                }
                for field in &def.fields {
                    let ok = match field.ty.eq_hash() {
                        Some(ok) => ok,
                        None => field
                            .ty
                            .named()
                            .and_then(|name| self.types.get(name))
                            .is_some_and(|inner| inner.derive.contains(derive)),
                    };
                    if !ok {
                        bail!(
                            "[types.{}] derives `{derive}`, but `{}` ({}) does not have it",
                            def.name,
                            field.json,
                            field.ty
                        );
                    }
                }
            }
        }
        Ok(())
    }

    fn check_references(&self) -> Result<()> {
        let roots = self
            .examples
            .iter()
            .map(|e| (&e.ty, format!("fixture {}", e.file)));
        let fields = self.types.values().flat_map(|t| {
            t.fields
                .iter()
                .map(move |f| (&f.ty, format!("field {}.{}", t.name, f.json)))
        });
        for (ty, place) in roots.chain(fields) {
            if let Some(name) = ty.named() {
                let is_enum = self
                    .types
                    .values()
                    .any(|t| t.union.as_ref().is_some_and(|u| u.enum_name == name));
                if !self.types.contains_key(name) && !is_enum {
                    bail!("{place} refers to type `{name}`, which no fixture has a sample of");
                }
            }
        }
        Ok(())
    }
}

/// What the samples of one field showed.
#[derive(Debug, Default, Clone)]
struct Seen {
    boolean: bool,
    int: bool,
    big: bool,
    float: bool,
    string: bool,
    object: Option<String>,
    array: Option<Box<Seen>>,
}

impl Seen {
    fn merge(&mut self, other: Seen) {
        self.boolean |= other.boolean;
        self.int |= other.int;
        self.big |= other.big;
        self.float |= other.float;
        self.string |= other.string;
        if self.object.is_none() {
            self.object = other.object;
        }
        match (&mut self.array, other.array) {
            (Some(mine), Some(theirs)) => mine.merge(*theirs),
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }

    /// The Rust type the samples support, or why there is none.
    fn resolve(&self) -> Result<Ty, String> {
        let number = self.int || self.big || self.float;
        let kinds: Vec<&str> = [
            (self.boolean, "boolean"),
            (number, "number"),
            (self.string, "string"),
            (self.object.is_some(), "object"),
            (self.array.is_some(), "array"),
        ]
        .into_iter()
        .filter_map(|(seen, kind)| seen.then_some(kind))
        .collect();
        if kinds.len() > 1 {
            return Err(format!("mixed samples: {}", kinds.join(", ")));
        }
        Ok(if self.boolean {
            Ty::Bool
        } else if self.float {
            Ty::F64
        } else if self.big {
            Ty::U64
        } else if self.int {
            Ty::I64
        } else if self.string {
            Ty::Str
        } else if let Some(name) = &self.object {
            Ty::Named(name.clone())
        } else if let Some(items) = &self.array {
            let item = items
                .resolve()
                .map_err(|why| format!("array elements: {why}"))?;
            Ty::Vec(Box::new(item))
        } else {
            return Err("every sample is null or empty".into());
        })
    }
}

#[derive(Debug, Default)]
struct TypeAcc {
    samples: usize,
    assumed: bool,
    response: bool,
    used_by: Vec<String>,
    fields: Vec<FieldAcc>,
}

#[derive(Debug)]
struct FieldAcc {
    json: String,
    present: usize,
    null: bool,
    seen: Seen,
    declared: Option<Ty>,
    role: FieldRole,
}

struct Walker<'m> {
    manifest: &'m Manifest,
    /// Type names the manifest gives explicitly; derived names never take them.
    explicit: BTreeSet<String>,
    types: BTreeMap<String, TypeAcc>,
    file: String,
    usage: String,
    assumed: bool,
    response: bool,
}

impl<'m> Walker<'m> {
    fn new(manifest: &'m Manifest) -> Result<Self> {
        let mut explicit = BTreeSet::new();
        for name in manifest.external.keys() {
            if naming::is_reserved_type(name) {
                bail!("[external.{name}] shadows a prelude or imported name");
            }
            // Checks the declaration; derived names never take an external name either.
            manifest.parse_ty(name)?;
            explicit.insert(name.clone());
        }
        let mut add = |text: &str| -> Result<()> {
            if let Some(name) = manifest.parse_ty(text)?.named() {
                if naming::is_reserved_type(name) {
                    bail!("type name `{name}` shadows a prelude or imported name");
                }
                explicit.insert(name.to_owned());
            }
            Ok(())
        };
        for operation in &manifest.operations {
            for (_, example) in operation.examples() {
                add(&example.ty)?;
            }
        }
        let type_rules = manifest.types.values();
        let field_rules = manifest
            .fields
            .values()
            .chain(type_rules.flat_map(|t| t.fields.values()));
        for rule in field_rules {
            if let Some(ty) = &rule.ty {
                add(ty)?;
            }
        }
        for rule in manifest.types.values() {
            if let Some(union) = &rule.union {
                add(&union.enum_name)?;
                for variant in &union.variants {
                    add(&variant.ty)?;
                }
            }
        }
        Ok(Self {
            manifest,
            explicit,
            types: BTreeMap::new(),
            file: String::new(),
            usage: String::new(),
            assumed: false,
            response: false,
        })
    }

    /// Checks `value` against a known type, descending into generated types and arrays.
    fn walk(&mut self, value: &Json, ty: &Ty, path: &str) -> Result<()> {
        match (ty, value) {
            (Ty::Named(name), Json::Object(members)) => self.object(name, members, path),
            (Ty::Vec(item), Json::Array(items)) => {
                for (index, value) in items.iter().enumerate() {
                    self.walk(value, item, &format!("{path}/{index}"))?;
                }
                Ok(())
            }
            (ty, value) if ty.accepts_scalar(value) => Ok(()),
            (ty, value) => bail!(
                "{} at `{path}`: the manifest says `{ty}`, the fixture has a {} ({value:?})",
                self.file,
                value.kind()
            ),
        }
    }

    /// Records one sample of the generated type `name`.
    fn object(&mut self, name: &str, members: &[(String, Json)], path: &str) -> Result<()> {
        let manifest = self.manifest;
        let union = manifest
            .types
            .get(name)
            .and_then(|rule| rule.union.as_ref());
        let acc = self.types.entry(name.to_owned()).or_default();
        acc.samples += 1;
        acc.assumed |= self.assumed;
        acc.response |= self.response;
        if !acc.used_by.contains(&self.usage) {
            acc.used_by.push(self.usage.clone());
        }
        for (key, value) in members {
            let child = format!("{path}/{key}");
            let role = match union {
                Some(u) if *key == u.tag => FieldRole::Tag,
                Some(u) if *key == u.content => FieldRole::Content,
                _ => FieldRole::Plain,
            };
            let declared = match role {
                FieldRole::Plain => manifest
                    .field_rule(name, key)
                    .ty
                    .as_deref()
                    .map(|ty| manifest.parse_ty(ty))
                    .transpose()
                    .with_context(|| format!("type of `{name}.{key}`"))?,
                FieldRole::Tag | FieldRole::Content => None,
            };
            let acc = self.types.entry(name.to_owned()).or_default();
            let index = match acc.fields.iter().position(|f| f.json == *key) {
                Some(index) => index,
                None => {
                    acc.fields.push(FieldAcc {
                        json: key.clone(),
                        present: 0,
                        null: false,
                        seen: Seen::default(),
                        declared: declared.clone(),
                        role,
                    });
                    acc.fields.len() - 1
                }
            };
            if matches!(value, Json::Null) {
                acc.fields[index].null = true;
                continue;
            }
            acc.fields[index].present += 1;
            match (role, union) {
                (FieldRole::Tag, _) => {
                    if !matches!(value, Json::Str(_)) {
                        bail!("{} at `{child}`: a union tag must be a string", self.file);
                    }
                }
                (FieldRole::Content, Some(union)) => {
                    let tag = members
                        .iter()
                        .find(|(k, _)| *k == union.tag)
                        .map(|(_, v)| v);
                    let Some(Json::Str(tag)) = tag else {
                        bail!(
                            "{} at `{path}`: no string `{}` to choose by",
                            self.file,
                            union.tag
                        );
                    };
                    let variant = union
                        .variants
                        .iter()
                        .find(|v| v.tag == *tag || v.aliases.contains(tag))
                        .with_context(|| {
                            format!("{} at `{path}`: no variant for `{tag}`", self.file)
                        })?;
                    self.walk(value, &Ty::Named(variant.ty.clone()), &child)?;
                }
                _ => match declared {
                    Some(ty) => self.walk(value, &ty, &child)?,
                    None => {
                        let seen = self.observe(name, key, value, false, &child)?;
                        if let Some(acc) = self.types.get_mut(name) {
                            acc.fields[index].seen.merge(seen);
                        }
                    }
                },
            }
        }
        Ok(())
    }

    /// Infers what a value without a manifest type is, naming and recording nested objects.
    fn observe(
        &mut self,
        parent: &str,
        field: &str,
        value: &Json,
        element: bool,
        path: &str,
    ) -> Result<Seen> {
        let mut seen = Seen::default();
        match value {
            Json::Null => {}
            Json::Bool(_) => seen.boolean = true,
            Json::Int(_) => seen.int = true,
            Json::BigInt(_) => seen.big = true,
            Json::Float(_) => seen.float = true,
            Json::Str(_) => seen.string = true,
            Json::Array(items) => {
                let mut inner = Seen::default();
                for (index, item) in items.iter().enumerate() {
                    inner.merge(self.observe(
                        parent,
                        field,
                        item,
                        true,
                        &format!("{path}/{index}"),
                    )?);
                }
                seen.array = Some(Box::new(inner));
            }
            Json::Object(members) => {
                let name = self.derive_name(parent, field, element);
                self.object(&name, members, path)?;
                seen.object = Some(name);
            }
        }
        Ok(seen)
    }

    fn derive_name(&self, parent: &str, field: &str, element: bool) -> String {
        let base = naming::type_name(field);
        let base = if element {
            naming::singular(&base)
        } else {
            base
        };
        if naming::is_reserved_type(&base) || self.explicit.contains(&base) || base == parent {
            format!("{parent}{base}")
        } else {
            base
        }
    }

    fn finish(mut self) -> Result<BTreeMap<String, TypeDef>> {
        let manifest = self.manifest;
        for (type_name, rule) in &manifest.types {
            let Some(acc) = self.types.get_mut(type_name) else {
                bail!("the manifest has [types.{type_name}], but no fixture has this type");
            };
            for (field, field_rule) in &rule.fields {
                if acc.fields.iter().any(|f| f.json == *field) {
                    continue;
                }
                let Some(ty) = &field_rule.ty else {
                    bail!(
                        "[types.{type_name}] field `{field}`: no fixture has it; \
                         give it a `type` to declare it"
                    );
                };
                acc.fields.push(FieldAcc {
                    json: field.clone(),
                    present: 0,
                    null: false,
                    seen: Seen::default(),
                    declared: Some(manifest.parse_ty(ty)?),
                    role: FieldRole::Plain,
                });
            }
        }
        let mut types = BTreeMap::new();
        for (name, acc) in self.types {
            let def = resolve_type(manifest, &name, acc)?;
            types.insert(name, def);
        }
        Ok(types)
    }
}

fn resolve_type(manifest: &Manifest, name: &str, acc: TypeAcc) -> Result<TypeDef> {
    let rule = manifest.types.get(name);
    let all_optional = acc.assumed || rule.is_some_and(|r| r.all_optional);
    let tolerant = acc.response && !manifest.strict_responses;
    let union = rule.and_then(|r| r.union.as_ref());
    let mut fields = Vec::new();
    for field in acc.fields {
        let field_rule = manifest.field_rule(name, &field.json);
        let (ty, fallback) = match (field.role, union) {
            (FieldRole::Content, Some(union)) => (Ty::Named(union.enum_name.clone()), None),
            (FieldRole::Tag, _) => (Ty::Str, None),
            _ => match &field.declared {
                Some(ty) => (ty.clone(), None),
                None => match field.seen.resolve() {
                    Ok(ty) => (ty, None),
                    Err(why) => (Ty::Value, Some(why)),
                },
            },
        };
        let missing = field.present < acc.samples;
        if field_rule.required && missing {
            bail!(
                "`{name}.{}` is marked required, but {} of {} samples lack it or have null",
                field.json,
                acc.samples - field.present,
                acc.samples
            );
        }
        let (optional, default_empty) = if field_rule.required {
            (false, false)
        } else if tolerant && field.role == FieldRole::Plain {
            // What a server sends: only what the manifest vouches for is required.
            (!ty.is_collection(), ty.is_collection())
        } else {
            let optional = missing || field.null || all_optional || field_rule.optional;
            (optional, false)
        };
        if field.role != FieldRole::Plain && optional {
            bail!(
                "`{name}.{}`: a union's tag and content must be in every sample",
                field.json
            );
        }
        check_field_type(name, &field.json, &ty, optional)?;
        let ident = match &field_rule.rename {
            Some(rename) => rename.clone(),
            None => naming::field_ident(&field.json),
        };
        let lenient = manifest.lenient_scalars
            && tolerant
            && optional
            && field.role == FieldRole::Plain
            && matches!(ty, Ty::Time | Ty::I64);
        fields.push(Field {
            json: field.json,
            ident,
            ty,
            optional,
            default_empty,
            lenient,
            secret: field_rule.secret,
            doc: field_rule.doc,
            role: field.role,
            fallback,
        });
    }
    let mut idents = BTreeSet::new();
    for field in fields.iter().filter(|f| f.role != FieldRole::Tag) {
        if !idents.insert(naming::serde_name(&field.ident)) {
            bail!(
                "`{name}` has two fields named `{}`; rename one in the manifest",
                field.ident
            );
        }
    }
    let union = union.map(|u| UnionDef {
        enum_name: u.enum_name.clone(),
        doc: u.doc.clone(),
        tag: u.tag.clone(),
        variants: u
            .variants
            .iter()
            .map(|v| VariantDef {
                tag: v.tag.clone(),
                aliases: v.aliases.clone(),
                name: naming::variant_name(&v.tag),
                ty: v.ty.clone(),
                doc: v.doc.clone(),
            })
            .collect(),
    });
    if let Some(union) = &union {
        if let Some(secret) = fields.iter().find(|f| f.secret) {
            bail!(
                "`{name}.{}`: secret fields are not supported in a union type",
                secret.json
            );
        }
        let has = |role| fields.iter().any(|f| f.role == role);
        if !has(FieldRole::Tag) || !has(FieldRole::Content) {
            bail!(
                "`{name}` is a union on `{}`, but its samples lack the tag or content",
                union.tag
            );
        }
    }
    Ok(TypeDef {
        name: name.to_owned(),
        doc: rule.and_then(|r| r.doc.clone()),
        assumed: acc.assumed,
        used_by: acc.used_by,
        fields,
        union,
        derive: rule.map(|r| r.derive.clone()).unwrap_or_default(),
    })
}

/// Types that need a serde `with` module only work directly on a field.
fn check_field_type(type_name: &str, field: &str, ty: &Ty, optional: bool) -> Result<()> {
    let mut inner = ty;
    while let Ty::Vec(item) = inner {
        inner = item;
    }
    if inner != ty && matches!(inner, Ty::Decimal | Ty::EpochMillis) {
        bail!("`{type_name}.{field}`: decimal and epoch_millis work on a field, not in an array");
    }
    if optional && *ty == Ty::EpochMillis {
        bail!("`{type_name}.{field}`: epoch_millis must be required (or use i64)");
    }
    Ok(())
}
