//! Typed client for OkayAPI / 果创云 YesApi custom API methods, with MD5 request signing and response verification.
pub mod models;
