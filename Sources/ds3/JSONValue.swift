/// A JSON value read from one line of `ds3 batch` input. Numbers keep their literal text, so `1e24` in a request
/// reaches the command exactly as `--compute 1e24` would on the command line (no binary round trip).
enum JSONValue: Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's literal text, as written.
    case number(String)
    case bool(Bool)
    case null

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// The value as JSON text (numbers as their literal text).
    var text: String {
        switch self {
        case .object(let fields):
            "{" + fields.map { "\(Record.quote($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .string(let s): Record.quote(s)
        case .number(let literal): literal
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        }
    }

    /// A malformed line: what was expected and at which character (1-based).
    struct ParseError: Error, CustomStringConvertible {
        let position: Int
        let reason: String
        var description: String { "invalid JSON at character \(position): \(reason)" }
    }

    /// Parses one JSON document (RFC 8259); whitespace around it is allowed, anything else after it is not.
    static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var reader = Reader(Array(text.unicodeScalars))
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.error("unexpected text after the value") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var k = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { k >= scalars.count }

        func error(_ reason: String) -> ParseError { ParseError(position: k + 1, reason: reason) }

        mutating func skipSpace() {
            while k < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[k]) { k += 1 }
        }

        mutating func expect(_ word: String) throws(ParseError) {
            for scalar in word.unicodeScalars {
                guard k < scalars.count, scalars[k] == scalar else { throw error("expected '\(word)'") }
                k += 1
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < 64 else { throw error("nested more than 64 levels") }
            skipSpace()
            guard k < scalars.count else { throw error("expected a value, found the end of the line") }
            switch scalars[k] {
            case "{":
                k += 1
                var fields: [(String, JSONValue)] = []
                skipSpace()
                if k < scalars.count, scalars[k] == "}" {
                    k += 1
                    return .object(fields)
                }
                while true {
                    skipSpace()
                    guard k < scalars.count, scalars[k] == "\"" else { throw error("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    fields.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard k < scalars.count else { throw error("unterminated object") }
                    if scalars[k] == "," {
                        k += 1
                    } else if scalars[k] == "}" {
                        k += 1
                        return .object(fields)
                    } else {
                        throw error("expected ',' or '}'")
                    }
                }
            case "[":
                k += 1
                var items: [JSONValue] = []
                skipSpace()
                if k < scalars.count, scalars[k] == "]" {
                    k += 1
                    return .array(items)
                }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard k < scalars.count else { throw error("unterminated array") }
                    if scalars[k] == "," {
                        k += 1
                    } else if scalars[k] == "]" {
                        k += 1
                        return .array(items)
                    } else {
                        throw error("expected ',' or ']'")
                    }
                }
            case "\"": return .string(try string())
            case "t":
                try expect("true")
                return .bool(true)
            case "f":
                try expect("false")
                return .bool(false)
            case "n":
                try expect("null")
                return .null
            default: return .number(try number())
            }
        }

        mutating func number() throws(ParseError) -> String {
            let start = k
            func digits() -> Int {
                let from = k
                while k < scalars.count, ("0"..."9").contains(scalars[k]) { k += 1 }
                return k - from
            }
            if k < scalars.count, scalars[k] == "-" { k += 1 }
            guard digits() > 0 else { throw error("expected a value") }
            if k < scalars.count, scalars[k] == "." {
                k += 1
                guard digits() > 0 else { throw error("expected digits after '.'") }
            }
            if k < scalars.count, scalars[k] == "e" || scalars[k] == "E" {
                k += 1
                if k < scalars.count, scalars[k] == "+" || scalars[k] == "-" { k += 1 }
                guard digits() > 0 else { throw error("expected digits in the exponent") }
            }
            var literal = ""
            literal.unicodeScalars.append(contentsOf: scalars[start..<k])
            return literal
        }

        mutating func string() throws(ParseError) -> String {
            k += 1
            var out = String.UnicodeScalarView()
            while k < scalars.count {
                let c = scalars[k]
                k += 1
                switch c {
                case "\"": return String(out)
                case "\\":
                    guard k < scalars.count else { break }
                    let e = scalars[k]
                    k += 1
                    switch e {
                    case "\"", "\\", "/": out.append(e)
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), k + 1 < scalars.count, scalars[k] == "\\",
                            scalars[k + 1] == "u"
                        {
                            k += 2
                            let low = try hex4()
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        out.append(scalar)
                    default: throw error("invalid escape '\\\(e)'")
                    }
                default:
                    guard c.value >= 0x20 else { throw error("control character in a string") }
                    out.append(c)
                }
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard k + 4 <= scalars.count else { throw error("short \\u escape") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = UInt32(String(scalars[k]), radix: 16) else { throw error("invalid \\u escape") }
                code = code * 16 + digit
                k += 1
            }
            return code
        }
    }
}
