"""The records of a year read into ``scoring.CentreFacts``, for many centres at once (ORM side).

STUB — being written (issue #9): ``facts_for`` must fill every field of ``CentreFacts``.
"""

from datetime import datetime

from bianmin.assessment.scoring import CentreFacts

EVIDENCE_LIMIT = 50  # evidence entries kept per automatic item (the count is always exact)


def facts_for(centres, *, year: int, now: datetime) -> dict[int, CentreFacts]:
    return {centre.pk: CentreFacts(centre_id=centre.pk) for centre in centres}
