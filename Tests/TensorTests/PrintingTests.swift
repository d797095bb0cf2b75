import Testing
@testable import Tensor

/// Printed forms, matching PyTorch 2.x's `repr` (precision 4, threshold 1000,
/// edge items 3, line width 80); the expected strings are PyTorch's output.
@Suite struct PrintingTests {
    @Test func vectors() throws {
        #expect(tensor([3], [0.5128, 0.4216, 1]).description == "tensor([0.5128, 0.4216, 1.0000])")
        #expect(tensor([2], [-1.5, 2.25]).description == "tensor([-1.5000,  2.2500])")
        #expect(tensor([3], [1, 2, 3]).description == "tensor([1., 2., 3.])")
        #expect(tensor([2], [-1, 2]).description == "tensor([-1.,  2.])")
        #expect(try Tensor(zeros: [3]).description == "tensor([0., 0., 0.])")
        #expect(tensor([2], [1e-5, 1]).description == "tensor([1.0000e-05, 1.0000e+00])")
        #expect(tensor([2], [.nan, 1.5]).description == "tensor([   nan, 1.5000])")
        #expect(tensor([2], [.infinity, 1]).description == "tensor([inf, 1.])")
    }

    @Test func scalarsAndEmpty() throws {
        #expect(Tensor(scalar: 0.5).description == "tensor(0.5000)")
        #expect(Tensor(scalar: 3).description == "tensor(3.)")
        #expect(try Tensor(zeros: [0]).description == "tensor([])")
    }

    @Test func matricesAndHigherRanks() throws {
        #expect(tensor([2, 2], [1, 2, 3, 4]).description == "tensor([[1., 2.],\n        [3., 4.]])")
        let cube = try Tensor.arange(8).reshape([2, 2, 2])
        #expect(cube.description == """
            tensor([[[0., 1.],
                     [2., 3.]],

                    [[4., 5.],
                     [6., 7.]]])
            """)
    }

    @Test func longVectorsWrapAt80Columns() throws {
        // The lecture's 72-value latent vector, printed by PyTorch.
        let values: [Float] = [
            0.5128, 0.4216, 0.4599, 0.5000, 0.4729, 0.3759, 0.4845, 0.4800, 0.4545,
            0.4549, 0.3755, 0.3943, 0.4592, 0.4887, 0.3720, 0.4864, 0.4326, 0.3576,
            0.2825, 0.4351, 0.6167, 0.3217, 0.3943, 0.5935, 0.3106, 0.3975, 0.6174,
            0.5864, 0.4706, 0.3994, 0.6045, 0.4558, 0.3407, 0.5280, 0.4200, 0.3513,
            0.4281, 0.4669, 0.4538, 0.4297, 0.5300, 0.4694, 0.4335, 0.4635, 0.4034,
            0.5179, 0.3048, 0.2911, 0.5669, 0.3968, 0.2865, 0.5514, 0.3497, 0.3256,
            0.4478, 0.5840, 0.3743, 0.4684, 0.5981, 0.3716, 0.4457, 0.5995, 0.4222,
            0.3256, 0.3229, 0.5112, 0.3323, 0.3461, 0.4971, 0.3396, 0.3261, 0.4653,
        ]
        let lines = stride(from: 0, to: 72, by: 9).map { start in
            values[start..<(start + 9)].map { String(format: "%.4f", $0) }.joined(separator: ", ")
        }
        let expected = "tensor([" + lines.joined(separator: ",\n        ") + "])"
        let t = tensor([72], values)
        #expect(t.description == expected)
        #expect(t.summary == expected + "  shape [72]")
    }

    @Test func largeTensorsAreSummarised() throws {
        // A ratio over 1000 between the largest and smallest magnitude switches
        // PyTorch to scientific notation.
        #expect(try Tensor.arange(2000).description == """
            tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,
                    1.9990e+03])
            """)
        let big = try Tensor.arange(1200) + 1000
        #expect(big.description == "tensor([1000., 1001., 1002.,  ..., 2197., 2198., 2199.])")
        #expect(try big.reshape([600, 2]).description == """
            tensor([[1000., 1001.],
                    [1002., 1003.],
                    [1004., 1005.],
                    ...,
                    [2194., 2195.],
                    [2196., 2197.],
                    [2198., 2199.]])
            """)
        // Exactly the threshold (1000) still prints in full.
        #expect(!(try Tensor.arange(1000).description.contains("...")))
        #expect(try Tensor.arange(1001).description.contains("..."))
    }

    @Test func summaryAddsShape() throws {
        #expect(tensor([2], [1, 2]).summary == "tensor([1., 2.])  shape [2]")
    }
}
