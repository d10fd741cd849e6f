"""The shipped templates, taxonomy and styles, installed as `briefing.templates`.

Data only: this file makes the folder a regular package, so that importlib.resources
finds it in an editable install as well as in a wheel. `briefing init` copies every
other file here.
"""
