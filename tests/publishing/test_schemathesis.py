"""`schemathesis run` with every check, against the running app's own OpenAPI document.

Bounded (a fixed seed, a few dozen examples per operation) so that it runs with every
`make test`; a failure prints schemathesis's report with a curl line to reproduce it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apps.accounts.services import api_key_create
from apps.publishing import services
from tests.conftest import QUOTED_TEXT

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def published_articles(tagged_article, make_user):
    annotator, reviewer = make_user("annotator", "ann"), make_user("reviewer", "rev")
    for n in range(3):
        article = tagged_article(QUOTED_TEXT.replace("We will", f"In {n} years we will"))
        services.annotation_start(article=article, actor=annotator)
        services.review_request(article=article, actor=annotator)
        services.review_approve(article=article, actor=reviewer)


def test_schemathesis_finds_nothing(live_server, published_articles, make_user, tmp_path, settings):
    settings.NEWSDESK_API_RATE_PER_MINUTE = 100_000
    # A key with both scopes, so that the import endpoints are exercised beyond their 401.
    _, token = api_key_create(
        user=make_user("editor", "cms"), name="cms", scopes=["read", "import"]
    )
    command = [
        str(SCHEMATHESIS if SCHEMATHESIS.exists() else shutil.which("schemathesis")),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks=all",
        "--max-examples=15",
        "--seed=20260131",
        "--workers=1",
        "--generation-database=none",
        "--no-color",
        f"--header=Authorization: Bearer {token}",
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=540, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
