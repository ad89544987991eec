import pytest

from tests.packaging.install import build_wheel, production_virtualenv


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The project's wheel, built as the image builds it, in a scratch folder."""
    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def production_python(wheel):
    """The python of a virtualenv with requirements.lock and the wheel installed, non-editable."""
    return production_virtualenv(wheel)
