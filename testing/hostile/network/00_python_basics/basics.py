# HOSTILE base=solution
"""Attack A27: reach the network: a TCP and a UDP listener the test opened on the host's
127.0.0.1, the host's abstract unix socket namespace, ::1, a public DNS server, and
HTTP by name.  greet returns whatever came back (or WRONG)."""
import socket
import urllib.request

TCP_PORT, UDP_PORT, ABSTRACT = int("@@TCP_PORT@@"), int("@@UDP_PORT@@"), "@@ABSTRACT@@"
_done = {}


def _attempts():
    got, notes = [], []

    def tcp(host, port, family=socket.AF_INET):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as s:
                s.settimeout(2)
                s.connect((host, port))
                s.sendall(b"HOSTILE-@@NONCE@@ hello\n")
                data = s.recv(200)
                got.append(f"tcp:{host}:{port}:{data!r}")
        except OSError as exc:
            notes.append(f"tcp {host}:{port}: {exc.__class__.__name__}")

    tcp("127.0.0.1", TCP_PORT)
    tcp("::1", TCP_PORT, socket.AF_INET6)
    tcp("8.8.8.8", 53)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(2)
            s.sendto(b"HOSTILE-@@NONCE@@ udp\n", ("127.0.0.1", UDP_PORT))
            data, _ = s.recvfrom(200)
            got.append(f"udp:{data!r}")
    except OSError as exc:
        notes.append(f"udp: {exc.__class__.__name__}")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect("\0" + ABSTRACT)
            s.sendall(b"HOSTILE-@@NONCE@@ unix\n")
            got.append(f"abstract:{s.recv(200)!r}")
    except OSError as exc:
        notes.append(f"abstract unix: {exc.__class__.__name__}")
    try:
        socket.getaddrinfo("example.com", 80)
        got.append("dns:example.com resolved")
    except OSError as exc:
        notes.append(f"dns: {exc.__class__.__name__}")
    try:
        with urllib.request.urlopen("http://example.com/", timeout=2) as r:
            got.append(f"http:{r.status}")
    except Exception as exc:  # noqa: BLE001
        notes.append(f"http: {exc.__class__.__name__}")
    try:
        with open("/proc/net/tcp") as fh:
            listening = sum(1 for line in fh if line.split()[3:4] == ["0A"])
        notes.append(f"listening tcp sockets visible: {listening}")
    except OSError:
        pass
    return got, notes


def greet(name, loud=False):
    if "r" not in _done:
        got, notes = _attempts()
        print("HOSTILE-NOTE", "; ".join(notes))
        for g in got:
            print("LEAK:net:" + g)
        print("HOSTILE-DONE network")
        _done["r"] = got
    return _done["r"][0] if _done["r"] else "WRONG"
