/// All builtins, gathered from their families.
enum BuiltinRegistry {
    static func all() -> [String: Builtin] {
        var r: [String: Builtin] = [:]
        TensorBuiltins.register(&r)
        LayerBuiltins.register(&r)
        ModelBuiltins.register(&r)
        DataBuiltins.register(&r)
        TrainingBuiltins.register(&r)
        SessionBuiltins.register(&r)
        PictureBuiltins.register(&r)
        ZooBuiltins.register(&r)
        TutorialBuiltins.register(&r)
        return r
    }
}
