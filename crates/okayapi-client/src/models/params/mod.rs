//! The parameters ("参数") of the 15 documented methods, one type per method.
//!
//! Every documented parameter is a field; required ones are arguments of `new`, optional ones
//! are `Option`s with a setter of the same name taking
//! [`IntoParam<T>`](crate::models::IntoParam) (text: anything `Into<String>`; numbers: the number
//! itself, so literals need no suffix; ids: a [`UserId`](crate::models::UserId) /
//! [`VarDataId`](crate::models::VarDataId) or its number). Documented ranges (`page` ≥ 1,
//! `perpage` 1–10,000, `version` not empty) are checked by
//! [`ApiMethod::validate`](crate::ApiMethod::validate) before anything is sent; `operate_type` is
//! an [`OperateType`](crate::models::OperateType), so only 1 and 2 can be sent. The
//! "字符串JSON格式" parameters take typed values ([`AtUser`](crate::models::AtUser),
//! [`MessageText`](crate::models::MessageText), [`MessageContent`](crate::models::MessageContent))
//! and are sent as JSON text.
//!
//! The common parameters (`app_key`, `sign`, `uuid`, `token`) are added by the client; the client
//! never sends `return_data` (it always asks for the full envelope).
//!
//! One file per documented area, as in [`crate::api`]: `usage`, `process_data`, `robot_message`
//! (the DingTalk callback fields) and `robot`, `cases`, `prompts`, `reports`.

/// The documented maximum of `perpage` ("最大:10000").
pub const MAX_PER_PAGE: u32 = 10_000;

/// Rules checked before sending.
mod check {
    use client_core::{Error, Result};

    /// `page` ≥ 1 ("最小:1").
    pub(super) fn page(field: &'static str, value: &u32) -> Result<()> {
        if *value >= 1 {
            Ok(())
        } else {
            Err(Error::invalid_input(field, "must be at least 1"))
        }
    }

    /// `perpage` 1–10,000 ("最小:1;最大:10000").
    pub(super) fn perpage(field: &'static str, value: &u32) -> Result<()> {
        if (1..=super::MAX_PER_PAGE).contains(value) {
            Ok(())
        } else {
            Err(Error::invalid_input(
                field,
                format!("must be between 1 and {}, not {value}", super::MAX_PER_PAGE),
            ))
        }
    }

    /// A required text parameter must not be empty.
    pub(super) fn not_empty(field: &'static str, value: &str) -> Result<()> {
        if value.trim().is_empty() {
            Err(Error::invalid_input(
                field,
                "is required and must not be empty",
            ))
        } else {
            Ok(())
        }
    }
}

/// Defines one method's parameters type, its setters and its [`ApiMethod`] impl.
macro_rules! params {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            method: $method:literal,
            safe_to_repeat: $safe:literal,
            response: $response:ty,
            required: {
                $( $(#[doc = $rdoc:literal])* $(#[serde($($rs:tt)*)])*
                   $rfield:ident : $rty:ty $([$rrule:path])? ),* $(,)?
            },
            optional: {
                $( $(#[doc = $odoc:literal])* $(#[serde($($os:tt)*)])*
                   $ofield:ident : $oty:ty $([$orule:path])? ),* $(,)?
            } $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $rdoc])*
                $(#[serde($($rs)*)])*
                pub $rfield: $rty,
            )*
            $(
                $(#[doc = $odoc])*
                $(#[serde($($os)*)])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
        }

        #[allow(clippy::new_without_default)]
        impl $name {
            #[doc = concat!("Parameters of ", $method, "; required parameters are the arguments.")]
            pub fn new($($rfield: impl $crate::models::IntoParam<$rty>),*) -> Self {
                Self {
                    $( $rfield: $crate::models::IntoParam::into_param($rfield), )*
                    $( $ofield: None, )*
                }
            }

            $(
                $(#[doc = $odoc])*
                pub fn $ofield(mut self, value: impl $crate::models::IntoParam<$oty>) -> Self {
                    self.$ofield = Some($crate::models::IntoParam::into_param(value));
                    self
                }
            )*
        }

        impl $crate::method::ApiMethod for $name {
            const METHOD: &'static str = $method;
            const OPERATION: &'static str = concat!("POST /api/SVIP/{app}/", $method);
            const SAFE_TO_REPEAT: bool = $safe;
            type Response = $response;

            fn validate(&self) -> $crate::Result<()> {
                $( $( $rrule(stringify!($rfield), &self.$rfield)?; )? )*
                $( $( if let Some(value) = &self.$ofield {
                    $orule(stringify!($ofield), value)?;
                } )? )*
                Ok(())
            }
        }
    };
}

/// Implements [`ListMethod`] for a parameters type with `page` and `perpage` fields.
macro_rules! list_method {
    ($($name:ty => $max:expr),* $(,)?) => {
        $(
            impl $crate::method::ListMethod for $name {
                const MAX_PER_PAGE: Option<u32> = $max;
                fn page(&self) -> Option<u32> {
                    self.page
                }
                fn perpage(&self) -> Option<u32> {
                    self.perpage
                }
                fn with_page(mut self, page: u32, perpage: u32) -> Self {
                    self.page = Some(page);
                    self.perpage = Some(perpage);
                    self
                }
            }
        )*
    };
}

/// Setters of [`RobotMessage`], one per field.
macro_rules! setters {
    ($ty:ty { $($(#[doc = $doc:literal])* $field:ident : $fty:ty),* $(,)? }) => {
        impl $ty {
            $(
                $(#[doc = $doc])*
                pub fn $field(mut self, value: impl $crate::models::IntoParam<$fty>) -> Self {
                    self.$field = Some($crate::models::IntoParam::into_param(value));
                    self
                }
            )*
        }
    };
}

mod cases;
mod process_data;
mod prompts;
mod reports;
mod robot;
mod robot_message;
mod usage;

pub use cases::{
    NrdadanCaseDetailParams, NrkhCaseDetailParams, ProductProcureDetailParams,
    PtjdCaseDetailParams, SaleCaseDetailParams,
};
pub use process_data::{SaveVarDataParams, VarDatasParams};
pub use prompts::{PromptStepsParams, ReportPromptsParams};
pub use reports::{BuildExcelParams, JdyyReportDataParams};
pub use robot::{CpsReceiveSearchParams, ReceiveMsgParams, SaleCaseReceiveSearchParams};
pub use robot_message::RobotMessage;
pub use usage::UseRecordStatisticsParams;
