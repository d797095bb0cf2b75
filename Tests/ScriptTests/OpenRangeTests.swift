import Testing
@testable import Script

/// Open ranges (`2..`) only slice; where a finite sequence is needed they are
/// refused with a message, and so are finite ranges too long to be data. The
/// session's variables are unchanged afterwards.
extension ScriptSuite {
struct OpenRangeTests {
    static func check(_ input: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (interp, host) = session(["r = [2..][0]", "y = 5"])
        let before = interp.variables.mapValues { "\($0)" }
        host.lines = []
        let res = interp.runCell(input)
        #expect(!res.ok, sourceLocation: sourceLocation)
        #expect(res.diagnostics.first?.message == message, sourceLocation: sourceLocation)
        #expect(interp.variables.mapValues { "\($0)" } == before, sourceLocation: sourceLocation)
    }

    static let open = "the open range 2.. has no end; give it one (2..12); an open range only slices, as in x[2..]"

    @Test func negativeIndex() { Self.check("z = r[-1]", "index -1 counts from the end, but the open range 2.. has no end") }
    @Test func count() { Self.check("z = r.count", "the open range 2.. has no end, so no count") }
    @Test func len() { Self.check("z = len(r)", "len: the open range 2.. has no end, so no count") }
    @Test func filterLabels() { Self.check("z = mnist.test.filter(labels: r)", "filter: labels must be a number or a list, got range") }
    @Test func onehot() { Self.check("z = onehot(r, 10)", "onehot: " + Self.open) }
    @Test func tensorOfOpenRange() { Self.check("z = tensor(2..)", "tensor: " + Self.open) }
    @Test func forOverOpenRange() { Self.check("for i in 2.. { y = i }", "for: " + Self.open) }
    @Test func hugeFiniteRangeAsData() {
        Self.check("z = tensor(0..100000000000)", "tensor: the range 0..100000000000 has 100,000,000,000 values (limit 1,073,741,824)")
    }

    @Test func openRangesStillSliceAndIndex() {
        #expect(answer("print(r[3])", after: ["r = [2..][0]"]) == "5")
        #expect(answer("print(r.start)", after: ["r = [2..][0]"]) == "2")
        #expect(answer("print([1, 2, 3, 4][2..])") == "[3, 4]")
        #expect(answer("print(tensor([1, 2, 3, 4])[1..])") == answer("print(tensor([2, 3, 4]))"))
        #expect(answer("print(len(mnist.train[100..]))") == answer("print(len(mnist.train) - 100)"))
        #expect(answer("print(len(0..5), (0..5).count, 0..)") == "5 5 0..")
        #expect(answer("print(r)", after: ["r = 3.."]) == "3..")
        #expect(answer("print([1, 2, 3][r])", after: ["r = 1.."]) == "[2, 3]")
    }
}
}
