import pytest


@pytest.fixture(scope="session")
def nlp():
    from kextract.nlp import load_pipeline

    return load_pipeline()
