"""WeasyPrint's URL fetcher for the build: files under the project root, and nothing else, nor the network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import URLFetcher

from ...config import ROOT, design_folder


class ProjectOnlyFetcher(URLFetcher):
    """Serves `file:` URLs under `root` (and the design folders, which an edition may take from the toolchain)
    and `data:` URLs; refuses every other URL, and keeps a list of them."""

    def __init__(self, root: Path = ROOT):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve(), *(design_folder(part).resolve() for part in ("css", "templates"))]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("file://"):
            path = Path(unquote(url[len("file://"):].split("#", 1)[0].split("?", 1)[0])).resolve()
            if not any(path == r or r in path.parents for r in self.roots):
                self.refused.append(url)
                raise ValueError(f"refused {url}: outside the project")
        elif not url.startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"refused {url}: builds never reach the network")
        return super().fetch(url, headers)


def project_fetcher(root: Path = ROOT) -> ProjectOnlyFetcher:
    """A WeasyPrint URL fetcher that serves files under the project root and refuses everything else."""
    return ProjectOnlyFetcher(root)
