/// `help` and `help NAME`: what each command and builtin does, with an example,
/// in the lecture's words where it has them.
enum HelpTopics {
    static let tour = """
    latent — convolutional autoencoders and classifiers, one step at a time.
      ae = autoencoder(latent: 72)     build the lecture's autoencoder (INPUT = OUTPUT)
      fit ae mnist epochs 5            train it on unannotated digits
      z = ae.encoder(mnist.test[0])    the feature vector: a point in the latent space
      show ae.decoder(z)               the decoder generates an image from any point
      clf = ae.encoder + fc(10) + softmax   cut the decoder, attach a perceptron: clf SHARES ae's
                                       encoder, so fit clf trains ae's encoder too
      clf = copy(ae.encoder) + fc(10) + softmax   the same with a copy: ae stays as it is
      fit clf mnist epochs 3
      accuracy clf mnist.test
    Language: x = 1 · for i in 0..3 { } · if c { } else { } · fn f(a) { return a } · expect c · time s
    Tutorials: `tutorial` lists the lecture's steps, `tutorial 5` walks one, `tour` walks them all.
    Cells: `history` lists them, `rerun 3` runs cell 3 again, `_3` is its value, `_` the last.
    Sessions: save session "name" · load session "name" · sessions. Every cell is autosaved;
    quit or Ctrl-D with unsaved cells asks once (`help quit`).
    `help NAME` explains one of them.
    """

    /// The language's own words; builtins are explained by their declarations.
    static let topics: [String: String] = [
        "grad": "grad(EXPR, x) — the gradient of a single-number expression with respect to variable x\n  (computed by autodiff; x itself is not changed).\n  example: z = tensor([1.0, 2.0, 0.5]); g = grad(crossentropy(z, [1]), z); expect g == softmax(z) - onehot([1], 3)[0]",
        "mnist": "mnist — 70,000 handwritten digits: mnist.train (60,000), mnist.test (10,000).\n  example: show mnist.test[0..16]",
        "expect": "expect CONDITION — stops a script loudly when the condition is false, showing both sides.\n  example: expect accuracy(clf, mnist.test) > 0.9",
        "time": "time STATEMENT — runs it and reports how long it took.\n  example: time fit ae mnist epochs 1",
        "for": "for NAME in SEQUENCE { ... } — ranges (0..3 is 0, 1, 2), lists, tensors, datasets.",
        "if": "if CONDITION { ... } else { ... }",
        "fn": "fn NAME(A, B) { return ... } — a function; fn(A) { ... } without a name is a value.",
        "while": "while CONDITION { ... }", "return": "return VALUE — leaves a function.",
        "break": "break — leaves a loop.", "continue": "continue — next loop iteration.",
        "true": "true, false — booleans.", "none": "none — no value.",
        "exit": "exit — the same as quit: help quit.",
        "quit": """
            quit, exit or Ctrl-D — leaves latent. With cells not saved since the last save or load it asks once:
              save before leaving? y = as lecture, n = no, or a name (Enter: stay):
            y saves under the session's name (session-N when it has none), n leaves without saving,
            a name saves under that name, Enter or Ctrl-C stays, Ctrl-D again leaves without saving.
            Scripts and piped input never ask. Each cell is also autosaved: if latent is killed,
            the next start keeps that work as session "autosave" (load session "autosave",
            or latent --resume).
            """,
    ]

    /// `help`: the tour, then every declared builtin by family.
    static var overview: String {
        tour + "\n" + DeclaredHelp.wrap("Commands (no parentheses needed):", Commands.names, width: 80)
            + "\nBy family (`help layers` for one family, `help NAME` for one builtin):\n" + DeclaredHelp.overview
    }

    static func text(for topic: String, known: [String]) -> String {
        if let d = BuiltinRegistry.declared[topic] { return d.helpText }
        if let f = Family(rawValue: topic.lowercased()), let t = DeclaredHelp.family(f) { return t }
        if let t = topics[topic] { return t }
        if known.contains(topic) { return "\(topic) — a builtin; try \(topic)(...) or see `help` for the tour." }
        var s = "no help for '\(topic)'"
        let families = Family.allCases.map(\.rawValue)
        if let near = Suggest.nearest(topic, in: Array(topics.keys) + known + families) { s += "; did you mean '\(near)'?" }
        return s
    }
}
