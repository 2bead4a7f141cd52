//! `tanma_models`: Tanma's generated models (by their public names), picked by the first byte;
//! decode → encode → decode is stable (see [`super::model_roundtrip`]).

use clue_client::models::*;

crate::model_target!(
    "clue",
    Clue,
    ClueField,
    ClueGetRequest,
    CluePage,
    CluePageRequest,
    CustomerField,
    CustomerFieldList,
    FieldItem,
    FollowUp,
    FollowUpPage,
    FollowUpPageRequest,
    ListFieldsRequest,
    Operator,
);
