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
    `help NAME` explains one of them.
    """

    /// The language's own words (and the builtins not yet declared); builtins are
    /// explained by their declarations.
    static let topics: [String: String] = [
        "show": "show IMAGE | BATCH | DATASET [caption \"...\"]\n  Draws a picture in the terminal: a digit, a reconstruction, a grid of images.\n  example: show ae.decoder(ae.encoder(mnist.test[0]))",
        "save": "save TENSOR \"file.npy\" | save TENSOR \"file.png\" | save MODEL \"file.safetensors\" | save session \"name\"\n  a model's weights are saved under PyTorch state_dict names (load_file + load_state_dict).\n  example: save z \"z.npy\"; save ae \"ae.safetensors\"",
        "load": "load \"file.npy\" | load(\"photo.png\") | load(\"file.safetensors\", into: MODEL) | load \"file.safetensors\" into MODEL [prefix \"module.\"] [strict false] | load session \"name\"\n  a .png gives an image [C, H, W] in 0…1 (gray for gray files, else RGB; gray: true / rgb: true convert);\n  weights (ours or PyTorch's safetensors.torch.save_file) go into a model of the same shape;\n  names and shapes are checked before anything is copied. prefix strips a name prefix (DDP's module.);\n  strict false loads the names that match and lists the others.\n  example: z = load(\"z.npy\"); load \"ckpt.safetensors\" into clf prefix \"module.\"",
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
    ]

    /// `help`: the tour, then every declared builtin by family.
    static func overview(allNames: [String]) -> String {
        var text = tour + "\n" + DeclaredHelp.wrap("Commands (no parentheses needed):", Commands.names, width: 80)
            + "\nBy family (`help layers` for one family, `help NAME` for one builtin):\n" + DeclaredHelp.overview
        let legacy = allNames.filter { BuiltinRegistry.declared[$0] == nil }.sorted()
        if !legacy.isEmpty { text += "\n" + DeclaredHelp.wrap("pictures and files:", legacy, width: 80) }
        return text
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
