//! [`OperateType`]: ASaveAndyVardDtas' `operate_type` (create or update).

use serde::{Serialize, Serializer};

/// `operate_type` (ASaveAndyVardDtas): "操作方式,1-创建,2-更新。默认为1创建。" Only 1 and 2 exist;
/// [`OperateType::try_from`] checks a raw number before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OperateType {
    /// 1 创建 (create; the server's default).
    #[default]
    Create,
    /// 2 更新 (update the row `id`).
    Update,
}

impl OperateType {
    /// The number sent.
    pub fn code(self) -> u8 {
        match self {
            OperateType::Create => 1,
            OperateType::Update => 2,
        }
    }
}

impl TryFrom<i64> for OperateType {
    type Error = client_core::Error;

    /// `1` or `2`; anything else is an invalid-input error (nothing is sent).
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(OperateType::Create),
            2 => Ok(OperateType::Update),
            other => Err(crate::Error::invalid_input(
                "operate_type",
                format!("must be 1 (create) or 2 (update), not {other}"),
            )),
        }
    }
}

impl Serialize for OperateType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operate_type_is_checked() {
        assert_eq!(OperateType::try_from(2).unwrap(), OperateType::Update);
        let err = OperateType::try_from(3).unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("operate_type"));
    }
}
