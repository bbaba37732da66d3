import LVSVocabulary

// Tests spell addresses as text; a typo there is a bug in the test, so these trap rather than
// make every fixture unwrap.

/// The address written `text` (IPv4 or IPv6).
public func addr(_ text: String) -> InetAddress { InetAddress(text)! }

/// The MAC address written `text` (six hex pairs separated by colons).
public func mac(_ text: String) -> MACAddress { MACAddress(text)! }
