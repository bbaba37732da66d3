import Logging

/// Round robin over two servers, seen from the client: both answered, strictly in turn
/// (a b a b ...).
func alternates(_ answers: [String]) -> Bool {
    answers.count >= 2 && answers[0] != answers[1] && answers.indices.allSatisfy { answers[$0] == answers[$0 % 2] }
}

let testLogger: Logger = {
    var l = Logger(label: "lvs.test.director")
    l.logLevel = .warning
    return l
}()
