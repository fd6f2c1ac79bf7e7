"""Where the scraped seed articles live: ../shared/seeds beside the repository's root.

A git worktree's root is not the main checkout's, so the main checkout (found through the
worktree's `.git` file) is tried too. Their text never lives in this repository.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path:
    candidates = [ROOT.parent / "shared" / "seeds"]
    git = ROOT / ".git"
    if git.is_file():  # "gitdir: /main/.git/worktrees/<name>"
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        candidates.append(gitdir.parents[2].parent / "shared" / "seeds")
    return next((path for path in candidates if path.is_dir()), candidates[0])
