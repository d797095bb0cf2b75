/// What a notebook says about latent: the kernelspec (`latent kernel install` writes
/// one of this name) and the `language_info` the kernel sends in kernel_info_reply.
/// One place, so an exported notebook names exactly the kernel that runs it again.
/// Highlighting borrows Python's modes (pygments and CodeMirror both have them):
/// `#` comments, strings, numbers and the shared keywords.
public enum KernelLanguage {
    public static let name = "latent"
    public static let version = "0.1"
    /// Notebook metadata `kernelspec`, in the order it is written.
    public static let kernelspec: [(String, String)] = [("display_name", "latent"), ("language", "latent"), ("name", "latent")]
    /// Notebook metadata and kernel_info `language_info`, in the order it is written.
    public static let languageInfo: [(String, String)] = [
        ("codemirror_mode", "python"), ("file_extension", ".latent"), ("mimetype", "text/x-latent"),
        ("name", "latent"), ("nbconvert_exporter", "script"), ("pygments_lexer", "python"), ("version", version),
    ]
}
