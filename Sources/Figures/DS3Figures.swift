import ScalingCore

/// Registered figures of this area, in display order.
enum DS3Figures {
    static let all: [FigureSpec] = []
}
