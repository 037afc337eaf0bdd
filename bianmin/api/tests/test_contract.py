"""The contract: the live schema (/api/v1/openapi.json) is valid OpenAPI, and schemathesis, fuzzing
every operation in-process against it (bounded: a few examples per operation, derandomised so CI
is repeatable), finds no 500 and no answer that breaks the schema: status codes, content types and
bodies as documented, and invalid input rejected with a documented 4xx."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from bianmin.api.tests.helpers import token_for
from bianmin.cases import services
from bianmin.cases.tests.helpers import handling_case, listed_item, received_case
from bianmin.workcalendar import services as calendar_services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 8  # per operation: ~40 operations × 8 examples stay within a minute on two cores


@pytest.mark.django_db
def test_the_live_schema_is_valid_openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["info"]["title"] == "便民服务中心标准化管理平台 接口"
    assert "认证" in spec["info"]["description"]


@pytest.mark.django_db
def test_the_docs_page_is_served_without_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page and "cdn" not in page.lower()


@pytest.fixture
def in_process_wsgi():
    """Calls into the WSGI app in the test's own transaction: like Django's test client, keep the
    end of each request from closing the database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(county, settings, in_process_wsgi):
    settings.API_RATE_PER_MINUTE = 100_000
    settings.API_PUBLIC_RATE_PER_MINUTE = 100_000
    settings.EXCHANGE_SETTLE_SECONDS = 0
    calendar_services.seed_from_package()
    item = listed_item(county)
    received_case(county, item)
    case = handling_case(county, item)
    services.case_complete(case=case, actor=county.clerk_a, result="approved")
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_process_wsgi)


def _operations() -> list[tuple[str, str]]:
    from bianmin.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return [(method.upper(), path) for path, methods in paths.items() for method in methods]


@pytest.fixture
def clerk_token(county):
    return token_for(county.clerk_a.user)


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda value: value)
def test_the_api_keeps_its_contract(api_schema, clerk_token, method, path):
    """Each operation, valid and invalid input, as a token-authenticated clerk of centre A."""
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {clerk_token}"}

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:
            # Nothing invalid can be sent to an operation without parameters or body.
            assert mode == GenerationMode.NEGATIVE, f"no valid request could be generated for {method} {path}"
