import ArgumentParser
import Foundation

/// Parsing for `ds3 batch` that reuses earlier parses of requests of the same shape. swift-argument-parser rebuilds a
/// command's whole option set by reflection on every parse (about 70 % of a batch request's cost); a sweep sends
/// the same command line many times with one value changed, and only that value needs reading again.
///
/// How a request is answered without the parser: an earlier request with the same words (the template, parsed by
/// swift-argument-parser) differs from it only in option values at positions whose property is known. The command is
/// decoded again from the template's properties (`ReplayDecoder`), each changed value read by its type's
/// `init?(argument:)` (what the parser calls), every option group and the command validated as the parser does.
/// Which property a value position sets is learnt, never guessed: two parsed requests that differ in n values must
/// differ in n properties, and reading a position's new value into exactly one of them must give the second parse's
/// value (`learn`). Anything else (an unknown position, a value that does not read, a failed validation,
/// a word starting with `-`) goes to swift-argument-parser, so every error message is the parser's own. Relies on
/// `validate()` not changing the command (no `ds3` command declares a mutating `validate`; a test checks).
final class BatchParseCache: @unchecked Sendable {
    /// A parsed request, and the property path each learnt value position sets.
    private struct Entry {
        let template: any ParsableCommand
        /// The template's properties, read once (reflection is most of the cost of decoding again).
        let properties: ReplayDecoder.Properties
        let arguments: [String]
        var learnt: [Int: [String]] = [:]
    }

    /// The most shapes kept (a stream of ever-new shapes is parsed as before once this is reached).
    static let capacity = 1_000

    private let lock = NSLock()
    private var entries: [[String]: Entry] = [:]
    private var replays = 0

    /// How many requests were answered from an earlier parse (not by swift-argument-parser).
    var replayed: Int {
        lock.lock()
        defer { lock.unlock() }
        return replays
    }

    /// Parses `arguments` as options of `Leaf` (what `Leaf.parse(arguments)` returns or throws).
    func parse<Leaf: ParsableCommand>(_: Leaf.Type, _ arguments: [String]) throws -> any ParsableCommand {
        let key = Self.shape(Leaf.self, arguments)
        lock.lock()
        let entry = entries[key]
        lock.unlock()
        guard let entry, entry.arguments.count == arguments.count else {
            let command = try Leaf.parse(arguments)
            lock.lock()
            if entries.count < Self.capacity, entries[key] == nil {
                entries[key] = Entry(
                    template: command, properties: ReplayDecoder.Properties(command), arguments: arguments)
            }
            lock.unlock()
            return command
        }
        let changed = arguments.indices.filter { arguments[$0] != entry.arguments[$0] }
        if changed.allSatisfy({ entry.learnt[$0] != nil && !arguments[$0].hasPrefix("-") }),
            let command = Self.replay(
                entry.template, entry.properties, changed.map { (entry.learnt[$0]!, arguments[$0]) })
        {
            lock.lock()
            replays += 1
            lock.unlock()
            return command
        }
        let command = try Leaf.parse(arguments)
        // This parse becomes the shape's template (the positions learnt hold for any request of the shape), so
        // a sweep that changes one more value than the last request teaches its position.
        let properties = ReplayDecoder.Properties(command)
        var updated = Entry(template: command, properties: properties, arguments: arguments)
        updated.learnt = entry.learnt
        if changed.contains(where: { entry.learnt[$0] == nil }) {
            let learnt = Self.learn(entry.properties, properties, changes: changed.map { ($0, arguments[$0]) })
            updated.learnt.merge(learnt) { _, new in new }
        }
        lock.lock()
        if let current = entries[key] { updated.learnt.merge(current.learnt) { mine, _ in mine } }
        entries[key] = updated
        lock.unlock()
        return command
    }

    /// The command and the request's words, each option value (a word after an option word without `=`, itself
    /// not starting with `-`) blanked: requests with the same shape differ only in option values. Each word is
    /// marked as a value (`v`, blanked) or kept (`w` and the word), so no two shapes can look alike.
    static func shape(_ leaf: any ParsableCommand.Type, _ arguments: [String]) -> [String] {
        var words = ["\(leaf)"]
        for (k, word) in arguments.enumerated() {
            let isValue = k > 0 && arguments[k - 1].hasPrefix("-") && !arguments[k - 1].contains("=")
            words.append(isValue && !word.hasPrefix("-") ? "v" : "w" + word)
        }
        return words
    }

    /// The template with the values at `changes` (property path, new word) read again, validated; nil when a value
    /// does not read or a validation fails (the parser then answers, with its message).
    static func replay(
        _ template: any ParsableCommand, _ properties: ReplayDecoder.Properties, _ changes: [([String], String)]
    ) -> (any ParsableCommand)? {
        func rebuilt<C: ParsableCommand>(_: C) -> (any ParsableCommand)? {
            guard var command = try? C(from: ReplayDecoder(properties: properties, changes: changes)),
                (try? command.validate()) != nil
            else {
                return nil
            }
            return command
        }
        return rebuilt(template)
    }

    /// The property path each changed position sets, learnt from two parses whose words differ at `changes`
    /// (position, the second parse's word): as many properties must differ as words, and a position is learnt when
    /// exactly one differing property, read again from its word, becomes the second parse's value (and no two
    /// positions claim one property). A position that sets a property only when the value is really new, or a word
    /// that reads like another's, leaves the positions unlearnt.
    static func learn(
        _ first: ReplayDecoder.Properties, _ second: ReplayDecoder.Properties, changes: [(Int, String)]
    ) -> [Int: [String]] {
        let a = first.flattened()
        let b = second.flattened()
        guard a.map(\.path) == b.map(\.path) else { return [:] }
        let differing = zip(a, b).filter { $0.0.text != $0.1.text }
        guard differing.count == changes.count else { return [:] }
        var learnt: [Int: [String]] = [:]
        for (position, word) in changes {
            let matches = differing.filter { old, new in
                guard let option = old.value as? any BatchReplaceableOption,
                    let replaced = option.replacing(argument: word)
                else { return false }
                return String(reflecting: replaced) == new.text
            }
            if matches.count == 1 { learnt[position] = matches[0].0.path }
        }
        guard Set(learnt.values).count == learnt.count else { return [:] }
        return learnt
    }
}

/// An option whose value can be read again from a word: `Option<Value>` with `Value` (or `Value?`'s wrapped type)
/// `ExpressibleByArgument`, read by `init?(argument:)` as swift-argument-parser reads it.
protocol BatchReplaceableOption {
    func replacing(argument: String) -> Self?
}

extension Option: BatchReplaceableOption {
    func replacing(argument: String) -> Option? {
        let read: Any?
        if let type = Value.self as? any ExpressibleByArgument.Type {
            read = type.init(argument: argument)
        } else if let type = Value.self as? any BatchOptionalArgument.Type {
            read = type.reading(argument)
        } else {
            read = nil
        }
        // Unwrapped before the cast: a nil `Any?` cast to an optional `Value` would pass as a missing value.
        guard let read, let value = read as? Value else { return nil }
        var copy = self
        copy.wrappedValue = value
        return copy
    }
}

/// `Wrapped?` for an `ExpressibleByArgument` `Wrapped` (an option without a default).
protocol BatchOptionalArgument {
    static func reading(_ argument: String) -> Any?
}

extension Optional: BatchOptionalArgument where Wrapped: ExpressibleByArgument {
    static func reading(_ argument: String) -> Any? {
        guard let value = Wrapped(argument: argument) else { return nil }
        return Wrapped?.some(value) as Any
    }
}

/// An `@OptionGroup`: its group is decoded again from its properties and validated, as the parser does.
protocol BatchReplayableGroup {
    var group: any ParsableArguments { get }
    func rebuilt(_ properties: ReplayDecoder.Properties, _ changes: [([String], String)]) throws -> Self
}

extension OptionGroup: BatchReplayableGroup {
    var group: any ParsableArguments { wrappedValue }

    /// The group decoded again from `properties` (its own, read from this group) with `changes`, and validated.
    func rebuilt(_ properties: ReplayDecoder.Properties, _ changes: [([String], String)]) throws -> OptionGroup {
        var copy = self
        copy.wrappedValue = try Value(from: ReplayDecoder(properties: properties, changes: changes))
        try copy.wrappedValue.validate()
        return copy
    }
}

/// Decodes a `ParsableArguments` type from the properties of an instance (each property as it is, except those
/// named by `changes`: a path of property labels and the new word).
struct ReplayDecoder: Decoder {
    /// An instance's properties by label, and its option groups' own properties by the group's label.
    struct Properties: @unchecked Sendable {
        var values: [String: Any] = [:]
        var groups: [String: Properties] = [:]

        init(_ arguments: any ParsableArguments) {
            for child in Mirror(reflecting: arguments).children {
                guard let label = child.label else { continue }
                values[label] = child.value
                if let group = child.value as? any BatchReplayableGroup { groups[label] = Properties(group.group) }
            }
        }

        /// Every property, option groups opened, with its path of labels and its printed value, in path order (so
        /// two instances of one type list the same paths in the same order).
        func flattened(prefix: [String] = []) -> [(path: [String], value: Any, text: String)] {
            values.flatMap { label, value -> [(path: [String], value: Any, text: String)] in
                let path = prefix + [label]
                if let group = groups[label] { return group.flattened(prefix: path) }
                return [(path, value, String(reflecting: value))]
            }
            .sorted { $0.path.lexicographicallyPrecedes($1.path) }
        }
    }

    let properties: Properties
    let changes: [([String], String)]
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    struct Mismatch: Error {}

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Mismatch() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Mismatch() }

    /// The property `key` decodes: a wrapper's storage is labelled `_name`.
    func value<T>(_ key: some CodingKey, as: T.Type) throws -> T {
        let label = properties.values["_" + key.stringValue] != nil ? "_" + key.stringValue : key.stringValue
        guard let value = properties.values[label] else { throw Mismatch() }
        let own = changes.filter { $0.0.first == label }
        if let group = value as? any BatchReplayableGroup, let groupProperties = properties.groups[label] {
            // Every group is decoded again and validated, changed or not (the parser validates each group).
            guard let rebuilt = try group.rebuilt(groupProperties, own.map { (Array($0.0.dropFirst()), $0.1) }) as? T
            else {
                throw Mismatch()
            }
            return rebuilt
        }
        if own.isEmpty {
            guard let value = value as? T else { throw Mismatch() }
            return value
        }
        guard own.count == 1, own[0].0.count == 1, let option = value as? any BatchReplaceableOption,
            let replaced = option.replacing(argument: own[0].1) as? T
        else { throw Mismatch() }
        return replaced
    }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ReplayDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { (try? decoder.value(key, as: Any.self)) != nil }
        func decodeNil(forKey key: Key) throws -> Bool {
            let value = try decoder.value(key, as: Any.self)
            if case Optional<Any>.none = value { return true }
            return false
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.value(key, as: T.self) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try decoder.value(key, as: T?.self)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw Mismatch() }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Mismatch() }
        func superDecoder() throws -> any Decoder { throw Mismatch() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Mismatch() }
    }
}
