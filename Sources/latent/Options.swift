// The command line: `latent`, `latent FILE`, `latent -c CODE`, `--backend`.
import ArgumentParser

/// Which compute backend runs the tensor kernels.
enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
    case fast, reference
}

/// `latent [FILE] [-c CODE] [--backend fast|reference] [-i]`
///
///     latent                         # the REPL
///     latent tutorials/06-autoencoder.latent
///     latent -c 'x = [[1,2],[3,4]]; x'
///     echo 'print(1 + 2)' | latent   # stdin that is not a terminal is a script
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "A notebook-style REPL for convolutional autoencoders and classifiers.",
        discussion: """
            With no FILE, starts the REPL (type `help` there for the tour); when stdin is
            not a terminal, reads it as a script. Scripts print their results as the REPL
            would; errors go to stderr as FILE:LINE:COL: error: …, and the exit status is
            non-zero after an error or a failed `expect`.
            """,
        version: "latent 0.1")

    @Argument(help: ArgumentHelp("A script to run; its results print as they would in the REPL.",
                                 valueName: "file"))
    var file: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE as a script and exit.", valueName: "code"))
    var code: String?

    @Option(help: "Tensor kernels: fast (oneDNN) or reference (plain Swift, the teaching version).")
    var backend: BackendChoice = .fast

    @Option(help: ArgumentHelp("How pictures are drawn: kitty, iterm, sixel, blocks, blocks256, ascii or none (default: ask the terminal; also $LATENT_IMAGES).", valueName: "mode"))
    var images: String?

    @Option(help: ArgumentHelp("Reload a saved session (variables, models, cells, results) before the first prompt; alone, the session saved or loaded last. Named sessions live in $XDG_DATA_HOME/latent/sessions (~/.local/share/latent/sessions); a name with a / is a path.",
                               valueName: "name"))
    var resume: String?

    /// `--resume` with no name (set by `arguments(_:)`): the last session.
    @Flag(name: .customLong("resume-last"), help: .hidden)
    var resumeLast = false

    @Flag(name: [.customShort("i"), .long],
          help: "Start the REPL even when stdin is not a terminal (after FILE or -c, if given).")
    var interactive = false

    /// `latent --resume` with no name after it (last, or followed by another option)
    /// means the last session; ArgumentParser has no options with optional values.
    static func arguments(_ args: [String]) -> [String] {
        var out: [String] = []
        for (i, a) in args.enumerated() {
            if a == "--resume" && (i + 1 == args.count || args[i + 1].hasPrefix("-")) {
                out.append("--resume-last")
            } else {
                out.append(a)
            }
        }
        return out
    }

    mutating func validate() throws {
        if resumeLast && resume != nil { throw ValidationError("give --resume once") }
        if file != nil && code != nil {
            throw ValidationError("give either a FILE or -c CODE, not both")
        }
    }
}
