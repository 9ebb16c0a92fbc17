import ArgumentParser
import Foundation
import ScalingCore
import Testing

@testable import ds3

/// `--law` is a typed option (`LawChoice`): a named constant set in any letter case, or a saved fit FILE.json.
@Suite("--law choices")
struct LawChoiceTests {
    @Test("Every named set parses in lower, upper and mixed case to that set's constants")
    func namedSetsInAnyCase() throws {
        for set in ChinchillaLossLaw.ConstantSet.allCases {
            let name = set.rawValue
            let capitalised = name.prefix(1).uppercased() + name.dropFirst()
            for spelling in [name, name.uppercased(), capitalised] {
                let choice = LawChoice(argument: spelling)
                #expect(choice == .named(set), "\(spelling)")
                #expect(try choice?.law() == ChinchillaLossLaw.named(set))
                #expect(choice?.description == name)
            }
        }
    }

    @Test("A path ending in .json is a saved fit; anything else is refused; the choices list every set and FILE.json")
    func filesAndBadValues() {
        #expect(LawChoice(argument: "fits/law.json") == .file("fits/law.json"))
        for bad in ["", "chinchila", "kaplan", "law.txt"] { #expect(LawChoice(argument: bad) == nil, "\(bad)") }
        #expect(
            LawChoice.allValueStrings == ChinchillaLossLaw.ConstantSet.allCases.map(\.rawValue) + ["FILE.json"])
    }

    @Test(
        "A bad --law value fails with a non-zero exit naming --law, the value and the valid choices",
        arguments: [
            ["optimum", "chinchilla", "--compute", "1e23"],
            ["optimum", "inference-aware", "--compute", "1e23", "--inference-tokens", "1e12"],
            ["optimum", "joint", "--compute", "1e22", "--queries", "1e9"],
            ["optimum", "dynamic", "--loss", "2.2", "--average-tokens", "500"],
        ])
    func badValueRefused(command: [String]) throws {
        let r = try runDS3(command + ["--law", "chinchila"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        for needle in ["--law", "'chinchila'", "chinchilla-tex", "epoch-log-space", "muennighoff", "FILE.json"] {
            #expect(r.stderr.contains(needle), "\(command[1]): \(needle) missing from \(r.stderr)")
        }
    }

    @Test("--law EPOCH prints the same bytes as --law epoch")
    func letterCaseDoesNotChangeTheOutput() throws {
        let common = ["optimum", "inference-aware", "--loss", "2.2", "--inference-tokens", "1e12", "--format", "json"]
        let lower = try runDS3(common + ["--law", "epoch"])
        let upper = try runDS3(common + ["--law", "EPOCH"])
        #expect(lower.status == 0 && upper.status == 0)
        #expect(lower.stdout == upper.stdout && lower.stdout.contains("\"epoch\""))
    }
}
