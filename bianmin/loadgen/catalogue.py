"""The generated catalogue: the demo county's real items (``demo/catalogue_data.py``: 最低生活保障,
残疾人两项补贴, 城乡居民养老保险 …, with their aliases, limits and materials) and their sub-items
(子项: 变更, 注销, 补办, 资格认证 …) as a provincial catalogue lists them, up to ``shape.items``.

Sub-items share their parent's words, so a search for "低保" or "dibao" finds dozens of them — the
hard case for the ranking. A few sub-items leave out a legal basis, a fee basis or their materials,
so the assessment's disclosure check has gaps to find. Written with ``bulk_create`` and the search
keys of ``pinyin_keys.search_keys`` — the values ``catalogue.services`` would store.
"""

import random
from dataclasses import dataclass

from bianmin.demo.catalogue_data import ITEMS, MATERIAL_KEYS

SUB_ITEMS = (
    ("变更", None),
    ("注销", None),
    ("补办", None),
    ("换领", None),
    ("年度审核", None),
    ("复核", None),
    ("资格认证", "immediate"),
    ("信息查询", "immediate"),
    ("证明开具", "immediate"),
    ("迁入", None),
    ("迁出", None),
    ("异议申诉", None),
    ("待遇调整", None),
    ("延续", None),
    ("撤销", None),
    ("备案", "immediate"),
    ("发放查询", "immediate"),
    ("信息更正", "immediate"),
    ("重新认定", None),
    ("暂停", None),
    ("恢复", None),
    ("终止", None),
    ("续期", None),
    ("首次登记", None),
    ("再次申请", None),
    ("代办申请", None),
    ("预约办理", "immediate"),
    ("档案调阅", "immediate"),
    ("结果复查", None),
    ("退费", None),
    ("转移接续", None),
    ("停发", None),
    ("补发", None),
    ("重新核定", None),
    ("材料补正", None),
    ("年检", None),
)


@dataclass(frozen=True)
class Guide:
    """One published item as the case generator uses it."""

    item_id: int
    guide_id: int
    name: str
    line: str
    handling_type: str
    limit_days: int
    agency_allowed: bool
    materials: tuple[tuple[str, str, int, bool, bool], ...]  # name, form label, copies, required, pending allowed
    popular: bool  # a parent item (what most people come for)


def specs(count: int, rng: random.Random) -> list[dict]:
    """``count`` item specs: the real items first, then sub-items in a seeded order."""
    parents = [dict(row, popular=True) for row in ITEMS]
    children = []
    for n, row in enumerate(ITEMS):
        for k, (suffix, handling) in enumerate(SUB_ITEMS):
            immediate = handling == "immediate" or row["handling_type"] == "immediate"
            limit = 0 if immediate else max(1, min(row["promised_limit_days"] or 5, rng.choice((3, 5, 7, 10, 15))))
            statutory = None if immediate else max(limit, row["statutory_limit_days"] or limit)
            aliases = [a for a in row["aliases"].replace(",", "、").split("、") if a][:2]
            gap = (n * len(SUB_ITEMS) + k) % 97
            children.append(
                dict(
                    row,
                    code=f"{row['code']}-{k + 1:02d}",
                    name=f"{row['name']}({suffix})",
                    aliases="、".join(f"{a}{suffix}" for a in aliases),
                    handling_type="immediate" if immediate else "promised",
                    promised_limit_days=limit,
                    statutory_limit_days=statutory,
                    legal_basis="" if gap == 3 else row["legal_basis"],
                    is_free=gap != 7,
                    fees="" if gap != 7 else "工本费10元",
                    fee_basis="",
                    materials=[] if gap == 11 else row["materials"],
                    popular=False,
                )
            )
    rng.shuffle(children)
    return (parents + children)[:count]


def build(count: int, rng: random.Random, *, published_at) -> list[Guide]:
    from bianmin.catalogue.models import GuideVersion, Material, MaterialForm, ServiceItem, VersionStatus
    from bianmin.catalogue.pinyin_keys import search_keys
    from bianmin.org.models import BusinessLine

    lines = {line.name: line.pk for line in BusinessLine.objects.all()}
    rows = specs(count, rng)
    items = ServiceItem.objects.bulk_create(
        [
            ServiceItem(
                code=row["code"],
                business_line_id=lines[row["line"]],
                aliases=row["aliases"],
                **search_keys(row["name"], row["aliases"]),
            )
            for row in rows
        ],
        batch_size=1_000,
    )
    versions = GuideVersion.objects.bulk_create(
        [
            GuideVersion(
                item=item,
                number=1,
                status=VersionStatus.PUBLISHED,
                name=row["name"],
                item_type=row["item_type"],
                department=row["department"],
                handling_type=row["handling_type"],
                statutory_limit_days=row["statutory_limit_days"],
                promised_limit_days=row["promised_limit_days"],
                legal_basis=row["legal_basis"],
                conditions=row["conditions"],
                procedure="\n".join(row["steps"]),
                is_free=row.get("is_free", True),
                fees=row.get("fees", ""),
                fee_basis=row.get("fee_basis", ""),
                visits=row["visits"],
                online=row["online"],
                agency_allowed=row["agency_allowed"],
                pending_allowed=row["pending_allowed"],
                pending_note=row["pending_note"],
                change_note="压力测试生成数据",
                published_at=published_at,
            )
            for item, row in zip(items, rows, strict=True)
        ],
        batch_size=1_000,
    )
    for item, version in zip(items, versions, strict=True):
        item.current = version
    ServiceItem.objects.bulk_update(items, ["current"], batch_size=1_000)
    labels = dict(MaterialForm.choices)
    materials = [
        Material(version=version, position=position, **dict(zip(MATERIAL_KEYS, material, strict=True)))
        for version, row in zip(versions, rows, strict=True)
        for position, material in enumerate(row["materials"], start=1)
    ]
    Material.objects.bulk_create(materials, batch_size=2_000)
    return [
        Guide(
            item_id=item.pk,
            guide_id=version.pk,
            name=row["name"],
            line=row["line"],
            handling_type=row["handling_type"],
            limit_days=row["promised_limit_days"],
            agency_allowed=row["agency_allowed"],
            materials=tuple((m[0], labels.get(m[1], m[1]), m[2], m[3], m[4]) for m in row["materials"]),
            popular=row["popular"],
        )
        for item, version, row in zip(items, versions, rows, strict=True)
    ]
