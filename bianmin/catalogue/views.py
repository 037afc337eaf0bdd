"""Catalogue pages (being written)."""

from django.http import Http404


def item_list(request, **kwargs):
    raise Http404


def item_create(request, **kwargs):
    raise Http404


def item_detail(request, **kwargs):
    raise Http404


def item_settings(request, **kwargs):
    raise Http404


def draft_edit(request, **kwargs):
    raise Http404


def draft_materials(request, **kwargs):
    raise Http404


def draft_publish(request, **kwargs):
    raise Http404


def version_detail(request, **kwargs):
    raise Http404


def centre_list(request, **kwargs):
    raise Http404


def centre_list_edit(request, **kwargs):
    raise Http404
