//! Types of the document area "groups" (filled in below).
