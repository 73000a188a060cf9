"""What the dashboard and the reports both show: chart builders and page templates.

Below ``report`` and ``serve`` and importing neither, so that a brief can be rendered without the web app
and the web app can show a brief without the two importing each other.
"""
