"""Answer keys of the course, one package per assignment (``solutions/<a>/``); never shipped to students."""
