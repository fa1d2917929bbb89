//! Every shape of the service model (`connectparticipant-2018-09-07`), as Rust data.
//!
//! Member names are PascalCase on the wire, as in the model. Timestamps stay the ISO 8601
//! strings the service sends (see [`crate::time`] to read them). Optional members are
//! `Option`s and are left out of the JSON when `None`. Response types ignore members they do
//! not know, so a service that grows new ones keeps working.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::enums::string_enum;
use crate::json::read_members;

string_enum! {
    /// `ArtifactStatus`: where an attachment is in the malware scan.
    ArtifactStatus { Approved = "APPROVED", Rejected = "REJECTED", InProgress = "IN_PROGRESS" }
}
string_enum! {
    /// `ChatItemType`: what a transcript item is.
    ChatItemType {
        Typing = "TYPING", ParticipantJoined = "PARTICIPANT_JOINED", ParticipantLeft = "PARTICIPANT_LEFT",
        ChatEnded = "CHAT_ENDED", TransferSucceeded = "TRANSFER_SUCCEEDED", TransferFailed = "TRANSFER_FAILED",
        Message = "MESSAGE", Event = "EVENT", Attachment = "ATTACHMENT", ConnectionAck = "CONNECTION_ACK",
        MessageDelivered = "MESSAGE_DELIVERED", MessageRead = "MESSAGE_READ",
        /// Receipts arrive with this type on the socket, though the model does not list it.
        MessageMetadata = "MESSAGEMETADATA",
    }
}
string_enum! {
    /// `ConnectionType`: what CreateParticipantConnection should return.
    ConnectionType { Websocket = "WEBSOCKET", ConnectionCredentials = "CONNECTION_CREDENTIALS", WebrtcConnection = "WEBRTC_CONNECTION" }
}
string_enum! {
    /// `ContentDisposition` of a GetAttachment URL.
    ContentDisposition { Inline = "INLINE", Attachment = "ATTACHMENT" }
}
string_enum! {
    /// `MeetingFeatureStatus`.
    MeetingFeatureStatus { Available = "AVAILABLE", Unavailable = "UNAVAILABLE" }
}
string_enum! {
    /// `MessageProcessingStatus`: what happened to a sent message before delivery.
    MessageProcessingStatus { Processing = "PROCESSING", Failed = "FAILED", Rejected = "REJECTED" }
}
string_enum! {
    /// `ParticipantRole`: who wrote an item.
    ParticipantRole { Agent = "AGENT", Customer = "CUSTOMER", System = "SYSTEM", CustomBot = "CUSTOM_BOT", Supervisor = "SUPERVISOR" }
}
string_enum! {
    /// `ResourceType` named by a ResourceNotFoundException.
    ResourceType {
        Contact = "CONTACT", ContactFlow = "CONTACT_FLOW", Instance = "INSTANCE", Participant = "PARTICIPANT",
        HierarchyLevel = "HIERARCHY_LEVEL", HierarchyGroup = "HIERARCHY_GROUP", User = "USER", PhoneNumber = "PHONE_NUMBER",
    }
}
string_enum! {
    /// `ScanDirection` of GetTranscript.
    ScanDirection { Forward = "FORWARD", Backward = "BACKWARD" }
}
string_enum! {
    /// `SortKey`: the order of GetTranscript's items.
    SortKey { Descending = "DESCENDING", Ascending = "ASCENDING" }
}

/// `AttachmentItem`: an attachment as a transcript item carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct AttachmentItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ArtifactStatus>,
}

/// `Attendee` of a WebRTC meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct Attendee {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_token: Option<String>,
}

/// `AudioFeatures` of a WebRTC meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct AudioFeatures {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub echo_reduction: Option<MeetingFeatureStatus>,
}

/// `ConnectionCredentials`: the ConnectionToken that authenticates every call after the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct ConnectionCredentials {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_token: Option<String>,
    /// ISO 8601, about a day after issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
}

/// `Item`: one entry of a transcript, as GetTranscript and the websocket deliver it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct Item {
    /// ISO 8601 with milliseconds; the transcript's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
    /// The content, often itself JSON in a string (events, interactive messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChatItemType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_role: Option<ParticipantRole>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<AttachmentItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_metadata: Option<MessageMetadata>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_contact_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// Sent on websocket frames, though the model's `Item` does not list it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_contact_id: Option<String>,
}

/// `MeetingFeaturesConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct MeetingFeaturesConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioFeatures>,
}

/// `MessageMetadata`: receipts and processing status of a message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct MessageMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipts: Option<Vec<Receipt>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_processing_status: Option<MessageProcessingStatus>,
    /// On a streamed bot reply's items: `false` for a partial chunk, `true` for the completed
    /// item. Sent by the service, though the model does not declare it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_completed: Option<bool>,
    /// On a streamed reply's partial chunks: 1, 2, 3... (undeclared in the model too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_number: Option<u32>,
}

/// `MessageProcessingMetadata`, returned by SendMessage.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct MessageProcessingMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_processing_status: Option<MessageProcessingStatus>,
}

/// `Receipt`: when one recipient got and read a message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct Receipt {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_participant_id: Option<String>,
}

/// `StartPosition` of GetTranscript: exactly one of its members is meant to be set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartPosition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub most_recent: Option<u32>,
}

/// `UploadMetadata`: where and how to PUT an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct UploadMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_expiry: Option<String>,
    /// The headers the PUT must carry, exactly: they are part of the signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers_to_include: Option<BTreeMap<String, String>>,
}

/// `View`: a ShowView UI definition returned by DescribeView.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct View {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<ViewContent>,
}

/// `ViewContent`: the view's template, its input schema and the actions it may send.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct ViewContent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
}

/// `WebRTCConnection`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct WebRtcConnection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendee: Option<Attendee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<WebRtcMeeting>,
}

/// `WebRTCMediaPlacement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct WebRtcMediaPlacement {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_host_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_fallback_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signaling_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_ingestion_url: Option<String>,
}

/// `WebRTCMeeting`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct WebRtcMeeting {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_placement: Option<WebRtcMediaPlacement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_features: Option<MeetingFeaturesConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
}

/// `Websocket`: the URL to open and the time by which it must be opened.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct Websocket {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 8601, about 100 s after issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_expiry: Option<String>,
}

// Response shapes read through `Value`, member by member (`json::Members`): a derived
// `Deserialize` compiles a visitor per shape and a copy of `Option<T>`'s reading per field
// type, and every member of these shapes is optional. StartPosition, which a server reads
// strictly (`incoming`), keeps the derived one.
read_members! {
    AttachmentItem { content_type: "ContentType", attachment_id: "AttachmentId", attachment_name: "AttachmentName", status: "Status" }
    Attendee { attendee_id: "AttendeeId", join_token: "JoinToken" }
    AudioFeatures { echo_reduction: "EchoReduction" }
    ConnectionCredentials { connection_token: "ConnectionToken", expiry: "Expiry" }
    Item { absolute_time: "AbsoluteTime", content: "Content", content_type: "ContentType", id: "Id", kind: "Type", participant_id: "ParticipantId", display_name: "DisplayName", participant_role: "ParticipantRole", attachments: "Attachments", message_metadata: "MessageMetadata", related_contact_id: "RelatedContactId", contact_id: "ContactId", initial_contact_id: "InitialContactId" }
    MeetingFeaturesConfiguration { audio: "Audio" }
    MessageMetadata { message_id: "MessageId", receipts: "Receipts", message_processing_status: "MessageProcessingStatus", message_completed: "MessageCompleted", chunk_number: "ChunkNumber" }
    MessageProcessingMetadata { message_processing_status: "MessageProcessingStatus" }
    Receipt { delivered_timestamp: "DeliveredTimestamp", read_timestamp: "ReadTimestamp", recipient_participant_id: "RecipientParticipantId" }
    UploadMetadata { url: "Url", url_expiry: "UrlExpiry", headers_to_include: "HeadersToInclude" }
    View { id: "Id", arn: "Arn", name: "Name", version: "Version", content: "Content" }
    ViewContent { input_schema: "InputSchema", template: "Template", actions: "Actions" }
    WebRtcConnection { attendee: "Attendee", meeting: "Meeting" }
    WebRtcMediaPlacement { audio_host_url: "AudioHostUrl", audio_fallback_url: "AudioFallbackUrl", signaling_url: "SignalingUrl", event_ingestion_url: "EventIngestionUrl" }
    WebRtcMeeting { media_placement: "MediaPlacement", meeting_features: "MeetingFeatures", meeting_id: "MeetingId" }
    Websocket { url: "Url", connection_expiry: "ConnectionExpiry" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_shapes_read_as_serde_reads_optional_fields() {
        let item: Item = serde_json::from_str(
            r#"{"Id":"m1","Type":"MESSAGE","DisplayName":null,"ParticipantRole":"BOT_2030",
                "Attachments":[{"AttachmentId":"a1","Status":"APPROVED","Future":1}],
                "MessageMetadata":{"MessageId":"m1","Receipts":[{"ReadTimestamp":"t"}],
                                   "MessageCompleted":true,"ChunkNumber":2},
                "NewMember":{"x":[1]}}"#,
        )
        .unwrap();
        assert_eq!(item.id.as_deref(), Some("m1"));
        assert_eq!(item.kind, Some(ChatItemType::Message));
        assert_eq!(item.display_name, None);
        assert_eq!(
            item.participant_role,
            Some(ParticipantRole::Unknown("BOT_2030".into()))
        );
        let attachment = &item.attachments.as_ref().unwrap()[0];
        assert_eq!(attachment.status, Some(ArtifactStatus::Approved));
        let metadata = item.message_metadata.as_ref().unwrap();
        assert_eq!(metadata.chunk_number, Some(2));
        assert_eq!(metadata.message_completed, Some(true));
        assert_eq!(
            metadata.receipts.as_ref().unwrap()[0]
                .read_timestamp
                .as_deref(),
            Some("t")
        );
        let upload: UploadMetadata =
            serde_json::from_str(r#"{"Url":"u","HeadersToInclude":{"a":"b"}}"#).unwrap();
        assert_eq!(upload.headers_to_include.unwrap()["a"], "b");

        for wrong in [
            r#"{"Id":7}"#,
            r#"{"Type":true}"#,
            r#"{"Attachments":{}}"#,
            r#"{"Attachments":[1]}"#,
            r#"{"MessageMetadata":{"ChunkNumber":-1}}"#,
            r#"{"MessageMetadata":{"ChunkNumber":1.5}}"#,
            r#"{"MessageMetadata":{"MessageCompleted":"yes"}}"#,
            "[]",
        ] {
            assert!(serde_json::from_str::<Item>(wrong).is_err(), "{wrong}");
        }
        assert!(serde_json::from_str::<View>(r#"{"Version":3000000000}"#).is_err());
        assert!(serde_json::from_str::<UploadMetadata>(r#"{"HeadersToInclude":{"a":1}}"#).is_err());
    }
}
