from centers.privacy import mask_id_number, mask_phone


def test_it_masks_a_mobile_number():
    assert mask_phone("13812341234") == "138****1234"


def test_it_masks_a_landline():
    assert mask_phone("023-60000001") == "023****0001"


def test_it_masks_an_id_number():
    assert mask_id_number("51010219900307123X") == "5101**********123X"


def test_empty_values_stay_empty():
    assert mask_phone("") == ""
    assert mask_id_number("") == ""
