import ScalingCore

/// Registered figures of this area, in display order.
enum TripartiteFigures {
    static let all: [FigureSpec] = []
}
