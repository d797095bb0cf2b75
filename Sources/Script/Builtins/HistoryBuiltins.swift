/// `history` and `rerun`: the session's cells as a list, and running one of them again.
/// The cells are the interpreter's (`cellHistory`), so after `load session` or
/// `latent --resume` they are the saved session's cells with their numbers.
enum HistoryBuiltins {
    static let declarations: [Declaration] = [
        Declaration("history", .session, summary: "the session's cells, numbered (history 5: the last five)",
                    details: ["a cell of several lines is one entry; rerun N runs cell N again,",
                              "_N is its value; the up arrow recalls whole cells too"],
                    params: [.arg("last", .int, optional: true, in: 1...1_000_000)],
                    examples: ["history", "history 3"], command: .plain) { c in
            let current = c.interpreter.cellNumber - 1
            var cells = c.interpreter.cellHistory.filter { $0.number != current }
            if let n = try c.optionalInt("last") { cells = Array(cells.suffix(n)) }
            if cells.isEmpty { return .string("no cells yet") }
            return .string(cells.map { listing($0.number, $0.source) }.joined(separator: "\n"))
        },
        Declaration("rerun", .session, summary: "runs cell N again, as it was typed",
                    details: ["its statements run now, on today's variables; the value of its last",
                              "expression is this cell's value (history lists the cells)"],
                    params: [.arg("cell", .int, in: 1...1_000_000)],
                    examples: ["rerun 1"], command: .plain) { c in
            try rerun(try c.int("cell"), c)
        },
    ]

    /// `[12] for i in 0..3 {` with the cell's later lines under its first.
    static func listing(_ number: Int, _ source: String) -> String {
        let head = "[\(number)] "
        let pad = String(repeating: " ", count: head.count)
        return source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? head : pad) + $0.element }.joined(separator: "\n")
    }

    /// Runs cell `n`'s statements in this cell: each prints as it would have, the last
    /// expression's value is returned (and printed once, as this cell's value).
    static func rerun(_ n: Int, _ c: Call) throws -> Value {
        let interp = c.interpreter
        let current = interp.cellNumber - 1
        guard n != current else { throw RuntimeError("rerun: cell \(n) is this one; history lists the cells before it", at: c.span("cell")) }
        guard let cell = interp.cellHistory.last(where: { $0.number == n }) else {
            let range = interp.cellHistory.filter { $0.number != current }.map(\.number)
            let have = range.isEmpty ? "there are no cells before this one" : "cells are \(range.first!)…\(range.last!)"
            throw RuntimeError("rerun: there is no cell \(n) (\(have); history lists them)", at: c.span("cell"))
        }
        guard !interp.rerunning.contains(n) else {
            throw RuntimeError("rerun: cell \(n) reruns itself through " + (interp.rerunning + [n]).map { "cell \($0)" }.joined(separator: " → "),
                               at: c.span("cell"))
        }
        c.host.output(listing(n, cell.source))
        let (stmts, errors) = Parser.parse(cell.source, file: "<cell \(n)>")
        if let e = errors.first { throw RuntimeError("rerun: cell \(n) does not parse: \(e.message)", at: c.span("cell")) }
        let saved = (interp.callDepth, interp.evalDepth, interp.currentSource)
        interp.rerunning.append(n)
        defer {
            interp.rerunning.removeLast()
            (interp.callDepth, interp.evalDepth, interp.currentSource) = saved
        }
        // Function definitions keep their own text from the source being run.
        interp.currentSource = Array(cell.source)
        var value: Value = .none
        do {
            for (i, stmt) in stmts.enumerated() {
                if i == stmts.count - 1, case .expression(let e) = stmt.kind {
                    value = try interp.evaluate(e, in: interp.globals)
                } else {
                    _ = try interp.executeTopLevel(stmt)
                }
            }
        } catch let e as ScriptError where e.kind != .interrupted {
            // Its place is in cell n, not in this cell's text: name the line instead of a caret.
            throw RuntimeError("rerun: cell \(n), line \(e.span.line): \(e.message)", at: c.span("cell"))
        } catch let e as RuntimeError {
            throw RuntimeError("rerun: cell \(n): \(e.message)", at: c.span("cell"))
        }
        return value
    }
}
