"""The Jinja2 environment for public pages: our templates, then NHS.UK frontend's macros."""

from typing import Any

import jinja2
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import json_script
from django.utils.text import slugify

from leaguetables import words


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
    options["loader"] = jinja2.ChoiceLoader(
        [options["loader"], jinja2.PackageLoader("nhsuk_frontend_jinja")]
    )
    # The nhsuk macros read params.a.b where params.a may be missing; Django's
    # default Undefined (DebugUndefined when DEBUG) raises on that.
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    env = jinja2.Environment(**options)
    env.globals.update(static=static, url=url)
    env.filters.update(
        ordinal=words.ordinal,
        json_script=json_script,
        score=words.score,
        segment_meaning=words.segment_meaning,
        slugify=slugify,
    )
    return env
