"""Attack A14: runs at interpreter start-up if the folder is on sys.path of a new interpreter."""
import os as _os
try:
    open(f"/tmp/HOSTILE-@@NONCE@@-executed-{__name__}-{_os.getpid()}", "w").write(f"uid={_os.getuid()}")
except OSError:
    pass
import builtins
builtins.__hostile_sitecustomize__ = True
