//! Types of the document area "identity" (filled in below).
