def test_token_and_list(api, demo_accounts):
    response = api.get("/api/v1/providers/")
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 1
    response = api.get("/api/v1/admissions/?status=admitted")
    assert response.status_code == 200, response.content


def test_schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200, response.content[:2000]
