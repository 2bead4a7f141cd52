//! Snapshot tests of the generated models, plus inference rules on small synthetic manifests.
//!
//! The snapshots hold each vendor's `src/models/generated.rs`; the same test checks that the
//! committed crate files equal what the fixtures produce, so a snapshot can never differ from the
//! code that the vendor crate compiles.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::infer::Model;
use super::manifest::Manifest;
use super::ty::Ty;
use super::{generate, outputs, workspace_root};

fn snapshot_vendor(vendor: &str) -> Result<()> {
    let root = workspace_root();
    let generated = generate(&root, vendor)?;
    let models = generated
        .plan
        .files
        .iter()
        .find(|f| f.path.ends_with("src/models/generated.rs"))
        .context("no generated.rs in the plan")?;
    insta::assert_snapshot!(vendor, String::from_utf8(models.content.clone())?);
    let fallbacks = generated.model.fallbacks();
    assert!(
        fallbacks.is_empty(),
        "{vendor}: fields fell back to Value: {fallbacks:#?}"
    );
    let stale = outputs::check(&root, &generated.plan)?;
    assert!(
        stale.is_empty(),
        "{vendor}: run `cargo xtask codegen`: {stale:#?}"
    );
    Ok(())
}

#[test]
fn clue_models() -> Result<()> {
    snapshot_vendor("clue")
}

#[test]
fn linkflow_models() -> Result<()> {
    snapshot_vendor("linkflow")
}

#[test]
fn okayapi_models() -> Result<()> {
    snapshot_vendor("okayapi")
}

#[test]
fn wukong_models() -> Result<()> {
    snapshot_vendor("wukong")
}

/// Builds a model from an inline manifest and fixtures written to a temporary directory.
fn build(manifest: &str, fixtures: &[(&str, &str)]) -> Result<Model> {
    let dir = scratch_dir()?;
    for (name, text) in fixtures {
        std::fs::write(dir.join(name), text)?;
    }
    let manifest: Manifest = toml::from_str(manifest)?;
    let model = Model::build(&manifest, &dir);
    std::fs::remove_dir_all(&dir)?;
    model
}

fn scratch_dir() -> Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("xtask-codegen-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

const HEAD: &str = "vendor = \"t\"\ncrate = \"t-client\"\ntitle = \"T\"\nsource = \"t.md\"\n";

#[test]
fn merges_samples_across_fixtures_and_makes_missing_fields_optional() -> Result<()> {
    // The sample rule (what `strict_responses` keeps for responses, and requests always use).
    let manifest = format!(
        "{HEAD}
        strict_responses = true
        [fields.price]
        type = \"decimal\"
        [[operation]]
        name = \"list\"
        doc = \"list\"
        method = \"GET\"
        path = \"/list\"
        response = {{ file = \"list.response.json\", type = \"[Item]\" }}
        [[operation]]
        name = \"bulk\"
        doc = \"bulk\"
        method = \"GET\"
        path = \"/bulk\"
        response = {{ file = \"bulk.response.json\", type = \"[Item]\" }}"
    );
    let model = build(
        &manifest,
        &[
            (
                "list.response.json",
                r#"[{"id": 1, "name": null, "price": 1.50}]"#,
            ),
            (
                "bulk.response.json",
                r#"[{"id": 2, "name": "a", "price": 2, "openIds": [{"openId": "x"}]}]"#,
            ),
        ],
    )?;
    let item = model.types.get("Item").context("Item")?;
    let summary: Vec<(String, String, bool)> = item
        .fields
        .iter()
        .map(|f| (f.ident.clone(), f.ty.rust(), f.optional))
        .collect();
    assert_eq!(
        summary,
        [
            ("id".to_owned(), "i64".to_owned(), false),
            ("name".to_owned(), "String".to_owned(), true),
            ("price".to_owned(), "Decimal".to_owned(), false),
            ("open_ids".to_owned(), "Vec<OpenId>".to_owned(), true),
        ]
    );
    assert!(model.types.contains_key("OpenId"));
    assert!(model.fallbacks().is_empty());
    Ok(())
}

#[test]
fn reports_null_only_fields_and_avoids_prelude_and_explicit_names() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [[operation]]
        name = \"report\"
        doc = \"report\"
        method = \"GET\"
        path = \"/report\"
        response = {{ file = \"report.response.json\", type = \"Report\" }}"
    );
    let model = build(
        &manifest,
        &[(
            "report.response.json",
            r#"{"result": [{"x": 1}], "report": {"y": true}, "gone": null, "none": []}"#,
        )],
    )?;
    assert!(
        model.types.contains_key("ReportResult"),
        "{:?}",
        model.types.keys()
    );
    assert!(
        model.types.contains_key("ReportReport"),
        "{:?}",
        model.types.keys()
    );
    let fallbacks = model.fallbacks();
    assert_eq!(fallbacks.len(), 2, "{fallbacks:?}");
    Ok(())
}

#[test]
fn rejects_fixtures_that_contradict_the_manifest() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [fields.when]
        type = \"time\"
        [[operation]]
        name = \"one\"
        doc = \"one\"
        method = \"GET\"
        path = \"/one\"
        response = {{ file = \"one.response.json\", type = \"One\" }}"
    );
    let error = build(
        &manifest,
        &[("one.response.json", r#"{"when": "2017-1-1"}"#)],
    )
    .err()
    .context("a non-timestamp should not pass as `time`")?;
    assert!(format!("{error:#}").contains("`time`"), "{error:#}");
    Ok(())
}

#[test]
fn union_content_follows_its_tag() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [types.Message.union]
        tag = \"domain\"
        content = \"data\"
        enum = \"MessageData\"
        variants = [
            {{ tag = \"a\", type = \"AData\" }},
            {{ tag = \"b\", aliases = [\"bs\"], type = \"BData\" }},
        ]
        [[operation]]
        name = \"send\"
        doc = \"send\"
        method = \"POST\"
        path = \"/send\"
        request = {{ file = \"send.request.json\", type = \"[Message]\" }}"
    );
    let model = build(
        &manifest,
        &[(
            "send.request.json",
            r#"[{"domain": "a", "data": {"x": 1}}, {"domain": "bs", "data": {"y": "z"}}]"#,
        )],
    )?;
    let message = model.types.get("Message").context("Message")?;
    let data = message
        .fields
        .iter()
        .find(|f| f.json == "data")
        .context("data")?;
    assert_eq!(data.ty, Ty::Named("MessageData".into()));
    let b = model.types.get("BData").context("BData")?;
    assert_eq!(b.fields[0].ty, Ty::Str);
    Ok(())
}

#[test]
fn response_fields_are_optional_unless_required_and_lists_default() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [types.Item]
        fields.id = {{ required = true }}
        [[operation]]
        name = \"list\"
        doc = \"list\"
        method = \"GET\"
        path = \"/list\"
        response = {{ file = \"list.response.json\", type = \"[Item]\" }}
        [[operation]]
        name = \"send\"
        doc = \"send\"
        method = \"POST\"
        path = \"/send\"
        request = {{ file = \"send.request.json\", type = \"Query\" }}"
    );
    let fixtures = [
        (
            "list.response.json",
            r#"[{"id": 1, "name": "a", "tags": ["x"], "props": {"k": 1}}]"#,
        ),
        ("send.request.json", r#"{"name": "a", "tags": ["x"]}"#),
    ];
    let model = build(&manifest, &fixtures)?;
    let summary = |name: &str| -> Result<Vec<(String, bool, bool)>> {
        let def = model.types.get(name).context("type")?;
        Ok(def
            .fields
            .iter()
            .map(|f| (f.ident.clone(), f.optional, f.default_empty))
            .collect())
    };
    assert_eq!(
        summary("Item")?,
        [
            ("id".to_owned(), false, false),
            ("name".to_owned(), true, false),
            ("tags".to_owned(), false, true),
            // An object without a declared `map` type is a generated type: `Option`.
            ("props".to_owned(), true, false),
        ]
    );
    // A request type keeps what every sample has.
    assert_eq!(
        summary("Query")?,
        [
            ("name".to_owned(), false, false),
            ("tags".to_owned(), false, false),
        ]
    );
    // `strict_responses` keeps the sample rule for responses too.
    let strict = manifest.replacen(
        "source = \"t.md\"\n",
        "source = \"t.md\"\nstrict_responses = true\n",
        1,
    );
    let model = build(&strict, &fixtures)?;
    let item = model.types.get("Item").context("Item")?;
    assert!(item.fields.iter().all(|f| !f.optional && !f.default_empty));
    // A required member must be in every sample.
    let error = build(
        &manifest,
        &[
            ("list.response.json", r#"[{"id": 1}, {"name": "b"}]"#),
            ("send.request.json", r#"{"name": "a"}"#),
        ],
    )
    .err()
    .context("a sample without a required member should fail")?;
    assert!(
        format!("{error:#}").contains("marked required"),
        "{error:#}"
    );
    Ok(())
}

#[test]
fn external_types_are_checked_against_the_samples() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [external]
        ItemId = {{ json = [\"integer\", \"string\"], copy = true }}
        Kind = {{ path = \"other::Kind\", json = [\"string\"] }}
        [types.Item]
        fields.id = {{ type = \"ItemId\", required = true }}
        fields.kind = {{ type = \"Kind\" }}
        fields.code = {{ type = \"number_or_string\" }}
        [[operation]]
        name = \"list\"
        doc = \"list\"
        method = \"GET\"
        path = \"/list\"
        response = {{ file = \"list.response.json\", type = \"[Item]\" }}"
    );
    let model = build(
        &manifest,
        &[(
            "list.response.json",
            r#"[{"id": 1, "kind": "a", "code": 7}, {"id": "2", "kind": "b", "code": "x"}]"#,
        )],
    )?;
    let item = model.types.get("Item").context("Item")?;
    let types: Vec<String> = item.fields.iter().map(|f| f.ty.rust()).collect();
    assert_eq!(
        types,
        ["crate::models::ItemId", "other::Kind", "NumberOrString"]
    );
    assert!(item.fields[0].ty.is_copy());
    let error = build(
        &manifest,
        &[("list.response.json", r#"[{"id": 1, "kind": 3}]"#)],
    )
    .err()
    .context("a number should not pass as `Kind`")?;
    assert!(format!("{error:#}").contains("`Kind`"), "{error:#}");
    let undeclared = format!("{HEAD}\n[external]\nBad = {{ json = [\"text\"] }}\n");
    assert!(build(&undeclared, &[]).is_err());
    Ok(())
}

#[test]
fn secret_fields_are_redacted_in_debug() -> Result<()> {
    let manifest_text = format!(
        "{HEAD}
        [fields]
        token = {{ secret = true }}
        [[operation]]
        name = \"token\"
        doc = \"token\"
        method = \"GET\"
        path = \"/token\"
        response = {{ file = \"token.response.json\", type = \"Token\" }}"
    );
    let model = build(
        &manifest_text,
        &[("token.response.json", r#"{"token": "s3cret", "ttl": 7200}"#)],
    )?;
    let manifest: Manifest = toml::from_str(&manifest_text)?;
    let code = super::render_models::render(&manifest, &model);
    assert!(
        code.contains("#[derive(Clone, PartialEq, Serialize, Deserialize"),
        "{code}"
    );
    assert!(code.contains("impl std::fmt::Debug for Token"), "{code}");
    assert!(
        code.contains(
            r#".field("token", &self.token.as_ref().map(|_| client_core::serde_helpers::Redacted))"#
        ),
        "{code}"
    );
    assert!(code.contains(r#".field("ttl", &self.ttl)"#), "{code}");
    // The marker lives in client-core; the generated module defines no helper of its own.
    assert!(!code.contains("struct Redacted"), "{code}");
    Ok(())
}

#[test]
fn lenient_scalars_read_blank_times_and_numeric_strings_as_absent_or_numbers() -> Result<()> {
    let body = "
        [types.Item]
        fields.id = { required = true }
        fields.at = { type = \"time\" }
        [[operation]]
        name = \"list\"
        doc = \"list\"
        method = \"GET\"
        path = \"/list\"
        response = { file = \"list.response.json\", type = \"[Item]\" }
        [[operation]]
        name = \"send\"
        doc = \"send\"
        method = \"POST\"
        path = \"/send\"
        request = { file = \"send.request.json\", type = \"Query\" }";
    let fixtures = [
        (
            "list.response.json",
            r#"[{"id": 1, "count": 2, "at": "2023-03-16 15:48:41"}]"#,
        ),
        (
            "send.request.json",
            r#"{"count": 2, "at": "2023-03-16 15:48:41"}"#,
        ),
    ];
    let lenient_of = |text: &str| -> Result<Vec<(String, String, bool)>> {
        let model = build(text, &fixtures)?;
        let mut out = Vec::new();
        for (name, def) in &model.types {
            for f in &def.fields {
                out.push((name.clone(), f.ident.clone(), f.lenient));
            }
        }
        Ok(out)
    };
    // Off by default.
    let plain = format!("{HEAD}{body}");
    assert!(lenient_of(&plain)?.iter().all(|(_, _, lenient)| !lenient));
    // On: only the optional time / i64 members of response types; never required ids, never
    // request types.
    let text = format!("{HEAD}lenient_scalars = true\n{body}");
    let lenient: Vec<_> = lenient_of(&text)?
        .into_iter()
        .filter(|(_, _, lenient)| *lenient)
        .map(|(ty, field, _)| format!("{ty}.{field}"))
        .collect();
    assert_eq!(lenient, ["Item.count", "Item.at"]);
    let manifest: Manifest = toml::from_str(&text)?;
    let code = super::render_models::render(&manifest, &build(&text, &fixtures)?);
    assert!(
        code.contains(r#"deserialize_with = "client_core::serde_helpers::lenient_i64""#),
        "{code}"
    );
    assert!(
        code.contains(r#"deserialize_with = "client_core::serde_helpers::lenient_time""#),
        "{code}"
    );
    assert!(!code.contains("fn lenient_time"), "{code}");
    assert!(!code.contains("fn lenient_i64"), "{code}");
    Ok(())
}

#[test]
fn fixture_tests_need_core_testing_and_retired_support_copies_are_stale() -> Result<()> {
    let manifest = format!(
        "{HEAD}
        [[operation]]
        name = \"get\"
        doc = \"get\"
        method = \"GET\"
        path = \"/get\"
        response = {{ file = \"get.response.json\", type = \"Item\" }}"
    );
    let manifest: Manifest = toml::from_str(&manifest)?;
    let root = scratch_dir()?;
    let fixtures = root.join("fixtures/t");
    std::fs::create_dir_all(&fixtures)?;
    std::fs::write(fixtures.join("get.response.json"), r#"{"id": 1}"#)?;
    let model = Model::build(&manifest, &fixtures)?;
    let krate = root.join("crates/t-client");
    std::fs::create_dir_all(krate.join("tests/it"))?;
    let plan = |root: &std::path::Path| {
        outputs::plan(
            root,
            &manifest,
            &model,
            &fixtures,
            "models".into(),
            "tests".into(),
        )
    };

    // Without client-core's `testing` feature the generated tests could not compile.
    std::fs::write(
        krate.join("Cargo.toml"),
        "[dependencies]\nclient-core.workspace = true\n",
    )?;
    let error = plan(&root).err().map(|e| format!("{e:#}"));
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("[dev-dependencies]") && e.contains("fixture_json")),
        "{error:?}"
    );
    std::fs::write(
        krate.join("Cargo.toml"),
        "[dependencies]\nclient-core.workspace = true\n\n[dev-dependencies]\n\
         client-core = { workspace = true, features = [\"testing\"] }\n",
    )?;
    let plan = plan(&root)?;
    assert!(
        plan.files
            .iter()
            .all(|f| !f.path.ends_with("models_support.rs"))
    );

    // A copy of the old comparison helper is stale: `--check` names it, a write removes it.
    let support = PathBuf::from("crates/t-client/tests/it/models_support.rs");
    std::fs::write(root.join(&support), "// @generated\n")?;
    outputs::write(&root, &plan)?;
    assert!(!root.join(&support).exists());
    assert!(outputs::check(&root, &plan)?.is_empty());
    std::fs::write(root.join(&support), "// @generated\n")?;
    let problems = outputs::check(&root, &plan)?;
    assert_eq!(
        problems,
        ["crates/t-client/tests/it/models_support.rs: stale (no longer produced)"]
    );
    std::fs::remove_dir_all(&root)?;
    Ok(())
}

#[test]
fn core_testing_may_come_from_dev_dependencies_or_dependencies() -> Result<()> {
    let dev = "[dev-dependencies]\nclient-core = { workspace = true, features = [\"testing\"] }\n";
    let normal = "[dependencies]\nclient-core = { path = \"x\", features = [\"testing\"] }\n";
    let feature_only = "[features]\ntesting = [\"client-core/testing\"]\n\
                        [dependencies]\nclient-core.workspace = true\n";
    assert!(outputs::tests_enable_core_testing(dev)?);
    assert!(outputs::tests_enable_core_testing(normal)?);
    assert!(!outputs::tests_enable_core_testing(feature_only)?);
    assert!(outputs::tests_enable_core_testing("not toml [").is_err());
    Ok(())
}

#[test]
fn the_generated_module_is_found_public_or_private() {
    use super::render_tests::ModelsPath;
    let cases = [
        ("pub mod generated;", Some(ModelsPath::Generated)),
        (
            "/// docs\n#[doc(hidden)]\npub mod generated;",
            Some(ModelsPath::Generated),
        ),
        (
            "#[doc(hidden)] pub mod generated;",
            Some(ModelsPath::Generated),
        ),
        ("mod generated;", Some(ModelsPath::Models)),
        ("    mod generated; // private", Some(ModelsPath::Models)),
        ("pub(crate) mod generated;", Some(ModelsPath::Models)),
        (
            "#[allow(dead_code)] mod generated;",
            Some(ModelsPath::Models),
        ),
        (
            "// pub mod generated;\nmod generated;",
            Some(ModelsPath::Models),
        ),
        ("pub mod generated_tests;", None),
        ("mod regenerated;", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(ModelsPath::declared_in(text), expected, "{text:?}");
    }
}

#[test]
fn fixture_tests_name_the_types_through_the_public_path() -> Result<()> {
    use super::render_tests::{ModelsPath, render};
    let manifest_text = format!(
        "{HEAD}
        [external]
        ItemId = {{ json = [\"integer\"] }}
        [[operation]]
        name = \"list\"
        doc = \"list\"
        method = \"GET\"
        path = \"/list\"
        response = {{ file = \"list.response.json\", type = \"[Item]\" }}
        [[operation]]
        name = \"ids\"
        doc = \"ids\"
        method = \"GET\"
        path = \"/ids\"
        response = {{ file = \"ids.response.json\", type = \"[ItemId]\" }}"
    );
    let model = build(
        &manifest_text,
        &[
            ("list.response.json", r#"[{"id": 1}]"#),
            ("ids.response.json", "[1]"),
        ],
    )?;
    let manifest: Manifest = toml::from_str(&manifest_text)?;
    let public = render(&manifest, &model, ModelsPath::Generated);
    assert!(
        public.contains("use t_client::models::generated as m;"),
        "{public}"
    );
    assert!(public.contains("let value: Vec<m::Item>"), "{public}");
    let private = render(&manifest, &model, ModelsPath::Models);
    assert!(private.contains("use t_client::models as m;"), "{private}");
    assert!(!private.contains("generated as m"), "{private}");
    assert!(private.contains("let value: Vec<m::Item>"), "{private}");
    // External (hand-written) types are named by their own path either way.
    for code in [&public, &private] {
        assert!(code.contains("Vec<t_client::models::ItemId>"), "{code}");
    }
    Ok(())
}
