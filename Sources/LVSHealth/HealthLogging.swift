import Logging

/// The logger probes use when the caller passes none.
public enum HealthLogging {
    public static var defaultLogger: Logger { Logger(label: "lvs.health") }
}
