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


# What issue 11 asks of the scraped page seed (000) once imported, whichever way it came.
SEED_000 = "000_a5bbe538e2f41d8b.txt"
SEED_000_TITLE = "20 年生命 vs 2 小時訓練,Sam Altman 開始算「人肉成本」"
SEED_000_AUTHOR = "樺林舞王"
SEED_000_FIRST = "如果幾年前有人跟我說"
SEED_000_LAST = "把人類當作「低效 AI」的世界里"
# The page furniture the issue lists: breadcrumb, share counter, byline, editor, related
# list, reprint footer, glued markup, image credit, the accessibility footer.
SEED_000_FURNITURE = (
    "網易首頁",
    "正文",
    "分享至",
    "作者|",
    "編輯|",
    "相關推薦",
    "轉載",
    "/p>",
    "頭圖",
    "無障礙瀏覽",
)
# A flattened ruby gloss: a Han character, then its reading in brackets ("訓(xùn)").
GLOSS = r"(?<=[\u4e00-\u9fff])\([a-z\u00e0-\u01dc]+\)"
SEED_003 = "003_46da49157f37382e.txt"


def check_seed_000(title: str, author: str, paragraphs: list[str]) -> None:
    """Assert the issue's acceptance for seed 000 on an imported title, author and body."""
    import re

    assert title == SEED_000_TITLE
    assert author == SEED_000_AUTHOR
    assert paragraphs[0].startswith(SEED_000_FIRST)
    assert paragraphs[-1].endswith(SEED_000_LAST)
    body = "\n\n".join(paragraphs)
    for furniture in SEED_000_FURNITURE:
        assert furniture not in body, furniture
    assert not re.search(GLOSS, body)
    assert not re.search(GLOSS, title)
    # The related list: headlines with their timestamps.
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", body)
