from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "var" / "test-screenshots"


@pytest.fixture
def shot(page):
    """Save a screenshot under var/test-screenshots/ for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return take
