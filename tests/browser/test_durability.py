"""An acknowledged write survives kill -9: the server is killed right after answering."""
import requests

from conftest import Server


def test_acknowledged_writes_survive_kill_9(tmp_path):
    server = Server(str(tmp_path)).start()
    token = server.first_link.rsplit("/", 1)[1]
    reply = requests.post(server.base + "/api/v1/accounts", json={
        "inviteToken": token, "pseudonym": "Rosa", "passphrase": "bread and roses too"}, timeout=30)
    assert reply.status_code == 201
    bearer = {"Authorization": "Bearer " + reply.json()["token"]}
    names = [f"Assembly {i}" for i in range(20)]
    for name in names:
        assert requests.post(server.base + "/api/v1/assemblies", json={"name": name}, headers=bearer, timeout=30).status_code == 201
    server.stop(kill=True)

    again = Server(str(tmp_path)).start()
    try:
        assert again.first_link is None  # somebody has an account: no first-person link
        login = requests.post(again.base + "/api/v1/sessions", json={"pseudonym": "Rosa", "passphrase": "bread and roses too"}, timeout=30)
        assert login.status_code == 201
        listed = requests.get(again.base + "/api/v1/assemblies", headers={"Authorization": "Bearer " + login.json()["token"]}, timeout=30)
        assert sorted(a["name"] for a in listed.json()) == sorted(names)
    finally:
        again.stop()


def test_sigterm_shuts_down_gracefully(tmp_path):
    server = Server(str(tmp_path)).start()
    server.process.terminate()
    assert server.process.wait(timeout=30) == 0
