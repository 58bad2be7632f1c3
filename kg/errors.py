"""Errors that the command line turns into one clear line and an exit status."""


class KgError(Exception):
    """A problem the user can fix (bad path, bad file, bad query)."""


class ArticleError(KgError):
    """One article cannot be read; the build goes on without it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
