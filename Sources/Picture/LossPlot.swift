/// The loss curve after training: per-batch losses (smoothed) as a thin line, the mean loss
/// of each epoch as points at the epoch's end, validation beside it, and an epoch that
/// was interrupted marked as partial (a hollow ring where it stopped) rather than passed
/// off as a whole epoch.
public struct LossHistory: Equatable, Sendable {
    public struct Epoch: Equatable, Sendable {
        public var loss: Double
        public var validation: Double?
        /// Batches run over batches planned: 1 for a whole epoch.
        public var fraction: Double
        /// The loss of every batch, in order (empty when not recorded).
        public var batchLosses: [Double]

        public init(loss: Double, validation: Double? = nil, fraction: Double = 1, batchLosses: [Double] = []) {
            self.loss = loss
            self.validation = validation
            self.fraction = fraction
            self.batchLosses = batchLosses
        }
    }
    public var epochs: [Epoch]
    public init(_ epochs: [Epoch]) { self.epochs = epochs }

    /// Exponential moving average with bias correction (as TensorBoard's smoothing):
    /// early values are not pulled towards 0.
    public static func smoothed(_ values: [Double], weight: Double = 0.9) -> [Double] {
        var avg = 0.0, correction = 1.0
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard v.isFinite else { out.append(.nan); continue }
            avg = weight * avg + (1 - weight) * v
            correction *= weight
            out.append(avg / (1 - correction))
        }
        return out
    }
}

extension Picture {
    /// The loss figure of a training history (see `LossHistory`).
    ///
    ///     try Picture.lossFigure(LossHistory([.init(loss: 0.2, batchLosses: [0.3, 0.2, 0.1])]))
    public static func lossFigure(_ history: LossHistory, width: Int = 640, height: Int = 400) throws -> Figure {
        guard !history.epochs.isEmpty else { throw PictureError("lossplot", "no epochs to plot") }
        var batchX: [Double] = [], batchY: [Double] = []
        var epochX: [Double] = [], epochY: [Double] = [], valX: [Double] = [], valY: [Double] = []
        var partialX: [Double] = [], partialY: [Double] = []
        for (k, e) in history.epochs.enumerated() {
            let start = Double(k)
            let n = e.batchLosses.count
            if n > 0 {
                // Batch b of n ran up to `fraction` of the epoch: it ends at start + (b+1)/n · fraction.
                for (b, v) in e.batchLosses.enumerated() {
                    batchX.append(start + Double(b + 1) / Double(n) * e.fraction)
                    batchY.append(v)
                }
            }
            let end = start + e.fraction
            if e.fraction < 1 { partialX.append(end); partialY.append(e.loss) } else { epochX.append(end); epochY.append(e.loss) }
            if let v = e.validation { valX.append(end); valY.append(v) }
        }
        var series: [Series] = []
        let train = ColorMap.category(0)
        if !batchY.isEmpty {
            var s = Series(name: "batch (smoothed)", values: LossHistory.smoothed(batchY), xs: batchX,
                           color: train.mixed(with: .white, 0.55))
            s.marker = .none
            s.thickness = 1
            series.append(s)
        }
        if !epochY.isEmpty { series.append(Series(name: "epoch mean", values: epochY, xs: epochX, color: train)) }
        if !valY.isEmpty { series.append(Series(name: "validation", values: valY, xs: valX, color: ColorMap.category(1))) }
        if !partialY.isEmpty {
            var s = Series(name: "partial epoch", values: partialY, xs: partialX, color: ColorMap.category(3))
            s.marker = .hollow
            series.append(s)
        }
        let xLabel = batchY.isEmpty ? "epoch" : "epoch (batches between)"
        let f = try lineplotFigure(series, title: "loss", xLabel: xLabel, yLabel: "loss", width: width, height: height)
        if !partialY.isEmpty {
            let last = history.epochs.last { $0.fraction < 1 }
            f.notes.append("the last epoch was interrupted after \(Int(((last?.fraction ?? 0) * 100).rounded()))% of its batches (marked partial)")
        }
        return f
    }
}
