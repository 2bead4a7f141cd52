//! Operations of the document area "contacts".
