//! [`LeadFilter`]: the filters of §2.1 / §2.2, and the document's day format ([`vendor_date`]).

use chrono::{Datelike, NaiveDate};
use client_core::Error;

use super::ids::{CompanyId, WkUid};

/// The filters shared by §2.1 获取潜客列表 and §2.2 获取悟空潜客: `wk_uid`, `create_at`,
/// `create_at_start`, `create_at_end` and the older `company_id`, all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LeadFilter {
    /// Only this Wukong user's leads (`wk_uid`).
    pub wk_uid: Option<WkUid>,
    /// Only leads created on this day (`create_at`, sent as `2017-1-1` like the document).
    pub create_at: Option<NaiveDate>,
    /// Only leads created on or after this day (`create_at_start`).
    pub create_at_start: Option<NaiveDate>,
    /// Only leads created on or before this day (`create_at_end`).
    pub create_at_end: Option<NaiveDate>,
    /// Only this bound company (`company_id`, the older parameter; default: all).
    pub company_id: Option<CompanyId>,
}

impl LeadFilter {
    /// Checks the filter: `create_at` excludes the range, and the range must not be reversed.
    pub fn validate(&self) -> Result<(), Error> {
        if self.create_at.is_some()
            && (self.create_at_start.is_some() || self.create_at_end.is_some())
        {
            return Err(Error::invalid_input(
                "create_at",
                "give either one day (`create_at`) or a range (`create_at_start`/`create_at_end`), not both",
            ));
        }
        if let (Some(start), Some(end)) = (self.create_at_start, self.create_at_end)
            && start > end
        {
            return Err(Error::invalid_input(
                "create_at_start",
                format!("{start} is after create_at_end {end}"),
            ));
        }
        Ok(())
    }

    /// The form parameters, without `access_token`.
    pub(crate) fn form_pairs(&self) -> Vec<(String, String)> {
        // `access_token` is added to every attempt by the client (as the last parameter).
        let mut pairs = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                pairs.push((k.to_owned(), v));
            }
        };
        push("wk_uid", self.wk_uid.as_ref().map(ToString::to_string));
        push("create_at", self.create_at.map(vendor_date));
        push("create_at_start", self.create_at_start.map(vendor_date));
        push("create_at_end", self.create_at_end.map(vendor_date));
        push(
            "company_id",
            self.company_id.as_ref().map(ToString::to_string),
        );
        pairs
    }
}

/// A day as the document writes it: `2017-1-1` (no zero padding).
pub fn vendor_date(date: NaiveDate) -> String {
    format!("{}-{}-{}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn dates_follow_the_document() {
        let d = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
        assert_eq!(vendor_date(d), "2017-1-1");
    }
}
