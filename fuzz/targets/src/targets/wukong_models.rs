//! `wukong_models`: Wukong's generated models (by their public names), picked by the first byte;
//! decode → encode → decode is stable (see [`super::model_roundtrip`]).

use wukong_client::models::*;

crate::model_target!(
    "wukong",
    ImportResponse,
    Potential,
    PotentialImport,
    PotentialImportBatchRequest,
    PotentialImportRequest,
    PotentialQuery,
    PotentialsResponse,
    TokenExchangeRequest,
    TokenRefreshRequest,
    TokenResponse,
);
