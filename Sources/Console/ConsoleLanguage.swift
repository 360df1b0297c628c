/// The language of one console session's messages (`lang en|zh`).
public enum ConsoleLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case chinese = "zh"
}

/// A message in every console language.
public struct LocalizedText: Sendable, Equatable {
    public var english: String
    public var chinese: String

    public init(_ english: String, zh chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    public func callAsFunction(_ language: ConsoleLanguage) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }
}
