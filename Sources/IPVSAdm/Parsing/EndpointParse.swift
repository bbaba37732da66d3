import LVSCore
import LVSVocabulary

/// What `parse_service` found: an address, and whether a port was given too.
struct EndpointParse: OptionSet, Sendable {
    let rawValue: Int
    static let address = EndpointParse(rawValue: 1)
    static let port = EndpointParse(rawValue: 2)
}
