# HOSTILE base=solution
"""Attack A16 at import: sys.exit(0) before any test can call anything."""
import sys

print("HOSTILE-DONE early_exit")
sys.exit(0)
