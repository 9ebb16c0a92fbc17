import ArgumentParser
import ScalingCore

/// The value of `--law`: a published constant set of the Chinchilla form, by name in any letter case
/// (`ChinchillaLossLaw.ConstantSet`), or a loss law saved by `ds3 fit loss --save` (a path ending in `.json`,
/// read when the command validates). Anything else is refused by the parser, naming `--law`, the value and the
/// valid choices.
enum LawChoice: ExpressibleByArgument, Equatable, CustomStringConvertible {
    /// A named constant set.
    case named(ChinchillaLossLaw.ConstantSet)
    /// A saved fit FILE.json.
    case file(String)

    init?(argument: String) {
        if argument.hasSuffix(".json") {
            self = .file(argument)
        } else if let set = ChinchillaLossLaw.ConstantSet(rawValue: argument.lowercased()) {
            self = .named(set)
        } else {
            return nil
        }
    }

    /// The named sets and the file form, listed by the parser's error for a bad value.
    static var allValueStrings: [String] {
        ChinchillaLossLaw.ConstantSet.allCases.map(\.rawValue) + ["FILE.json"]
    }

    var defaultValueDescription: String { description }

    /// The set's name (lower case) or the file's path, as the outputs echo it.
    var description: String {
        switch self {
        case .named(let set): set.rawValue
        case .file(let path): path
        }
    }

    /// The law: the named set's constants, or the saved fit's point estimate (its file read now).
    func law() throws -> ChinchillaLossLaw {
        switch self {
        case .named(let set): ChinchillaLossLaw.named(set)
        case .file(let path): try SavedFitOptions.law(path)
        }
    }
}
