//! One module per fuzz target (plus the shared OkayAPI clients and the model round trip).

pub mod base_url;
pub mod decimal;
pub mod lenient_scalars;
pub mod linkflow_envelope;
pub mod linkflow_models;
pub mod model_roundtrip;
pub mod number_or_string;
pub mod okayapi_auth;
pub mod okayapi_envelope;
pub mod okayapi_form;
pub mod okayapi_harness;
pub mod okayapi_models;
pub mod retry_after;
pub mod tanma_envelope;
pub mod tanma_field_values;
pub mod tanma_models;
pub mod tanma_push;
pub mod vendor_time;
pub mod wukong_envelope;
pub mod wukong_models;
pub mod wukong_redirect;
