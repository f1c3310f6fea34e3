"""Reading the dashboard's HTML in tests: the figure cards and the small tables."""

import re
from html import unescape


def figures(response) -> dict[str, str]:
    """{label: value} of the figure cards on the page."""
    pairs = re.findall(
        r'<span class="value">(.*?)</span>\s*<span class="label">(.*?)</span>', response.text
    )
    return {unescape(label): unescape(value) for value, label in pairs}


def figure_links(response) -> dict[str, str]:
    """{label: link} of the figure cards that link to the records behind them."""
    cards = re.findall(r'<li class="figure">(.*?)</li>', response.text, re.S)
    links = {}
    for card in cards:
        label = re.search(r'<span class="label">(.*?)</span>', card).group(1)
        link = re.search(r'<a class="details" href="([^"]+)"', card)
        if link:
            links[unescape(label)] = unescape(link.group(1))
    return links


def table(response, key: str) -> list[list[str]]:
    """The body rows of a small table (by its key) as lists of cell texts."""
    text = response.text
    start = text.index(f'id="{key}"')
    body = text[start : text.index("</tbody>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", body[body.index("<tbody>") :], re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def row_links(response, key: str) -> dict[str, str]:
    """{row label: link} of a small table's rows that link somewhere."""
    text = response.text
    start = text.index(f'id="{key}"')
    body = text[start : text.index("</tbody>", start)]
    return {
        unescape(label): unescape(link)
        for link, label in re.findall(r'<th scope="row"><a href="([^"]+)">(.*?)</a></th>', body)
    }


def all_links(response) -> list[str]:
    """Every link of the figures and tables (not the exports or the picker)."""
    links = re.findall(r'<a class="details" href="([^"]+)"', response.text)
    links += re.findall(r'<th scope="row"><a href="([^"]+)"', response.text)
    return [unescape(link) for link in links]


def comparison(response) -> dict[str, dict[str, str]]:
    """{community: {column label: value}} of the communities compared."""
    text = response.text[response.text.index('id="comparison"') :]
    head = text[: text.index("</thead>")]
    labels = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head)
    ]
    rows = table(response, "comparison")
    return {row[0]: dict(zip(labels[1:], row[1:], strict=True)) for row in rows}
