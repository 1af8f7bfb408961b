"""Signed Open Badges 3.0 credentials: the facilitator's key, the eddsa-rdfc-2022 proof, 1EdTech's JSON
Schema, the baked badge image, and an independent verifier (Digital Bazaar's, on Node.js) that must
accept a real badge and reject a tampered one.

``workbooks badges`` runs here on a made-up cohort (``badges.load`` replaced), so no nbgrader is
needed; tests/test_export_report_badges.py runs it on a really graded one.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator

from workbooks.facilitator import badges, cli
from workbooks.facilitator.course import Course, CourseError
from workbooks.facilitator.data_integrity import (
    ProofError,
    base58btc,
    canonical_nquads,
    from_base58btc,
    load_document,
    proof_verifies,
    signed,
)
from workbooks.facilitator.issuer_key import (
    IssuerKey,
    default_key_path,
    load_or_create,
    public_key_of,
    public_multibase,
)
from workbooks.facilitator.progress import Progress
from workbooks.facilitator.results import AUTO, REFLECTION, Cohort, Part, Participant, SessionResult

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "fixtures" / "ob3" / "ob_v3p0_achievementcredential_schema.json"
VERIFIER = HERE / "verifier"
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]

# 1EdTech's test vector for an OB 3.0 eddsa-rdfc-2022 proof: openbadges-specification,
# ob_v3p0/impl/linked-data-proof-ob.html ("Linked Data Proof Test Vector for Open Badges 3.0").
VECTOR_SECRET = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
VECTOR_MULTIKEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
VECTOR_PROOF_VALUE = "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
VECTOR_CREDENTIAL = {
    "@context": CONTEXT,
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "url": "https://www.imsglobal.org",
               "name": "Example Corp"},
    "validFrom": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.com/achievements/21st-century-skills/teamwork",
            "type": ["Achievement"],
            "criteria": {"narrative": "Team members are nominated for this badge by their peers and recognized "
                                      "upon review by Example Corp management."},
            "description": "This badge recognizes the development of the capacity to collaborate within a "
                           "group environment.",
            "name": "Teamwork",
        },
    },
}


# ---------------------------------------------------------------- a made-up, graded cohort

def completed(participant: str, session: str) -> SessionResult:
    parts = [Part("check", AUTO, "map", "", 9.0, 9.0)] + [
        Part(f"reflection{n}", REFLECTION, "", "Why?", 3.0, 2.0) for n in (1, 2, 3)]
    return SessionResult(participant, session, submitted=True, in_gradebook=True, parts=parts)


def awaiting(participant: str, session: str) -> SessionResult:
    parts = [Part("check", AUTO, "map", "", 9.0, 9.0), Part("reflection1", REFLECTION, "", "Why?", 3.0)]
    return SessionResult(participant, session, submitted=True, in_gradebook=True, parts=parts)


COHORT = Cohort(["session2"], [
    Participant("ada", "Ada", "Lovelace", "ada@example.org", {"session2": completed("ada", "session2")}),
    Participant("ben", sessions={"session2": awaiting("ben", "session2")}),
])


@pytest.fixture
def course(tmp_path, monkeypatch) -> Course:
    root = tmp_path / "course"
    (root / "source").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "garden"\n')
    monkeypatch.setattr(badges, "load", lambda course, sessions=None: COHORT)
    monkeypatch.setenv("WORKBOOKS_BADGE_KEY", str(tmp_path / "unused-key.pem"))  # never the real home
    return Course(root)


@pytest.fixture
def key_path(tmp_path) -> Path:
    return tmp_path / "config" / "community-building-workbooks" / "issuer-key.pem"


def run_badges(course: Course, *argv: str):
    args = cli.build_parser().parse_args(["badges", "--course", str(course.root), *argv])
    return badges.run(course, args, Progress(enabled=False))


@pytest.fixture
def written(course, key_path):
    """``workbooks badges`` once: (credential, summary text, key path)."""
    summary = run_badges(course, "--key", str(key_path), "--issuer-name", "Garden Network Academy",
                         "--issuer-url", "https://academy.example.org")
    credential = json.loads((course.badges / "ada" / "session2.json").read_text(encoding="utf-8"))
    return credential, summary.render(), key_path


# ---------------------------------------------------------------- the proof itself

def test_the_proof_matches_1edtechs_test_vector():
    """Same canonical form, hashes and Ed25519 signature as 1EdTech's published example."""
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR_SECRET))
    assert public_multibase(key.public_key()) == VECTOR_MULTIKEY
    proof = signed(VECTOR_CREDENTIAL, key, f"https://example.edu/issuers/565049#{VECTOR_MULTIKEY}",
                   "2010-01-01T19:23:24Z")["proof"]
    assert proof == [{"type": "DataIntegrityProof", "created": "2010-01-01T19:23:24Z",
                      "verificationMethod": f"https://example.edu/issuers/565049#{VECTOR_MULTIKEY}",
                      "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
                      "proofValue": VECTOR_PROOF_VALUE}]


def test_base58btc_round_trips_with_leading_zero_bytes():
    for data in (b"", b"\0", b"\0\0\x01", bytes(range(40)), b"\xff" * 64):
        assert from_base58btc(base58btc(data)) == data
    assert base58btc(b"hello world") == "zStV1DL6CwTryKyV"  # the multibase spec's example


def test_did_key_names_the_public_key(tmp_path):
    key = load_or_create(tmp_path / "k.pem", [])
    assert re.fullmatch(r"did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}", key.did)
    assert key.verification_method == f"{key.did}#{key.did.removeprefix('did:key:')}"
    assert public_key_of(key.verification_method) == key.private_key.public_key()
    for wrong in ("did:web:example.org", "did:key:zQ3s", "did:key:not-base58!"):
        with pytest.raises(ValueError):
            public_key_of(wrong)


@pytest.mark.parametrize("tamper", [
    lambda c: c["credentialSubject"]["achievement"].update(name="Expert in everything"),
    lambda c: c.update(validFrom="2001-01-01T00:00:00Z"),
    lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="sha256$" + "0" * 64),
    lambda c: c["proof"][0].update(created="2001-01-01T00:00:00Z"),
    lambda c: c["proof"][0].update(proofValue=c["proof"][0]["proofValue"][:-2] + "11"),
], ids=["achievement", "date", "earner", "proof-date", "signature"])
def test_any_change_breaks_the_signature(written, tamper):
    credential, _, _ = written
    key = public_key_of(credential["issuer"]["id"])
    assert proof_verifies(credential, key)
    changed = copy.deepcopy(credential)
    tamper(changed)
    assert not proof_verifies(changed, key)


def test_another_key_does_not_verify(written, tmp_path):
    credential, _, _ = written
    other = load_or_create(tmp_path / "other.pem", [])
    assert not proof_verifies(credential, other.private_key.public_key())


@pytest.mark.parametrize("change, problem", [
    (lambda c: c.update(nickname="Ada"), "'nickname' is not defined"),
    (lambda c: c["credentialSubject"]["achievement"]["type"].append("SecretType"), "'SecretType' is not defined"),
    (lambda c: c.update(name="Tab\tis fine, bell\x07 is not"), "control character"),
], ids=["undefined-term", "undefined-type", "control-character"])
def test_what_would_not_be_signed_is_refused(change, problem):
    """pyld silently drops undefined terms; unsigned data in a signed badge must be an error instead
    (Digital Bazaar's "safe mode")."""
    credential = copy.deepcopy(VECTOR_CREDENTIAL)
    change(credential)
    with pytest.raises(ProofError, match=problem):
        signed(credential, Ed25519PrivateKey.generate(), "did:key:z#z", "2010-01-01T00:00:00Z")


def test_contexts_come_from_the_package_never_the_network():
    assert load_document(CONTEXT[1])["document"]["@context"]["OpenBadgeCredential"]
    with pytest.raises(ProofError, match="not one this program carries"):
        load_document("https://example.org/context.json")
    remote = {"@context": ["https://example.org/context.json"], "name": "x"}
    with pytest.raises(ProofError):
        canonical_nquads(remote)


# ---------------------------------------------------------------- the key

def test_the_key_is_made_on_first_use_private_and_kept(tmp_path, key_path):
    first = load_or_create(key_path, [])
    assert first.created and key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    if os.name == "posix":
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(key_path.parent.stat().st_mode) == 0o700
    again = load_or_create(key_path, [])
    assert not again.created and again.did == first.did


def test_the_default_key_lives_in_the_per_user_config_folder(tmp_path):
    folder = "community-building-workbooks"
    assert default_key_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / folder / "issuer-key.pem"
    assert default_key_path({}) == Path.home() / ".config" / folder / "issuer-key.pem"  # only computed
    chosen = tmp_path / "elsewhere.pem"
    assert default_key_path({"WORKBOOKS_BADGE_KEY": str(chosen), "XDG_CONFIG_HOME": "/x"}) == chosen


@pytest.mark.parametrize("where", ["--key", "variable"])
def test_a_key_inside_the_course_folder_is_refused(course, where, monkeypatch, capsys):
    inside = course.root / "keys" / "issuer-key.pem"
    argv = ["badges", "--course", str(course.root), "--quiet"]
    if where == "--key":
        argv += ["--key", str(inside)]
    else:
        monkeypatch.setenv("WORKBOOKS_BADGE_KEY", str(inside))
    assert cli.main(argv) == 1
    message = capsys.readouterr().err.strip()
    assert "\n" not in message and "inside" in message and "outside the course folder" in message
    assert not inside.exists() and not course.badges.exists()


def test_a_key_in_the_output_folder_is_refused(course, tmp_path):
    with pytest.raises(CourseError, match="inside"):
        run_badges(course, "--output", str(tmp_path / "out"), "--key", str(tmp_path / "out" / "k.pem"))


def test_a_key_others_can_read_is_refused(key_path):
    load_or_create(key_path, [])
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    key_path.chmod(0o644)
    with pytest.raises(CourseError, match="chmod 600"):
        load_or_create(key_path, [])


def test_a_damaged_or_foreign_key_is_a_clear_error(tmp_path):
    damaged, foreign = tmp_path / "damaged.pem", tmp_path / "ec.pem"
    damaged.write_text("not a key")
    foreign.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    for path, problem in ((damaged, "could not be read"), (foreign, "not an Ed25519 key")):
        path.chmod(0o600)
        with pytest.raises(CourseError, match=problem):
            load_or_create(path, [])


# ---------------------------------------------------------------- workbooks badges

def test_badges_are_signed_by_the_facilitators_did_key(written):
    credential, summary, key_path = written
    key = load_or_create(key_path, [])
    assert credential["issuer"] == {"id": key.did, "type": ["Profile"], "name": "Garden Network Academy",
                                    "url": "https://academy.example.org"}
    [proof] = credential["proof"]
    assert proof["verificationMethod"] == key.verification_method and proof["proofPurpose"] == "assertionMethod"
    assert proof_verifies(credential, key.private_key.public_key())
    assert f"Made a new badge key: {key_path}" in summary and "Back it up" in summary
    assert f"Signed as {key.did}" in summary and "1 not yet graded" in summary


def test_running_again_changes_no_byte_and_says_no_new_key(course, written):
    credential, _, key_path = written
    folder = course.badges / "ada"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    summary = run_badges(course, "--key", str(key_path), "--issuer-name", "Garden Network Academy",
                         "--issuer-url", "https://academy.example.org").render()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert "Made a new badge key" not in summary


def test_a_new_key_keeps_the_badge_ids_and_date(course, written, tmp_path):
    credential, _, _ = written
    run_badges(course, "--key", str(tmp_path / "new-key.pem"), "--issuer-name", "Garden Network Academy",
               "--issuer-url", "https://academy.example.org")
    again = json.loads((course.badges / "ada" / "session2.json").read_text(encoding="utf-8"))
    assert again["issuer"]["id"] != credential["issuer"]["id"]
    assert (again["id"], again["validFrom"]) == (credential["id"], credential["validFrom"])
    assert proof_verifies(again, public_key_of(again["issuer"]["id"]))


def test_no_completed_session_makes_no_key(course, key_path, monkeypatch):
    monkeypatch.setattr(badges, "load", lambda course, sessions=None: Cohort(["session2"], COHORT.participants[1:]))
    summary = run_badges(course, "--key", str(key_path))
    assert not key_path.exists() and "badges" not in summary.counts


def test_badges_validate_against_1edtechs_json_schema(written):
    credential, _, _ = written
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    validator = Draft201909Validator(schema)
    assert list(validator.iter_errors(credential)) == []
    assert list(validator.iter_errors(VECTOR_CREDENTIAL)) == []  # 1EdTech's own example passes too
    broken = {name: value for name, value in credential.items() if name != "issuer"}
    assert list(validator.iter_errors(broken)), "the schema must be able to fail"


def test_the_baked_image_carries_the_credential_and_describes_itself(course, written):
    credential, _, _ = written
    svg_path = course.badges / "ada" / "session2.svg"
    root = ElementTree.parse(svg_path).getroot()  # well-formed XML
    svg, openbadges = "{http://www.w3.org/2000/svg}", "{https://purl.imsglobal.org/ob/v3p0}"
    assert root.tag == f"{svg}svg" and root.get("role") == "img"
    baked = root.findall(f"{openbadges}credential")
    assert len(baked) == 1 and list(root)[0] is baked[0]  # one, right after <svg>
    assert json.loads(baked[0].text or "") == credential
    title, desc = root.find(f"{svg}title"), root.find(f"{svg}desc")
    assert title is not None and desc is not None
    assert title.text == credential["credentialSubject"]["achievement"]["name"]
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    assert "Session 2" in "".join(root.itertext())
    for private in ("ada", "lovelace", "example.org"):
        assert private not in svg_path.read_text(encoding="utf-8").lower().replace("academy.example.org", "")


def test_cdata_end_in_a_name_cannot_break_the_image(course, key_path):
    run_badges(course, "--key", str(key_path), "--issuer-name", "Tricky ]]> <Org> & Co")
    svg_path = course.badges / "ada" / "session2.svg"
    root = ElementTree.parse(svg_path).getroot()
    baked = json.loads(root.find("{https://purl.imsglobal.org/ob/v3p0}credential").text)
    assert baked["issuer"]["name"] == "Tricky ]]> <Org> & Co"
    assert proof_verifies(baked, public_key_of(baked["issuer"]["id"]))


# ---------------------------------------------------------------- an independent verifier

def run_verifier(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (scripts/install-system-deps.sh installs it)")
    if not (VERIFIER / "node_modules").is_dir():
        pytest.skip("the verifier's packages are not installed: run make tests/verifier/node_modules")
    done = subprocess.run([node, str(VERIFIER / "verify.mjs"), *map(str, files)], capture_output=True, text=True,
                          timeout=120)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == len(files), done.stderr
    assert done.returncode == (0 if all(line["verified"] for line in lines) else 1), done.stderr
    return lines


@pytest.mark.slow
def test_digital_bazaars_verifier_accepts_real_badges_and_rejects_forgeries(course, written, tmp_path):
    credential, _, key_path = written
    genuine = [course.badges / "ada" / "session2.json", course.badges / "ada" / "session2.svg"]

    def variant(name: str, change) -> Path:
        forged = copy.deepcopy(credential)
        change(forged)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(forged), encoding="utf-8")
        return path

    impostor = IssuerKey(Ed25519PrivateKey.generate(), tmp_path / "impostor.pem", created=True)
    forgeries = {
        "achievement": variant("achievement", lambda c: c["credentialSubject"]["achievement"].update(
            name="Expert in everything")),
        "earner": variant("earner", lambda c: c["credentialSubject"]["identifier"][0].update(
            identityHash="sha256$" + "0" * 64)),
        # A different issuer claimed with a valid signature by our key: the key's controller is not the issuer.
        "issuer": variant("issuer", lambda c: c.update(signed(
            {**c, "issuer": {**c["issuer"], "id": impostor.did}},
            load_or_create(key_path, []).private_key, c["proof"][0]["verificationMethod"],
            c["proof"][0]["created"]))),
    }
    outcomes = {line["file"]: line for line in run_verifier(*genuine, *forgeries.values())}
    for path in genuine:
        assert outcomes[str(path)] == {"file": str(path), "verified": True, "errors": []}
    for name, path in forgeries.items():
        assert outcomes[str(path)]["verified"] is False and outcomes[str(path)]["errors"], name
    assert any("signature" in error.lower() for error in outcomes[str(forgeries["achievement"])]["errors"])
    assert any("issuer must match" in error for error in outcomes[str(forgeries["issuer"])]["errors"])
