"""After login or a password change the browser is only ever sent to a page of this site."""

import pytest

from service.ui.session import local_path


@pytest.mark.parametrize(
    "target",
    [None, "", "ui/x", "//evil.example", "https://evil.example/ui/", "/\\evil.example", "/\\/evil.example"],
)
def test_a_target_off_this_site_becomes_the_start_page(target: str | None) -> None:
    assert local_path(target) == "/ui/"


@pytest.mark.parametrize("target", ["/ui/", "/ui/vacancies/3?tab=list", "/ui/account/password?next=/ui/"])
def test_a_page_of_this_site_is_kept(target: str) -> None:
    assert local_path(target) == target
