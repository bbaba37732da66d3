/// A worker's copy of the published snapshot, refreshed when the generation moves.
struct NetworkViewReader {
    let cell: NetworkViewCell
    private var copy: NetworkView
    private var seen: UInt64

    init(_ cell: NetworkViewCell) {
        self.cell = cell
        seen = cell.generation
        copy = cell.current
    }

    @inline(__always)
    mutating func read() -> NetworkView {
        let g = cell.generation
        if g != seen {
            seen = g
            copy = cell.current
        }
        return copy
    }
}
