//! The checks of a request's ids, sizes and cursors, before anything is sent.

use client_core::Error;

use crate::models::CustomerId;

pub(super) fn check_customer_id(id: CustomerId) -> client_core::Result<()> {
    if id.0 <= 0 {
        return Err(Error::invalid_input(
            "customerId",
            format!("must be a positive id, got {}", id.0),
        ));
    }
    Ok(())
}

pub(super) fn check_size(size: Option<u32>) -> client_core::Result<()> {
    if size == Some(0) {
        return Err(Error::invalid_input("size", "must be at least 1"));
    }
    Ok(())
}

pub(super) fn check_cursor(cursor: Option<&str>) -> client_core::Result<()> {
    if cursor.is_some_and(|c| c.trim().is_empty()) {
        return Err(Error::invalid_input(
            "cursor",
            "must not be empty (leave it unset for the first page)",
        ));
    }
    Ok(())
}
