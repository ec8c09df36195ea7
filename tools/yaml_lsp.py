#!/usr/bin/env python3
"""Drive yaml-language-server over stdio (LSP) the way an editor does: what does it say about a file?

    python tools/yaml_lsp.py FILE.yaml [--complete LINE:COL]

Opens FILE (its ``# yaml-language-server: $schema=...`` line points at the schema), prints the
diagnostics the server publishes and, with --complete, the completion items at a 0-based
LINE:COL. Needs Node and ``npm install -g yaml-language-server``. tests/test_editor.py uses it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, root: Path, command: list[str] | None = None):
        exe = command or [shutil.which("yaml-language-server") or "yaml-language-server", "--stdio"]
        self.proc = subprocess.Popen(exe, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.notes: list[dict] = []
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.resolve().as_uri(),
                                    "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": False}}}},
                                    "workspaceFolders": None})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
            "validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}})

    def _send(self, msg: dict) -> None:
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("yaml-language-server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params):
        self.next_id += 1
        me = self.next_id
        self._send({"jsonrpc": "2.0", "id": me, "method": method, "params": params})
        while True:
            msg = self._read()
            if msg.get("id") == me and "method" not in msg:
                return msg.get("result")
            self._handle(msg)

    def _handle(self, msg: dict) -> None:
        if "method" in msg and "id" in msg:   # a request from the server (configuration, ...): answer it
            result = [{"validate": True, "completion": True}] * len(msg.get("params", {}).get("items", [])) \
                if msg["method"] == "workspace/configuration" else None
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif "method" in msg:
            self.notes.append(msg)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def diagnostics(self, uri: str, timeout: float = 30.0) -> list[dict]:
        """The diagnostics the server publishes for ``uri`` (it validates after a short delay)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for n in self.notes:
                if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri:
                    self.notes.remove(n)
                    return n["params"]["diagnostics"]
            self._handle(self._read())
        raise TimeoutError("no diagnostics from yaml-language-server")

    def complete(self, uri: str, line: int, character: int) -> list[dict]:
        r = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": line, "character": character}})
        return (r or {}).get("items", []) if isinstance(r, dict) else (r or [])

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--complete", metavar="LINE:COL")
    args = ap.parse_args(argv)
    path = Path(args.file)
    server = Server(path.parent)
    try:
        uri = server.open(path)
        for d in server.diagnostics(uri):
            p = d["range"]["start"]
            print(f"{path}:{p['line'] + 1}:{p['character'] + 1}: {d['message']}")
        if args.complete:
            line, col = map(int, args.complete.split(":"))
            for item in server.complete(uri, line, col):
                print("completion:", item["label"])
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
