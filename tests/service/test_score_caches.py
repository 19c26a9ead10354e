"""``/score`` answers callers and the rule set in force from per-process caches (issue #13).

What must hold (service.auth.cache): a revocation, a token rotation or a rule set activation made
through this process counts from the next request; a change made by another process (another
worker, the command line) counts at the latest after the TTL; an entry answers only the exact
token it was read for, so no caller is ever served with another caller's regions.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update

from service.auth import service as user_service
from service.auth.cache import FollowingCache, TokenCache, users_changed
from service.auth.models import User
from service.db.base import utcnow

AS_OF = "2026-11-23"
SCENARIOS_REASON = "Abweichende Szenarien sind die gewollte Wirkung der Änderung"


def _cases(examples_text: str) -> dict[str, str]:
    return {json.loads(line)["case_id"]: line for line in examples_text.splitlines()}


def _score(env, token, body):
    return env.client.post(
        "/api/v1/score",
        params={"as_of": AS_OF},
        content=body,
        headers={**env.auth(token), "Content-Type": "application/json"},
    )


def _user_id(env, name):
    with env.db.read() as session:
        return session.scalar(select(User.id).where(User.name == name))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_revocation_through_the_api_counts_at_the_next_score(env, examples_text):
    ex1 = _cases(examples_text)["EX-1"]
    admin = env.user("admin", name="root")
    token = env.user("caseworker", "koeln", name="kim")
    assert _score(env, token, ex1).status_code == 200  # now in the cache
    assert _score(env, token, ex1).status_code == 200
    revoked = env.client.post(
        f"/api/v1/users/{_user_id(env, 'kim')}/revoke",
        json={"reason": "Wechsel"},
        headers=env.auth(admin),
    )
    assert revoked.status_code == 200, revoked.text
    assert _score(env, token, ex1).status_code == 401


def test_a_rotated_token_is_refused_at_once(env, examples_text):
    ex1 = _cases(examples_text)["EX-1"]
    old = env.user("caseworker", "koeln", name="kim")
    assert _score(env, old, ex1).status_code == 200
    with env.db.write() as session:
        user = user_service.get_by_name(db_session=session, name="kim")
        new = user_service.rotate_token(db_session=session, user=user, actor="test")
    assert _score(env, old, ex1).status_code == 401
    assert _score(env, new, ex1).status_code == 200


def test_another_process_revoking_is_followed_within_the_ttl(env, examples_text):
    """A plain SQL update is what this process sees of another worker's or the CLI's change:
    no ORM event here, so only the TTL ends the entry."""
    ex1 = _cases(examples_text)["EX-1"]
    clock = Clock()
    env.app.state.token_cache = TokenCache(2.0, clock=clock)
    token = env.user("caseworker", "koeln", name="kim")
    assert _score(env, token, ex1).status_code == 200
    with env.db.write() as session:
        session.execute(update(User).where(User.name == "kim").values(revoked_at=utcnow()))
    clock.now += 1.9
    assert _score(env, token, ex1).status_code == 200  # still within the documented TTL
    clock.now += 0.1
    assert _score(env, token, ex1).status_code == 401


def test_cached_callers_keep_their_own_regions(env, examples_text):
    cases = _cases(examples_text)
    koeln = env.user("caseworker", "koeln", name="kim")
    arnsberg = env.user("caseworker", "arnsberg", name="ari")
    for _ in range(2):  # the second round is answered from the cache
        assert _score(env, koeln, cases["EX-1"]).status_code == 200
        assert _score(env, arnsberg, cases["EX-2"]).status_code == 200
        for token, other in ((koeln, "EX-2"), (arnsberg, "EX-1")):
            refused = _score(env, token, cases[other])
            assert refused.status_code == 422, refused.text
            assert "region" in {e["path"] for e in refused.json()["errors"]}
    # A token that differs from a cached one by one character is not answered from the cache.
    forged = koeln[:-1] + ("A" if koeln[-1] != "A" else "B")
    assert _score(env, forged, cases["EX-1"]).status_code == 401


def test_a_cached_caller_whose_regions_change_is_not_served_the_old_region(env, examples_text):
    cases = _cases(examples_text)
    token = env.user("caseworker", "koeln", name="kim")
    assert _score(env, token, cases["EX-1"]).status_code == 200  # cached with koeln
    with env.db.write() as session:
        user = user_service.get_by_name(db_session=session, name="kim")
        user.regions_csv = "arnsberg"
    refused = _score(env, token, cases["EX-1"])
    assert refused.status_code == 422, refused.text
    assert _score(env, token, cases["EX-2"]).status_code == 200


def test_a_rule_set_activation_counts_at_the_next_score(env, examples_text):
    ex3 = _cases(examples_text)["EX-3"]
    anna, ben = env.user("policy", name="anna"), env.user("policy", name="ben")
    before = _score(env, anna, ex3).json()
    assert (before["ruleset"], before["items"][0]["tier"]) == ("amit-nrw-default v1", "BLOCKED")
    draft = env.client.post(
        "/api/v1/rulesets",
        json={
            "base": "amit-nrw-default",
            "parameters": {"serious_sentence_months": 36},
            "reason": "Schwelle anheben",
        },
        headers=env.auth(anna),
    ).json()
    for token, step, extra in (
        (ben, "approve", {"scenarios_reason": SCENARIOS_REASON}),
        (anna, "activate", {}),
    ):
        done = env.client.post(
            f"/api/v1/rulesets/{draft['id']}/{step}",
            json={"reason": "Geprüft und für richtig befunden", **extra},
            headers=env.auth(token),
        )
        assert done.status_code == 200, done.text
    after = _score(env, anna, ex3).json()
    assert (after["ruleset"], after["items"][0]["tier"]) == ("amit-nrw-default v2", "NONE")


def test_an_entry_read_before_a_commit_is_not_used_after_it(env):
    """The stamp is taken before the read: a change committed while the read ran outdates it."""
    env.user("caseworker", "koeln", name="kim")
    cache = FollowingCache(users_changed, ttl=60.0)
    stamp = cache.stamp()
    cache.put("kim", "read before the change", stamp)
    assert cache.get("kim") == "read before the change"
    with env.db.write() as session:
        user = user_service.get_by_name(db_session=session, name="kim")
        user_service.revoke(db_session=session, user=user, actor="test")
    assert cache.get("kim") is None
    # Reads change nothing.
    cache.put("kim", "fresh", cache.stamp())
    with env.db.read() as session:
        user_service.get_all(db_session=session)
    assert cache.get("kim") == "fresh"
