// Module `Tripartite`: see DESIGN.md. Contents arrive with their issue.
public enum TripartiteModule { public static let name = "Tripartite" }
