"""The documentation site's hook: the API reference shows cross-references as code alone."""

from contract_tests.fakes.scripts import load_script


def test_sphinx_roles_before_code_are_dropped_and_other_text_is_kept():
    hooks = load_script("docs_hooks")
    html = (
        "<p>Use :class:<code>Seedance</code> and :meth:<code>wait</code>; "
        "a ratio is 16:9, a label :note: stays.</p>"
    )

    assert hooks.on_page_content(html) == (
        "<p>Use <code>Seedance</code> and <code>wait</code>; "
        "a ratio is 16:9, a label :note: stays.</p>"
    )
