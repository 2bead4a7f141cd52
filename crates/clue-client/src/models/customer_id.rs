//! [`CustomerId`]: the id of a clue / 待分配客户.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Clue;

/// The id of a clue / 待分配客户 (`customerId`, 线索&待分配客户id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerId(pub i64);

impl CustomerId {
    /// The numeric id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for CustomerId {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl From<&Clue> for CustomerId {
    fn from(value: &Clue) -> Self {
        Self(value.customer_id)
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
