/// Version of the DS3Kit package, written into every table's metadata.
public enum DS3KitVersion {
    public static let string = "0.1.0"
}

/// The result of every figure: named columns (numbers or text) of equal length plus ordered metadata
/// (figure id, parameters, package version, seeds).
public struct Table: Sendable, Equatable {
    /// One column's values.
    public enum Values: Sendable, Equatable {
        case numbers([Double])
        case texts([String])

        public var count: Int {
            switch self {
            case .numbers(let v): v.count
            case .texts(let v): v.count
            }
        }
    }

    /// A named column.
    public struct Column: Sendable, Equatable {
        public let name: String
        public let values: Values
        public init(_ name: String, _ values: [Double]) {
            self.name = name
            self.values = .numbers(values)
        }
        public init(_ name: String, texts: [String]) {
            self.name = name
            self.values = .texts(texts)
        }
        public init(name: String, values: Values) {
            self.name = name
            self.values = values
        }
    }

    /// One metadata entry, written as `# key: value`.
    public struct Metadata: Sendable, Equatable {
        public let key: String
        public let value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var columns: [Column]
    public var metadata: [Metadata]

    /// - Throws: `ParameterError` when columns differ in length, names repeat or are empty.
    public init(columns: [Column], metadata: [Metadata] = []) throws(ParameterError) {
        if let first = columns.first {
            for column in columns where column.values.count != first.values.count {
                throw ParameterError(
                    parameter: "column \(column.name)", value: "\(column.values.count) rows",
                    validRange: "\(first.values.count) rows like column \(first.name)")
            }
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty, seen.insert(column.name).inserted else {
                throw ParameterError(parameter: "column name", value: column.name, validRange: "non-empty and unique")
            }
        }
        self.columns = columns
        self.metadata = metadata
    }

    /// Builds a numeric table from rows.
    public init(names: [String], rows: [[Double]], metadata: [Metadata] = []) throws(ParameterError) {
        for (i, row) in rows.enumerated() where row.count != names.count {
            throw ParameterError(
                parameter: "row \(i)", value: "\(row.count) values", validRange: "\(names.count) values")
        }
        let columns = names.enumerated().map { j, name in Column(name, rows.map { $0[j] }) }
        try self.init(columns: columns, metadata: metadata)
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }
    public var columnNames: [String] { columns.map(\.name) }

    private func column(named name: String) throws(ParameterError) -> Column {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw ParameterError(parameter: "column", value: name, validRange: "one of \(columnNames)")
        }
        return column
    }

    /// The numeric values of a column.
    public func numbers(_ name: String) throws(ParameterError) -> [Double] {
        guard case .numbers(let values) = try column(named: name).values else {
            throw ParameterError(parameter: "column \(name)", value: "text", validRange: "numeric")
        }
        return values
    }

    /// The text values of a column.
    public func texts(_ name: String) throws(ParameterError) -> [String] {
        guard case .texts(let values) = try column(named: name).values else {
            throw ParameterError(parameter: "column \(name)", value: "numeric", validRange: "text")
        }
        return values
    }

    /// The value of a metadata key, if present.
    public func metadataValue(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

    /// Adds or replaces a metadata entry.
    public mutating func setMetadata(_ key: String, _ value: String) {
        if let i = metadata.firstIndex(where: { $0.key == key }) {
            metadata[i] = Metadata(key, value)
        } else {
            metadata.append(Metadata(key, value))
        }
    }

    /// Appends a column of the same length.
    public mutating func append(_ column: Column) throws(ParameterError) {
        self = try Table(columns: columns + [column], metadata: metadata)
    }

    /// Non-finite numbers, as (column, row) pairs; empty for a table fit to write.
    public var nonFiniteCells: [(column: String, row: Int)] {
        var cells: [(String, Int)] = []
        for column in columns {
            if case .numbers(let values) = column.values {
                for (i, v) in values.enumerated() where !v.isFinite { cells.append((column.name, i)) }
            }
        }
        return cells
    }
}
