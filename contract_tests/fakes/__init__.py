"""The fakes the test folders share: gateways, servers, clients and data the tests run against.

- Reference gateways for the contract harness: :mod:`.gateway` (a second, independent
  implementation of the documented API, faithful or with one :mod:`.faults` fault or
  :class:`~.faults.Variant`; :mod:`.spec_targets`: what it answers, from the bundle), served in
  process through httpx's ASGI transport (:mod:`.asgi`: no socket, no port), and
  :mod:`.hostile` (targets that misbehave at the HTTP level, which only a real server shows),
  served on loopback by :mod:`.server` (with the certificate of ``tls/``).
- Running the harness as a user would: :mod:`.runner`, its reports read by :mod:`.reports`, and
  the shared campaign of harness runs (:mod:`.campaign`) the contract tests read.
- :mod:`.fake_gateway`: a scripted gateway for the command line's safety tests.
- :mod:`.raw_server` and :mod:`.rawhttp`: a raw-socket server and client for hostile HTTP.
- :mod:`.respx_gateway`, :mod:`.generated`, :mod:`.schema_strategies`: the generated client
  against a respx-mocked answer, spec names -> generated names, hypothesis strategies from JSON
  Schema; :mod:`.instances`; :mod:`.scripts` imports a maintainer script of ``scripts/``.
- Fixture plugins (registered in the root ``conftest.py``): :mod:`.cli_fixtures` (a mock
  gateway per test, the CLI in-process or as a subprocess) and :mod:`.harness_fixtures`
  (reference gateways, the campaign started after collection and its ordering hook).

Minimal instances, the sites and bounds of a schema and instances built around them are the
product's: import them from :mod:`seedance.spec`.
"""
