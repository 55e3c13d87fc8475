from __future__ import annotations

import pytest

from fieldkit.context import AppContext
from fieldkit.errors import EnvironmentProblem
from fieldkit.gui.single_instance import InstanceLock


def test_second_copy_on_the_same_data_dir_is_refused(ctx: AppContext) -> None:
    first = InstanceLock(ctx.paths)
    first.acquire()
    try:
        with pytest.raises(EnvironmentProblem, match="already running") as info:
            InstanceLock(ctx.paths).acquire()
        assert str(ctx.paths.data_dir) in str(info.value)
    finally:
        first.release()
    again = InstanceLock(ctx.paths)
    again.acquire()  # free once the first copy has gone
    again.release()
