import ScalingCore

/// Registered figures of this area, in display order.
enum AllocationFigures {
    static let all: [FigureSpec] = []
}
