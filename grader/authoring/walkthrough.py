"""A lesson's walkthrough notebook, generated from its Markdown source.

``solutions/NN_name/walkthrough.md`` (jupytext's Markdown format: prose in English and
Simplified Chinese, code in ```` ```python ```` blocks) becomes
``assignments/NN_name/walkthrough.ipynb``: the same notebook for everyone, since it
imports the student's own module and calls its functions.  The output is fixed byte
for byte (no outputs, numbered cell ids, one kernelspec), so ``grader stubs --check``
can tell a stale notebook from a fresh one.
"""
from __future__ import annotations

SOURCE = "walkthrough.md"
NOTEBOOK = "walkthrough.ipynb"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def notebook_from_markdown(text: str) -> bytes:
    """The ``.ipynb`` bytes of a walkthrough written in jupytext's Markdown format."""
    import jupytext
    import nbformat

    nb = jupytext.reads(text, fmt="md")
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.nbformat, nb.nbformat_minor = 4, 5
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number:02d}"
        cell.metadata = nbformat.from_dict({})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    return (nbformat.writes(nb) + "\n").encode()
