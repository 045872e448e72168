"""Finding the unit a row names, and planning the units a file brings with it.

Rows name a unit (and maybe its level and parent). Existing units are
matched on fold(name) within the parent, or anywhere when the row gives no
parent and the name is unique. Missing ones are planned in memory first
(negative ids) and created only for rows that end up imported, so a
rejected file or a bad row never leaves a unit behind.

Levels: Tỉnh -> 'province_agency' and Huyện -> 'district' under the
province root; Xã -> 'commune' under its parent (created as a district
under the root if missing) or directly under the root (since 2025 there
may be no district level).

Scope: an account scoped to a subtree resolves names the same way, but a row
whose unit lies outside that subtree, or would be created outside it (a new
unit's nearest existing ancestor is outside), is refused (`outside_scope`).
A name that several units share means the one inside the scope, if only one is.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, bindparam, insert, select, update

from data.access import Scope
from data.dossiers.importer.model import FileProblem
from data.text import fold
from data.schema import Unit
from data.units import load_units

DEFAULT_ROOT_NAME = "Tỉnh"
_NAME_PREFIX_LEVEL = (
    ("xa ", "commune"), ("phuong ", "commune"), ("thi tran ", "commune"),
    ("huyen ", "district"), ("quan ", "district"), ("thi xa ", "district"), ("thanh pho ", "district"),
    ("so ", "province_agency"),
)


def level_from_name(name: str) -> str | None:
    """'Xã Điềm He' is a commune, 'UBND huyện Văn Quan' a district; None when the name does not say."""
    key = fold(name)
    for prefix in ("uy ban nhan dan ", "ubnd "):
        key = key.removeprefix(prefix)
    for prefix, level in _NAME_PREFIX_LEVEL:
        if key.startswith(prefix):
            return level
    return None


@dataclass(frozen=True)
class UnitMatch:
    """The unit id (negative while only planned), or why the row names no usable unit."""

    id: int | None
    error: str | None = None
    column: str = "unit"  # which field the error is about: unit | parent | level
    outside_scope: bool = False


@dataclass
class _Node:
    id: int
    name: str
    key: str
    level: str
    parent_id: int | None
    path: str | None = None  # None while only planned


class UnitResolver:
    def __init__(self, conn: Connection, province: str | None, scope: Scope):
        self._conn = conn
        self._scope = scope
        self._nodes: dict[int, _Node] = {}
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._children: dict[tuple[int | None, str], int] = {}
        self._next_temp = -1
        units = load_units(conn)
        for r in units.itertuples(index=False):
            parent = None if pd.isna(r.parent_id) else int(r.parent_id)
            self._add(_Node(int(r.id), r.name, r.name_key, r.level_code, parent, r.path))
        self.root = self._find_root(province)

    def _add(self, node: _Node) -> None:
        self._nodes[node.id] = node
        self._by_key[node.key].append(node.id)
        self._children.setdefault((node.parent_id, node.key), node.id)

    def _plan(self, name: str, level: str, parent_id: int | None) -> int:
        node = _Node(self._next_temp, name.strip(), fold(name), level, parent_id)
        self._next_temp -= 1
        self._add(node)
        return node.id

    def _find_root(self, province: str | None) -> int:
        roots = [n for n in self._nodes.values() if n.parent_id is None]
        if province:
            hits = [n.id for n in roots if n.key == fold(province)]
            if hits:
                return hits[0]
            if not roots:
                return self._plan(province, "province", None)
            raise FileProblem(
                f"kho dữ liệu có đơn vị gốc '{roots[0].name}', không phải '{province}' "
                "(--province does not name the store's root unit)"
            )
        if len(roots) == 1:
            return roots[0].id
        if not roots:
            return self._plan(DEFAULT_ROOT_NAME, "province", None)
        names = ", ".join(sorted(n.name for n in roots))
        raise FileProblem(f"kho dữ liệu có nhiều đơn vị gốc ({names}); hãy chọn một bằng --province")

    # --- lookups ---------------------------------------------------------------

    def _child(self, parent_id: int, key: str) -> int | None:
        return self._children.get((parent_id, key))

    def _anywhere(self, key: str) -> list[int]:
        """Units of that name; for a scoped account, only those inside the scope when there are any there
        (communes share names across districts, and a district's file means its own)."""
        hits = self._by_key.get(key, [])
        if len(hits) > 1 and not self._scope.whole_province:
            inside = [h for h in hits if self._allowed(h)]
            return inside or hits
        return hits

    def _parent(self, parent: str) -> UnitMatch:
        key = fold(parent)
        hit = self._child(self.root, key)
        if hit is not None or self._nodes[self.root].key == key:
            return UnitMatch(hit if hit is not None else self.root)
        hits = self._anywhere(key)
        if len(hits) == 1:
            return UnitMatch(hits[0])
        if len(hits) > 1:
            return UnitMatch(None, f"có {len(hits)} đơn vị tên '{parent}'; không biết chọn đơn vị nào", "parent")
        return UnitMatch(self._plan(parent, "district", self.root))

    def resolve(self, name: str, level: str | None, parent: str | None) -> UnitMatch:
        match = self._resolve(name, level, parent)
        if match.id is None or self._allowed(match.id):
            return match
        if match.id > 0:
            why = f"đơn vị '{name}' nằm ngoài phạm vi quản lý của tài khoản"
        else:
            why = f"đơn vị '{name}' chưa có trong kho và sẽ nằm ngoài phạm vi quản lý của tài khoản nên không được tạo"
        return UnitMatch(None, why, "unit", outside_scope=True)

    def _allowed(self, unit_id: int) -> bool:
        """An existing unit inside the scope, or a planned one whose nearest existing ancestor is."""
        if self._scope.whole_province:
            return True
        node = self._nodes[unit_id]
        while node.path is None:
            if node.parent_id is None:
                return False
            node = self._nodes[node.parent_id]
        return self._scope.allows_path(node.path)

    def _resolve(self, name: str, level: str | None, parent: str | None) -> UnitMatch:
        key = fold(name)
        if level in ("province_agency", "district"):
            hit = self._child(self.root, key)
            if hit is not None:
                return UnitMatch(hit)
            hits = self._anywhere(key)
            if len(hits) == 1:
                return UnitMatch(hits[0])
            if len(hits) > 1:
                return UnitMatch(None, f"có {len(hits)} đơn vị tên '{name}'; không biết chọn đơn vị nào")
            return UnitMatch(self._plan(name, level, self.root))
        if parent:
            up = self._parent(parent)
            if up.id is None:
                return up
            hit = self._child(up.id, key)
            if hit is not None:
                return UnitMatch(hit)
            return UnitMatch(self._plan(name, level or level_from_name(name) or "commune", up.id))
        hits = self._anywhere(key)
        if len(hits) == 1:
            return UnitMatch(hits[0])
        if len(hits) > 1:
            under_root = [h for h in hits if self._nodes[h].parent_id == self.root]
            if len(under_root) == 1:
                return UnitMatch(under_root[0])
            return UnitMatch(None, f"có {len(hits)} đơn vị tên '{name}'; cần cột Đơn vị cấp trên để phân biệt")
        level = level or level_from_name(name)
        if level is None:
            return UnitMatch(None, f"đơn vị '{name}' chưa có trong kho và không rõ cấp; cần cột Cấp (Tỉnh/Huyện/Xã)",
                             "level")
        return UnitMatch(self._plan(name, level, self.root))

    # --- creation ------------------------------------------------------------------

    def create(self, needed: set[int]) -> dict[int, int]:
        """Create the planned units among `needed` (and their planned ancestors): planned id -> real id.

        Level by level with one INSERT … RETURNING and one UPDATE each, where
        data.units.create_unit would take three statements per unit (a first
        import brings ~200 units); same rules: name stripped, name_key =
        fold(name), path = parent path + id + '/'.
        """
        todo: set[int] = set()
        for temp in needed:
            while temp is not None and temp < 0 and temp not in todo:
                todo.add(temp)
                temp = self._nodes[temp].parent_id
        real: dict[int, int] = {}
        paths = self._existing_paths({self._nodes[t].parent_id for t in todo})
        while todo:
            # Units whose parent exists (or was created in an earlier round).
            ready = sorted(t for t in todo if self._nodes[t].parent_id is None or self._nodes[t].parent_id >= 0
                           or self._nodes[t].parent_id in real)
            parents = [real.get(p, p) if (p := self._nodes[t].parent_id) is not None else None for t in ready]
            ids = self._conn.execute(
                insert(Unit).returning(Unit.id, sort_by_parameter_order=True),
                [{"name": self._nodes[t].name, "name_key": self._nodes[t].key, "level_code": self._nodes[t].level,
                  "parent_id": p, "path": "?"} for t, p in zip(ready, parents)],
            ).scalars().all()
            updates = []
            for t, p, new_id in zip(ready, parents, ids):
                real[t] = new_id
                paths[new_id] = f"{paths[p] if p is not None else '/'}{new_id}/"
                updates.append({"uid": new_id, "new_path": paths[new_id]})
            self._conn.execute(update(Unit).where(Unit.id == bindparam("uid")).values(path=bindparam("new_path")),
                               updates)
            todo.difference_update(ready)
        return real

    def _existing_paths(self, ids: set[int | None]) -> dict[int, str]:
        wanted = [i for i in ids if i is not None and i >= 0]
        if not wanted:
            return {}
        return dict(self._conn.execute(select(Unit.id, Unit.path).where(Unit.id.in_(wanted))).all())
