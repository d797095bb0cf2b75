// Tab completion: libedit calls a C function pointer; we answer from Swift.
//
// libedit splits the line at `wordBreakCharacters` and hands us the word before
// the cursor. We ask the provider (the interpreter, through the REPL) for
// candidates and give them back through `rl_completion_matches`, which computes
// the common prefix and lists the choices on a second Tab.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import CEditLine

/// The bridge between libedit's completion hooks and a Swift provider.
public enum Completion {
    /// Given the whole text typed so far (earlier lines of the cell included) and
    /// the cursor as a UTF-8 offset into it, returns the words that may replace
    /// the word before the cursor (for `ae.enc`, the word is `enc`; answers such as
    /// `encoder`). Candidates not starting with that word are dropped.
    public typealias Provider = (_ text: String, _ cursor: Int) -> [String]

    /// Characters that end a word: after `.` we complete members, after `(` and
    /// `,` arguments, after operators the next operand.
    public static let wordBreakCharacters = " \t\n\"'`@$><=;|&{}()[],.+-*/:%!"

    /// Text of the cell's earlier lines, so a completion inside a `for` body sees them.
    nonisolated(unsafe) public static var pendingText = ""

    nonisolated(unsafe) static var provider: Provider?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0

    static func install(_ provider: Provider?) {
        self.provider = provider
        rl_basic_word_break_characters = UnsafePointer(strdup(wordBreakCharacters))
        rl_completer_word_break_characters = strdup(wordBreakCharacters)
        rl_attempted_completion_function = attemptCompletion
    }

    /// Candidates for `word`, the word ending at `cursor` in `line`.
    static func candidates(line: String, cursor: Int, word: String) -> [String] {
        guard let provider else { return [] }
        let prefix = pendingText.isEmpty ? "" : pendingText + "\n"
        let all = provider(prefix + line, prefix.utf8.count + cursor)
        var seen = Set<String>()
        return all.filter { $0.hasPrefix(word) && seen.insert($0).inserted }.sorted()
    }
}

/// `rl_attempted_completion_function`: libedit's entry point.
private let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, end in
    rl_attempted_completion_over = 1  // never fall back to file names
    guard let text, let buffer = rl_line_buffer else { return nil }
    // A member (`ae.encoder`) is usually followed by `(`, `.` or `[`: no space after it.
    rl_completion_append_character = start > 0 && buffer[Int(start) - 1] == CChar(UInt8(ascii: ".")) ? 0 : 32
    let word = String(cString: text)
    let lineBytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                              count: strlen(buffer)))
    let line = String(decoding: lineBytes, as: UTF8.self)
    let cursor = min(max(Int(end), 0), lineBytes.count)
    Completion.matches = Completion.candidates(line: line, cursor: cursor, word: word)
    Completion.nextMatch = 0
    guard !Completion.matches.isEmpty else { return nil }
    return rl_completion_matches(text, nextCompletion)
}

/// The generator `rl_completion_matches` calls until it returns NULL.
private let nextCompletion: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
    if state == 0 { Completion.nextMatch = 0 }
    guard Completion.nextMatch < Completion.matches.count else { return nil }
    defer { Completion.nextMatch += 1 }
    return strdup(Completion.matches[Completion.nextMatch])
}
