"""latent's Jupyter kernel driven by the real client (jupyter_client.KernelManager
starting the kernel from its kernelspec). Run by scripts/test-kernel.

Prints one line per check and closes with `N passed, N failed`."""
import base64, os, re, signal, struct, sys, time, zlib

from jupyter_client import KernelManager

LATENT, REPO = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name}: {detail}")


def run(kc, code, timeout=120):
    """Executes a cell; returns (reply content, [(msg_type, content)] of its IOPub outputs)."""
    outs = []
    reply = kc.execute_interactive(code, timeout=timeout, store_history=True,
                                   output_hook=lambda m: outs.append((m["msg_type"], m["content"])))
    return reply["content"], [o for o in outs if o[0] not in ("status", "execute_input")]


def text_of(outs):
    parts = []
    for t, c in outs:
        if t == "stream":
            parts.append(c["text"])
        elif t in ("execute_result", "display_data"):
            parts.append(c["data"].get("text/plain", "") + "\n")
    return "".join(parts)


def shell(kc, send):
    msg_id = send()
    while True:
        m = kc.get_shell_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id:
            return m["content"]


km = KernelManager(kernel_name="latent")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)

info = shell(kc, kc.kernel_info)
li = info["language_info"]
check("kernel_info names the language",
      (li["name"], li["file_extension"], info["protocol_version"]) == ("latent", ".latent", "5.3"), info)

r, outs = run(kc, 'print("hi", 1 + 2)')
check("print is stream output", outs == [("stream", {"name": "stdout", "text": "hi 3\n"})], outs)

r, outs = run(kc, "1 + 2")
results = [c for t, c in outs if t == "execute_result"]
check("a result's text", r["status"] == "ok" and len(results) == 1 and results[0]["data"]["text/plain"] == "3"
      and results[0]["execution_count"] == r["execution_count"] == 2, (r, outs))

# A model's summary: its text, and the same rows as ONE html table with a group row
# per part (what JupyterLab styles). Expected rows written out from the architecture
# (golden/reference-ae.json's autoencoder), not taken from the kernel's text.
AE_ROWS = [("encoder",),
           ("0", "conv 3×3 1→16", "16×28×28", "160"), ("1", "relu", "16×28×28", "0"),
           ("2", "maxpool 2×2", "16×14×14", "0"), ("3", "conv 3×3 16→8", "8×14×14", "1,160"),
           ("4", "relu", "8×14×14", "0"), ("5", "maxpool 2×2", "8×7×7", "0"),
           ("6", "conv 3×3 8→8", "8×7×7", "584"), ("7", "sigmoid", "8×7×7", "0"),
           ("8", "maxpool 2×2", "8×3×3", "0"), ("9", "flatten", "72", "0"),
           ("decoder",),
           ("10", "unflatten 8×3×3", "8×3×3", "0"), ("11", "conv 3×3 8→8 pad 2", "8×5×5", "584"),
           ("12", "relu", "8×5×5", "0"), ("13", "conv 3×3 8→8 pad 2", "8×7×7", "584"),
           ("14", "relu", "8×7×7", "0"), ("15", "upsample ×2", "8×14×14", "0"),
           ("16", "conv 3×3 8→16", "16×14×14", "1,168"), ("17", "relu", "16×14×14", "0"),
           ("18", "upsample ×2", "16×28×28", "0"), ("19", "conv 3×3 16→1", "1×28×28", "145"),
           ("20", "sigmoid", "1×28×28", "0")]
ALIGN = ["right", "left", "left", "right", "left"]


def summary_html(rows, totals, columns=4):
    cell = lambda tag, i, v: f'<{tag} style="text-align:{ALIGN[i]}">{v}</{tag}>'
    html = "<table><thead><tr>" + "".join(cell("th", i, v) for i, v in enumerate(["#", "layer", "output", "params", ""][:columns]))
    html += "</tr></thead><tbody>"
    for r in rows:
        if len(r) == 1:
            html += f'<tr><th colspan="{columns}" style="text-align:left">{r[0]}</th></tr>'
        else:
            html += "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(r)) + "</tr>"
    return html + "</tbody></table>" + "".join(f"<p>{t}</p>" for t in totals)


r, outs = run(kc, "ae = autoencoder(latent: 72)\nae")
results = [c for t, c in outs if t == "execute_result"]
check("an assignment prints its one-line summary", outs and outs[0] == ("stream", {
    "name": "stdout", "text": "ae: autoencoder  4,385 parameters   1×28×28 → 72 → 1×28×28\n"}), outs[:1])
data = results[0]["data"] if len(results) == 1 else {}
check("a whole model's summary is one text/html table with group rows",
      data.get("text/html") == summary_html(AE_ROWS, ["4,385 parameters"]), data.get("text/html"))
text_rows = data.get("text/plain", "").split("\n")
check("its text/plain is the REPL's table", len(text_rows) == 25 and text_rows[0] == " #  layer                 output      params"
      and text_rows[1] == "    encoder" and text_rows[-1] == "4,385 parameters", text_rows[:2] + text_rows[-1:])

r, outs = run(kc, "ae.encoder")
results = [c for t, c in outs if t == "execute_result"]
shared = {"0", "3", "6"}  # the conv layers hold ae's weights
enc_rows = [r + (("shared with ae",) if r[0] in shared else ("",)) for r in AE_ROWS[1:11]]
check("a part's summary marks the layers ae shares, in a fifth column",
      len(results) == 1 and results[0]["data"].get("text/html") == summary_html(enc_rows, ["1,904 parameters"], columns=5),
      results and results[0]["data"].get("text/html"))

r, outs = run(kc, "freeze ae.encoder\nsummary(ae.encoder)")
results = [c for t, c in outs if t == "execute_result"][1:]  # the first is freeze's "froze 1,904 parameters; …"
frozen_rows = [r[:4] + ((("frozen, shared with ae",) if r[0] in shared else ("",))) for r in AE_ROWS[1:11]]
check("summary(m) as a string: frozen marks and the totals line after the table",
      len(results) == 1 and results[0]["data"].get("text/html") == summary_html(
          frozen_rows, ["1,904 parameters (1,904 frozen, 0 trainable)"], columns=5),
      results and results[0]["data"].get("text/html"))
run(kc, "unfreeze ae")

r, outs = run(kc, "show mnist.test[0]")
pictures = [c for t, c in outs if t == "display_data" and "image/png" in c["data"]]
size = None
if pictures:
    png = base64.b64decode(pictures[0]["data"]["image/png"])
    size = (png[:8] == b"\x89PNG\r\n\x1a\n", struct.unpack(">II", png[16:24]), pictures[0]["metadata"]["image/png"])
# A 28×28 digit is enlarged to 224×224 on the way to every screen (Figure's rule for small images).
check("a picture's image/png is 224×224, shown at 224×224",
      size == (True, (224, 224), {"width": 224, "height": 224}), size)


def decode_png(png):
    """(width, height, rows of pixels) by inflating the IDAT chunks (8-bit, no interlace)."""
    pos, chunks = 8, {}
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) == struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])[0], "bad CRC"
        chunks.setdefault(kind, []).append(body)
        pos += 12 + n
    w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    assert depth == 8 and interlace == 0 and len(raw) == h * (1 + w * channels), "size"
    return w, h, channels, raw


try:
    w, h, channels, raw = decode_png(png) if pictures else (0, 0, 0, b"")
    decoded = (w, h, len(raw) == h * (1 + w * channels), len(set(raw)) > 2)
except Exception as e:
    decoded = str(e)
check("the PNG decodes (CRCs, inflated rows) to 224×224 pixels that are not blank", decoded == (224, 224, True, True), decoded)

r, outs = run(kc, "x = 1/0")
errors = [c for t, c in outs if t == "error"]
check("an error's evalue", r["status"] == "error" and r["evalue"] == "division by zero"
      and errors and errors[0]["evalue"] == "division by zero", (r, errors))
check("the traceback has the line and the caret",
      errors and errors[0]["traceback"] == ["error: x = 1/0", "           ^~~ division by zero"],
      errors and errors[0]["traceback"])

c = shell(kc, lambda: kc.is_complete("for i in 0..3 {"))
check("is_complete on `for i in 0..3 {`", c == {"status": "incomplete", "indent": "    "}, c)
c = shell(kc, lambda: kc.is_complete("for i in 0..3 { print(i) }"))
check("is_complete on a whole loop", c["status"] == "complete", c)

c = shell(kc, lambda: kc.complete("ae.enc", 6))
check("completion of ae.enc", (c["matches"], c["cursor_start"], c["cursor_end"]) == (["encoder"], 3, 6), c)
c = shell(kc, lambda: kc.complete("fit ae mnist ep", 15))
check("completion of a command keyword", c["matches"] == ["epochs"], c)

c = shell(kc, lambda: kc.inspect("fit", 1))
check("inspect is `help fit`", c["found"] and c["data"]["text/plain"].startswith("fit MODEL DATA [epochs "), c)

c = shell(kc, lambda: kc.history(hist_access_type="tail", n=2))
check("history lists the last cells", [h[2] for h in c["history"]] == ["show mnist.test[0]", "x = 1/0"], c)

# Interrupt during `fit` on all of MNIST: the control message (the kernelspec's interrupt_mode).
r, outs = run(kc, "evaluate ae mnist.test")
before = text_of(outs)
msg_id = kc.execute("fit ae mnist epochs 2")
fit_started = time.time()
progress, reply, asked, idle = [], None, None, False


def batches_done(text):
    """The `234/469` count of a progress line."""
    counts = [w for w in text.split() if "/" in w and w.replace("/", "").isdigit()]
    return int(counts[1].split("/")[0]) if len(counts) > 1 else 0  # counts[0] is the epoch


deadline = time.time() + 180
while time.time() < deadline and not (reply is not None and idle):
    try:
        m = kc.get_iopub_msg(timeout=0.05)
        if m["parent_header"].get("msg_id") == msg_id:
            if m["msg_type"] in ("display_data", "update_display_data"):
                progress.append((m["msg_type"], m["content"]))
                # Interrupt once training is well under way (80 batches ≈ 10,000 images).
                if asked is None and batches_done(m["content"]["data"]["text/plain"]) >= 80:
                    asked = time.time()
                    km.interrupt_kernel()
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle = True
    except Exception:
        pass
    if asked is not None and reply is None:
        try:
            s = kc.get_shell_msg(timeout=0.05)
            if s["parent_header"].get("msg_id") == msg_id:
                reply, took = s, time.time() - asked
        except Exception:
            pass
took = took if reply is not None else None
check("an interrupt during fit returns within 2 s", took is not None and took < 2.0, f"took {took}")
check("fit ends ok after the interrupt", reply is not None and reply["content"]["status"] == "ok", reply and reply["content"])
lines = [c["data"]["text/plain"] for t, c in progress]
# At most two updates a second (NotebookProgress), however slow the machine: never thousands of lines.
fit_seconds = (asked or time.time()) - fit_started
check(f"progress is one display per epoch, updated in place (≤ 2/s: {len(progress)} in {fit_seconds:.0f} s), ending `stopped`",
      [t for t, c in progress].count("display_data") == 1 and len(progress) <= 2 * fit_seconds + 3 and lines
      and lines[-1].startswith("epoch 1/2  ") and lines[-1].endswith("  stopped"),
      [(t, c["data"]["text/plain"][:40]) for t, c in progress if t == "display_data"] + lines[-1:])
r, outs = run(kc, "evaluate ae mnist.test")
after = text_of(outs)
loss = lambda s: float(s.split("loss ")[1].split()[0]) if "loss " in s else None
check("the interrupted fit kept its weights (test loss went down)",
      loss(before) is not None and loss(after) is not None and loss(after) < loss(before) - 0.1, (before, after))

# Interrupt by signal (SIGINT, interrupt_mode "signal"): a loop stops.
msg_id = kc.execute("n = 0\nfor i in 0..100000000 { n = n + 1 }")
time.sleep(1.0)
t0 = time.time()
os.kill(km.provisioner.process.pid, signal.SIGINT)
reply = None
while reply is None and time.time() - t0 < 10:
    s = kc.get_shell_msg(timeout=10)
    if s["parent_header"].get("msg_id") == msg_id:
        reply = s["content"]
check("SIGINT stops a loop within 2 s", reply is not None and reply["status"] == "error" and reply["ename"] == "Interrupted"
      and time.time() - t0 < 2.0, reply)

# Sessions inside the kernel, as in the REPL: every variable (the trained ae too) and the cells.
session = os.path.join(os.getcwd(), "kernel-session")
r, outs = run(kc, f'z = 41 + 1\nsave session "{session}"')
saved_cells = r["execution_count"]
check("save session", r["status"] == "ok" and text_of(outs) ==
      f"saved session {session} ({session}.latent-session): 2 variables, {saved_cells} cells\n", text_of(outs))

# Restart: a fresh interpreter, numbers from 1; the session loads back.
km.restart_kernel(now=False)
kc.wait_for_ready(timeout=60)
r, outs = run(kc, "z")
check("restart forgets variables", r["status"] == "error" and r["execution_count"] == 1
      and r["evalue"] == "unknown name 'z'", r)
r, outs = run(kc, f'load session "{session}"')
loaded = text_of(outs)
check("load session after restart", r["status"] == "ok" and re.fullmatch(
    rf"loaded session {re.escape(session)}: 2 variables, {saved_cells} cells \(saved \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\n",
    loaded) is not None, loaded)
r2, outs2 = run(kc, "z")
# As at the prompt: the load cell takes the number after the loaded cells, the next one after it.
check("the loaded session goes on numbering its cells", (text_of(outs2), r2["execution_count"]) == ("42\n", saved_cells + 2),
      (text_of(outs2), r2["execution_count"], saved_cells))
r, outs = run(kc, "evaluate ae mnist.test")
check("the loaded ae has the interrupted fit's weights (same test loss)", text_of(outs) == after, (text_of(outs), after))

kc.stop_channels()
km.shutdown_kernel(now=False)
check("shutdown ends the kernel process", not km.is_alive(), "still alive")

# ---- Export both ways, and nbconvert re-running exported notebooks with this kernel ----
import json, subprocess
import nbformat

JUPYTER = os.path.join(os.path.dirname(sys.executable), "jupyter")


def latent(args, stdin=None, cwd=None):
    return subprocess.run([LATENT] + args, input=stdin, capture_output=True, text=True, cwd=cwd, timeout=600)


def texts(nb):
    """Per code cell: its source and text outputs (streams joined, results' text/plain, picture count)."""
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        shown, stream = [], ""
        for o in c.outputs:
            if o.output_type == "stream":
                stream += o.text
                continue
            if stream:
                shown.append(("stream", stream)); stream = ""
            if o.output_type == "execute_result":
                shown.append(("result", o.data["text/plain"]))
            elif o.output_type == "display_data":
                shown.append(("picture", "image/png" in o.data))
            else:
                shown.append((o.output_type, o.get("evalue", "")))
        if stream:
            shown.append(("stream", stream))
        out.append((c.source, shown))
    return out


def nbconvert(path):
    started = time.time()
    p = subprocess.run([JUPYTER, "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=latent",
                        "--output", os.path.basename(path).replace(".ipynb", ".run.ipynb"), path],
                       capture_output=True, text=True, cwd=os.path.dirname(path), timeout=600)
    return p, time.time() - started


os.makedirs("repl", exist_ok=True)
repl_cells = ['# A session typed at the prompt', 'x = tensor([[1, 2], [3, 4]])', 'upsample(x, 2)',
              'print("sum", 1 + 2)', 'ae = autoencoder(latent: 72)', 'ae.encoder', 'show mnist.test[0]',
              'y = 1/0', 'help fit', 'len(mnist.test)', 'export session "repl.ipynb" errors false']
p = latent(["-i"], stdin="\n".join(repl_cells) + "\n", cwd="repl")
check("a REPL session exports without its error and help cells",
      "exported 8 cells to repl.ipynb" in p.stdout, p.stdout[-300:] + p.stderr[-300:])
nb = nbformat.read("repl/repl.ipynb", as_version=4)
try:
    nbformat.validate(nb)
    valid = "valid"
except Exception as e:
    valid = str(e)[:300]
check("the export is valid nbformat", valid == "valid", valid)
check("it names this kernel: kernelspec and the kernel's language_info",
      nb.metadata.kernelspec == {"display_name": "latent", "language": "latent", "name": "latent"}
      and nb.metadata.language_info == li, (nb.metadata, li))
check("the comment cell is markdown; errors, help and the export itself are left out",
      [(c.cell_type, c.source) for c in nb.cells] == [("markdown", "A session typed at the prompt")]
      + [("code", c) for c in repl_cells[1:7] + ["len(mnist.test)"]], [(c.cell_type, c.source) for c in nb.cells])
p, took = nbconvert(os.path.abspath("repl/repl.ipynb"))
check("nbconvert --execute runs the REPL export with this kernel", p.returncode == 0, p.stderr[-800:])
if p.returncode == 0:
    again = nbformat.read("repl/repl.run.ipynb", as_version=4)
    check("re-run, every cell gives the same text outputs", texts(again) == texts(nb), (texts(again), texts(nb)))
    check("and the notebook keeps the kernel's metadata", again.metadata.kernelspec.name == "latent"
          and again.metadata.language_info.name == "latent", again.metadata)
    print(f"      (nbconvert on the REPL export: {took:.1f} s)")

# The notebook loads back as a script: `latent notebook.ipynb` runs its code cells in order.
p = latent(["repl.ipynb"], cwd="repl")
check("latent repl.ipynb runs its code cells", p.returncode == 0 and p.stdout.startswith(
    "tensor([[1., 1., 2., 2.],") and "sum 3\n" in p.stdout and p.stdout.endswith("10000\n"), (p.returncode, p.stdout[-300:], p.stderr))
bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"), nbformat.v4.new_code_cell("x = 1"),
                                      nbformat.v4.new_code_cell("print(x)"), nbformat.v4.new_code_cell("y = 1/0"),
                                      nbformat.v4.new_code_cell("print(2)")])
nbformat.write(bad, "repl/bad.ipynb")
p = latent(["bad.ipynb"], cwd="repl")
check("a notebook stops at the first error, naming the cell",
      (p.returncode, p.stdout, p.stderr) == (1, "1\n", "bad.ipynb: code cell 3, line 1, column 5: error: division by zero\n"
                                              "y = 1/0\n    ^~~\nbad.ipynb: stopped at code cell 3 of 4; the last cell did not run\n"),
      (p.returncode, p.stdout, p.stderr))

# Script mode: `latent FILE` exports its paragraphs as cells (it used to export 0 cells).
os.makedirs("script", exist_ok=True)
with open("script/s.latent", "w") as f:
    f.write('# Sums\nx = 1 + 2\nprint("x is", x)\n\nfor i in 0..2 {\n  print(i)\n}\n\nexport session "s.ipynb"\n')
p = latent(["s.latent"], cwd="script")
nb = nbformat.read("script/s.ipynb", as_version=4) if os.path.exists("script/s.ipynb") else None
check("latent FILE exports its cells", p.stdout.endswith("exported 2 cells to s.ipynb\n") and nb is not None
      and [(c.cell_type, c.source) for c in nb.cells] == [("markdown", "Sums"), ("code", 'x = 1 + 2\nprint("x is", x)'),
                                                          ("code", "for i in 0..2 {\n  print(i)\n}")],
      (p.stdout, p.stderr, nb and [(c.cell_type, c.source) for c in nb.cells]))

# A tutorial converted to a notebook (its title made a heading so it runs as a plain
# script, then `export session`), executed by nbconvert: every `expect` must hold.
tutorial = os.path.join(REPO, "tutorials/05-upsampling.latent")
os.makedirs("tutorial", exist_ok=True)
source = open(tutorial).read()
expects = sum(1 for line in source.splitlines() if line.strip().startswith("expect "))
with open("tutorial/t05.latent", "w") as f:
    f.write("#" + source + '\n\nexport session "t05.ipynb"\n')
p = latent(["t05.latent"], cwd="tutorial")
check("tutorial 5 exported as a notebook", p.returncode == 0 and os.path.exists("tutorial/t05.ipynb"), p.stderr[-500:])
if os.path.exists("tutorial/t05.ipynb"):
    nb = nbformat.read("tutorial/t05.ipynb", as_version=4)
    p, took = nbconvert(os.path.abspath("tutorial/t05.ipynb"))
    ran = nbformat.read("tutorial/t05.run.ipynb", as_version=4) if p.returncode == 0 else None
    run_expects = sum(1 for c in (ran.cells if ran else []) if c.cell_type == "code"
                      for line in c.source.splitlines() if line.strip().startswith("expect "))
    check(f"nbconvert runs tutorial 5's notebook: all {expects} expect checks held, no error output",
          ran is not None and run_expects == expects and expects > 0
          and not any(o.output_type == "error" for c in ran.cells if c.cell_type == "code" for o in c.outputs),
          p.stderr[-800:])
    if ran is not None:
        check("tutorial 5 re-run gives the same text outputs", texts(ran) == texts(nb), (texts(ran), texts(nb)))
        print(f"      (nbconvert on tutorial 5: {took:.1f} s)")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
