"""Reference implementations (answer keys) of the course assignments; never shipped to students."""
