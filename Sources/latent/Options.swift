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
struct Options: ParsableArguments {
    @Argument(help: ArgumentHelp("A script to run; its results print as they would in the REPL.",
                                 valueName: "file"))
    var file: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE as a script and exit.", valueName: "code"))
    var code: String?

    @Option(help: "Tensor kernels: fast (oneDNN) or reference (plain Swift, the teaching version).")
    var backend: BackendChoice = .fast

    @Flag(name: [.customShort("i"), .long],
          help: "Start the REPL even when stdin is not a terminal (after FILE or -c, if given).")
    var interactive = false

    @Flag(name: .long, help: "Print the version and exit.")
    var version = false

    mutating func validate() throws {
        if file != nil && code != nil {
            throw ValidationError("give either a FILE or -c CODE, not both")
        }
    }
}
