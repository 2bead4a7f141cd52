//! Types of the document area "群组" (groups).
//!
//! The wire models are the generated ones, re-exported by `models` ([`Group`](super::Group),
//! [`GroupMember`](super::GroupMember), [`GroupMemberContact`](super::GroupMemberContact),
//! [`GroupContactsResult`](super::GroupContactsResult)); their ids are the hand-written newtypes ([`GroupId`](super::GroupId),
//! [`MemberId`], [`ContactId`](super::ContactId)) and `groupType` is [`GroupType`].

id_newtype!(
    /// A group membership's id (`memberId`), the cursor of `GET /open/groups/{groupId}/contacts`.
    MemberId
);

string_enum!(
    /// `groupType`: `static` or `dynamic`.
    GroupType {
        /// `static`: members are added and removed explicitly.
        Static => "static",
        /// `dynamic`: members follow a rule.
        Dynamic => "dynamic",
    }
);
