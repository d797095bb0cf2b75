/// All builtins, gathered from their families' `declarations` (Declaration.swift).
enum BuiltinRegistry {
    /// Every declared builtin, family by family.
    static let declarations: [Declaration] = TensorBuiltins.declarations + TensorOpBuiltins.declarations
        + LossBuiltins.declarations + LayerBuiltins.declarations + ModelBuiltins.declarations
        + TrainingBuiltins.declarations + ModelExport.declarations + DataBuiltins.declarations
        + SessionBuiltins.declarations + ZooBuiltins.declarations + OwnDataBuiltins.declarations
        + GenerativeBuiltins.declarations + PictureBuiltins.declarations + CopyBuiltins.declarations
        + ExploreBuiltins.declarations + TutorialBuiltins.declarations
        + SessionListBuiltins.declarations + FileBuiltins.declarations + HistoryBuiltins.declarations

    static let declared: [String: Declaration] = {
        var byName: [String: Declaration] = [:]
        for d in declarations { byName[d.name] = d }
        return byName
    }()

    static func all() -> [String: Builtin] {
        var r: [String: Builtin] = [:]
        ZooBuiltins.prepare()
        for d in declarations { r[d.name] = Builtin(d) }
        return r
    }
}
