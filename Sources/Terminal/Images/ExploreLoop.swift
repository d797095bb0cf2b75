// `explore ae` at the terminal: the keyboard in raw mode, the map and the decoded image
// redrawn on the alternate screen at every key, the person's screen restored afterwards.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Picture
import Script
import Tensor

/// Runs a `LatentExplorer` on the terminal until Enter (the point) or q / Esc / Ctrl-C.
enum ExploreLoop {
    /// Bytes → keys: arrows (`ESC [ A`…, also `ESC O A`), h j k l, `[` `]`, Enter, q / Esc.
    static func keys(_ bytes: [UInt8]) -> [LatentExplorer.Key] {
        var out: [LatentExplorer.Key] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1b, i + 2 < bytes.count, bytes[i + 1] == 0x5b || bytes[i + 1] == 0x4f {
                switch bytes[i + 2] {
                case 0x41: out.append(.up)
                case 0x42: out.append(.down)
                case 0x43: out.append(.right)
                case 0x44: out.append(.left)
                default: out.append(.other)
                }
                i += 3
                continue
            }
            switch b {
            case 0x1b, UInt8(ascii: "q"), 3: out.append(.quit)
            case 0x0d, 0x0a: out.append(.enter)
            case UInt8(ascii: "["): out.append(.previousPair)
            case UInt8(ascii: "]"): out.append(.nextPair)
            case UInt8(ascii: "h"): out.append(.left)
            case UInt8(ascii: "l"): out.append(.right)
            case UInt8(ascii: "k"): out.append(.up)
            case UInt8(ascii: "j"): out.append(.down)
            default: out.append(.other)
            }
            i += 1
        }
        return out
    }

    /// One screen: the map and the image drawn the best way `mode` allows, fitted to
    /// `room`, then the status line.
    static func screen(_ x: LatentExplorer, mode: DisplayMode, tmux: Bool, room: TerminalImage.Room) throws -> String {
        let rows = max(6, room.rows - 3)
        let frame: Canvas
        if mode.isGraphics {
            frame = try x.frame(mapWidth: 480, mapHeight: 360)
        } else {
            // Half-blocks: one pixel per column, two per row; the digit at 1× beside the map.
            let mapHeight = min(96, 2 * rows)
            let imageWidth = room.columns >= 140 ? 56 : 28
            let mapWidth = max(16, min(2 * mapHeight, room.columns - 5 - imageWidth))
            frame = try x.frame(mapWidth: mapWidth, mapHeight: mapHeight, imageScale: imageWidth / 28)
        }
        let picture = try TerminalImage.render(Figure(frame), as: mode, tmux: tmux,
                                               room: TerminalImage.Room(columns: room.columns, rows: rows + 2,
                                                                        cellWidth: room.cellWidth, cellHeight: room.cellHeight))
        return picture + x.status + "\n"
    }

    /// The interactive loop on `/dev/tty`; `.unavailable` when there is no terminal to use.
    static func run(_ x: LatentExplorer, console: Console, detection d: Detection) -> ExploreOutcome {
        guard console.isTerminal, isatty(STDIN_FILENO) == 1, d.mode != .none, let tty = TTYChannel() else { return .unavailable }
        defer { tty.close() }
        let esc = "\u{1b}"
        console.closeLine()
        console.emit("\(esc)[?1049h\(esc)[?25l")          // alternate screen, cursor hidden
        defer { console.emit((d.mode == .kitty ? "\(esc)_Ga=d\(esc)\\" : "") + "\(esc)[?25h\(esc)[?1049l") }
        func draw() {
            let clear = "\(esc)[H\(esc)[2J" + (d.mode == .kitty ? "\(esc)_Ga=d\(esc)\\" : "")
            do {
                console.emit(clear + (try screen(x, mode: d.mode, tmux: d.tmux, room: InlineImages.room(of: console))))
            } catch {
                console.emit(clear + "explore: \(error)\n")
            }
        }
        draw()
        while true {
            if Interrupt.isRequested { return .left }
            let bytes = tty.read(timeoutMilliseconds: 200)
            if bytes.isEmpty { continue }
            for key in keys(bytes) {
                switch x.handle(key) {
                case .redraw: draw()
                case .choose:
                    do { return .chosen(try x.point()) } catch { return .left }
                case .leave: return .left
                case .ignore: break
                }
            }
        }
    }
}

extension TerminalHost {
    /// `explore ae` on this terminal (see `ExploreLoop`).
    public func explore(_ explorer: LatentExplorer) -> ExploreOutcome {
        currentBarAbandon()
        return ExploreLoop.run(explorer, console: console, detection: InlineImages.detection(for: console))
    }
}
