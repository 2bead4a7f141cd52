//! Types of the document area "contacts" (filled in below).
