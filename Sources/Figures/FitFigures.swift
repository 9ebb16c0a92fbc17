import ScalingCore

/// Registered figures of this area, in display order.
enum FitFigures {
    static let all: [FigureSpec] = []
}
