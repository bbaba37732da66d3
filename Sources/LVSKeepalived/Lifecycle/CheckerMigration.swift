/// What a reload made of a checker (migrate_checkers): the checker it continues, if any, and
/// whether one failure is enough for it (a not-yet-run checker of a failed server).
struct CheckerMigration: Hashable, Sendable {
    var previous: CheckerKey?
    var oneFailureIsEnough = false
}
