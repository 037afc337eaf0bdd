"""The load test's simulated clerks fill in the application's real forms (bench/loadtest/forms.py):
what they read from the intake page and the case page is what the views accept, so a change to a
form cannot quietly turn the load test into a test of error pages."""

import re

import pytest
from django.urls import reverse

from bench.loadtest.forms import Forms, fill_intake
from bianmin.cases.models import Case
from bianmin.cases.tests.helpers import handling_case, listed_item

pytestmark = pytest.mark.django_db


def test_a_simulated_clerk_takes_a_complete_application_through_the_intake_form(county, as_clerk_a):
    item = listed_item(county)
    url = reverse("cases:intake_form", args=[item.pk])
    form = Forms(as_clerk_a.get(url).content.decode()).forms[""]
    assert "csrfmiddlewaretoken" in form and "request_key" in form
    response = as_clerk_a.post(url, fill_intake(form))
    assert response.status_code == 302
    case = Case.objects.get(applicant_name="王小明")
    assert case.status == "handling"  # every material ticked: accepted
    assert "/notices/" in response["Location"]  # on to the printed 承诺件告知单


def test_a_simulated_clerk_completes_a_case_from_the_case_page(county, as_clerk_a):
    case = handling_case(county, listed_item(county))
    page = as_clerk_a.get(reverse("cases:detail", args=[case.pk])).content.decode()
    forms = Forms(page).forms
    action = reverse("cases:act", args=[case.pk, "complete"])
    form = forms[action]
    form.setdefault("result", "approved")
    assert as_clerk_a.post(action, form).status_code == 302
    case.refresh_from_db()
    assert case.status == "completed" and case.result == "approved"


def test_the_queue_links_the_cases_the_simulated_clerk_opens(county, as_clerk_a):
    case = handling_case(county, listed_item(county))
    page = as_clerk_a.get(reverse("cases:queue"), {"status": "handling"}).content.decode()
    assert str(case.pk) in re.findall(r'href="/cases/(\d+)/"', page)


def test_the_parser_reads_checked_choices_selected_options_and_hidden_fields():
    html = """<form action="/x/"><input type="hidden" name="k" value="1"><input type="radio" name="r" value="a">
    <input type="radio" name="r" value="b" checked><select name="s"><option value="p">P</option>
    <option value="q" selected>Q</option></select><textarea name="t"></textarea>
    <input type="checkbox" name="c" checked><input type="submit" name="go" value="Go"></form>"""
    assert Forms(html).forms == {"/x/": {"k": "1", "r": "b", "s": "q", "t": "", "c": "on"}}
