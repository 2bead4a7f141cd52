//! Operations of the document area "identity".
