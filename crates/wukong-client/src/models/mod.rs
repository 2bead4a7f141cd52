//! Data types of the 悟空数据 Wukong Data open API.
//!
//! The vendor document (`wukong.md`) gives request parameters but **no response examples**, so
//! the response types here are deliberately tolerant: every field is optional, ids are accepted
//! as JSON strings or numbers, unknown members are kept in `extra`, and every response keeps the
//! raw JSON it was decoded from ([`ApiResponse::raw_json`]).
//!
//! | file | types |
//! |---|---|
//! | `ids.rs` | [`WkUid`], [`CompanyId`] |
//! | `api_response.rs` | [`ApiResponse`] |
//! | `lead.rs`, `lead_list.rs` | [`Lead`], [`LeadList`] (§2.1, §2.2 answers) |
//! | `lead_filter.rs` | [`LeadFilter`], [`vendor_date`] (§2.1, §2.2 filters) |
//! | `new_lead.rs`, `contact_format.rs` | [`NewLead`], [`MAX_FIELD_CHARS`], [`is_mobile`], [`is_email`] (§2.3) |
//! | `batch_import_report.rs`, `chunk_report.rs`, `chunk_outcome.rs`, `lead_outcome.rs` | [`BatchImportReport`], [`ChunkReport`], [`ChunkOutcome`], [`LeadOutcome`] |
//! | `generated.rs` (private) | the wire shapes of `fixtures/wukong/` (below) |
//!
//! The wire shapes are produced by `cargo xtask codegen` from `fixtures/wukong/` into a private
//! module. None of them is part of the API: the client reads the token body of §1.2/§1.3 into the
//! generated `TokenResponse` (every member optional, `expires_in` a number or a string, tokens
//! redacted in `Debug`) and sends the batch import as the generated
//! `PotentialImportBatchRequest`; leads are read into the tolerant hand-written [`Lead`] /
//! [`LeadList`] rather than the generated `Potential` / `PotentialsResponse` (see there why).
//!
//! Every model has one name: no generated type shares a name with a hand-written one, and the
//! generated module itself is not public, so a path such as `models::generated::Potential` does
//! not exist:
//!
//! ```compile_fail,E0603
//! use wukong_client::models::generated;
//! ```
//!
//! ```
//! // A lead is the hand-written `Lead`, which keeps the members it does not know in `extra`.
//! use wukong_client::models::Lead;
//! let lead: Lead = serde_json::from_str(r#"{"name": "张三", "level": "A"}"#).unwrap();
//! assert_eq!(lead.extra["level"], "A");
//! ```

mod api_response;
mod batch_import_report;
mod chunk_outcome;
mod chunk_report;
mod contact_format;
/// Serde models generated from the fixtures by `cargo xtask codegen` (do not edit).
mod generated;
mod ids;
mod lead;
mod lead_filter;
mod lead_list;
mod lead_outcome;
mod lead_results;
mod lenient;
mod new_lead;

pub use api_response::ApiResponse;
pub use batch_import_report::BatchImportReport;
pub use chunk_outcome::ChunkOutcome;
pub use chunk_report::ChunkReport;
pub use contact_format::{is_email, is_mobile};
/// The generated wire models (token bodies, request bodies, the assumed response shapes), by
/// name. Public only because the generated fixture tests (`tests/it/models.rs`, an integration
/// test) and the fuzz targets decode into them; not part of the API (see the module docs).
#[doc(hidden)]
pub use generated::{
    ImportResponse, Potential, PotentialImport, PotentialImportBatchRequest,
    PotentialImportRequest, PotentialQuery, PotentialsResponse, TokenExchangeRequest,
    TokenRefreshRequest, TokenResponse,
};
pub use ids::{CompanyId, WkUid};
pub use lead::Lead;
pub use lead_filter::{LeadFilter, vendor_date};
pub use lead_list::LeadList;
pub use lead_outcome::LeadOutcome;
pub(crate) use lead_results::lead_outcomes;
pub use new_lead::{MAX_FIELD_CHARS, NewLead};
