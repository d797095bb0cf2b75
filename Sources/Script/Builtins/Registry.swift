/// All builtins, gathered from their families. Declared families (see
/// Declaration.swift) list `declarations`; the others still `register` closures
/// until they are converted.
enum BuiltinRegistry {
    /// Every declared builtin, family by family.
    static let declarations: [Declaration] = TensorBuiltins.declarations + TensorOpBuiltins.declarations
        + LossBuiltins.declarations + LayerBuiltins.declarations + ModelBuiltins.declarations
        + TrainingBuiltins.declarations + ModelExport.declarations + DataBuiltins.declarations
        + SessionBuiltins.declarations + ZooBuiltins.declarations + OwnDataBuiltins.declarations
        + GenerativeBuiltins.declarations

    static let declared: [String: Declaration] = {
        var byName: [String: Declaration] = [:]
        for d in declarations { byName[d.name] = d }
        return byName
    }()

    static func all() -> [String: Builtin] {
        var r: [String: Builtin] = [:]
        DataBuiltins.register(&r)
        SessionBuiltins.register(&r)
        PictureBuiltins.register(&r)
        ZooBuiltins.prepare()
        TutorialBuiltins.register(&r)
        CopyBuiltins.register(&r)
        ExploreBuiltins.register(&r)
        for d in declarations { r[d.name] = Builtin(d) }
        return r
    }
}
