"""WeasyPrint's URL fetcher for the build: files under the project root, and nothing else, nor the network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import URLFetcher

from ...config import ROOT


class ProjectOnlyFetcher(URLFetcher):
    """Serves `file:` URLs under `root` and `data:` URLs; refuses every other URL, and keeps a list of them."""

    def __init__(self, root: Path = ROOT):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("file://"):
            path = Path(unquote(url[len("file://"):].split("#", 1)[0].split("?", 1)[0])).resolve()
            if not (path == self.root or self.root in path.parents):
                self.refused.append(url)
                raise ValueError(f"refused {url}: outside the project")
        elif not url.startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"refused {url}: builds never reach the network")
        return super().fetch(url, headers)


def project_fetcher(root: Path = ROOT) -> ProjectOnlyFetcher:
    """A WeasyPrint URL fetcher that serves files under the project root and refuses everything else."""
    return ProjectOnlyFetcher(root)
