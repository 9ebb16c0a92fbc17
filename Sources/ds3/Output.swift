import ArgumentParser
import Foundation
import ScalingCore

/// How a command prints its result: an aligned table for reading, one JSON object, or CSV for a spreadsheet or a
/// data-frame library (`Record.csv()`).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv

    /// The library's list for a `CaseIterable` raw-value type, computed once: the parser asks for it every time it
    /// builds a command's options (each `ds3 batch` request).
    static let allValueStrings = allCases.map(\.rawValue.defaultValueDescription)
}

/// A flat, ordered result record printed either as an aligned two-column table or as one JSON object.
/// Values are `Double`, `Int`, `String`, `Bool`, nested `Record`s or arrays of those.
struct Record: Sendable {
    enum Value: Sendable {
        case number(Double)
        case integer(Int)
        /// A count or seed beyond Int's range (a UInt64 seed is echoed as given, never wrapped to a negative).
        case unsigned(UInt64)
        case text(String)
        case flag(Bool)
        case record(Record)
        case list([Value])
    }

    var fields: [(String, Value)] = []

    init() {}

    mutating func add(_ key: String, _ value: Double) { fields.append((key, .number(value))) }
    mutating func add(_ key: String, _ value: Int) { fields.append((key, .integer(value))) }
    mutating func add(_ key: String, _ value: UInt64) { fields.append((key, .unsigned(value))) }
    mutating func add(_ key: String, _ value: String) { fields.append((key, .text(value))) }
    mutating func add(_ key: String, _ value: Bool) { fields.append((key, .flag(value))) }
    mutating func add(_ key: String, _ value: Record) { fields.append((key, .record(value))) }
    mutating func add(_ key: String, _ values: [Value]) { fields.append((key, .list(values))) }

    /// One JSON object, keys in insertion order. Non-finite numbers are refused (JSON has no NaN).
    func json() throws -> String {
        try Self.json(.record(self))
    }

    static func json(_ value: Value) throws -> String {
        switch value {
        case .number(let x):
            guard x.isFinite else { throw ParameterError(parameter: "output value", value: x, validRange: "finite") }
            return Table.format(x)
        case .integer(let n): return String(n)
        case .unsigned(let n): return String(n)
        case .text(let s): return quote(s)
        case .flag(let b): return b ? "true" : "false"
        case .list(let values): return "[" + (try values.map { try json($0) }).joined(separator: ", ") + "]"
        case .record(let record):
            let body = try record.fields.map { "\(quote($0.0)): \(try json($0.1))" }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Aligned `key  value` lines, numbers to 6 significant digits with their units (`TableUnits`); nested
    /// records are indented.
    func table(indent: String = "") -> String {
        let width = fields.map(\.0.count).max() ?? 0
        var lines: [String] = []
        for (key, value) in fields {
            let padded = key.padding(toLength: width, withPad: " ", startingAt: 0)
            switch value {
            case .record(let nested):
                lines.append(indent + key + ":")
                lines.append(nested.table(indent: indent + "  "))
            case .number(let x):
                lines.append(indent + padded + "  " + TableUnits.format(x, key: key))
            default:
                lines.append(indent + padded + "  " + Self.plain(value))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func plain(_ value: Value) -> String {
        switch value {
        case .number(let x): return Table.format(x)
        case .integer(let n): return String(n)
        case .unsigned(let n): return String(n)
        case .text(let s): return s
        case .flag(let b): return b ? "yes" : "no"
        case .list(let values): return values.map(plain).joined(separator: ", ")
        case .record(let r): return r.table()
        }
    }

    /// Prints in the chosen format to stdout.
    func emit(_ format: OutputFormat) throws {
        switch format {
        case .json: print(try json())
        case .table: print(table())
        case .csv: print(try csv(), terminator: "")
        }
    }
}
