// `latent kernel …`: the Jupyter kernel and its kernelspec.
import ArgumentParser
import Kernel
import Terminal
import Foundation

/// `latent kernel --connection-file FILE` (what Jupyter runs), `latent kernel install`, `latent kernel uninstall`.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent kernel",
        abstract: "latent as a Jupyter kernel (JupyterLab, VS Code, nbconvert).",
        discussion: "Run `latent kernel install` once; then pick \"latent\" as the kernel of a notebook.",
        subcommands: [Install.self, Uninstall.self])

    @Option(help: ArgumentHelp("The connection file Jupyter wrote (Jupyter passes it).", valueName: "file"))
    var connectionFile: String?

    func run() throws {
        guard let connectionFile else {
            throw ValidationError("Jupyter starts the kernel with --connection-file FILE; to make it known to Jupyter run `latent kernel install`")
        }
        let server = try KernelServer(connection: ConnectionInfo.load(path: connectionFile))
        // The notebook's progress line reads like the terminal's bar.
        server.progressText = { p in
            ProgressFormat.line(ProgressState(epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches,
                                              images: p.images, elapsed: p.elapsed, loss: p.loss,
                                              validationLoss: p.validationLoss, validationAccuracy: p.validationAccuracy,
                                              isFinished: p.isFinished, note: p.note))
        }
        server.run()
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the latent kernel known to Jupyter (kernel.json).")
        @Flag(help: "Install for this user (the default).") var user = false
        @Option(help: ArgumentHelp("Install under PREFIX/share/jupyter (e.g. a virtual environment).", valueName: "prefix"))
        var prefix: String?

        func validate() throws {
            if user && prefix != nil { throw ValidationError("give either --user or --prefix, not both") }
        }

        func run() throws {
            let dir = try Kernelspec.install(prefix: prefix, executable: Kernelspec.currentExecutable())
            print("installed kernelspec latent in \(dir)")
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove the latent kernelspec.")
        @Flag(help: "Remove the user's kernelspec (the default).") var user = false
        @Option(help: ArgumentHelp("Remove it from PREFIX/share/jupyter.", valueName: "prefix")) var prefix: String?

        func run() throws {
            if let dir = try Kernelspec.uninstall(prefix: prefix) {
                print("removed kernelspec latent from \(dir)")
            } else {
                print("no latent kernelspec in \(Kernelspec.folder(prefix: prefix))")
            }
        }
    }
}
