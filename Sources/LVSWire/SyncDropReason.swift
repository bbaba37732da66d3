import LVSVocabulary

/// Why a received connection-sync message (or one connection entry in it) was not applied.
///
/// Its own enum, not more `DropReason` cases: sync messages arrive on a UDP socket of the sync
/// daemon, never through the data plane's frame parser, so their counters
/// (`lvs_sync_drops_total{reason="..."}`) are the daemon's and the per-worker frame counter
/// arrays indexed by `DropReason.rawValue` stay as they are.
///
/// The message-level reasons drop the whole message, as the kernel's backup does
/// (`ip_vs_process_message`); the entry-level ones (`isEntryLevel`) skip one connection and keep
/// the rest, as `ip_vs_proc_sync_conn` does with a positive return.
public enum SyncDropReason: UInt8, FrameReason, Error {
    // Message header
    case truncatedHeader
    case sizeMismatch
    case badMessageVersion
    /// Never returned by `SyncMessage.decode`: the receiver's policy (`SyncMessage.accepts`),
    /// counted under this label by the daemon that applies it.
    case foreignSyncID
    // Connection entries: the whole message is dropped
    case truncatedEntry
    case entryBeyondMessage
    case badEntryVersion
    case unknownEntryType
    case entryTooShort
    case truncatedOption
    case badOptionLength
    case badSequenceOption
    case badPersistenceData
    case badPersistenceEngineName
    // Connection entries: only the entry is skipped
    case unknownMandatoryOption
    case unsupportedProtocol
    case invalidState
    case persistenceDataWithoutEngine

    /// The metric label: snake_case, stable, never reused for another meaning.
    public var label: String {
        switch self {
        case .truncatedHeader: "truncated_header"
        case .sizeMismatch: "size_mismatch"
        case .badMessageVersion: "bad_message_version"
        case .foreignSyncID: "foreign_syncid"
        case .truncatedEntry: "truncated_entry"
        case .entryBeyondMessage: "entry_beyond_message"
        case .badEntryVersion: "bad_entry_version"
        case .unknownEntryType: "unknown_entry_type"
        case .entryTooShort: "entry_too_short"
        case .truncatedOption: "truncated_option"
        case .badOptionLength: "bad_option_length"
        case .badSequenceOption: "bad_sequence_option"
        case .badPersistenceData: "bad_pe_data"
        case .badPersistenceEngineName: "bad_pe_name"
        case .unknownMandatoryOption: "unknown_mandatory_option"
        case .unsupportedProtocol: "unsupported_protocol"
        case .invalidState: "invalid_state"
        case .persistenceDataWithoutEngine: "pe_data_without_name"
        }
    }

    /// Whether the kernel skips only the one connection entry (and applies the others).
    public var isEntryLevel: Bool {
        switch self {
        case .unknownMandatoryOption, .unsupportedProtocol, .invalidState, .persistenceDataWithoutEngine: true
        default: false
        }
    }
}
