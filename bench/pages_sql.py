"""The limits of the page benchmark: the same rows and counts as the pages' queries, written by hand
in the cheapest shape we know (portable: SQLite and PostgreSQL). ``%(name)s`` are parameters;
``%(centres)s`` is replaced by the literal id list (as in ``bench_reports.raw``)."""

OPEN = (
    "('registered_at_point', 'in_transfer', 'received', 'awaiting_supplement', 'handling', 'suspended', "
    "'extension_pending', 'completed', 'result_at_point')"
)
RUNNING = "('handling', 'extension_pending')"

# The columns a list row shows (cases.selectors.PAGE_FIELDS) and the names of its related rows.
LIST_COLUMNS = """c.id, c.receipt_number, c.item_name, c.applicant_name, c.phone, c.channel, c.status,
  c.received_at, c.accepted_at, c.due_at, c.due_provisional, c.due_note, c.completed_at,
  c.centre_id, c.window_id, c.handler_id, c.agency_point_id,
  ce.id, ce.name, w.id, w.name, h.id, h.name, p.id, p.name"""
LIST_JOINS = """cases_case c
JOIN org_centre ce ON ce.id = c.centre_id
LEFT JOIN org_window w ON w.id = c.window_id
LEFT JOIN org_staff h ON h.id = c.handler_id
LEFT JOIN org_agencypoint p ON p.id = c.agency_point_id"""

# 我的待办 of a clerk: open cases of the centre they handle, answered first, at their windows, or
# handed over from a point; due soonest first.
QUEUE_WHERE = f"""c.centre_id = %(centre)s AND c.status IN {OPEN}
  AND (c.handler_id = %(staff)s OR c.first_responder_id = %(staff)s OR c.status = 'in_transfer'
       OR EXISTS (SELECT 1 FROM org_window_staff ws WHERE ws.window_id = c.window_id AND ws.staff_id = %(staff)s))"""  # noqa: S608
QUEUE_COUNT = f"SELECT COUNT(*) FROM cases_case c WHERE {QUEUE_WHERE}"  # noqa: S608 - constants only
QUEUE_PAGE = f"""SELECT {LIST_COLUMNS} FROM {LIST_JOINS}
WHERE {QUEUE_WHERE}
ORDER BY c.due_at ASC NULLS LAST, c.received_at ASC, c.id ASC LIMIT 30"""  # noqa: S608 - constants only

# The centre's case list, newest first; and filtered to its red lights (overdue, still running).
CENTRE_COUNT = "SELECT COUNT(*) FROM cases_case c WHERE c.centre_id = %(centre)s"
CENTRE_PAGE = f"""SELECT {LIST_COLUMNS} FROM {LIST_JOINS}
WHERE c.centre_id = %(centre)s
ORDER BY c.received_at DESC, c.id DESC LIMIT 30"""  # noqa: S608 - constants only
RED_WHERE = f"c.centre_id = %(centre)s AND c.status IN {RUNNING} AND c.due_at < %(now)s"
RED_COUNT = f"SELECT COUNT(*) FROM cases_case c WHERE {RED_WHERE}"  # noqa: S608 - constants only
RED_PAGE = f"""SELECT {LIST_COLUMNS} FROM {LIST_JOINS}
WHERE {RED_WHERE}
ORDER BY c.received_at DESC, c.id DESC LIMIT 30"""  # noqa: S608 - constants only

# The county's case list (county roles): every case.
COUNTY_COUNT = "SELECT COUNT(*) FROM cases_case c"
COUNTY_PAGE = f"""SELECT {LIST_COLUMNS} FROM {LIST_JOINS}
ORDER BY c.received_at DESC, c.id DESC LIMIT 30"""  # noqa: S608 - constants only

# A centre's home dashboard: open cases, red and yellow lights, hand-overs and extensions waiting.
HOME_COUNTS = f"""SELECT COUNT(*),
  COUNT(CASE WHEN c.status IN {RUNNING} AND c.due_at < %(now)s THEN 1 END),
  COUNT(CASE WHEN c.status IN {RUNNING} AND c.due_at >= %(now)s AND c.due_at <= %(horizon)s THEN 1 END),
  COUNT(CASE WHEN c.status = 'in_transfer' THEN 1 END),
  COUNT(CASE WHEN c.status = 'extension_pending' THEN 1 END)
FROM cases_case c
WHERE c.centre_id = %(centre)s AND c.status IN {OPEN}"""  # noqa: S608 - constants only

# The monitoring dashboard's case lights: running cases overdue or due within the yellow horizon.
CASE_LIGHTS = f"""SELECT c.id, c.centre_id, c.receipt_number, c.item_name, c.due_at, c.handler_id
FROM cases_case c
WHERE c.centre_id IN (%(centres)s) AND c.status IN {RUNNING} AND c.due_at <= %(horizon)s
ORDER BY c.due_at"""  # noqa: S608 - constants only

# Its trend: cases that went red, per centre and month of their due moment, over the last 12 months.
LATE = f"""(c.completed_at > c.due_at AND c.status IN ('completed', 'result_at_point', 'delivered'))
  OR c.status IN {RUNNING}"""
TREND_CASES = """SELECT c.centre_id, {months}
FROM cases_case c
WHERE c.centre_id IN (%(centres)s) AND c.due_at >= %(start)s AND c.due_at < %(now)s AND ({late})
GROUP BY c.centre_id"""
TREND_MONTH = "COUNT(CASE WHEN c.due_at >= %(m{n}s)s AND c.due_at < %(m{n}e)s THEN 1 END)"

# Guide search: the items whose name, alias, full pinyin or initials contain the query, best first
# (search.Rank: exact name, alias, pinyin; then prefixes; then containment), shorter names first,
# the first 51 (the public guide page's page and its "more" test), with what a list of hits shows of
# their guide and business line (search.HIT_FIELDS).
SEARCH = """SELECT i.id, i.code, i.business_line_id, i.aliases, i.current_id, i.pinyin_full, i.pinyin_initials,
  b.id, b.name, g.id, g.number, g.name, g.item_type, g.department, g.handling_type, g.statutory_limit_days,
  g.promised_limit_days, g.visits, g.online, g.agency_allowed, g.pending_allowed
FROM catalogue_serviceitem i
JOIN catalogue_guideversion g ON g.id = i.current_id
JOIN org_businessline b ON b.id = i.business_line_id
WHERE i.is_active AND (i.search_text LIKE %(inside)s OR i.pinyin_full LIKE %(inside)s
  OR i.pinyin_initials LIKE %(inside)s)
ORDER BY CASE
  WHEN i.search_text = %(q)s OR i.search_text LIKE %(name)s THEN 0
  WHEN ' ' || i.search_text || ' ' LIKE %(term)s THEN 1
  WHEN ' ' || i.pinyin_full || ' ' LIKE %(term)s OR ' ' || i.pinyin_initials || ' ' LIKE %(term)s THEN 2
  WHEN i.search_text LIKE %(start)s THEN 3
  WHEN ' ' || i.search_text LIKE %(term_start)s THEN 4
  WHEN ' ' || i.pinyin_full LIKE %(term_start)s OR ' ' || i.pinyin_initials LIKE %(term_start)s THEN 5
  WHEN i.search_text LIKE %(inside)s THEN 6
  ELSE 7 END, LENGTH(g.name), i.code
LIMIT 51"""
