"""Tools for the course's maintainers, not used when grading."""
