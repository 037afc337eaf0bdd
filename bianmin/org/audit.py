"""Audit log of every change to organisation records (who, when, old → new), via django-auditlog.

Phones are masked in the log: the log is read by more people than need the full value.
"""

from auditlog.registry import auditlog


def register_models() -> None:
    from bianmin.org import models

    if auditlog.contains(models.Centre):
        return
    auditlog.register(models.Region)
    auditlog.register(models.BusinessLine)
    auditlog.register(models.Centre)
    auditlog.register(models.Window, m2m_fields={"staff"})
    auditlog.register(models.AgencyPoint, mask_fields=["phone"])
    auditlog.register(models.Department)
    auditlog.register(models.Authorization, m2m_fields={"windows"})
    auditlog.register(models.Staff, mask_fields=["phone"], exclude_fields=["photo"])
