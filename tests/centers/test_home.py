from tests.factories import CenterFactory, VenueFactory


def test_it_lists_each_streets_centers_with_how_to_reach_them(world, client):
    world.a.address = "九龙街道1号"
    world.a.phone = "023-60000001"
    world.a.save()
    VenueFactory(center=world.a, name="书画室")
    response = client.get("/")
    assert response.status_code == 200
    assert "中心A" in response.text and "九龙街道1号" in response.text
    assert "书画室" in response.text


def test_its_query_count_does_not_grow_with_centers(world, client, django_assert_num_queries):
    for _ in range(5):
        VenueFactory(center=CenterFactory(street=world.s1))
    # 1 streets, 2 their centers (with communities), 3 the centers' rooms
    with django_assert_num_queries(3):
        client.get("/")
