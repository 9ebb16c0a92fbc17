// Module `DS3`: see DESIGN.md. Contents arrive with their issue.
public enum DS3Module { public static let name = "DS3" }
