import Tensor
import NN
import Data

/// One-line messages for errors from the runtime modules.
enum ErrorText {
    static func message(_ error: Error) -> String {
        switch error {
        case let e as TensorError: return e.description
        case let e as NNError: return e.description
        case let e as HostError: return e.description
        case let e as RuntimeError: return e.message
        case let e as CustomStringConvertible: return e.description
        default: return "\(error)"
        }
    }
}
