"""The Jinja2 environment for public pages: our templates, then NHS.UK frontend's macros, and
the product's words as filters (numbers reach templates as numbers)."""

import json
from typing import Any

import jinja2
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import json_script
from django.utils.text import slugify
from markupsafe import Markup

from leaguetables.presentation import words


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


class ComponentCache:
    """NHS.UK components rendered once per distinct set of parameters.

    The header and footer macros cost several milliseconds a page and take the same few
    parameter sets on every page, so a page calls `component("header", {...})` and gets the
    memoised HTML. Parameters must be JSON-able; anything user-typed must not go through here
    (the cache would grow with it), only our own fixed chrome.
    """

    def __init__(self, env: jinja2.Environment, size: int = 256):
        self.env = env
        self.size = size
        self.rendered: dict[str, Markup] = {}

    def __call__(self, name: str, params: dict[str, Any]) -> Markup:
        key = name + json.dumps(params, sort_keys=True, default=str)
        html = self.rendered.get(key)
        if html is None:
            template = self.env.get_template(f"nhsuk/components/{name}/macro.jinja")
            macro = getattr(template.module, _MACRO_NAMES.get(name, name))
            html = Markup(macro(params))
            if len(self.rendered) >= self.size:
                self.rendered.clear()
            self.rendered[key] = html
        return html


_MACRO_NAMES = {"skip-link": "skipLink", "notification-banner": "notificationBanner"}


def environment(**options: Any) -> jinja2.Environment:
    options["loader"] = jinja2.ChoiceLoader(
        [options["loader"], jinja2.PackageLoader("nhsuk_frontend_jinja")]
    )
    # The nhsuk macros read params.a.b where params.a may be missing; Django's
    # default Undefined (DebugUndefined when DEBUG) raises on that.
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    env = jinja2.Environment(**options)
    env.globals.update(
        static=static, url=url, component=ComponentCache(env), get_messages=get_messages
    )
    env.filters.update(
        ordinal=words.ordinal,
        rank_text=words.rank_text,
        rank_range_text=words.rank_range_text,
        range_source_words=words.range_source_words,
        json_script=json_script,
        score=words.score,
        segment_meaning=words.segment_meaning,
        count=words.count,
        either=words.either,
        london=words.london,
        places=words.places,
        slugify=slugify,
    )
    env.globals.update(words=words)
    return env
