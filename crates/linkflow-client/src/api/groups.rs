//! Operations of the document area "groups".
