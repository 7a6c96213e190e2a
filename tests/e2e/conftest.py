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


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every browser test also fails on a Content-Security-Policy violation (an inline script,
    an inline event handler, a blocked resource): Chromium reports each as a console error."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text} ({msg.location})") if "Content Security Policy" in msg.text else None
        ),
    )
    yield violations
    assert violations == [], violations
