import LVSVocabulary

/// A persistence template as every worker sees it: the server the client network sticks to,
/// and how many workers' templates (engine entries) hold it. It lives while one does: each of
/// them expires as the kernel's one template would on its worker's traffic, so the last to go
/// goes when the kernel's would.
struct SharedTemplate {
    var destination: DestinationKey
    var holders: Int32
}
