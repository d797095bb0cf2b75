/// `sessions`: the saved sessions (the sessions folder, `$XDG_DATA_HOME/latent/sessions`),
/// newest first, with the date each was saved, its size and its cells. The host knows
/// where they are (Notebook); a host without sessions says so.
enum SessionListBuiltins {
    static let declarations: [Declaration] = [
        Declaration("sessions", .session, summary: "the saved sessions, with dates and sizes",
                    details: ["named sessions live in $XDG_DATA_HOME/latent/sessions (~/.local/share/latent/sessions);",
                              "save session \"name\" / load session \"name\" / latent --resume name find them from any folder,",
                              "a name with a / is a path (save session \"./here\")"],
                    examples: ["sessions"], command: .plain) { c in
            .string(try c.host.listSessions())
        },
    ]
}
