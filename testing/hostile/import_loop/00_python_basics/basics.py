# HOSTILE base=solution
"""Attack A18 at import: the module never finishes importing.  Costs one timeout per lesson:
the grader must remember the failed import instead of retrying it for every test."""
print("HOSTILE-DONE import_loop")
while True:
    pass
