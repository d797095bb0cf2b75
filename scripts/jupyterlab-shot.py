"""JupyterLab with the latent kernel, driven in headless Chromium, to a screenshot.

Run by scripts/jupyterlab-shot (which sets up the venv, the kernelspec and the
server). Opens NOTEBOOK in JupyterLab, waits for the latent kernel to be idle, runs
every cell through JupyterLab's own command (`notebook:run-all-cells`, the same as
Run ▸ Run All Cells), waits for the last cell's output, and writes a PNG of the
page. Talks to Chromium over the DevTools protocol (websocket-client from PyPI).

    python jupyterlab-shot.py URL OUT.png
"""
import base64
import json
import sys
import time
import urllib.request

import websocket

url, out = sys.argv[1], sys.argv[2]
DEVTOOLS = "http://127.0.0.1:9333"


def page_socket():
    for _ in range(100):
        try:
            tabs = json.load(urllib.request.urlopen(DEVTOOLS + "/json"))
            pages = [t for t in tabs if t.get("type") == "page"]
            if pages:
                return websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("jupyterlab-shot: Chromium's DevTools did not answer")


ws = page_socket()
ids = iter(range(1, 1_000_000))


def call(method, **params):
    i = next(ids)
    ws.send(json.dumps({"id": i, "method": method, "params": params}))
    while True:
        m = json.loads(ws.recv())
        if m.get("id") == i:
            if "error" in m:
                sys.exit(f"jupyterlab-shot: {method}: {m['error']}")
            return m.get("result", {})


def js(expr):
    r = call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
    return r.get("result", {}).get("value")


def wait(what, expr, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if js(expr):
            return
        time.sleep(0.5)
    state = js("JSON.stringify({app: typeof window.jupyterapp, title: document.title,"
               " widget: window.jupyterapp && window.jupyterapp.shell.currentWidget ? window.jupyterapp.shell.currentWidget.title.label : null})")
    sys.exit(f"jupyterlab-shot: timed out waiting for {what} ({state})")


call("Emulation.setDeviceMetricsOverride", width=1280, height=1500, deviceScaleFactor=1, mobile=False)
call("Emulation.setFocusEmulationEnabled", enabled=True)  # headless has no focused window
call("Page.navigate", url=url)
NB = ("(window.jupyterapp ? Array.from(window.jupyterapp.shell.widgets('main'))"
      ".find(w => w.sessionContext && w.content && w.content.widgets) : undefined)")
# The app is exposed by --expose-app-in-browser; the notebook panel is current once opened.
wait("JupyterLab and the notebook", f"!!{NB}", 90)
js(f"window.jupyterapp.shell.activateById({NB}.id)")
wait("the latent kernel", "(() => { const s = " + NB + ".sessionContext;"
     " return s.session && s.session.kernel && s.session.kernel.status === 'idle'"
     " && s.kernelDisplayName === 'latent'; })()", 60)
js("window.jupyterapp.commands.execute('notebook:run-all-cells')")
time.sleep(2)
wait("the cells to finish", "(() => { const s = " + NB + ".sessionContext;"
     " const cells = document.querySelectorAll('.jp-CodeCell .jp-InputPrompt');"
     " const done = [...cells].every(c => /\\[\\d+\\]/.test(c.textContent));"
     " return done && s.session.kernel.status === 'idle'; })()", 300)
time.sleep(2)
shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
open(out, "wb").write(base64.b64decode(shot["data"]))
print(f"jupyterlab-shot: wrote {out}")
