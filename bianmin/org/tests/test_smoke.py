def test_it_shows_the_county_dashboard(as_county_admin):
    response = as_county_admin.get("/")
    assert response.status_code == 200
    assert "全县便民服务中心概况" in response.content.decode()
