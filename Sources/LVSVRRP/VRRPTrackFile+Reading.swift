import LVSKeepalived

extension VRRPTrackFile {
    /// `track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] }` with
    /// keepalived 2.2.7's messages (trackers/track_file.c track_file_*_handler). nil (reported)
    /// without a `file`.
    public init?(reading block: ConfigNode, problems: inout [String]) {
        self.init(name: block.argument(0) ?? "")
        var pathSet = false
        var weightSet = false
        for line in block.children {
            switch line.keyword {
            case "file":
                guard let value = line.argument(0) else {
                    problems.append("track file file name missing")
                    continue
                }
                if pathSet {
                    problems.append("File already set for track file \(name) - ignoring \(value)")
                    continue
                }
                path = value
                pathSet = true
            case "weight":
                guard let value = line.argument(0) else {
                    problems.append("No weight specified for track file \(name) - ignoring")
                    continue
                }
                // keepalived detects a second weight line by the weight differing from 1.
                if weightSet && weight != 1 {
                    problems.append("Weight already set for track file \(name) - ignoring \(value)")
                    continue
                }
                weightSet = true
                if let parsed = VRRPNumber.integer(value, in: -254...254) {
                    weight = parsed
                } else {
                    problems.append(
                        "Weight (\(value)) for track_file \(name) must be between [-254..254] inclusive. Ignoring...")
                    weight = 1
                }
                if let option = line.argument(1) {
                    if option == "reverse" {
                        reverse = true
                    } else {
                        problems.append("track_file \(name) unknown weight option \(option)")
                    }
                }
            case "init_file":
                initialValue = 0
                for word in line.arguments {
                    let trimmed = word.drop { $0 == " " || $0 == "\t" }
                    if let first = trimmed.first, first.isASCII && first.isNumber || first == "-" {
                        if let value = Int32(trimmed) {
                            if value < -254 || value > 254 {
                                problems.append(
                                    "Track file \(name) init value \(value) is outside sensible range [-254, 254]")
                            }
                            initialValue = Int(value)
                        } else {
                            problems.append("Track file \(name) init value \(trimmed) is invalid")
                            initialValue = 0
                        }
                    } else if trimmed == "overwrite" {
                        overwrite = true
                    } else {
                        problems.append("Unknown track file init option \(trimmed)")
                    }
                }
            default:
                break
            }
        }
        guard pathSet else {
            problems.append("No file set for track_file \(name) - ignoring")
            return nil
        }
    }
}
