// Module `ComputeOptimal`: see DESIGN.md. Contents arrive with their issue.
public enum ComputeOptimalModule { public static let name = "ComputeOptimal" }
