//! What a parameter setter accepts: text as anything that converts into a `String`, and each
//! number type as itself only — so an integer literal (`.perpage(100)`,
//! `VarDatasParams::new(4242)`) needs no suffix.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{
    AssistantType, ConversationType, CustomType, InputType, MessageContent, MessageText,
    MessageType, ModelType, OperateType,
};

/// A value a parameter setter accepts for a parameter of type `T`.
pub trait IntoParam<T> {
    /// The parameter's value.
    fn into_param(self) -> T;
}

impl<S: Into<String>> IntoParam<String> for S {
    fn into_param(self) -> String {
        self.into()
    }
}

/// Each of these accepts only itself, so an integer or decimal literal infers its type.
macro_rules! exactly {
    ($($t:ty),*) => {
        $(impl IntoParam<$t> for $t {
            fn into_param(self) -> $t {
                self
            }
        })*
    };
}

exactly!(u32, u64, i64, bool, Decimal, DateTime<Utc>);
/// These accept anything that converts into them (`MessageText` from text, …).
macro_rules! via_into {
    ($($t:ty),*) => {
        $(impl<T: Into<$t>> IntoParam<$t> for T {
            fn into_param(self) -> $t {
                self.into()
            }
        })*
    };
}

via_into!(
    AssistantType,
    ConversationType,
    CustomType,
    InputType,
    MessageContent,
    MessageText,
    MessageType,
    ModelType,
    OperateType
);
